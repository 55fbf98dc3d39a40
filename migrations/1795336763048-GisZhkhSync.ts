import { MigrationInterface, QueryRunner } from 'typeorm';

export class GisZhkhSync1795336763048 implements MigrationInterface {
  name = 'GisZhkhSync1795336763048';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "gis_sync_state" ("id" smallint NOT NULL, "export_high_water" date, "event_high_water" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fe317b777a2872ee22306b6c5e6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "gis_outbox" ("id" BIGSERIAL NOT NULL, "appeal_id" uuid NOT NULL, "event_id" bigint NOT NULL, "action" text NOT NULL, "payload" jsonb NOT NULL, "transport_guid" uuid NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "message_guid" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_fb16fc47dadc428d7a5ea1256ea" UNIQUE ("transport_guid"), CONSTRAINT "PK_022da45554f09b009ae2c3825d4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2da2c272d5bdb27b6dc6b1321f" ON "gis_outbox" ("appeal_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_gis_outbox_status" ON "gis_outbox" ("status", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "gis_imported_appeals" ("appeal_guid" uuid NOT NULL, "appeal_id" uuid NOT NULL, "appeal_number" text NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d636da8321d53aa604cedabfa6f" PRIMARY KEY ("appeal_guid"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_03933ed9dfec3ca3cb04b385c2" ON "gis_imported_appeals" ("appeal_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_03933ed9dfec3ca3cb04b385c2"`);
    await queryRunner.query(`DROP TABLE "gis_imported_appeals"`);
    await queryRunner.query(`DROP INDEX "public"."idx_gis_outbox_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2da2c272d5bdb27b6dc6b1321f"`);
    await queryRunner.query(`DROP TABLE "gis_outbox"`);
    await queryRunner.query(`DROP TABLE "gis_sync_state"`);
  }
}
