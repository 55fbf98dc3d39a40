import { MigrationInterface, QueryRunner } from 'typeorm';

/** Runs left `running` are looked up at the start of every job run (JobsService.closeAbandoned). */
export class JobRunsRunningIndex1795900000000 implements MigrationInterface {
  name = 'JobRunsRunningIndex1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_job_runs_running" ON "job_runs" ("job") WHERE status = 'running'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_job_runs_running"`);
  }
}
