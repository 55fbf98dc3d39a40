import { MigrationInterface, QueryRunner } from 'typeorm';

// Open = the non-terminal statuses, as in src/reports/reports.sql.ts (OPEN).
const OPEN = `('registered', 'under_review', 'assigned', 'in_progress', 'answer_review')`;
const KEY = `day, department_id, assignee_id, topic_code, channel, kind, status, rejection_reason,
  due_date, days_to_answer, answer_on_time, extended, registration_late, forwarding_late`;
const cols = (t: string) =>
  `${t} ("id" BIGSERIAL NOT NULL, "day" date NOT NULL, "department_id" uuid, "assignee_id" uuid, "topic_code" text, "channel" text NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "rejection_reason" text, "due_date" date, "days_to_answer" integer, "answer_on_time" boolean, "extended" boolean NOT NULL, "registration_late" boolean NOT NULL, "forwarding_late" boolean NOT NULL, "n" integer NOT NULL`;

/**
 * An appeal's rollup key (the columns of KEY) from the row `r`; `ext` whether it has an
 * approved extension. Local dates in the time zone variable `tz`.
 */
const key = (r: string, ext: string) => `(${r}.registered_at AT TIME ZONE tz)::date,
  ${r}.department_id, ${r}.assignee_id, ${r}.topic_code, ${r}.channel, ${r}.kind, ${r}.status,
  CASE WHEN ${r}.status = 'rejected' THEN ${r}.rejection_reason END,
  CASE WHEN ${r}.status IN ${OPEN} THEN ${r}.due_date END,
  CASE WHEN ${r}.status = 'answered'
       THEN (${r}.answered_at AT TIME ZONE tz)::date - (${r}.registered_at AT TIME ZONE tz)::date END,
  CASE WHEN ${r}.status = 'answered' THEN (${r}.answered_at AT TIME ZONE tz)::date <= ${r}.due_date END,
  ${ext}, ${r}.registration_late, ${r}.forwarding_late`;
const EXTENDED = (r: string) =>
  `EXISTS (SELECT 1 FROM appeal_extensions e WHERE e.appeal_id = ${r}.id AND e.status = 'approved')`;

/**
 * The SLA summary and trends from a per-day rollup (issue 25, ADR 0018): appeals counted by
 * registration day × department × assignee × topic × channel × kind × every attribute the
 * summary filters on. Statement triggers on `appeals` (and a row trigger on approved
 * extensions) append signed deltas to `report_rollup_deltas` in the writing transaction, so
 * every path is covered and concurrent writers never wait on one counter row;
 * RollupCompactor folds the deltas into `report_rollups`. Readers sum both tables.
 * The tables come from their entities; functions, triggers and the backfill are hand-written.
 */
