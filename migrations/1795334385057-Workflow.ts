import { MigrationInterface, QueryRunner } from 'typeorm';

export class Workflow1795334385057 implements MigrationInterface {
  name = 'Workflow1795334385057';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outgoing_letters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" text NOT NULL, "appeal_id" uuid NOT NULL, "notification_id" uuid NOT NULL, "address" text NOT NULL, "subject" text NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "printed_at" TIMESTAMP WITH TIME ZONE, "printed_by" uuid, CONSTRAINT "UQ_9e3bb1581667bef11c13755072a" UNIQUE ("number"), CONSTRAINT "PK_51f21539057770ba65e2a9bfa99" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a31572e131be45d76060771f81" ON "outgoing_letters" ("appeal_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_outgoing_letters_unprinted" ON "outgoing_letters" ("created_at") WHERE printed_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "letter_counters" ("year" integer NOT NULL, "last_seq" integer NOT NULL, CONSTRAINT "PK_0a8cb79a92cbfc598425f1824d8" PRIMARY KEY ("year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_attempts" ("id" BIGSERIAL NOT NULL, "notification_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "ok" boolean NOT NULL, "error" text, "instance" text, CONSTRAINT "PK_f6abd34f351bbbf11c7ae8e7565" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e7c618cc38cd0fd5cfaea5148a" ON "notification_attempts" ("notification_id", "id") `,
    );
    await queryRunner.query(`ALTER TABLE "appeals" ADD "forwarded_to" text`);
    await queryRunner.query(`ALTER TABLE "appeals" ADD "closing_reason" text`);
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD "lease_until" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "outgoing_letters" ADD CONSTRAINT "FK_a31572e131be45d76060771f814" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outgoing_letters" ADD CONSTRAINT "FK_7c0552db370f3656e9a27396996" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_attempts" ADD CONSTRAINT "FK_e68ad1df80d5ae0c1378753b54c" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notification_attempts" DROP CONSTRAINT "FK_e68ad1df80d5ae0c1378753b54c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "outgoing_letters" DROP CONSTRAINT "FK_7c0552db370f3656e9a27396996"`,
    );
    await queryRunner.query(
      `ALTER TABLE "outgoing_letters" DROP CONSTRAINT "FK_a31572e131be45d76060771f814"`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "lease_until"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "closing_reason"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "forwarded_to"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e7c618cc38cd0fd5cfaea5148a"`);
    await queryRunner.query(`DROP TABLE "notification_attempts"`);
    await queryRunner.query(`DROP TABLE "letter_counters"`);
    await queryRunner.query(`DROP INDEX "public"."idx_outgoing_letters_unprinted"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a31572e131be45d76060771f81"`);
    await queryRunner.query(`DROP TABLE "outgoing_letters"`);
  }
}
