import { MigrationInterface, QueryRunner } from 'typeorm';

export class EmailChannel1795336286667 implements MigrationInterface {
  name = 'EmailChannel1795336286667';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "processed_emails" ("dedup_key" text NOT NULL, "content_hash" text NOT NULL, "result" text NOT NULL, "appeal_id" uuid, "reg_number" text, "note" text, "source" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d2cd892e53fe48e0c37b41e302e" PRIMARY KEY ("dedup_key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "processed_emails"`);
  }
}
