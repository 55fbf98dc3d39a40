import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Postal acknowledgement letters written before issue 17 hold `regnum-<uuid>` where the
 * registration number belongs: the placeholder the registration's final statement replaced in
 * the notice but not in the letter copied from it. Puts the appeal's real number in.
 */
export class RepairLetterPlaceholders1796400000000 implements MigrationInterface {
  name = 'RepairLetterPlaceholders1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const token = `regnum-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`;
    await queryRunner.query(
      `UPDATE "outgoing_letters" l
          SET "subject" = regexp_replace(l."subject", '${token}', a."reg_number", 'g'),
              "body" = regexp_replace(l."body", '${token}', a."reg_number", 'g')
         FROM "appeals" a
        WHERE a."id" = l."appeal_id" AND (l."subject" ~ '${token}' OR l."body" ~ '${token}')`,
    );
  }

  public async down(): Promise<void> {
    // The placeholders carried nothing worth restoring.
  }
}
