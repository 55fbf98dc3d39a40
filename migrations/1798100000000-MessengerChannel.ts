import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 24: the messenger channel. `messenger_updates` holds every provider update taken, written
 * in the same transaction as its effect (exactly once); `messenger_dialogues` the conversation of
 * each chat, locked FOR UPDATE while an update is handled (several instances, one dialogue);
 * `messenger_poll_cursors` the long-polling position per provider.
 */
export class MessengerChannel1798100000000 implements MigrationInterface {
  name = 'MessengerChannel1798100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "messenger_updates" ("provider" text NOT NULL, "update_id" text NOT NULL, "chat_id" text NOT NULL, "appeal_id" uuid, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_messenger_updates" PRIMARY KEY ("provider", "update_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "messenger_dialogues" ("provider" text NOT NULL, "chat_id" text NOT NULL, "state" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_messenger_dialogues" PRIMARY KEY ("provider", "chat_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "messenger_poll_cursors" ("provider" text NOT NULL, "cursor" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_messenger_poll_cursors" PRIMARY KEY ("provider"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "messenger_poll_cursors"`);
    await queryRunner.query(`DROP TABLE "messenger_dialogues"`);
    await queryRunner.query(`DROP TABLE "messenger_updates"`);
  }
}
