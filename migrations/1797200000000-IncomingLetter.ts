import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20, item 4: the sender's covering letter (`appeals.incoming_letter`, jsonb: number, date,
 * postmark date, delivery method, sheets) and `idx_appeals_incoming_number` for
 * GET /appeals?incomingNumber= (partial: most appeals have no letter). The column is added in a
 * transaction of its own (nullable, no default: no table rewrite); the index is built
 * CONCURRENTLY, as in 1796900000000, so registrations are not blocked while it is built.
 */
export class IncomingLetter1797200000000 implements MigrationInterface {
  name = 'IncomingLetter1797200000000';
  transaction = false;

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD COLUMN IF NOT EXISTS "incoming_letter" jsonb`,
    );
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "idx_appeals_incoming_number"`);
    await queryRunner.query(
      `CREATE INDEX CONCURRENTLY "idx_appeals_incoming_number" ON "appeals" (("incoming_letter" ->> 'number')) WHERE ("incoming_letter" ->> 'number') IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "idx_appeals_incoming_number"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "incoming_letter"`);
  }
}
