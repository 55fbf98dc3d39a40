import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
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

/** Keyset cursors: base64url JSON of the last row's sort key; opaque to clients. */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<K extends string>(cursor: string, keys: K[]): Record<K, string> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) {
      const obj = parsed as Record<string, unknown>;
      if (keys.every((k) => typeof obj[k] === 'string')) return obj as Record<K, string>;
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError(ErrorCode.INVALID_CURSOR, 'Курсор повреждён или относится к другому списку');
}
