import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate limits' counters, shared by every instance (src/common/rate-limit, ADR 0007).
 * UNLOGGED: no WAL, so an increment's COMMIT waits for no disk flush; PostgreSQL empties the
 * table after a crash, which only resets the limits. Not an entity: only the throttler's storage
 * reads and writes it, in SQL.
 */
export class RateLimitCounters1796100000000 implements MigrationInterface {
  name = 'RateLimitCounters1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNLOGGED TABLE "rate_limit_counters" (
      "key" text PRIMARY KEY,
      "hits" integer NOT NULL,
      "window_ends" bigint NOT NULL,
      "blocked_until" bigint,
      "last_grant" integer NOT NULL
    )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limit_counters"`);
  }
}
