import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795332523158 implements MigrationInterface {
  name = 'Init1795332523158';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "departments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_91fddbe23e927e1e525c152baa3" UNIQUE ("code"), CONSTRAINT "PK_839517a681a86bb84cbcc6a1e9d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "login" text NOT NULL, "password_hash" text NOT NULL, "full_name" text NOT NULL, "email" text, "roles" text array NOT NULL, "department_id" uuid, "available" boolean NOT NULL DEFAULT true, "active" boolean NOT NULL DEFAULT true, "last_assigned_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_2d443082eccd5198f95f2a36e2c" UNIQUE ("login"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0921d1972cf861d568f5271cd8" ON "users" ("department_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sla_policies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text, "name" text NOT NULL, "term_days" integer NOT NULL, "unit" text NOT NULL, "max_extension_days" integer NOT NULL, "non_working_day_policy" text NOT NULL, "warn_days_before" integer array NOT NULL DEFAULT '{5,2,1}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_056caba7a6b3e5566bf87f22364" UNIQUE ("kind"), CONSTRAINT "PK_41b6803cef982534243a67b6302" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "calendar_years" ("year" integer NOT NULL, "source" text NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1fed249d26e56ff06bb6dffd8d6" PRIMARY KEY ("year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "calendar_days" ("date" date NOT NULL, "year" integer NOT NULL, "type" smallint NOT NULL, "note" text, CONSTRAINT "PK_1c04d56e8833eb6827f104f17e0" PRIMARY KEY ("date"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_36dea1c9a0e2dbdf8cef8e2217" ON "calendar_days" ("year") `,
    );
    await queryRunner.query(
      `CREATE TABLE "topics" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name" text NOT NULL, "department_id" uuid NOT NULL, "sla_policy_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_928bc2d3805e0e6a7519f57ba00" UNIQUE ("code"), CONSTRAINT "PK_e4aa99a3fa60ec3a37d1fc4e853" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_eeb273cadf4bf45cff9b37a354" ON "topics" ("department_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_user_id" uuid, "actor_api_key_id" uuid, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text, "request_id" text, "data" jsonb, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5c7623cfe8d008e1c1fd758fbc" ON "audit_events" ("entity_type", "entity_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "appeal_id" uuid NOT NULL, "file_name" text NOT NULL, "content_type" text NOT NULL, "size" bigint NOT NULL, "sha256" text NOT NULL, "content" bytea NOT NULL, "uploaded_by_user_id" uuid, "uploaded_by_api_key_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_a08751bc265adc7df5c5774d23" ON "attachments" ("appeal_id", "sha256") `,
    );
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("scope" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "status_code" integer NOT NULL, "response" jsonb NOT NULL, "appeal_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_15de2f76fa9f27ad8f330983607" PRIMARY KEY ("scope", "key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "reg_counters" ("year" integer NOT NULL, "last_seq" integer NOT NULL, CONSTRAINT "PK_c890f2a51308e8e2e5921eed737" PRIMARY KEY ("year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "appeals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reg_number" text NOT NULL, "reg_year" integer NOT NULL, "reg_seq" integer, "status" text NOT NULL, "channel" text NOT NULL, "kind" text NOT NULL, "applicant_email_norm" text, "account_number" text, "account_number_norm" text, "service_address" text, "topic_code" text, "subject" text, "text" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_date" date, "department_id" uuid, "assignee_id" uuid, "reply_channel" text NOT NULL, "external_refs" jsonb NOT NULL DEFAULT '{}', "checks" jsonb NOT NULL DEFAULT '[]', "validation_issues" jsonb NOT NULL DEFAULT '[]', "rejection_reason" text, "rejection_comment" text, "rejection_decided_by" uuid, "rejection_decided_at" TIMESTAMP WITH TIME ZONE, "duplicate_of_id" uuid, "answer_text" text, "answer_outcome" text, "answered_at" TIMESTAMP WITH TIME ZONE, "crime_report" boolean NOT NULL DEFAULT false, "legal_review" boolean NOT NULL DEFAULT false, "imported" boolean NOT NULL DEFAULT false, "created_by_user_id" uuid, "created_by_api_key_id" uuid, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "applicant_type" text NOT NULL, "applicant_last_name" text, "applicant_first_name" text, "applicant_middle_name" text, "applicant_organization_name" text, "applicant_inn" text, "applicant_contact_person" text, "applicant_postal_address" text, "applicant_email" text, "applicant_phone" text, CONSTRAINT "UQ_99b7232e17ab77562baabafa0d4" UNIQUE ("reg_number"), CONSTRAINT "PK_ebd2050a02aa78081b5346152bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7536b8c82d7016db472585d458" ON "appeals" ("channel") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8afbce54ccaa3691f22029698c" ON "appeals" ("applicant_email_norm") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_17d2d0e54349edf8abc963360c" ON "appeals" ("account_number_norm") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6ff588b2e9099f66c56c949225" ON "appeals" ("topic_code") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1861d190e55ea58f054db64bdc" ON "appeals" ("due_date") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_01a33639833f851ae38e76c74d" ON "appeals" ("department_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a4645ef55817a431265a5ad72e" ON "appeals" ("assignee_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_9117d6bfa286fd203bd5528e75" ON "appeals" ("created_by_api_key_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_appeals_reg_year_seq" ON "appeals" ("reg_year", "reg_seq") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_appeals_status_due_date" ON "appeals" ("status", "due_date") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_appeals_registered_at_id" ON "appeals" ("registered_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "appeal_events" ("id" BIGSERIAL NOT NULL, "appeal_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "type" text NOT NULL, "from_status" text, "to_status" text, "actor_user_id" uuid, "actor_api_key_id" uuid, "reason" text, "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_962a5fea7152749c4b7945175e3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4a973031b11ca76829e6f5152d" ON "appeal_events" ("appeal_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "prefix" text NOT NULL, "key_hash" text NOT NULL, "channels" text array NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_6f6105c8efe05b310d046cbdb3d" UNIQUE ("prefix"), CONSTRAINT "UQ_57384430aa1959f4578046c9b81" UNIQUE ("key_hash"), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_0921d1972cf861d568f5271cd85" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "topics" ADD CONSTRAINT "FK_eeb273cadf4bf45cff9b37a354a" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "topics" ADD CONSTRAINT "FK_b91d199af215c7277634d53b43b" FOREIGN KEY ("sla_policy_id") REFERENCES "sla_policies"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // Full-text search for GET /appeals?q= (Russian stemming over subject and text).
    await queryRunner.query(
      `CREATE INDEX "idx_appeals_fts" ON "appeals" USING gin (to_tsvector('russian', coalesce("subject", '') || ' ' || "text"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_appeals_fts"`);
    await queryRunner.query(
      `ALTER TABLE "topics" DROP CONSTRAINT "FK_b91d199af215c7277634d53b43b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "topics" DROP CONSTRAINT "FK_eeb273cadf4bf45cff9b37a354a"`,
    );
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_0921d1972cf861d568f5271cd85"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4a973031b11ca76829e6f5152d"`);
    await queryRunner.query(`DROP TABLE "appeal_events"`);
    await queryRunner.query(`DROP INDEX "public"."idx_appeals_registered_at_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_appeals_status_due_date"`);
    await queryRunner.query(`DROP INDEX "public"."uq_appeals_reg_year_seq"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9117d6bfa286fd203bd5528e75"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a4645ef55817a431265a5ad72e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_01a33639833f851ae38e76c74d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1861d190e55ea58f054db64bdc"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6ff588b2e9099f66c56c949225"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_17d2d0e54349edf8abc963360c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8afbce54ccaa3691f22029698c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7536b8c82d7016db472585d458"`);
    await queryRunner.query(`DROP TABLE "appeals"`);
    await queryRunner.query(`DROP TABLE "reg_counters"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a08751bc265adc7df5c5774d23"`);
    await queryRunner.query(`DROP TABLE "attachments"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5c7623cfe8d008e1c1fd758fbc"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eeb273cadf4bf45cff9b37a354"`);
    await queryRunner.query(`DROP TABLE "topics"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_36dea1c9a0e2dbdf8cef8e2217"`);
    await queryRunner.query(`DROP TABLE "calendar_days"`);
    await queryRunner.query(`DROP TABLE "calendar_years"`);
    await queryRunner.query(`DROP TABLE "sla_policies"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0921d1972cf861d568f5271cd8"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "departments"`);
  }
}
