import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overdue report's totals at 10 M appeals (issue 6): open appeals counted by (department,
 * assignee, due date) in `appeal_open_counts`, so the totals sum a few thousand rows instead of
 * scanning every open and overdue appeal. Statement triggers on `appeals` append signed deltas
 * in the writing transaction — every path that changes an appeal (workflow, sweep, import,
 * manual SQL) is covered, and since no counter row is updated, concurrent writers never wait on
 * or deadlock with each other here. ReportsCountsCompactor folds each key's deltas into one row.
 * The table is generated from its entity; the function, triggers and backfill are hand-written.
 */
export class OpenAppealCounts1795700000000 implements MigrationInterface {
  name = 'OpenAppealCounts1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "appeal_open_counts" ("id" BIGSERIAL NOT NULL, "department_id" uuid, "assignee_id" uuid, "due_date" date NOT NULL, "delta" integer NOT NULL, CONSTRAINT "PK_1ffe4207c2f735c30e16e387e11" PRIMARY KEY ("id"))`,
    );
    // Open = the non-terminal statuses, as in src/reports/reports.sql.ts.
    await queryRunner.query(`
      CREATE FUNCTION appeals_track_open_counts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO appeal_open_counts (department_id, assignee_id, due_date, delta)
          SELECT department_id, assignee_id, due_date, count(*)
            FROM new_rows
           WHERE status IN ('registered', 'under_review', 'assigned', 'in_progress')
             AND due_date IS NOT NULL
           GROUP BY 1, 2, 3;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO appeal_open_counts (department_id, assignee_id, due_date, delta)
          SELECT department_id, assignee_id, due_date, sum(d)
            FROM (SELECT department_id, assignee_id, due_date, -1 AS d FROM old_rows
                   WHERE status IN ('registered', 'under_review', 'assigned', 'in_progress')
                     AND due_date IS NOT NULL
                  UNION ALL
                  SELECT department_id, assignee_id, due_date, 1 FROM new_rows
                   WHERE status IN ('registered', 'under_review', 'assigned', 'in_progress')
                     AND due_date IS NOT NULL) x
           GROUP BY 1, 2, 3
          HAVING sum(d) <> 0;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO appeal_open_counts (department_id, assignee_id, due_date, delta)
          SELECT department_id, assignee_id, due_date, -count(*)
            FROM old_rows
           WHERE status IN ('registered', 'under_review', 'assigned', 'in_progress')
             AND due_date IS NOT NULL
           GROUP BY 1, 2, 3;
        ELSE -- TRUNCATE
          TRUNCATE appeal_open_counts;
        END IF;
        RETURN NULL;
      END
      $$`);
    // Transition tables allow one event per trigger, hence three (plus TRUNCATE).
    await queryRunner.query(
      `CREATE TRIGGER trg_appeals_open_counts_ins AFTER INSERT ON appeals
         REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION appeals_track_open_counts()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER trg_appeals_open_counts_upd AFTER UPDATE ON appeals
         REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION appeals_track_open_counts()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER trg_appeals_open_counts_del AFTER DELETE ON appeals
         REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION appeals_track_open_counts()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER trg_appeals_open_counts_trunc AFTER TRUNCATE ON appeals
         FOR EACH STATEMENT EXECUTE FUNCTION appeals_track_open_counts()`,
    );
    // The triggers exist before the backfill and CREATE TRIGGER blocks writes to appeals until
    // this migration commits, so no change is missed or counted twice.
    await queryRunner.query(`
      INSERT INTO appeal_open_counts (department_id, assignee_id, due_date, delta)
      SELECT department_id, assignee_id, due_date, count(*) FROM appeals
       WHERE status IN ('registered', 'under_review', 'assigned', 'in_progress')
         AND due_date IS NOT NULL
       GROUP BY 1, 2, 3`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_appeals_open_counts_trunc ON appeals`);
    await queryRunner.query(`DROP TRIGGER trg_appeals_open_counts_del ON appeals`);
    await queryRunner.query(`DROP TRIGGER trg_appeals_open_counts_upd ON appeals`);
    await queryRunner.query(`DROP TRIGGER trg_appeals_open_counts_ins ON appeals`);
    await queryRunner.query(`DROP FUNCTION appeals_track_open_counts()`);
    await queryRunner.query(`DROP TABLE "appeal_open_counts"`);
  }
}
