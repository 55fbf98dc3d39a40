import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The administrators' allow and deny lists of the `abusive` rule (issue 17), and their version:
 * one row bumped in the transaction of every change, so that an instance learns whether its
 * copy of the lists is current by reading one row (docs/rules.md). The version table is not an
 * entity: only AbusiveTermsService reads and writes it, in SQL.
 */
export class AbusiveTerms1796500000000 implements MigrationInterface {
  name = 'AbusiveTerms1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "abusive_terms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "term" text NOT NULL, "normalized_term" text NOT NULL, "list" text NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_8e79a298c005718ff46fc9bc43" CHECK ("list" IN ('allow', 'deny')), CONSTRAINT "PK_d568149a266213b3df4990bbf2f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_4346234822253511e64644d109" ON "abusive_terms" ("normalized_term")`,
    );
    await queryRunner.query(`CREATE TABLE "abusive_terms_version" (
      "id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
      "version" bigint NOT NULL
    )`);
    await queryRunner.query(
      `INSERT INTO "abusive_terms_version" ("id", "version") VALUES (true, 0)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "abusive_terms_version"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4346234822253511e64644d109"`);
    await queryRunner.query(`DROP TABLE "abusive_terms"`);
  }
}
