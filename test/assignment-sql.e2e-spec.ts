import { randomUUID } from 'node:crypto';
import { PICK_OFFICER_SQL, staffSql } from '../src/assignment/assignment.service';
import { pickOfficer } from '../src/assignment/pick-officer.policy';
import { formatRegNumber, regNumberSql } from '../src/appeals/reg-number';
import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A registration chooses its officer and writes its number inside its final statement (issue
 * 10), in SQL; the rules themselves are the pure functions pickOfficer() and formatRegNumber().
 * Here the SQL and the functions meet on the same data and must agree.
 */
describe('routing and numbering in SQL agree with their pure functions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('chooses the officer pickOfficer() chooses, on 60 random departments', async () => {
    // Small ranges so that ties in load and in assignment time are common.
    let seed = 42; // mulberry32: a deterministic, well-mixed sequence
    const rand = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) % n;
    };
    const times = [null, '2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z'];
    for (let round = 0; round < 60; round++) {
      const [{ id: dept }] = await t.db.query<{ id: string }[]>(
        `INSERT INTO departments (code, name) VALUES ($1, $1) RETURNING id`,
        [`prop-${round}-${randomUUID().slice(0, 8)}`],
      );
      const staff = Array.from({ length: 1 + rand(7) }, () => ({
        id: randomUUID(),
        roles: rand(5) === 0 ? ['head'] : rand(6) === 0 ? ['officer', 'head'] : ['officer'],
        available: rand(4) !== 0,
        open: rand(3),
        last: times[rand(times.length)],
        active: rand(10) !== 0,
      }));
      for (const u of staff) {
        await t.db.query(
          `INSERT INTO users (id, login, password_hash, full_name, roles, department_id, available,
                              last_assigned_at, active)
           VALUES ($1, $7, 'x', 'Сотрудник', $2, $3, $4, $5, $6)`,
          [u.id, u.roles, dept, u.available, u.last, u.active, `prop-${u.id}`],
        );
        // open_assigned is kept by a trigger on appeals; set directly for the test.
        await t.db.query('UPDATE users SET open_assigned = $2 WHERE id = $1', [u.id, u.open]);
      }
      const [sql] = await t.db.query<{ id: string | null }[]>(
        `WITH s AS (${staffSql('$1')}), pick AS (${PICK_OFFICER_SQL})
         SELECT (SELECT id FROM pick) AS id`,
        [dept],
      );
      const expected = pickOfficer(
        staff
          .filter((u) => u.active && u.roles.includes('officer'))
          .map((u) => ({
            id: u.id,
            available: u.available,
            openAppeals: u.open,
            lastAssignedAt: u.last ? new Date(u.last) : null,
          })),
      );
      expect(sql.id).toBe(expected?.id ?? null);
    }
  });

  it("a transfer locks both officers' rows in id order, like a registration (no deadlock)", async () => {
    // x sorts before y by id but is stored after it, so a scan in physical order meets y first.
    const [{ id: dept }] = await t.db.query<{ id: string }[]>(
      `INSERT INTO departments (code, name) VALUES ('lock-order', 'Порядок блокировок') RETURNING id`,
    );
    const x = '00000000-0000-4000-8000-000000000001';
    const y = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
    for (const id of [y, x]) {
      await t.db.query(
        `INSERT INTO users (id, login, password_hash, full_name, roles, department_id)
         VALUES ($1, $2, 'x', 'Исполнитель', '{officer}', $3)`,
        [id, `lock-${id}`, dept],
      );
    }
    const { key } = await t.createApiKey(['web']);
    const res = await t.http.post('/api/v1/appeals').set('X-API-Key', key).send(appealBody('web'));
    expect(res.status).toBe(201);
    const appealId = (res.body as { id: string }).id;
    await t.db.query(`UPDATE appeals SET assignee_id = $2, status = 'assigned' WHERE id = $1`, [
      appealId,
      x,
    ]);
    const holder = t.db.createQueryRunner();
    const mover = t.db.createQueryRunner();
    const probe = t.db.createQueryRunner();
    try {
      await holder.startTransaction();
      await holder.query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', [y]);
      await mover.startTransaction();
      // The transfer x → y: its trigger must take x, then wait for y.
      const moving = mover.query('UPDATE appeals SET assignee_id = $2 WHERE id = $1', [
        appealId,
        y,
      ]);
      let waiting = false;
      for (let i = 0; i < 100 && !waiting; i++) {
        const [row] = (await probe.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE appeals SET assignee_id%'`,
        )) as { n: number }[];
        waiting = row.n > 0;
        if (!waiting) await new Promise((r) => setTimeout(r, 20));
      }
      expect(waiting).toBe(true);
      // x is already the transfer's: a registration, which locks x before y, waits behind it
      // instead of holding x while the transfer waits for it.
      const taken = await probe
        .query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE NOWAIT', [x])
        .then(
          () => 'free',
          (e: { driverError?: { code?: string } }) => e.driverError?.code,
        );
      expect(taken).toBe('55P03'); // lock_not_available
      await holder.commitTransaction();
      await moving;
      await mover.commitTransaction();
    } finally {
      for (const r of [holder, mover, probe]) {
        if (r.isTransactionActive) await r.rollbackTransaction();
        await r.release();
      }
    }
  });

  it('the workload trigger plans its UPDATE once per connection, not per registration', async () => {
    // With one officer NULL its custom plans always looked cheaper, and it was planned on every
    // call (0.27 ms a registration, issue 10): the function pins the generic plan.
    const [{ config }] = await t.db.query<{ config: string[] | null }[]>(
      `SELECT proconfig AS config FROM pg_proc WHERE proname = 'appeals_track_open_assigned'`,
    );
    expect(config).toContain('plan_cache_mode=force_generic_plan');
  });

  it('writes the number formatRegNumber() writes, for every kind of template', async () => {
    const templates = [
      '{year}-{seq:6}',
      'АБ/{yy}/{seq}',
      "O'Reilly-{seq:3}-{year}",
      '{seq:2}',
      '№{seq}\\x',
    ];
    for (const template of templates) {
      for (const seq of [1, 7, 123, 999_999, 1_234_567]) {
        const [{ n }] = await t.db.query<{ n: string }[]>(
          `SELECT ${regNumberSql(template, 2026, '$1::int')} AS n`,
          [seq],
        );
        expect(n).toBe(formatRegNumber(template, 2026, seq));
      }
    }
  });
});
