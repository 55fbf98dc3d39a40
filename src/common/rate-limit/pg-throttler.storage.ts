import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { DataSource } from 'typeorm';
import { safeErrorForLog } from '../errors/problem.filter';
import { Clock } from '../time/clock';
import { pgOf, preparedQuery } from '../../database/prepared-statements';

/**
 * One statement under the counter row's lock. A new window starts with the first hit after the
 * previous one ended (or after a block); an instance takes up to $6 hits of the window at once
 * (its lease) but never more than the limit leaves; a hit when nothing is left blocks the key
 * for `blockDuration` and is the only one counted past the limit; hits while blocked are not
 * counted. `last_grant` is how many hits this call took (0 while blocked). Times are epoch
 * milliseconds from the application's clock ($2).
 */
const INCREMENT = `
INSERT INTO rate_limit_counters AS r (key, hits, window_ends, blocked_until, last_grant)
VALUES ($1, CASE WHEN $4::int <= 0 THEN 1 ELSE least($6::int, $4::int) END,
        $2::bigint + $3::bigint,
        CASE WHEN $4::int <= 0 THEN $2::bigint + $5::bigint END,
        CASE WHEN $4::int <= 0 THEN 1 ELSE least($6::int, $4::int) END)
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN r.blocked_until > $2::bigint THEN r.hits
              WHEN r.window_ends <= $2::bigint OR r.blocked_until IS NOT NULL
                THEN CASE WHEN $4::int <= 0 THEN 1 ELSE least($6::int, $4::int) END
              WHEN r.hits >= $4::int THEN r.hits + 1
              ELSE r.hits + least($6::int, $4::int - r.hits) END,
  last_grant = CASE WHEN r.blocked_until > $2::bigint THEN 0
              WHEN r.window_ends <= $2::bigint OR r.blocked_until IS NOT NULL
                THEN CASE WHEN $4::int <= 0 THEN 1 ELSE least($6::int, $4::int) END
              WHEN r.hits >= $4::int THEN 1
              ELSE least($6::int, $4::int - r.hits) END,
  window_ends = CASE WHEN r.blocked_until > $2::bigint THEN r.window_ends
                     WHEN r.window_ends <= $2::bigint OR r.blocked_until IS NOT NULL
                       THEN $2::bigint + $3::bigint
                     ELSE r.window_ends END,
  blocked_until = CASE WHEN r.blocked_until > $2::bigint THEN r.blocked_until
                       WHEN r.window_ends <= $2::bigint OR r.blocked_until IS NOT NULL
                         THEN CASE WHEN $4::int <= 0 THEN $2::bigint + $5::bigint END
                       WHEN r.hits >= $4::int THEN $2::bigint + $5::bigint
                       ELSE NULL END
RETURNING hits, last_grant, window_ends::text AS window_ends, blocked_until::text AS blocked_until`;

/**
 * Hits an instance takes from the shared counter at once when one request needs one: a
 * hundredth of the limit, at most 1,000, at least 1 (login, 10 a minute, asks PostgreSQL on
 * every attempt). Requests of one instance that find no hit left share one lease request and
 * take it together (sized to them when more than a lease wait), so what an instance holds
 * unused is less than one lease; a client refused on one of k instances has therefore used
 * at least limit − (k − 1)·(lease − 1) hits (ADR 0007).
 */
export const leaseSize = (limit: number): number =>
  Math.max(1, Math.min(1000, Math.floor(limit / 100)));

/** What this instance holds of a key's window, or knows of its block. */
interface Local {
  windowEnds: number;
  /** Leased hits not used yet. */
  remaining: number;
  /** The shared count when the lease was taken. */
  hits: number;
  blockedUntil: number;
}
const MAX_LOCAL_KEYS = 10_000;

/** Counters whose window and block ended this long ago are deleted (a few at a time). */
const KEEP_ENDED_MS = 3_600_000;
const SWEEP_EVERY_MS = 60_000;
const SWEEP = `
DELETE FROM rate_limit_counters WHERE key IN (
  SELECT key FROM rate_limit_counters
   WHERE window_ends < $1::bigint AND (blocked_until IS NULL OR blocked_until < $1::bigint)
   LIMIT 1000 FOR UPDATE SKIP LOCKED)`;

