import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { pgOf, preparedQuery } from '../database/prepared-statements';

/** Failures are forgotten this long after the last attempt or the end of the last lock. */
const FORGET_MS = 24 * 3_600_000;

/** The attempt count after this one: 1 again once the failures were forgotten. */
const NEXT = `(CASE WHEN r.window_ends <= $2::bigint THEN 1 ELSE r.hits + 1 END)`;
/**
 * When the attempt numbered `n` locks the login: every $4-th attempt, for $5 ms doubled per
 * earlier lock, at most $6 ms (the exponent is capped so the product stays a bigint).
 */
const lockAfter = (n: string) => `CASE WHEN ${n} % $4::int = 0 THEN $2::bigint + least($6::bigint,
  ($5::bigint * power(2, least(${n} / $4::int - 1, 20)))::bigint) END`;

/**
 * Counts one attempt at a login before its password is checked, in one statement under the
 * row's lock, so concurrent guesses cannot all pass before the count catches up. While the
 * login is locked nothing changes and `last_grant` is 0 (refused); otherwise the attempt is
 * counted, `last_grant` is 1 and the attempt that completes a series starts the lock (the
 * following ones are refused). Rows share the throttler's table and sweep (ADR 0007).
 */
const ATTEMPT = `
INSERT INTO rate_limit_counters AS r (key, hits, window_ends, blocked_until, last_grant)
VALUES ($1, 1, coalesce(${lockAfter('1')}, $2::bigint) + $3::bigint, ${lockAfter('1')}, 1)
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN r.blocked_until > $2::bigint THEN r.hits ELSE ${NEXT} END,
  window_ends = CASE WHEN r.blocked_until > $2::bigint THEN r.window_ends
                     ELSE coalesce(${lockAfter(NEXT)}, $2::bigint) + $3::bigint END,
  blocked_until = CASE WHEN r.blocked_until > $2::bigint THEN r.blocked_until
                       ELSE ${lockAfter(NEXT)} END,
  last_grant = CASE WHEN r.blocked_until > $2::bigint THEN 0 ELSE 1 END
RETURNING last_grant, blocked_until::text AS blocked_until`;

const FORGET = `DELETE FROM rate_limit_counters WHERE key = $1`;

/**
 * Login attempts counted per login, whatever the address (issue 17): the per-address limit
 * alone lets guesses spread over many addresses go on for ever. The state is a row of
 * `rate_limit_counters` keyed `login-account:<login>`, shared by every instance. An unknown
 * login is counted and locked exactly like a known one, so the answers tell nothing of which
 * logins exist; a locked login is refused before its password is checked, known or not.
 */
@Injectable()
export class LoginAttemptsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Lower-cased as users are looked up: every spelling that can sign in shares one count. */
  static key(login: string): string {
    return `login-account:${login.toLowerCase()}`;
  }

  /** Counts an attempt; throws 429 RATE_LIMITED with the seconds to wait while it is locked. */
  async begin(login: string): Promise<void> {
    const now = this.clock.now().getTime();
    const { accountMaxFailures, accountLockSeconds, accountMaxLockSeconds } = this.config.login;
    const [row] = await preparedQuery<{ last_grant: number; blocked_until: string | null }>(
      await pgOf(this.ds),
      ATTEMPT,
      [
        LoginAttemptsService.key(login),
        now,
        FORGET_MS,
        accountMaxFailures,
        accountLockSeconds * 1000,
        accountMaxLockSeconds * 1000,
      ],
    );
    if (row.last_grant === 1) return;
    const retryAfter = Math.max(1, Math.ceil((Number(row.blocked_until) - now) / 1000));
    throw new AppError(
      ErrorCode.RATE_LIMITED,
      `Слишком много неудачных попыток входа с этим логином, повторите через ${retryAfter} с`,
      undefined,
      { retryAfter },
    );
  }

  /** A success forgets the failures: a user who found the password starts afresh. */
  async succeeded(login: string): Promise<void> {
    await preparedQuery(await pgOf(this.ds), FORGET, [LoginAttemptsService.key(login)]);
  }
}
