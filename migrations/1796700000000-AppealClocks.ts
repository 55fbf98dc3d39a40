import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19, every legal clock tracked (docs/sla.md «Clocks»):
 * - `appeal_clocks`: one row per clock of an appeal other than its main term and registration —
 *   the seven-day decisions of 59-ФЗ ст. 8 ч. 3, ст. 11 ч. 2, 4, 4.1 and an authority's control
 *   date. The sweep and the at-risk and overdue reports read the *running* ones through the
 *   partial index `idx_appeal_clocks_running` (a small set: a clock runs for days, not months);
 *   the SLA summary reads the late ones through `idx_appeal_clocks_late`. Appeals registered
 *   before this migration get no rows: their past forwardings stay counted by
 *   `forwarding_late`, and a running clock can be raised by hand.
 * - `appeals.authority_control` (the authority's letter and control date) and
 *   `appeals.term_due_date` (the term the control date caps, kept while a control is recorded).
 * - `sla_alerts.clock`: an alert belongs to a clock; the unique key that makes each alert fire
 *   once gains it (existing rows are the main term's, `answer`). Replaced in this migration's
 *   transaction, so no alert can slip in twice between the two keys; the sweep waits for it.
 */
export class AppealClocks1796700000000 implements MigrationInterface {
  name = 'AppealClocks1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" ADD "authority_control" jsonb`);
    await queryRunner.query(`ALTER TABLE "appeals" ADD "term_due_date" date`);
    await queryRunner.query(
      `CREATE TABLE "appeal_clocks" ("id" BIGSERIAL NOT NULL, "appeal_id" uuid NOT NULL, "name" text NOT NULL, "due_date" date NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "started_by" uuid, "met_at" TIMESTAMP WITH TIME ZONE, "stopped_at" TIMESTAMP WITH TIME ZONE, "overdue_at" TIMESTAMP WITH TIME ZONE, "late" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_032b579c6d5c3dcf9011008bff9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_appeal_clocks_appeal_name" ON "appeal_clocks" ("appeal_id", "name") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_appeal_clocks_running" ON "appeal_clocks" ("due_date", "appeal_id", "name") WHERE met_at IS NULL AND stopped_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_appeal_clocks_late" ON "appeal_clocks" ("appeal_id") WHERE late`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeal_clocks" ADD CONSTRAINT "FK_9abd268344c95c11086209f5979" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "sla_alerts" ADD "clock" text NOT NULL DEFAULT 'answer'`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eaa62bd477f995c6d8e13792c0"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_sla_alerts_once" ON "sla_alerts" ("appeal_id", "clock", "kind", "step", "due_date") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_sla_alerts_once"`);
    await queryRunner.query(`DELETE FROM "sla_alerts" WHERE "clock" <> 'answer'`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_eaa62bd477f995c6d8e13792c0" ON "sla_alerts" ("appeal_id", "kind", "step", "due_date") `,
    );
    await queryRunner.query(`ALTER TABLE "sla_alerts" DROP COLUMN "clock"`);
    await queryRunner.query(
      `ALTER TABLE "appeal_clocks" DROP CONSTRAINT "FK_9abd268344c95c11086209f5979"`,
    );
    await queryRunner.query(`DROP TABLE "appeal_clocks"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "term_due_date"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "authority_control"`);
  }
}
