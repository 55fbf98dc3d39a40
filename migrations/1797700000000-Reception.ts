import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22: personal reception by appointment (59-ФЗ ст. 13). Schedules, their exceptions,
 * bookings with a yearly number, and the links of notices and files to a booking. A slot is not
 * a row: the partial unique index on (schedule, start) of bookings that are not cancelled lets
 * exactly one of two concurrent bookings of a slot win. `notifications.appeal_id` becomes
 * nullable for a booking's notices (one of the two ids is always set).
 */
export class Reception1797700000000 implements MigrationInterface {
  name = 'Reception1797700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reception_schedules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "official_id" uuid NOT NULL, "title" text NOT NULL, "location" text NOT NULL, "days" jsonb NOT NULL, "slot_minutes" integer NOT NULL, "audience" text NOT NULL, "topic_codes" jsonb, "valid_from" date NOT NULL, "valid_to" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_reception_schedules" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_reception_schedules_official" ON "reception_schedules" ("official_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reception_exceptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "schedule_id" uuid NOT NULL, "from_date" date NOT NULL, "to_date" date NOT NULL, "reason" text NOT NULL, "created_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_reception_exceptions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_reception_exceptions_schedule" ON "reception_exceptions" ("schedule_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reception_bookings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" text NOT NULL, "schedule_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'booked', "applicant" jsonb NOT NULL, "applicant_keys" text array NOT NULL, "topic_code" text NOT NULL, "question" text NOT NULL, "created_by_user_id" uuid, "created_by_api_key_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, "reminder_sent_at" TIMESTAMP WITH TIME ZONE, "outcome" text, "summary" text, "card_recorded_at" TIMESTAMP WITH TIME ZONE, "card_recorded_by_user_id" uuid, "appeal_id" uuid, CONSTRAINT "pk_reception_bookings" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reception_bookings_number" ON "reception_bookings" ("number") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_reception_bookings_api_key" ON "reception_bookings" ("created_by_api_key_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reception_bookings_slot" ON "reception_bookings" ("schedule_id", "starts_at") WHERE status <> 'cancelled'`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_reception_bookings_reminder" ON "reception_bookings" ("starts_at") WHERE status = 'booked' AND reminder_sent_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "reception_counters" ("year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "pk_reception_counters" PRIMARY KEY ("year"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "reception_schedules" ADD CONSTRAINT "fk_reception_schedules_official" FOREIGN KEY ("official_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reception_exceptions" ADD CONSTRAINT "fk_reception_exceptions_schedule" FOREIGN KEY ("schedule_id") REFERENCES "reception_schedules"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reception_bookings" ADD CONSTRAINT "fk_reception_bookings_schedule" FOREIGN KEY ("schedule_id") REFERENCES "reception_schedules"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reception_bookings" ADD CONSTRAINT "fk_reception_bookings_appeal" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "appeal_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "reception_booking_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "idx_notifications_reception_booking" ON "notifications" ("reception_booking_id") WHERE reception_booking_id IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "attachments" ADD "reception_booking_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "idx_attachments_reception_booking" ON "attachments" ("reception_booking_id") WHERE reception_booking_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_attachments_reception_booking"`);
    await queryRunner.query(`ALTER TABLE "attachments" DROP COLUMN "reception_booking_id"`);
    await queryRunner.query(`DELETE FROM "notifications" WHERE "appeal_id" IS NULL`);
    await queryRunner.query(`DROP INDEX "public"."idx_notifications_reception_booking"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "reception_booking_id"`);
    await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "appeal_id" SET NOT NULL`);
    await queryRunner.query(`DROP TABLE "reception_counters"`);
    await queryRunner.query(`DROP TABLE "reception_bookings"`);
    await queryRunner.query(`DROP TABLE "reception_exceptions"`);
    await queryRunner.query(`DROP TABLE "reception_schedules"`);
  }
}
