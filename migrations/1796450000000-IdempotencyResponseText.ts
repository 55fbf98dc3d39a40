import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A remembered registration result kept as the JSON text that was sent (`json`, not `jsonb`,
 * which reorders keys), so a replay answers with the same bytes (issue 17). Rows stored before
 * keep jsonb's order: their replays are equal as JSON, not as bytes.
 */
export class IdempotencyResponseText1796450000000 implements MigrationInterface {
  name = 'IdempotencyResponseText1796450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "idempotency_keys" ALTER COLUMN "response" TYPE json USING "response"::json`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "idempotency_keys" ALTER COLUMN "response" TYPE jsonb USING "response"::jsonb`,
    );
  }
}
