import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments move from one bytea column to 256 KiB chunks, gain staging rows (appeal_id NULL,
 * status 'staging') and shared content for the duplicate rule's copies (ADR 0006). Generated,
 * then edited: existing files are moved into chunks before the column goes, and stay 'stored'.
 */
export class Attachments1795335439175 implements MigrationInterface {
  name = 'Attachments1795335439175';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attachment_chunks" ("attachment_id" uuid NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_b3f87b06f9e4d1e422188082313" PRIMARY KEY ("attachment_id", "seq"))`,
    );
    // Rows already there belong to appeals; new rows start as staging.
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD "status" text NOT NULL DEFAULT 'stored'`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" ALTER COLUMN "status" SET DEFAULT 'staging'`,
    );
    await queryRunner.query(`ALTER TABLE "attachments" ADD "content_of_id" uuid`);
    await queryRunner.query(`ALTER TABLE "attachments" ALTER COLUMN "appeal_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "attachments" ALTER COLUMN "size" SET DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "attachments" ALTER COLUMN "sha256" DROP NOT NULL`);
    await queryRunner.query(
      `INSERT INTO "attachment_chunks" ("attachment_id", "seq", "data")
       SELECT a."id", s.seq, substring(a."content" FROM s.seq * 262144 + 1 FOR 262144)
       FROM "attachments" a
       CROSS JOIN LATERAL generate_series(0, (octet_length(a."content") - 1) / 262144) AS s(seq)
       WHERE octet_length(a."content") > 0`,
    );
    await queryRunner.query(`ALTER TABLE "attachments" DROP COLUMN "content"`);
    await queryRunner.query(
      `CREATE INDEX "idx_attachments_staging" ON "attachments" ("created_at") WHERE status = 'staging'`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "FK_6e4a4c7cdeceb3a40ce007b294a" FOREIGN KEY ("content_of_id") REFERENCES "attachments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachment_chunks" ADD CONSTRAINT "FK_fe6fe9fe61def6758accaf7ca3e" FOREIGN KEY ("attachment_id") REFERENCES "attachments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Unfinished uploads have no place in the old schema.
    await queryRunner.query(`DELETE FROM "attachments" WHERE "status" = 'staging'`);
    await queryRunner.query(`ALTER TABLE "attachments" ADD "content" bytea`);
    await queryRunner.query(
      `UPDATE "attachments" a SET "content" = coalesce(
         (SELECT string_agg(c."data", ''::bytea ORDER BY c."seq") FROM "attachment_chunks" c
          WHERE c."attachment_id" = coalesce(a."content_of_id", a."id")),
         ''::bytea)`,
    );
    await queryRunner.query(`ALTER TABLE "attachments" ALTER COLUMN "content" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "attachment_chunks" DROP CONSTRAINT "FK_fe6fe9fe61def6758accaf7ca3e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" DROP CONSTRAINT "FK_6e4a4c7cdeceb3a40ce007b294a"`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_attachments_staging"`);
    await queryRunner.query(`ALTER TABLE "attachments" ALTER COLUMN "sha256" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "attachments" ALTER COLUMN "size" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "attachments" ALTER COLUMN "appeal_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "attachments" DROP COLUMN "content_of_id"`);
    await queryRunner.query(`ALTER TABLE "attachments" DROP COLUMN "status"`);
    await queryRunner.query(`DROP TABLE "attachment_chunks"`);
  }
}
