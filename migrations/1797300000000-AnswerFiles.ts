import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20, item 2: answers with files. `attachments.purpose` ('appeal' | 'answer') keeps the
 * answer's files apart from the applicant's; the same content is kept once per appeal and
 * purpose. `notifications.attachment_ids` lists the files an e-mail notice carries (read at send
 * time). Both columns have constant defaults: no table rewrite.
 */
export class AnswerFiles1797300000000 implements MigrationInterface {
  name = 'AnswerFiles1797300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD "purpose" text NOT NULL DEFAULT 'appeal'`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_a08751bc265adc7df5c5774d23"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "idx_attachments_appeal_purpose_sha256" ON "attachments" ("appeal_id", "purpose", "sha256") `,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD "attachment_ids" jsonb NOT NULL DEFAULT '[]'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "attachment_ids"`);
    await queryRunner.query(`DROP INDEX "public"."idx_attachments_appeal_purpose_sha256"`);
    await queryRunner.query(`DELETE FROM "attachments" WHERE "purpose" = 'answer'`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_a08751bc265adc7df5c5774d23" ON "attachments" ("appeal_id", "sha256") `,
    );
    await queryRunner.query(`ALTER TABLE "attachments" DROP COLUMN "purpose"`);
  }
}
