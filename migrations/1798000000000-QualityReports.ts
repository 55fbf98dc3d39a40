import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 23, utility-quality violation reports (ПП 354 п. 105–113; docs/quality-reports.md):
 * - `appeals.quality_report`: the service, when the problem began, the agreed inspection time
 *   and the inspection act, as one jsonb value on the appeal (written with it at registration);
 * - `idx_appeals_quality_reports`: the quality reports by registration, for GET /reports/quality;
 * - `appeal_clocks.due_at`: a clock that runs in hours (the inspection, п. 108) is due at a time,
 *   not only on a date; null for the day clocks.
 */
export class QualityReports1798000000000 implements MigrationInterface {
  name = 'QualityReports1798000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" ADD "quality_report" jsonb`);
    await queryRunner.query(`ALTER TABLE "appeal_clocks" ADD "due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "idx_appeals_quality_reports" ON "appeals" ("registered_at", "id") WHERE kind = 'quality_report'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_appeals_quality_reports"`);
    await queryRunner.query(`ALTER TABLE "appeal_clocks" DROP COLUMN "due_at"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "quality_report"`);
  }
}
