import { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets GET /metrics count failed notices through a small partial index instead of a scan. */
export class NotificationsFailedIndex1795510000000 implements MigrationInterface {
  name = 'NotificationsFailedIndex1795510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_notifications_failed" ON "notifications" ("id") WHERE status = 'failed'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_notifications_failed"`);
  }
}
