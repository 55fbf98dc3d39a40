import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The workload trigger locks the two officers of a transfer in id order whatever the plan. Its
 * `UPDATE … WHERE id IN (was, now_)` locked them in the order the scan met them: id order by the
 * primary key, but physical order by a sequential scan, which PostgreSQL picks for a small staff
 * table — and an updated row moves. A registration locks its department's staff in id order
 * (ADR 0011), so a transfer taking them the other way round could deadlock with it (found by
 * test/open-counts.e2e-spec.ts under concurrent registrations and transfers).
 */
export class OpenAssignedLockOrder1795800000000 implements MigrationInterface {
  name = 'OpenAssignedLockOrder1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      trackOpenAssigned(`
        UPDATE users
           SET open_assigned = open_assigned + CASE WHEN id = now_ THEN 1 ELSE -1 END
         WHERE id IN (SELECT id FROM users WHERE id IN (was, now_)
                       ORDER BY id FOR NO KEY UPDATE);`),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      trackOpenAssigned(`
        UPDATE users
           SET open_assigned = open_assigned + CASE WHEN id = now_ THEN 1 ELSE -1 END
         WHERE id IN (was, now_);`),
    );
  }
}

const trackOpenAssigned = (update: string): string => `
      CREATE OR REPLACE FUNCTION appeals_track_open_assigned() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        was uuid;
        now_ uuid;
      BEGIN
        IF TG_OP <> 'INSERT' AND OLD.status IN ('assigned', 'in_progress') THEN
          was := OLD.assignee_id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.status IN ('assigned', 'in_progress') THEN
          now_ := NEW.assignee_id;
        END IF;
        IF was IS NOT DISTINCT FROM now_ THEN
          RETURN NULL;
        END IF;
        -- Both officers in one statement, locked in id order first (the order every other
        -- locker of staff rows uses), so no two transactions take them the other way round.
        ${update}
        RETURN NULL;
      END
      $$`;
