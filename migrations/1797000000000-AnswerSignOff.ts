import { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN_BEFORE = `('registered', 'under_review', 'assigned', 'in_progress')`;
const OPEN_NOW = `('registered', 'under_review', 'assigned', 'in_progress', 'answer_review')`;

/** The open-counts trigger of 1795700000000-OpenAppealCounts with `open` as given. */
const openCountsFunction = (open: string): string => `
      CREATE OR REPLACE FUNCTION appeals_track_open_counts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO appeal_open_counts (department_id, assignee_id, due_date, delta)
          SELECT department_id, assignee_id, due_date, count(*)
            FROM new_rows
           WHERE status IN ${open}
             AND due_date IS NOT NULL
           GROUP BY 1, 2, 3;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO appeal_open_counts (department_id, assignee_id, due_date, delta)
          SELECT department_id, assignee_id, due_date, sum(d)
            FROM (SELECT department_id, assignee_id, due_date, -1 AS d FROM old_rows
                   WHERE status IN ${open}
                     AND due_date IS NOT NULL
                  UNION ALL
                  SELECT department_id, assignee_id, due_date, 1 FROM new_rows
                   WHERE status IN ${open}
                     AND due_date IS NOT NULL) x
           GROUP BY 1, 2, 3
          HAVING sum(d) <> 0;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO appeal_open_counts (department_id, assignee_id, due_date, delta)
          SELECT department_id, assignee_id, due_date, -count(*)
            FROM old_rows
           WHERE status IN ${open}
             AND due_date IS NOT NULL
           GROUP BY 1, 2, 3;
        ELSE -- TRUNCATE
          TRUNCATE appeal_open_counts;
        END IF;
        RETURN NULL;
      END
      $$`;

/**
 * Answer sign-off (issue 20, 59-ФЗ ст. 10 ч. 4): a department's `answer_approval`, a user's
 * position (должность) printed under the signature, the signer on the appeal, and the new open
 * status `answer_review` — a draft answer does not meet the term — added to every "open" that
 * lives in the database: the open-counts trigger and the two partial indexes. No appeal has the
 * status yet, so nothing is backfilled.
 */
export class AnswerSignOff1797000000000 implements MigrationInterface {
  name = 'AnswerSignOff1797000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "position" text`);
    await queryRunner.query(
      `ALTER TABLE "departments" ADD "answer_approval" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE "appeals" ADD "answer_signed_by" jsonb`);
    await queryRunner.query(openCountsFunction(OPEN_NOW));
    await queryRunner.query(`DROP INDEX "public"."idx_appeals_open_due"`);
    await queryRunner.query(
      `CREATE INDEX "idx_appeals_open_due" ON "appeals" ("due_date", "department_id", "assignee_id", "id")
       WHERE status IN ${OPEN_NOW}`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_appeals_due_date_provisional"`);
    await queryRunner.query(
      `CREATE INDEX "idx_appeals_due_date_provisional" ON "appeals" ("id") WHERE due_date_provisional AND status IN ${OPEN_NOW}`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Drafts go back to the officer first: the old schema knows no `answer_review`.
    await queryRunner.query(
      `UPDATE appeals SET status = 'in_progress', answer_text = NULL, answer_outcome = NULL
        WHERE status = 'answer_review'`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_appeals_due_date_provisional"`);
    await queryRunner.query(
      `CREATE INDEX "idx_appeals_due_date_provisional" ON "appeals" ("id") WHERE due_date_provisional AND status IN ${OPEN_BEFORE}`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_appeals_open_due"`);
    await queryRunner.query(
      `CREATE INDEX "idx_appeals_open_due" ON "appeals" ("due_date", "department_id", "assignee_id", "id")
       WHERE status IN ${OPEN_BEFORE}`,
    );
    await queryRunner.query(openCountsFunction(OPEN_BEFORE));
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "answer_signed_by"`);
    await queryRunner.query(`ALTER TABLE "departments" DROP COLUMN "answer_approval"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "position"`);
  }
}
