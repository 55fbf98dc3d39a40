import { QueryFailedError } from 'typeorm';

const pgCode = (e: unknown): string | undefined =>
  e instanceof QueryFailedError
    ? (e.driverError as { code?: string } | undefined)?.code
    : (e as { code?: string } | null)?.code;

/** 23505 unique_violation. */
export const isUniqueViolationError = (e: unknown): boolean => pgCode(e) === '23505';
