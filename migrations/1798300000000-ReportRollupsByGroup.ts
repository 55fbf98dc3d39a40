import { MigrationInterface, QueryRunner } from 'typeorm';
import { ReportRollupsMonthly1798200100000 } from './1798200100000-ReportRollupsMonthly';

// Open = the non-terminal statuses, as in src/reports/reports.sql.ts (OPEN).
const OPEN = `('registered', 'under_review', 'assigned', 'in_progress', 'answer_review')`;
const OLD_KEY = `day, department_id, assignee_id, topic_code, channel, kind, status, rejection_reason,
  due_date, days_to_answer, answer_on_time, extended, registration_late, forwarding_late`;

/**
 * The report rollup by grouping (issue 25, ADR 0018): the folded rows no longer carry an
 * appeal's whole key (day × department × assignee × topic × channel × kind × every attribute,
 * ~800,000 rows per million appeals) but one grouping at a time (`dim`, `value`) at three
 * grains (day, ISO week, month), with the figures as counts and the days-to-answer histogram
 * in its own narrow table: a year's summary reads a few thousand rows whatever the volume.
 * The deltas and the triggers that append them are unchanged; the compaction expands them
 * (rollup.sql.ts). The application fills the new tables at start (an empty time zone in
 * report_rollup_settings makes RollupCompactor rebuild), from report_rollup_appeal_keys.
 */
export class ReportRollupsByGroup1798300000000 implements MigrationInterface {
  name = 'ReportRollupsByGroup1798300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_appeals_rollup_monthly_truncate ON appeals`);
    await queryRunner.query(`DROP FUNCTION appeals_truncate_rollup_monthly()`);
    await queryRunner.query(`DROP FUNCTION report_rollups_rebuild(date, date)`);
    await queryRunner.query(`DROP TABLE "report_rollups_monthly"`);
    await queryRunner.query(`DROP TABLE "report_rollups"`);
    await queryRunner.query(
      `CREATE TABLE "report_rollups" ("id" BIGSERIAL NOT NULL, "grain" text NOT NULL, "day" date NOT NULL, "department_id" uuid, "dim" text NOT NULL, "value" text, "n" integer NOT NULL, "status" text NOT NULL, "rejection_reason" text, "due_date" date, "on_time" integer NOT NULL, "late" integer NOT NULL, "extended" integer NOT NULL, "registration_late" integer NOT NULL, "forwarding_late" integer NOT NULL, CONSTRAINT "PK_report_rollups" PRIMARY KEY ("id"))`,
    );
    // The key, and the reports' index: dim, grain and day first; the measures included, so a
    // report reads the index alone (an index-only scan: 6 ms instead of 16 for a year by
    // assignee at 10 M appeals, docs/benchmarks.md).
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_report_rollups_key" ON "report_rollups" (dim, grain, day, department_id, value, status, rejection_reason, due_date) INCLUDE (n, on_time, late, extended, registration_late, forwarding_late) NULLS NOT DISTINCT`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_rollup_days" ("id" BIGSERIAL NOT NULL, "grain" text NOT NULL, "day" date NOT NULL, "department_id" uuid, "dim" text NOT NULL, "value" text, "n" integer NOT NULL, "days" integer NOT NULL, CONSTRAINT "PK_report_rollup_days" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_report_rollup_days_key" ON "report_rollup_days" (dim, grain, day, department_id, value, days) INCLUDE (n) NULLS NOT DISTINCT`,
    );
    // Index-only scans need the visibility map: vacuum after 1 % of the rows changed, not 20 %.
    for (const table of ['report_rollups', 'report_rollup_days'])
      await queryRunner.query(
        `ALTER TABLE "${table}" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02)`,
      );
    // TRUNCATE appeals empties the rollup (appeals_track_rollup empties the deltas and counts).
    await queryRunner.query(`
      CREATE FUNCTION appeals_truncate_rollup_days() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE report_rollup_days;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_appeals_rollup_days_truncate AFTER TRUNCATE ON appeals
         FOR EACH STATEMENT EXECUTE FUNCTION appeals_truncate_rollup_days()`,
    );
    // Each appeal registered in the period (local dates) with its rollup key and n = 1: the
    // trigger's key (migration ReportRollups), for the rebuild.
    await queryRunner.query(`
      CREATE FUNCTION report_rollup_appeal_keys(from_day date, to_day date)
      RETURNS TABLE (day date, department_id uuid, assignee_id uuid, topic_code text, channel text,
        kind text, status text, rejection_reason text, due_date date, days_to_answer integer,
        answer_on_time boolean, extended boolean, registration_late boolean,
        forwarding_late boolean, n integer)
      LANGUAGE sql STABLE AS $$
        SELECT (r.registered_at AT TIME ZONE z.tz)::date,
               r.department_id, r.assignee_id, r.topic_code, r.channel, r.kind, r.status,
               CASE WHEN r.status = 'rejected' THEN r.rejection_reason END,
               CASE WHEN r.status IN ${OPEN} THEN r.due_date END,
               CASE WHEN r.status = 'answered'
                    THEN (r.answered_at AT TIME ZONE z.tz)::date - (r.registered_at AT TIME ZONE z.tz)::date END,
               CASE WHEN r.status = 'answered' THEN (r.answered_at AT TIME ZONE z.tz)::date <= r.due_date END,
               EXISTS (SELECT 1 FROM appeal_extensions e WHERE e.appeal_id = r.id AND e.status = 'approved'),
               r.registration_late, r.forwarding_late, 1
          FROM (SELECT report_rollup_tz() AS tz) z, appeals r
         WHERE r.registered_at >= from_day::timestamp AT TIME ZONE z.tz
           AND r.registered_at < (to_day + 1)::timestamp AT TIME ZONE z.tz
      $$`);
    // No time zone: the application rebuilds the rollup at start (RollupCompactor).
    await queryRunner.query(`UPDATE report_rollup_settings SET time_zone = ''`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION report_rollup_appeal_keys(date, date)`);
    await queryRunner.query(`DROP TRIGGER trg_appeals_rollup_days_truncate ON appeals`);
    await queryRunner.query(`DROP FUNCTION appeals_truncate_rollup_days()`);
    await queryRunner.query(`DROP TABLE "report_rollup_days"`);
    await queryRunner.query(`DROP TABLE "report_rollups"`);
    await queryRunner.query(
      `CREATE TABLE "report_rollups" ("id" BIGSERIAL NOT NULL, "day" date NOT NULL, "department_id" uuid, "assignee_id" uuid, "topic_code" text, "channel" text NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "rejection_reason" text, "due_date" date, "days_to_answer" integer, "answer_on_time" boolean, "extended" boolean NOT NULL, "registration_late" boolean NOT NULL, "forwarding_late" boolean NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_report_rollups" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_report_rollups_day" ON "report_rollups" ("day", "department_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_report_rollups_key" ON "report_rollups" (${OLD_KEY}) NULLS NOT DISTINCT`,
    );
    // The monthly table, its trigger and the rebuild function as they were; the time zone is
    // still empty, so the application of then rebuilds the rollup at start.
    await new ReportRollupsMonthly1798200100000().up(queryRunner);
    await queryRunner.query(`UPDATE report_rollup_settings SET time_zone = ''`);
  }
}
