import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Overdue and at-risk reports read only open appeals: a partial index on them, covering the
 * grouping columns, turns the totals into an index-only scan instead of random heap reads.
 */
export class OpenAppealsIndex1795336500000 implements MigrationInterface {
  name = 'OpenAppealsIndex1795336500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_appeals_open_due" ON "appeals" ("due_date", "department_id", "assignee_id", "id")
       WHERE status IN ('registered', 'under_review', 'assigned', 'in_progress')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_appeals_open_due"`);
  }
}
