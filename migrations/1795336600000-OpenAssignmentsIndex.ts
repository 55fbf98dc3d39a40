import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Auto-assignment counts each officer's open appeals while holding the department lock: a
 * partial index on the assigned ones keeps that count small whatever the history's size.
 */
export class OpenAssignmentsIndex1795336600000 implements MigrationInterface {
  name = 'OpenAssignmentsIndex1795336600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_appeals_open_assignee" ON "appeals" ("assignee_id")
       WHERE status IN ('assigned', 'in_progress')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_appeals_open_assignee"`);
  }
}
