import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22, item 5: topic attributes (Open311 service attributes). `topics.attributes` holds a
 * topic's extra fields, `appeals.attributes` an appeal's values (constant defaults: no table
 * rewrite), and `idx_appeals_attributes` serves GET /appeals?attr.<code>= (`attributes @> …`;
 * `jsonb_path_ops`: containment only, smaller and faster than the default opclass). Built
 * CONCURRENTLY, as in 1797200000000, so registrations are not blocked while it is built.
 */
export class TopicAttributes1797800000000 implements MigrationInterface {
  name = 'TopicAttributes1797800000000';
  transaction = false;

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "topics" ADD COLUMN IF NOT EXISTS "attributes" jsonb NOT NULL DEFAULT '[]'`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD COLUMN IF NOT EXISTS "attributes" jsonb NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "idx_appeals_attributes"`);
    await queryRunner.query(
      `CREATE INDEX CONCURRENTLY "idx_appeals_attributes" ON "appeals" USING gin ("attributes" jsonb_path_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "idx_appeals_attributes"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "attributes"`);
    await queryRunner.query(`ALTER TABLE "topics" DROP COLUMN "attributes"`);
  }
}
