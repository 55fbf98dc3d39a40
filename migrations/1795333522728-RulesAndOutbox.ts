import { MigrationInterface, QueryRunner } from 'typeorm';

export class RulesAndOutbox1795333522728 implements MigrationInterface {
  name = 'RulesAndOutbox1795333522728';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Text similarity for the duplicate and repeated rules (trusted extension: no superuser needed).
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "appeal_id" uuid NOT NULL, "kind" text NOT NULL, "channel" text NOT NULL, "recipient" text NOT NULL, "subject" text NOT NULL, "body" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0d9df74824f84868646017aa41" ON "notifications" ("appeal_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_notifications_pending" ON "notifications" ("next_attempt_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(`ALTER TABLE "appeals" ADD "applicant_name_norm" text`);
    await queryRunner.query(`ALTER TABLE "appeals" ADD "service_address_norm" text`);
    await queryRunner.query(
      `CREATE INDEX "IDX_9b1e99ad381cae3d8821b0c6d6" ON "appeals" ("duplicate_of_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_appeals_name_address" ON "appeals" ("applicant_name_norm", "service_address_norm") `,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD CONSTRAINT "FK_01a33639833f851ae38e76c74da" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD CONSTRAINT "FK_a4645ef55817a431265a5ad72e7" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD CONSTRAINT "FK_9b1e99ad381cae3d8821b0c6d69" FOREIGN KEY ("duplicate_of_id") REFERENCES "appeals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_0d9df74824f84868646017aa414" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "FK_850eaa6969c5fcc062a9b207a59" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeal_events" ADD CONSTRAINT "FK_a2f6caa5dcbed0a06b71a1019a8" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "appeal_events" DROP CONSTRAINT "FK_a2f6caa5dcbed0a06b71a1019a8"`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" DROP CONSTRAINT "FK_850eaa6969c5fcc062a9b207a59"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" DROP CONSTRAINT "FK_0d9df74824f84868646017aa414"`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" DROP CONSTRAINT "FK_9b1e99ad381cae3d8821b0c6d69"`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" DROP CONSTRAINT "FK_a4645ef55817a431265a5ad72e7"`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" DROP CONSTRAINT "FK_01a33639833f851ae38e76c74da"`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_appeals_name_address"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9b1e99ad381cae3d8821b0c6d6"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "service_address_norm"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "applicant_name_norm"`);
    await queryRunner.query(`DROP INDEX "public"."idx_notifications_pending"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0d9df74824f84868646017aa41"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
