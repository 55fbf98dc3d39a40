import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The workload trigger's UPDATE (OpenAssignedLockOrder) was planned again on every call: with one
 * of its two officers NULL the custom plan always looked cheaper than the generic one, so the plan
 * cache never kept the generic plan. That was 0.27 ms of planning per registration against
 * 0.13 ms of execution (pg_stat_statements, issue 10). The generic plan is two primary-key
 * lookups either way.
 */
export class OpenAssignedGenericPlan1796000000000 implements MigrationInterface {
  name = 'OpenAssignedGenericPlan1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER FUNCTION appeals_track_open_assigned() SET plan_cache_mode = force_generic_plan`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER FUNCTION appeals_track_open_assigned() RESET plan_cache_mode`);
  }
}
