import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21, item 5: collective appeals (59-ФЗ ст. 4 п. 1). `appeals.co_applicants` holds the
 * other signatories (a paper letter's, ГИС ЖКХ's NeighbourInfo); a constant default, so no table
 * rewrite.
 */
export class CoApplicants1797500000000 implements MigrationInterface {
  name = 'CoApplicants1797500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD "co_applicants" jsonb NOT NULL DEFAULT '[]'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "co_applicants"`);
  }
}
