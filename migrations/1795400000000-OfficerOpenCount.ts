import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each officer's open workload (appeals assigned or in progress) kept in `users.open_assigned`
 * by a trigger on `appeals`, so auto-assignment reads ten numbers instead of counting thousands
 * of index entries while it holds the officers' row locks (issue 10). A trigger covers every
 * path that moves an appeal — workflow, sweeps, imports, manual SQL — in the same transaction.
 */
export class OfficerOpenCount1795400000000 implements MigrationInterface {
  name = 'OfficerOpenCount1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "open_assigned" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      CREATE FUNCTION appeals_track_open_assigned() RETURNS trigger LANGUAGE plpgsql AS $$
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
        -- One statement for both officers: rows are locked in index order, so two transfers
        -- between the same officers in opposite directions cannot deadlock.
        UPDATE users
           SET open_assigned = open_assigned + CASE WHEN id = now_ THEN 1 ELSE -1 END
         WHERE id IN (was, now_);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_appeals_open_assigned
         AFTER INSERT OR DELETE OR UPDATE OF assignee_id, status ON appeals
         FOR EACH ROW EXECUTE FUNCTION appeals_track_open_assigned()`,
    );
    await queryRunner.query(`
      UPDATE users u SET open_assigned = c.n
        FROM (SELECT assignee_id, count(*)::int AS n FROM appeals
               WHERE assignee_id IS NOT NULL AND status IN ('assigned', 'in_progress')
               GROUP BY assignee_id) c
       WHERE u.id = c.assignee_id`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_appeals_open_assigned ON appeals`);
    await queryRunner.query(`DROP FUNCTION appeals_track_open_assigned()`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "open_assigned"`);
  }
}
