import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20, item 3: the directory of bodies appeals are forwarded to (59-ФЗ ст. 8 ч. 3), and on
 * the appeal the organisation picked and the outgoing number of its transmittal letter.
 *
 * Seeded with one placeholder per common federal kind (ГЖИ, Роспотребнадзор, прокуратура, ФАС):
 * their territorial bodies differ by region, so no real address is known here; the admin fills in
 * the address or e-mail (until then forwarding to one is refused: a letter needs an address).
 * Fixed ids and ON CONFLICT DO NOTHING: running it again adds nothing, and an admin's edits stay.
 * No foreign key from appeals: organisations are never deleted (no DELETE route).
 */
export class Organizations1797100000000 implements MigrationInterface {
  name = 'Organizations1797100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "kind" text NOT NULL, "postal_address" text, "email" text, "gis_org_guid" uuid, "region" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "organizations" ("id", "name", "kind") VALUES
         ('00000000-0000-4000-8000-000000000a01', 'Государственная жилищная инспекция субъекта РФ', 'housing_inspection'),
         ('00000000-0000-4000-8000-000000000a02', 'Управление Роспотребнадзора по субъекту РФ', 'consumer_protection'),
         ('00000000-0000-4000-8000-000000000a03', 'Прокуратура субъекта РФ', 'prosecutor'),
         ('00000000-0000-4000-8000-000000000a04', 'Территориальное управление ФАС России', 'antimonopoly')
       ON CONFLICT ("id") DO NOTHING`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD COLUMN IF NOT EXISTS "forwarded_organization_id" uuid`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD COLUMN IF NOT EXISTS "transmittal_number" text`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "transmittal_number"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "forwarded_organization_id"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
  }
}
