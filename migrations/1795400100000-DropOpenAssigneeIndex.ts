import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Auto-assignment reads `users.open_assigned` (kept by a trigger) instead of counting: the partial
 * index it needed serves no query any more, and every registration paid for it inside the
 * counter's lock (issue 10).
 */
export class DropOpenAssigneeIndex1795400100000 implements MigrationInterface {
  name = 'DropOpenAssigneeIndex1795400100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "public"."idx_appeals_open_assignee"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_appeals_open_assignee" ON "appeals" ("assignee_id")
       WHERE status IN ('assigned', 'in_progress')`,
    );
  }
}
