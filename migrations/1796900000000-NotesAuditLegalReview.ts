import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20, items 5 and 7:
 * - `appeal_notes`: staff's internal notes on an appeal, append-only, paged by `(appeal_id, id)`.
 * - `audit_events` becomes readable (GET /audit-events, newest first by `(at, id)`): the period
 *   alone, the actor (a user or an API key: two partial indexes, a row enters one of them) and
 *   the action each get an index ending in `(at, id)`, so that a filter, its period and a page
 *   are a single index range however large the log grows (tens of millions of rows at 10 M
 *   appeals). The action index leaves out the per-view reads (`appeal.read`, `appeal.list`,
 *   `note.read`: most of the log; a filter on one of them walks `(at, id)`, where they are
 *   dense). An appeal's events keep the index on `(entity_type, entity_id)`: an appeal has few,
 *   sorted in memory, and that index deduplicates (with `(at, id)` it was five times the size).
 *   Every insert is an append at the right end of each range (docs/benchmarks.md).
 * - `idx_appeals_legal_review`: the few appeals marked for the legal department, in the order of
 *   GET /appeals (`legalReview=true`).
 *
 * The indexes on the two big tables are built CONCURRENTLY, outside a transaction, so that
 * reads (each writes an audit row) and registrations are not blocked while they are built; an
 * index left invalid by an interrupted build is dropped and built again by the next run. The
 * table comes first, in a transaction of its own.
 */
export class NotesAuditLegalReview1796900000000 implements MigrationInterface {
  name = 'NotesAuditLegalReview1796900000000';
  transaction = false;

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.startTransaction();
    try {
      await queryRunner.query(
        `CREATE TABLE IF NOT EXISTS "appeal_notes" ("id" BIGSERIAL NOT NULL, "appeal_id" uuid NOT NULL, "author_user_id" uuid NOT NULL, "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_appeal_notes" PRIMARY KEY ("id"), CONSTRAINT "fk_appeal_notes_appeal" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "fk_appeal_notes_author" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
      );
      await queryRunner.query(
        `CREATE INDEX IF NOT EXISTS "idx_appeal_notes_appeal" ON "appeal_notes" ("appeal_id", "id") `,
      );
      await queryRunner.commitTransaction();
    } catch (e) {
      await queryRunner.rollbackTransaction();
      throw e;
    }
    const build = async (name: string, table: string, definition: string) => {
      await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
      await queryRunner.query(`CREATE INDEX CONCURRENTLY "${name}" ON "${table}" ${definition}`);
    };
    await build('idx_audit_events_at', 'audit_events', '("at", "id")');
    await build(
      'idx_audit_events_action',
      'audit_events',
      `("action", "at", "id") WHERE action NOT IN ('appeal.read', 'appeal.list', 'note.read')`,
    );
    await build(
      'idx_audit_events_actor_user',
      'audit_events',
      '("actor_user_id", "at", "id") WHERE actor_user_id IS NOT NULL',
    );
    await build(
      'idx_audit_events_actor_key',
      'audit_events',
      '("actor_api_key_id", "at", "id") WHERE actor_api_key_id IS NOT NULL',
    );
    await build(
      'idx_appeals_legal_review',
      'appeals',
      '("registered_at", "id") WHERE legal_review',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "idx_appeals_legal_review"`);
    for (const name of [
      'idx_audit_events_at',
      'idx_audit_events_action',
      'idx_audit_events_actor_user',
      'idx_audit_events_actor_key',
    ]) {
      await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
    }
    await queryRunner.query(`DROP TABLE "appeal_notes"`);
  }
}
