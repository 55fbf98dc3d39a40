import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: a due date computed from the provisional calendar is marked on the appeal (and
 * recomputed when the official year arrives; the partial index holds just the few open ones); where
 * each calendar exception comes from (`federal` file or `manual` edit); regional overlays
 * (a republic's own days off, by ISO 3166-2:RU code); and the calendar's version, bumped in the
 * transaction of every change so that each instance learns, by reading one row, that its cached
 * calendar is stale (docs/sla.md, "Caches"). The version table is not an entity: only
 * CalendarService reads and writes it, in SQL.
 */
export class ProvisionalCalendar1796600000000 implements MigrationInterface {
  name = 'ProvisionalCalendar1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD "due_date_provisional" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_appeals_due_date_provisional" ON "appeals" ("id") WHERE due_date_provisional AND status IN ('registered', 'under_review', 'assigned', 'in_progress')`,
    );
    await queryRunner.query(
      `ALTER TABLE "calendar_days" ADD "source" text NOT NULL DEFAULT 'federal'`,
    );
    await queryRunner.query(
      `CREATE TABLE "calendar_region_years" ("region" text NOT NULL, "year" integer NOT NULL, "source" text NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_calendar_region_years" PRIMARY KEY ("region", "year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "calendar_region_days" ("region" text NOT NULL, "date" date NOT NULL, "year" integer NOT NULL, "note" text, CONSTRAINT "pk_calendar_region_days" PRIMARY KEY ("region", "date"))`,
    );
    await queryRunner.query(`CREATE TABLE "calendar_version" (
      "id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
      "version" bigint NOT NULL
    )`);
    await queryRunner.query(`INSERT INTO "calendar_version" ("id", "version") VALUES (true, 0)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "calendar_version"`);
    await queryRunner.query(`DROP TABLE "calendar_region_days"`);
    await queryRunner.query(`DROP TABLE "calendar_region_years"`);
    await queryRunner.query(`ALTER TABLE "calendar_days" DROP COLUMN "source"`);
    await queryRunner.query(`DROP INDEX "public"."idx_appeals_due_date_provisional"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "due_date_provisional"`);
  }
}
