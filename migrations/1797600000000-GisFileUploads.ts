import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21, item 3: files through the ГИС ЖКХ file store. `gis_file_uploads` remembers the
 * AttachmentGUID of each of our files already uploaded, so a retried send uploads nothing twice.
 */
export class GisFileUploads1797600000000 implements MigrationInterface {
  name = 'GisFileUploads1797600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "gis_file_uploads" ("attachment_id" uuid NOT NULL, "attachment_guid" uuid NOT NULL, "hash" text NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a96f27c037fa50928af7b4ed6d1" PRIMARY KEY ("attachment_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "gis_file_uploads"`);
  }
}
