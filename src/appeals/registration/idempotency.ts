import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-codes';
import type { AppealDto } from '../appeal.dto';
import type { IdempotentResult } from '../../common/http/idempotent-reply';

/** A request's Idempotency-Key (SPEC §14) and the hash of what it asked. */
export interface IdempotencyRequest {
  key: string;
  requestHash: string;
  /** A channel's own keys (`phone`: the call id, issue 23), apart from Idempotency-Key's. */
  namespace?: string;
}

export type RegistrationResult = IdempotentResult<AppealDto>;

/**
 * Keys of different callers never meet; nor do keys of different resources: `namespace` (e.g.
 * `reception`, issue 22) prefixes the scope, appeals have none.
 */
export const idempotencyScope = (p: Principal, namespace?: string): string =>
  (namespace ? `${namespace}:` : '') + (p.kind === 'user' ? `user:${p.id}` : `key:${p.apiKeyId}`);

/** A remembered result of any resource: its status and the body exactly as first sent. */
export interface RememberedResult<T> {
  statusCode: number;
  body: T;
  replayed: true;
  raw: string;
}

/**
 * Remembered registration results (SPEC §14). The result is written by the registration's own
 * statement (so it exists exactly when the appeal does); this reads it back for a retry.
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * The stored result of an earlier request with this key, checked before anything else so a
   * retry is answered even if the rules or the calendar changed since; 422 when the key was used
   * for another request.
   */
  async find(principal: Principal, idem: IdempotencyRequest): Promise<RegistrationResult | null> {
    return this.findIn<AppealDto>(idempotencyScope(principal, idem.namespace), idem);
  }

  /** The same, for any scope (`idempotencyScope(principal, namespace)`). */
  async findIn<T>(scope: string, idem: IdempotencyRequest): Promise<RememberedResult<T> | null> {
    const rows = await this.ds.query<{ request_hash: string; status_code: number; raw: string }[]>(
      `SELECT request_hash, status_code, response::text AS raw FROM idempotency_keys
        WHERE scope = $1 AND key = $2`,
      [scope, idem.key],
    );
    const prior = rows[0];
    if (!prior) return null;
    if (prior.request_hash !== idem.requestHash) {
      throw new AppError(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        'Этот Idempotency-Key уже использован для другого запроса; создайте новый ключ',
      );
    }
    return {
      statusCode: prior.status_code,
      body: JSON.parse(prior.raw) as T,
      replayed: true,
      raw: prior.raw,
    };
  }
}
