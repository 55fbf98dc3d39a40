import { QueryFailedError } from 'typeorm';

const pgCode = (e: unknown): string | undefined =>
  e instanceof QueryFailedError
    ? (e.driverError as { code?: string } | undefined)?.code
    : (e as { code?: string } | null)?.code;

/** 23505 unique_violation. */
export const isUniqueViolationError = (e: unknown): boolean => pgCode(e) === '23505';

/** The table a constraint violation happened in (to tell which unique key a race hit). */
export const violatedTable = (e: unknown): string | undefined =>
  (e as { driverError?: { table?: string } }).driverError?.table;
