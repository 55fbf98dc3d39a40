import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  isISO8601,
  isUUID,
} from 'class-validator';
import { isLocalDate } from '../time/local-date';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-codes';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `limit` (default 50, max 500) and an opaque `cursor` (SPEC §14). */
export class ListQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

/**
 * Keyset cursors: base64url JSON of the last row's sort key; opaque to clients. Keys are one
 * letter with a fixed meaning, checked on the way back in (a cursor is client input, and its
 * values go into SQL as typed parameters: a malformed one would fail there, as a 500):
 * `i` an id (UUID), `r` a timestamp (ISO 8601), `d` a local date (YYYY-MM-DD), `n` a serial id
 * (a positive bigint: notes, audit events).
 */
const CURSOR_VALUE: Readonly<Partial<Record<string, (v: string) => boolean>>> = {
  i: (v) => isUUID(v),
  n: (v) => /^[1-9]\d{0,17}$/.test(v),
  r: (v) => isISO8601(v, { strict: true }) && !Number.isNaN(Date.parse(v)),
  d: (v) => isLocalDate(v),
};

export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<K extends string>(cursor: string, keys: K[]): Record<K, string> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) {
      const obj = parsed as Record<string, unknown>;
      const valid = (k: K): boolean => {
        const v = obj[k];
        return typeof v === 'string' && (CURSOR_VALUE[k]?.(v) ?? !v.includes('\u0000'));
      };
      if (keys.every(valid)) return obj as Record<K, string>;
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError(ErrorCode.INVALID_CURSOR, 'Курсор повреждён или относится к другому списку');
}
