import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duplicate check's identity indexes carry the registration time (issue 10): its look-back
 * window (`registered_at >= now() - RULES_LOOKBACK_DAYS`) is then bounded inside the index, and
 * only the heap pages of the applicant's appeals inside the window are read — at 10 M rows 2
 * pages per check instead of 5, and never those of old appeals, which a long-running database
 * no longer keeps in memory. Equality lookups (the applicantEmail and accountNumber filters)
 * use the leading columns as before.
 *
 * Built CONCURRENTLY, outside a transaction, so that registrations are not blocked while a
 * large table is indexed; a build interrupted half-way leaves an invalid index, which the
 * next run drops and builds again.
 */
export class AppealIdentityWindowIndexes1796200000000 implements MigrationInterface {
  name = 'AppealIdentityWindowIndexes1796200000000';
  transaction = false;

  public async up(queryRunner: QueryRunner): Promise<void> {
    const build = async (name: string, columns: string) => {
      await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
      await queryRunner.query(`CREATE INDEX CONCURRENTLY "${name}" ON "appeals" (${columns})`);
    };
    await build('idx_appeals_email_registered', '"applicant_email_norm", "registered_at"');
    await build('idx_appeals_account_registered', '"account_number_norm", "registered_at"');
    await build(
      'idx_appeals_name_address_registered',
      '"applicant_name_norm", "service_address_norm", "registered_at"',
    );
    for (const old of [
      'IDX_8afbce54ccaa3691f22029698c',
      'IDX_17d2d0e54349edf8abc963360c',
      'idx_appeals_name_address',
    ]) {
      await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${old}"`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS "IDX_8afbce54ccaa3691f22029698c" ON "appeals" ("applicant_email_norm")`,
    );
    await queryRunner.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS "IDX_17d2d0e54349edf8abc963360c" ON "appeals" ("account_number_norm")`,
    );
    await queryRunner.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS "idx_appeals_name_address" ON "appeals" ("applicant_name_norm", "service_address_norm")`,
    );
    for (const name of [
      'idx_appeals_email_registered',
      'idx_appeals_account_registered',
      'idx_appeals_name_address_registered',
    ]) {
      await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
    }
  }
}
