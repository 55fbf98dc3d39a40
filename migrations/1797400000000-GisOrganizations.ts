import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21, item 4: the ГИС ЖКХ organisations registry. `gis_organizations` caches
 * exportOrgRegistry answers by orgRootEntityGUID (refreshed after GIS_ZHKH_ORG_CACHE_DAYS);
 * `appeals.applicant_ogrn` keeps a legal-entity applicant's ОГРН/ОГРНИП. Nullable column without
 * a default: no table rewrite.
 */
export class GisOrganizations1797400000000 implements MigrationInterface {
  name = 'GisOrganizations1797400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "gis_organizations" ("org_root_entity_guid" uuid NOT NULL, "org_version_guid" uuid NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, "short_name" text, "ogrn" text, "inn" text, "kpp" text, "is_actual" boolean NOT NULL, "fetched_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_0daf3a8e6f3c5e47d7c74870997" PRIMARY KEY ("org_root_entity_guid"))`,
    );
    await queryRunner.query(`ALTER TABLE "appeals" ADD "applicant_ogrn" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "applicant_ogrn"`);
    await queryRunner.query(`DROP TABLE "gis_organizations"`);
  }
}
