import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.options';
import { compactOpenCounts } from '../src/reports/open-counts.compactor';
import {
  COMPACT_OPEN_COUNTS,
  OPEN_COUNT_ROWS,
  OVERDUE_TOTALS_FROM_APPEALS,
} from '../src/reports/reports.sql';
import { compactRollup } from '../src/reports/rollup/rollup.queries';
import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

const OPEN = `('registered', 'under_review', 'assigned', 'in_progress')`;

/**
 * The overdue totals read the open counts (OPEN_COUNT_ROWS: `appeal_open_counts` and the report
 * rollup's deltas the rollup's compaction has not moved there yet), kept by the rollup's
 * statement triggers on appeals and folded by compactions (issues 6 and 25, 10 M appeals). The counts must equal a count of the appeals after
 * any mix of workflow steps, raw SQL, concurrent writers and concurrent compactions.
 */
describe('open counts behind the overdue totals', () => {
  let t: TestApp;
  let key: string;
  let head: string;
  let supervisor: string;
  let officers: { id: string; token: string }[];
  let technical: string;
  let billing: string;
  let second: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-04-10T10:00:00+03:00' });
    key = (await t.createApiKey(['web'])).key;
    technical = await t.departmentId('technical');
    billing = await t.departmentId('billing');
    head = (await t.createStaff(['head'], { departmentId: technical })).token;
    supervisor = (await t.createStaff(['supervisor'])).token;
    officers = [];
    for (let i = 0; i < 3; i++)
      officers.push(await t.createStaff(['officer'], { departmentId: technical }));
    // A second pool on the same database: another API instance.
    second = new DataSource(
      dataSourceOptions((t.db.options as { url: string }).url, { extra: { max: 8 } }),
    );
    await second.initialize();
  });
  afterAll(async () => {
    await second.destroy();
    await t.close();
  });

  const register = async (over: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web', { topicCode: 'meters', ...over }))
        .expect(201)
    ).body as { id: string; assigneeId: string | null };
  const act = (id: string, action: string, token: string, body: object = {}) =>
    t.http.post(`/api/v1/appeals/${id}/${action}`).auth(token, { type: 'bearer' }).send(body);

  /** Keys whose counted deltas differ from the open appeals themselves (empty when exact). */
  const mismatches = (): Promise<unknown[]> =>
    t.db.query(
      `SELECT department_id, assignee_id, due_date::text, sum(n)::int AS diff FROM (
         SELECT department_id, assignee_id, due_date, delta AS n FROM (${OPEN_COUNT_ROWS}) c
         UNION ALL
         SELECT department_id, assignee_id, due_date, -1 FROM appeals
          WHERE status IN ${OPEN} AND due_date IS NOT NULL) x
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0`,
    );
  const rowsPerKey = async (): Promise<number> => {
    const [{ n }] = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM appeal_open_counts
         GROUP BY department_id, assignee_id, due_date HAVING count(*) > 1 OR sum(delta) = 0) k`,
    );
    return n;
  };
  const overdueTotals = async () => {
    const res = await t.http
      .get('/api/v1/reports/overdue')
      .auth(supervisor, { type: 'bearer' })
      .expect(200);
    return res.body as {
      total: number;
      totals: {
        byDepartment: { departmentId: string | null; count: number }[];
        byAssignee: { assigneeId: string | null; count: number }[];
      };
    };
  };
  const reference = async (today: string) => {
    const rows = await t.db.query<
      {
        by_department: number;
        department_id: string | null;
        assignee_id: string | null;
        count: number;
      }[]
    >(OVERDUE_TOTALS_FROM_APPEALS, [today, null]);
    const sort = <T extends { count: number }>(xs: T[]) =>
      xs.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return {
      byDepartment: sort(
        rows
          .filter((r) => r.by_department === 1)
          .map((r) => ({ departmentId: r.department_id, count: r.count })),
      ),
      byAssignee: sort(
        rows
          .filter((r) => r.by_department === 0)
          .map((r) => ({ assigneeId: r.assignee_id, count: r.count })),
      ),
    };
  };

  it('matches the appeals after registration, assignment, start, answer, extension, forwarding and raw SQL', async () => {
    const a: { id: string; assigneeId: string | null }[] = [];
    for (let i = 0; i < 8; i++) a.push(await register());
    const other = officers.find((o) => o.id !== a[0].assigneeId)!;
    await act(a[0].id, 'assign', head, { assigneeId: other.id }).expect(200);
    const starter = officers.find((o) => o.id === a[1].assigneeId)!;
    await act(a[1].id, 'start', starter.token).expect(200);
    await act(a[2].id, 'answer', head, { text: 'Сделано', outcome: 'supported' }).expect(200);
    await act(a[3].id, 'forward', head, {
      organization: 'Водоканал',
      reason: 'не наша компетенция',
    }).expect(200);
    await t.http
      .post(`/api/v1/appeals/${a[4].id}/extensions`)
      .auth(head, { type: 'bearer' })
      .send({ days: 10, reason: 'экспертиза' })
      .expect(201);
    expect(await mismatches()).toEqual([]);

    // Several rows in one statement, keys moving between departments, dates and assignees.
    await t.db.query(
      `UPDATE appeals SET due_date = due_date - 40, department_id = $2, assignee_id = NULL
        WHERE id = ANY($1)`,
      [[a[5].id, a[6].id], billing],
    );
    await t.db.query(`UPDATE appeals SET due_date = due_date - 40 WHERE id = ANY($1)`, [
      [a[0].id, a[1].id, a[7].id],
    ]);
    // An update that changes nothing counted appends nothing.
    const [{ before }] = await t.db.query<{ before: number }[]>(
      `SELECT count(*)::int AS before FROM (${OPEN_COUNT_ROWS}) c`,
    );
    await t.db.query(`UPDATE appeals SET version = version WHERE id = ANY($1)`, [
      a.map((x) => x.id),
    ]);
    const [{ after }] = await t.db.query<{ after: number }[]>(
      `SELECT count(*)::int AS after FROM (${OPEN_COUNT_ROWS}) c`,
    );
    expect(after).toBe(before);
    expect(await mismatches()).toEqual([]);

    // The report's totals equal a count over the appeals, before and after compaction.
    const expected = await reference('2026-04-10');
    const sorted = (r: Awaited<ReturnType<typeof overdueTotals>>) => ({
      byDepartment: [...r.totals.byDepartment]
        .map(({ departmentId, count }) => ({ departmentId, count }))
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
      byAssignee: [...r.totals.byAssignee]
        .map(({ assigneeId, count }) => ({ assigneeId, count }))
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    });
    const beforeCompaction = await overdueTotals();
    expect(beforeCompaction.total).toBe(5);
    expect(sorted(beforeCompaction)).toEqual(expected);
    // Counted from the rollup's deltas until its compaction moves them into the counts.
    const [{ waiting }] = await t.db.query<{ waiting: number }[]>(
      'SELECT count(*)::int AS waiting FROM report_rollup_deltas WHERE due_date IS NOT NULL',
    );
    expect(waiting).toBeGreaterThan(0);
    expect(await compactRollup(t.db)).toMatchObject({ folded: expect.any(Number) });
    expect(sorted(await overdueTotals())).toEqual(expected);
    expect(await compactOpenCounts(t.db)).toEqual({
      folded: expect.any(Number),
      written: expect.any(Number),
    });
    expect(await rowsPerKey()).toBe(0);
    expect(sorted(await overdueTotals())).toEqual(expected);
    expect(await mismatches()).toEqual([]);

    // Items are picked from the index first, then read: pages of 2 walk the same order.
    const all = await t.http
      .get('/api/v1/reports/overdue?limit=500')
      .auth(supervisor, { type: 'bearer' })
      .expect(200);
    const ids = (all.body.items as { appealId: string; dueDate: string }[]).map((i) => i.appealId);
    expect(ids).toHaveLength(5);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { appealId: string }[]; nextCursor: string | null } } =
        await t.http
          .get(`/api/v1/reports/overdue?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .auth(supervisor, { type: 'bearer' })
          .expect(200);
      paged.push(...page.body.items.map((i) => i.appealId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(ids);
  });

  it('stays exact under concurrent registrations, transfers in both directions and compactions on two instances', async () => {
    const seeds: { id: string; assigneeId: string | null }[] = [];
    for (let i = 0; i < 6; i++) seeds.push(await register());
    const [x, y] = officers;
    await t.db.query(
      `UPDATE appeals SET assignee_id = $2, status = 'assigned' WHERE id = ANY($1)`,
      [seeds.slice(0, 3).map((s) => s.id), x.id],
    );
    await t.db.query(
      `UPDATE appeals SET assignee_id = $2, status = 'assigned' WHERE id = ANY($1)`,
      [seeds.slice(3).map((s) => s.id), y.id],
    );
    // Transfers x → y and y → x in two statements each: counter rows updated in place would
    // deadlock here; appended deltas do not.
    const transfer = (ds: DataSource, to: string, ids: string[]) =>
      ds.transaction(async (em) => {
        await em.query(`UPDATE appeals SET assignee_id = $2 WHERE id = $1`, [ids[0], to]);
        await em.query(`UPDATE appeals SET assignee_id = $2 WHERE id = $1`, [ids[1], to]);
        await em.query('SELECT pg_sleep(0.02)');
        await em.query(
          `UPDATE appeals SET assignee_id = $2, status = 'in_progress'
                         WHERE id = $1`,
          [ids[2], to],
        );
      });
    let stop = false;
    const compactions = async (ds: DataSource, locked: boolean) => {
      let runs = 0;
      while (!stop) {
        // Without the advisory lock too: correctness must not depend on it. The rollup's
        // compaction moves deltas into the counts meanwhile.
        if (locked) await compactOpenCounts(ds);
        else await ds.query(COMPACT_OPEN_COUNTS);
        await compactRollup(ds);
        runs++;
      }
      return runs;
    };
    const load = Promise.all([
      ...Array.from({ length: 12 }, () => register()),
      ...Array.from({ length: 4 }, (_, k) =>
        k % 2 === 0
          ? transfer(
              t.db,
              y.id,
              seeds.slice(0, 3).map((s) => s.id),
            )
          : transfer(
              second,
              x.id,
              seeds.slice(3).map((s) => s.id),
            ),
      ),
      t.db.query(`UPDATE appeals SET status = 'answered' WHERE id = $1`, [seeds[0].id]),
    ]).finally(() => (stop = true));
    const [, runsA, runsB] = await Promise.all([
      load,
      compactions(t.db, true),
      compactions(second, false),
    ]);
    expect(runsA + runsB).toBeGreaterThan(0);
    expect(await mismatches()).toEqual([]);
    // The rollup's compaction moves the deltas into the counts, theirs folds the counts.
    await compactRollup(t.db);
    expect(await mismatches()).toEqual([]);
    await compactOpenCounts(second);
    expect(await rowsPerKey()).toBe(0);
    expect(await mismatches()).toEqual([]);
  });

  it('drops keys that reach zero and follows deletes and TRUNCATE', async () => {
    const a = await register();
    await act(a.id, 'answer', head, { text: 'Сделано', outcome: 'explained' }).expect(200);
    await compactRollup(t.db);
    await compactOpenCounts(t.db);
    const [{ zero }] = await t.db.query<{ zero: number }[]>(
      'SELECT count(*)::int AS zero FROM appeal_open_counts WHERE delta = 0',
    );
    expect(zero).toBe(0);
    expect(await mismatches()).toEqual([]);

    // Rows written by raw SQL, several in one statement (an import would), then deleted.
    await t.db.query(
      `INSERT INTO appeals
       SELECT (jsonb_populate_record(NULL::appeals, to_jsonb(a) || jsonb_build_object(
                 'id', gen_random_uuid(), 'reg_number', 'RAW-' || a.id, 'reg_seq', NULL))).*
         FROM appeals a WHERE a.status IN ${OPEN} LIMIT 3`,
    );
    expect(await mismatches()).toEqual([]);
    await t.db.query(`DELETE FROM appeals WHERE reg_number LIKE 'RAW-%'`);
    expect(await mismatches()).toEqual([]);
    await t.db.query(
      'TRUNCATE appeals, appeal_events, notifications, sla_alerts, appeal_extensions, attachments CASCADE',
    );
    const [{ n }] = await t.db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM appeal_open_counts',
    );
    expect(n).toBe(0);
    expect((await overdueTotals()).total).toBe(0);
  });
});
