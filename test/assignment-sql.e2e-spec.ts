import { randomUUID } from 'node:crypto';
import { PICK_OFFICER_SQL, staffRowsSql } from '../src/assignment/officer-pick.sql';
import { numberSql } from '../src/appeals/reg-number';
import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Two rules a registration applies inside its final statement, so they are written in SQL only:
 * who gets a new appeal (officer-pick.sql.ts, SPEC §7) and how a number is written
 * (reg-number.ts, SPEC §5). Here they are stated case by case against PostgreSQL.
 */
describe('routing and numbering in SQL', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  interface Staff {
    name: string;
    open: number;
    last: string | null;
    available?: boolean;
    roles?: string[];
    active?: boolean;
  }
  /** The officer the policy picks among these (by name), or null. */
  async function pick(staff: Staff[]): Promise<string | null> {
    const [{ id: dept }] = await t.db.query<{ id: string }[]>(
      `INSERT INTO departments (code, name) VALUES ($1, $1) RETURNING id`,
      [`pick-${randomUUID().slice(0, 8)}`],
    );
    const names = new Map<string, string>();
    // Ids in the order of the names, so the last tie-break (by id) follows the names.
    const ids = staff.map(() => randomUUID()).sort();
    for (const [i, u] of staff.entries()) {
      names.set(ids[i], u.name);
      await t.db.query(
        `INSERT INTO users (id, login, password_hash, full_name, roles, department_id, available,
                            last_assigned_at, active)
         VALUES ($1, $2, 'x', 'Сотрудник', $3, $4, $5, $6, $7)`,
        [
          ids[i],
          `pick-${ids[i]}`,
          u.roles ?? ['officer'],
          dept,
          u.available ?? true,
          u.last,
          u.active ?? true,
        ],
      );
      // open_assigned is kept by a trigger on appeals; set directly for the test.
      await t.db.query('UPDATE users SET open_assigned = $2 WHERE id = $1', [ids[i], u.open]);
    }
    const [row] = await t.db.query<{ id: string | null }[]>(
      `WITH staff AS (${staffRowsSql('$1')}), pick AS (${PICK_OFFICER_SQL})
       SELECT (SELECT id FROM pick) AS id`,
      [dept],
    );
    return row.id ? (names.get(row.id) ?? null) : null;
  }

  it('picks the officer with the fewest open appeals', async () => {
    expect(
      await pick([
        { name: 'a', open: 3, last: null },
        { name: 'b', open: 1, last: null },
        { name: 'c', open: 2, last: null },
      ]),
    ).toBe('b');
  });

  it('breaks a tie by the least recent assignment', async () => {
    expect(
      await pick([
        { name: 'a', open: 1, last: '2026-04-10T10:00:00Z' },
        { name: 'b', open: 1, last: '2026-04-09T10:00:00Z' },
      ]),
    ).toBe('b');
  });

  it('prefers someone never assigned in a tie', async () => {
    expect(
      await pick([
        { name: 'a', open: 0, last: '2026-04-10T10:00:00Z' },
        { name: 'b', open: 0, last: null },
      ]),
    ).toBe('b');
  });

  it('skips officers marked unavailable, heads who are not officers, and former staff', async () => {
    expect(
      await pick([
        { name: 'away', open: 0, last: null, available: false },
        { name: 'head', open: 0, last: null, roles: ['head'] },
        { name: 'gone', open: 0, last: null, active: false },
        { name: 'busy', open: 9, last: null },
      ]),
    ).toBe('busy');
  });

  it('picks nobody when nobody is available (the appeal waits in the queue)', async () => {
    expect(await pick([{ name: 'a', open: 0, last: null, available: false }])).toBeNull();
    expect(await pick([])).toBeNull();
  });

  it('is deterministic on a full tie (by id)', async () => {
    expect(
      await pick([
        { name: 'first', open: 0, last: null },
        { name: 'second', open: 0, last: null },
      ]),
    ).toBe('first');
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

  it('writes numbers as the template says, for every kind of template', async () => {
    const cases: [string, number, string][] = [
      ['{year}-{seq:6}', 123, '2026-000123'],
      // The width pads, never truncates.
      ['{year}-{seq:3}', 12345, '2026-12345'],
      ['АБ/{yy}/{seq}', 7, 'АБ/26/7'],
      ["O'Reilly-{seq:3}-{year}", 1, "O'Reilly-001-2026"],
      ['{seq:2}', 1_234_567, '1234567'],
      ['№{seq}\\x', 999_999, '№999999\\x'],
    ];
    for (const [template, seq, expected] of cases) {
      const [{ n }] = await t.db.query<{ n: string }[]>(
        `SELECT ${numberSql(template, 2026, '$1::int')} AS n`,
        [seq],
      );
      expect(n).toBe(expected);
    }
  });
});
