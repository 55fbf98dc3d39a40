import { MigrationInterface, QueryRunner } from 'typeorm';

export class SlaWorkflow1795333973591 implements MigrationInterface {
  name = 'SlaWorkflow1795333973591';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sla_alerts" ("id" BIGSERIAL NOT NULL, "appeal_id" uuid NOT NULL, "kind" text NOT NULL, "step" integer NOT NULL, "due_date" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_12abae04bf8a39ee9a211ca71d8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_eaa62bd477f995c6d8e13792c0" ON "sla_alerts" ("appeal_id", "kind", "step", "due_date") `,
    );
    await queryRunner.query(
      `CREATE TABLE "appeal_extensions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "appeal_id" uuid NOT NULL, "days" integer NOT NULL, "reason" text NOT NULL, "status" text NOT NULL, "previous_due_date" date NOT NULL, "new_due_date" date NOT NULL, "requested_by" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_comment" text, CONSTRAINT "PK_f8e6503fcdfbf152ebae1055c27" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_93e4a7e5f265b1d6ce32cacc49" ON "appeal_extensions" ("appeal_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "job_runs" ("id" BIGSERIAL NOT NULL, "job" text NOT NULL, "trigger" text NOT NULL, "instance" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL, "counts" jsonb NOT NULL DEFAULT '{}', "error" text, CONSTRAINT "PK_4d0012c04fcfc287550b76be7e9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_837739ee16579937608c29e421" ON "job_runs" ("job", "started_at") `,
    );
    await queryRunner.query(`ALTER TABLE "appeals" ADD "sla_policy_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD "registration_late" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD "forwarding_late" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE "appeals" ADD "overdue_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD "audience" text NOT NULL DEFAULT 'applicant'`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" ADD "recipient_user_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "sla_alerts" ADD CONSTRAINT "FK_da3c5ab8ac79d90d7d5b16baefa" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeal_extensions" ADD CONSTRAINT "FK_93e4a7e5f265b1d6ce32cacc49b" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "appeal_extensions" DROP CONSTRAINT "FK_93e4a7e5f265b1d6ce32cacc49b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "sla_alerts" DROP CONSTRAINT "FK_da3c5ab8ac79d90d7d5b16baefa"`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "recipient_user_id"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "audience"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "overdue_at"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "forwarding_late"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "registration_late"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "sla_policy_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_837739ee16579937608c29e421"`);
    await queryRunner.query(`DROP TABLE "job_runs"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_93e4a7e5f265b1d6ce32cacc49"`);
    await queryRunner.query(`DROP TABLE "appeal_extensions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eaa62bd477f995c6d8e13792c0"`);
    await queryRunner.query(`DROP TABLE "sla_alerts"`);
  }
}