export class ReportRollups1798200000000 implements MigrationInterface {
  name = 'ReportRollups1798200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE ${cols('"report_rollups"')}, CONSTRAINT "PK_report_rollups" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE ${cols('"report_rollup_deltas"')}, CONSTRAINT "PK_report_rollup_deltas" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_rollup_settings" ("id" SERIAL NOT NULL, "time_zone" text NOT NULL, CONSTRAINT "PK_report_rollup_settings" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_report_rollups_day" ON "report_rollups" ("day", "department_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_report_rollups_key" ON "report_rollups" (${KEY}) NULLS NOT DISTINCT`,
    );
    // The application checks it against APP_TIMEZONE at start (RollupCompactor) and rebuilds.
    await queryRunner.query(
      `INSERT INTO report_rollup_settings (time_zone) VALUES ('Europe/Moscow')`,
    );
    await queryRunner.query(`
      CREATE FUNCTION report_rollup_tz() RETURNS text LANGUAGE sql STABLE AS
      $$ SELECT time_zone FROM report_rollup_settings ORDER BY id LIMIT 1 $$`);
    await queryRunner.query(`
      CREATE FUNCTION appeals_track_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE tz text := report_rollup_tz();
      BEGIN
        IF TG_OP = 'INSERT' THEN
          -- A new appeal has no extension yet (the foreign key).
          INSERT INTO report_rollup_deltas (${KEY}, n)
          SELECT ${KEY}, count(*) FROM (SELECT ${key('r', 'false')} FROM new_rows r) k(${KEY})
           GROUP BY ${KEY};
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO report_rollup_deltas (${KEY}, n)
          SELECT ${KEY}, sum(d) FROM (
            SELECT ${key('o', EXTENDED('o'))}, -1 FROM old_rows o
            UNION ALL
            SELECT ${key('r', EXTENDED('r'))}, 1 FROM new_rows r) k(${KEY}, d)
           GROUP BY ${KEY}
          HAVING sum(d) <> 0;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO report_rollup_deltas (${KEY}, n)
          SELECT ${KEY}, -count(*) FROM (SELECT ${key('o', EXTENDED('o'))} FROM old_rows o) k(${KEY})
           GROUP BY ${KEY};
        ELSE -- TRUNCATE
          TRUNCATE report_rollup_deltas, report_rollups;
        END IF;
        RETURN NULL;
      END
      $$`);
    for (const [op, ref] of [
      ['INSERT', 'NEW TABLE AS new_rows'],
      ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['DELETE', 'OLD TABLE AS old_rows'],
    ])
      await queryRunner.query(
        `CREATE TRIGGER trg_appeals_rollup_${op.toLowerCase()} AFTER ${op} ON appeals
           REFERENCING ${ref} FOR EACH STATEMENT EXECUTE FUNCTION appeals_track_rollup()`,
      );
    await queryRunner.query(
      `CREATE TRIGGER trg_appeals_rollup_truncate AFTER TRUNCATE ON appeals
         FOR EACH STATEMENT EXECUTE FUNCTION appeals_track_rollup()`,
    );
    // An extension approved (or its approval undone) moves the appeal between `extended` keys.
    // The appeal's row lock orders two such changes of one appeal; each statement of the
    // function takes a new snapshot, so the second sees the first after waiting.
    await queryRunner.query(`
      CREATE FUNCTION appeal_extensions_track_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        tz text := report_rollup_tz();
        aid uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.appeal_id ELSE NEW.appeal_id END;
        xid uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
        was boolean;
        now_ext boolean;
      BEGIN
        PERFORM 1 FROM appeals WHERE id = aid FOR UPDATE;
        now_ext := EXISTS (SELECT 1 FROM appeal_extensions e WHERE e.appeal_id = aid AND e.status = 'approved');
        was := EXISTS (SELECT 1 FROM appeal_extensions e
                        WHERE e.appeal_id = aid AND e.status = 'approved' AND e.id <> xid)
               OR (TG_OP <> 'INSERT' AND OLD.status = 'approved');
        IF was IS DISTINCT FROM now_ext THEN
          INSERT INTO report_rollup_deltas (${KEY}, n)
          SELECT ${key('r', 'was')}, -1 FROM appeals r WHERE r.id = aid
          UNION ALL
          SELECT ${key('r', 'now_ext')}, 1 FROM appeals r WHERE r.id = aid;
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_appeal_extensions_rollup AFTER INSERT OR UPDATE OR DELETE ON appeal_extensions
         FOR EACH ROW EXECUTE FUNCTION appeal_extensions_track_rollup()`,
    );
    // Recomputes a period from the appeals (npm run reports:rebuild): writes to appeals wait
    // (SHARE lock) until the transaction commits, so no change is lost or counted twice.
    await queryRunner.query(`
      CREATE FUNCTION report_rollups_rebuild(from_day date, to_day date) RETURNS integer
      LANGUAGE plpgsql AS $$
      DECLARE tz text := report_rollup_tz(); written integer;
      BEGIN
        LOCK TABLE appeals IN SHARE MODE;
        DELETE FROM report_rollup_deltas WHERE day BETWEEN from_day AND to_day;
        DELETE FROM report_rollups WHERE day BETWEEN from_day AND to_day;
        INSERT INTO report_rollups (${KEY}, n)
        SELECT ${KEY}, count(*) FROM (
          SELECT ${key('r', EXTENDED('r'))} FROM appeals r
           WHERE r.registered_at >= from_day::timestamp AT TIME ZONE tz
             AND r.registered_at < (to_day + 1)::timestamp AT TIME ZONE tz) k(${KEY})
         GROUP BY ${KEY};
        GET DIAGNOSTICS written = ROW_COUNT;
        RETURN written;
      END
      $$`);
    // The backfill: the triggers exist first and block writes to appeals until commit.
    await queryRunner.query(`SELECT report_rollups_rebuild('-infinity'::date, 'infinity'::date)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_appeal_extensions_rollup ON appeal_extensions`);
    for (const op of ['insert', 'update', 'delete', 'truncate'])
      await queryRunner.query(`DROP TRIGGER trg_appeals_rollup_${op} ON appeals`);
    await queryRunner.query(`DROP FUNCTION report_rollups_rebuild(date, date)`);
    await queryRunner.query(`DROP FUNCTION appeal_extensions_track_rollup()`);
    await queryRunner.query(`DROP FUNCTION appeals_track_rollup()`);
    await queryRunner.query(`DROP FUNCTION report_rollup_tz()`);
    await queryRunner.query(`DROP TABLE "report_rollup_settings"`);
    await queryRunner.query(`DROP TABLE "report_rollup_deltas"`);
    await queryRunner.query(`DROP TABLE "report_rollups"`);
  }
}