/**
 * The throttler's counters in PostgreSQL, shared by every instance (ADR 0007): N instances
 * behind a load balancer allow the configured rate, not N times it, and a restart does not
 * reset a block. An instance leases hits in blocks (leaseSize) so a busy client does not make
 * every request of every instance queue on one counter row; while a key is blocked, the
 * instance that saw the block refuses without asking. The table is UNLOGGED: an increment
 * writes no WAL, so its COMMIT waits for no disk flush; after a crash of PostgreSQL the
 * counters start from zero, which a rate limit can afford.
 */
@Injectable()
export class PgThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(PgThrottlerStorage.name);
  /** When this instance last removed ended counters (any instance may; they skip each other). */
  private lastSweep = 0;
  /** This instance's leases and the blocks it has seen; the shared truth is the table. */
  private readonly local = new Map<string, Local>();
  /**
   * The lease request in flight per key (single flight): a request that finds nothing left
   * while one is under way waits for it instead of taking a lease of its own. Issue 17: each
   * concurrent miss leased separately and the last overwrote the others, so 150 concurrent
   * hits of a 6,000 limit took the whole limit and were refused a third.
   */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Requests per key waiting for a hit of this instance: the next lease request's size. */
  private readonly waiting = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    let waited = false;
    try {
      for (;;) {
        // Taking a hit and deciding to ask happen without an await in between: two requests
        // can never spend the same leased hit, and the lease request is only ever one.
        const now = this.clock.now().getTime();
        const held = this.local.get(key);
        if (held && held.blockedUntil > now) {
          return {
            totalHits: held.hits,
            timeToExpire: Math.max(0, Math.ceil((held.windowEnds - now) / 1000)),
            isBlocked: true,
            timeToBlockExpire: Math.ceil((held.blockedUntil - now) / 1000),
          };
        }
        if (held && held.remaining > 0 && held.windowEnds > now) {
          held.remaining--;
          return {
            totalHits: held.hits - held.remaining,
            timeToExpire: Math.ceil((held.windowEnds - now) / 1000),
            isBlocked: false,
            timeToBlockExpire: 0,
          };
        }
        if (!waited) {
          waited = true;
          this.waiting.set(key, (this.waiting.get(key) ?? 0) + 1);
        }
        let pending = this.inFlight.get(key);
        if (!pending) {
          pending = this.lease(key, ttl, limit, blockDuration).finally(() =>
            this.inFlight.delete(key),
          );
          this.inFlight.set(key, pending);
        }
        // A failed lease request fails every request that waited for it (no retry storm).
        await pending;
      }
    } finally {
      if (waited) {
        const left = (this.waiting.get(key) ?? 1) - 1;
        if (left > 0) this.waiting.set(key, left);
        else this.waiting.delete(key);
      }
    }
  }

  /**
   * Takes hits for the requests now waiting on this key (at least a lease) and adds them to
   * what this instance holds of the same window; a new window or a block replaces it.
   */
  private async lease(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<void> {
    const pool = await pgOf(this.ds);
    const now = this.clock.now().getTime();
    const want = Math.max(leaseSize(limit), this.waiting.get(key) ?? 1);
    const [row] = await preparedQuery<{
      hits: number;
      last_grant: number;
      window_ends: string;
      blocked_until: string | null;
    }>(pool, INCREMENT, [key, now, ttl, limit, blockDuration, want]);
    if (now - this.lastSweep >= SWEEP_EVERY_MS) this.sweep(now);
    const windowEnds = Number(row.window_ends);
    const blockedUntil = row.blocked_until === null ? 0 : Number(row.blocked_until);
    const isBlocked = blockedUntil > now;
    const prev = this.local.get(key);
    const kept =
      prev && !isBlocked && prev.windowEnds === windowEnds && prev.blockedUntil <= now
        ? prev.remaining
        : 0;
    if (!prev && this.local.size >= MAX_LOCAL_KEYS) {
      // The oldest entry goes (Map keeps insertion order); its unused hits are lost.
      const oldest = this.local.keys().next();
      if (!oldest.done) this.local.delete(oldest.value);
    }
    this.local.set(key, {
      windowEnds,
      remaining: kept + (isBlocked ? 0 : row.last_grant),
      hits: row.hits,
      blockedUntil,
    });
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    void pgOf(this.ds)
      .then((pool) => preparedQuery(pool, SWEEP, [now - KEEP_ENDED_MS]))
      .catch((e: unknown) =>
        this.logger.warn({ err: safeErrorForLog(e) }, 'Could not remove ended rate-limit counters'),
      );
  }
}
