import { MigrationInterface, QueryRunner } from 'typeorm';

const KEY = `day, department_id, assignee_id, topic_code, channel, kind, status, rejection_reason,
  due_date, days_to_answer, answer_on_time, extended, registration_late, forwarding_late`;
const MONTH_KEY = KEY.replace('day,', `date_trunc('month', day)::date,`);

const MONTHS = `        DELETE FROM report_rollups_monthly
         WHERE day BETWEEN date_trunc('month', from_day)::date AND to_day;
        INSERT INTO report_rollups_monthly (${KEY}, n)
        SELECT ${MONTH_KEY}, sum(n) FROM report_rollups
         WHERE day >= date_trunc('month', from_day)::date
           AND day < (date_trunc('month', to_day) + interval '1 month')::date
         GROUP BY ${MONTH_KEY};
`;

/** report_rollups_rebuild: with `withMonths`, it also recomputes the months it touches. */
const rebuildFunction = (withMonths: boolean) => `
      CREATE OR REPLACE FUNCTION report_rollups_rebuild(from_day date, to_day date) RETURNS integer
      LANGUAGE plpgsql AS $$
      DECLARE tz text := report_rollup_tz(); written integer;
      BEGIN
        LOCK TABLE appeals IN SHARE MODE;
        DELETE FROM report_rollup_deltas WHERE day BETWEEN from_day AND to_day;
        DELETE FROM report_rollups WHERE day BETWEEN from_day AND to_day;
        INSERT INTO report_rollups (${KEY}, n)
        SELECT ${KEY}, count(*) FROM (
          SELECT (r.registered_at AT TIME ZONE tz)::date,
                 r.department_id, r.assignee_id, r.topic_code, r.channel, r.kind, r.status,
                 CASE WHEN r.status = 'rejected' THEN r.rejection_reason END,
                 CASE WHEN r.status IN ('registered', 'under_review', 'assigned', 'in_progress', 'answer_review') THEN r.due_date END,
                 CASE WHEN r.status = 'answered'
                      THEN (r.answered_at AT TIME ZONE tz)::date - (r.registered_at AT TIME ZONE tz)::date END,
                 CASE WHEN r.status = 'answered' THEN (r.answered_at AT TIME ZONE tz)::date <= r.due_date END,
                 EXISTS (SELECT 1 FROM appeal_extensions e WHERE e.appeal_id = r.id AND e.status = 'approved'),
                 r.registration_late, r.forwarding_late
            FROM appeals r
           WHERE r.registered_at >= from_day::timestamp AT TIME ZONE tz
             AND r.registered_at < (to_day + 1)::timestamp AT TIME ZONE tz) k(${KEY})
         GROUP BY ${KEY};
        GET DIAGNOSTICS written = ROW_COUNT;
${withMonths ? MONTHS : ''}        RETURN written;
      END
      $$`;

/**
 * The rollup by month (issue 25): the daily rows summed by calendar month, so a year's summary
 * reads twelve months of rows and the days at its edges instead of 365 days of rows (at 1 M
 * appeals 30,000 rows instead of 390,000). Kept by the same compaction as the daily table, from
 * the same deltas in the same statement; `day` is the month's first day.
 */
export class ReportRollupsMonthly1798200100000 implements MigrationInterface {
  name = 'ReportRollupsMonthly1798200100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "report_rollups_monthly" ("id" BIGSERIAL NOT NULL, "day" date NOT NULL, "department_id" uuid, "assignee_id" uuid, "topic_code" text, "channel" text NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "rejection_reason" text, "due_date" date, "days_to_answer" integer, "answer_on_time" boolean, "extended" boolean NOT NULL, "registration_late" boolean NOT NULL, "forwarding_late" boolean NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_report_rollups_monthly" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_report_rollups_monthly_day" ON "report_rollups_monthly" ("day", "department_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_report_rollups_monthly_key" ON "report_rollups_monthly" (${KEY}) NULLS NOT DISTINCT`,
    );
    await queryRunner.query(`
      CREATE FUNCTION appeals_truncate_rollup_monthly() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE report_rollups_monthly;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_appeals_rollup_monthly_truncate AFTER TRUNCATE ON appeals
         FOR EACH STATEMENT EXECUTE FUNCTION appeals_truncate_rollup_monthly()`,
    );
    // The rebuild also recomputes the months it touches, from the daily rows.
    await queryRunner.query(rebuildFunction(true));
    await queryRunner.query(
      `INSERT INTO report_rollups_monthly (${KEY}, n)
       SELECT ${MONTH_KEY}, sum(n) FROM report_rollups GROUP BY ${MONTH_KEY}`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(rebuildFunction(false));
    await queryRunner.query(`DROP TRIGGER trg_appeals_rollup_monthly_truncate ON appeals`);
    await queryRunner.query(`DROP FUNCTION appeals_truncate_rollup_monthly()`);
    await queryRunner.query(`DROP TABLE "report_rollups_monthly"`);
  }
}
