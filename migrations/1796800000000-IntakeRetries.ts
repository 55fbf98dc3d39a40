import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transient versus permanent intake failures (issue 19). `imap_retries`: messages of a polled
 * folder that failed in a way that may pass, with their attempts and when to try again
 * (src/integrations/email/imap-retries.ts). `gis_import_failures`: ГИС ЖКХ appeals whose
 * registration failed — `permanent` ones are skipped from then on so the import window moves
 * past them, the others hold it until they pass. Neither is an entity: each is read and
 * written in SQL by its one job.
 */
export class IntakeRetries1796800000000 implements MigrationInterface {
  name = 'IntakeRetries1796800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "imap_retries" (
      "folder" text NOT NULL,
      "uid_validity" text NOT NULL,
      "uid" bigint NOT NULL,
      "attempts" integer NOT NULL,
      "last_error" text NOT NULL,
      "first_failed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "last_failed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("folder", "uid_validity", "uid")
    )`);
    await queryRunner.query(`CREATE TABLE "gis_import_failures" (
      "appeal_guid" uuid PRIMARY KEY,
      "appeal_number" text NOT NULL,
      "permanent" boolean NOT NULL,
      "attempts" integer NOT NULL,
      "error" text NOT NULL,
      "first_failed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "last_failed_at" TIMESTAMP WITH TIME ZONE NOT NULL
    )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "gis_import_failures"`);
    await queryRunner.query(`DROP TABLE "imap_retries"`);
  }
}
