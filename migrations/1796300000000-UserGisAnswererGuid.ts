import { MigrationInterface, QueryRunner } from 'typeorm';

/** The employee's GUID in ГИС ЖКХ, sent as AnswererGUID for the user's actions. */
export class UserGisAnswererGuid1796300000000 implements MigrationInterface {
  name = 'UserGisAnswererGuid1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "gis_answerer_guid" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "gis_answerer_guid"`);
  }
}
