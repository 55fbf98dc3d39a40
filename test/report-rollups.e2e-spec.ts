import { DataSource } from 'typeorm';
import { STATUSES } from '../src/appeals/appeal.enums';
import { CHANNELS } from '../src/channels/channel.registry';
import { dataSourceOptions } from '../src/database/data-source.options';
import { slaSummarySql } from '../src/reports/reports.sql';
import { toSummary, type SummaryRow } from '../src/reports/reports.service';
import { REJECTION_REASONS } from '../src/rules/rejection-reasons';
import { APPEAL_KINDS } from '../src/sla/sla-policy.entity';
import {
  bucketsOf,
  compactRollup,
  ensureRollupZone,
  rebuildRollup,
  rollupSummaryRows,
  rollupTrends,
} from '../src/reports/rollup/rollup.queries';
import { GROUP_BY } from '../src/reports/reports.dto';
import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/** A deterministic generator (mulberry32): the same "random" periods on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const sqlList = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(', ')}]`;

/**
 * The SLA summary from the rollup (issue 25) must equal the query over the appeals
 * (slaSummarySql, kept as the reference) for every grouping and period, and the rollup kept by
 * the triggers must equal one recomputed from the appeals — after workflow steps, imports,
 * multi-row SQL of every kind, extensions, and concurrent writers on two pools.
 */
describe('report rollups', () => {
  let t: TestApp;
  let key: string;
  let clerk: string;
  let second: DataSource;
  let departments: string[];
  let officers: string[];

  const register = async (channel: 'web' | 'post', over: Record<string, unknown> = {}) => {
    const req = t.http.post('/api/v1/appeals');
    const res = await (
      channel === 'web' ? req.set('X-API-Key', key) : req.auth(clerk, { type: 'bearer' })
    )
      .send(appealBody(channel, over))
      .expect(201);
    return res.body as { id: string };
  };

  /** Every folded row of both tables, as lines (after a compaction): to compare with a rebuild. */
  const rollupRows = async (): Promise<string[]> => {
    await compactRollup(t.db);
    return (
      await t.db.query<{ k: string }[]>(
        `SELECT concat_ws('|', grain, day, department_id, dim, value, status, rejection_reason,
                due_date, n, on_time, late, extended, registration_late, forwarding_late) AS k
           FROM report_rollups
         UNION ALL
         SELECT concat_ws('|', 'days', grain, day, department_id, dim, value, days, n)
           FROM report_rollup_days
         ORDER BY 1`,
      )
    ).map((r) => r.k);
  };

  /**
   * Week and month rows that differ from the sum of their days, in a table with the key `key`
   * and the measures `measures` (empty when exact).
   */
  const grainOff = (table: string, key: string, measures: string[]): Promise<unknown[]> =>
    t.db.query(
      `SELECT grain, day, ${key} FROM (
         SELECT grain, day, ${key}, ${measures.join(', ')} FROM ${table} WHERE grain <> 'day'
         UNION ALL
         SELECT g.grain, date_trunc(g.grain, day::timestamp)::date, ${key},
                ${measures.map((m) => `-${m}`).join(', ')}
           FROM ${table}, (VALUES ('week'), ('month')) g(grain) WHERE ${table}.grain = 'day') x
        GROUP BY grain, day, ${key}
       HAVING ${measures.map((m) => `sum(${m}) <> 0`).join(' OR ')}`,
    );
  const grainsOff = async (): Promise<unknown[]> => [
    ...(await grainOff(
      'report_rollups',
      'department_id, dim, value, status, rejection_reason, due_date',
      ['n', 'on_time', 'late', 'extended', 'registration_late', 'forwarding_late'],
    )),
    ...(await grainOff('report_rollup_days', 'department_id, dim, value, days', ['n'])),
  ];

  const expectRollupExact = async () => {
    const kept = await rollupRows();
    expect(kept.length).toBeGreaterThan(0);
    expect(await grainsOff()).toEqual([]);
    await rebuildRollup(t.db, '-infinity', 'infinity');
    expect(await rollupRows()).toEqual(kept);
    expect(await grainsOff()).toEqual([]);
  };

  const bothWays = async (
    groupBy: (typeof GROUP_BY)[number],
    p: { today: string; dept: string | null; from: string; to: string },
  ) => {
    const tz = t.config.timeZone;
    const reference = await t.db.query<SummaryRow[]>(slaSummarySql(groupBy), [
      p.today,
      p.dept,
      p.from,
      p.to,
      tz,
    ]);
    const rollup = await rollupSummaryRows(t.db, groupBy, { ...p, timeZone: tz });
    return { reference: reference.map(toSummary), rollup: rollup.map(toSummary) };
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-03-02T10:00:00+03:00' });
    key = (await t.createApiKey(['web'])).key;
    clerk = (await t.createStaff(['clerk'])).token;
    departments = [await t.departmentId('billing'), await t.departmentId('technical')];
    officers = [];
    for (const d of departments)
      for (let i = 0; i < 3; i++)
        officers.push((await t.createStaff(['officer'], { departmentId: d })).id);
    second = new DataSource(
      dataSourceOptions((t.db.options as { url: string }).url, { extra: { max: 8 } }),
    );
    await second.initialize();

    // Through the API: web and post, three topics, over a fortnight (around local midnight too).
    const topics = ['billing', 'meters', 'other'];
    for (let i = 0; i < 24; i++) {
      t.clock.set(
        new Date(Date.parse('2026-03-02T23:30:00+03:00') + i * 13 * 3600_000).toISOString(),
      );
      await register(i % 3 === 0 ? 'post' : 'web', { topicCode: topics[i % 3] });
    }
    // A legacy import (answered, rejected).
    await t.http
      .post('/api/v1/appeals/import')
      .auth(t.adminToken, { type: 'bearer' })
      .send({
        appeals: [
          {
            ...appealBody('post', { topicCode: 'billing' }),
            regNumber: 'OLD-R1',
            registeredAt: '2026-02-20T10:00:00+03:00',
            status: 'answered',
            answer: {
              text: 'Разъяснено',
              outcome: 'explained',
              answeredAt: '2026-03-30T10:00:00+03:00',
            },
          },
          {
            ...appealBody('post', { topicCode: 'meters' }),
            regNumber: 'OLD-R2',
            registeredAt: '2026-02-21T10:00:00+03:00',
            status: 'rejected',
            rejection: { reason: 'illegible' },
          },
        ],
      })
      .expect(201);
    // Many more, one multi-row INSERT (as a bulk import would): copies of the registered ones.
    const cols = (
      await t.db.query<{ c: string }[]>(
        `SELECT column_name AS c FROM information_schema.columns
          WHERE table_name = 'appeals' AND column_name NOT IN ('id', 'reg_number', 'reg_seq', 'external_refs')
            AND is_generated = 'NEVER'`,
      )
    ).map((r) => `"${r.c}"`);
    await t.db.query(
      `INSERT INTO appeals (reg_number, ${cols.join(', ')})
       SELECT 'GEN-' || g || '-' || a.reg_number, ${cols.map((c) => `a.${c}`).join(', ')}
         FROM appeals a, generate_series(1, 12) g WHERE a.reg_number NOT LIKE 'OLD-%'`,
    );
    // Every kind of change, as multi-row statements (deterministic: setseed).
    await t.db.query(`SELECT setseed(0.25)`);
    await t.db.query(
      `UPDATE appeals SET registered_at = registered_at - interval '1 hour' * floor(random() * 24 * 40),
              received_at = received_at - interval '1 hour' * floor(random() * 24 * 40)`,
    );
    await t.db.query(
      `UPDATE appeals SET status = (${sqlList(STATUSES)})[1 + floor(random() * ${STATUSES.length})],
              channel = (${sqlList(CHANNELS)})[1 + floor(random() * ${CHANNELS.length})],
              kind = (${sqlList(APPEAL_KINDS)})[1 + floor(random() * ${APPEAL_KINDS.length})],
              department_id = CASE WHEN random() < 0.1 THEN NULL ELSE (${sqlList(departments)})[1 + floor(random() * 2)]::uuid END,
              assignee_id = CASE WHEN random() < 0.3 THEN NULL ELSE (${sqlList(officers)})[1 + floor(random() * 6)]::uuid END,
              topic_code = CASE WHEN random() < 0.05 THEN NULL ELSE topic_code END,
              due_date = CASE WHEN random() < 0.05 THEN NULL ELSE (registered_at + interval '1 day' * floor(random() * 40))::date END,
              registration_late = random() < 0.1, forwarding_late = random() < 0.1
        WHERE reg_number NOT LIKE 'OLD-%'`,
    );
    await t.db.query(
      `UPDATE appeals SET answered_at = registered_at + interval '1 hour' * floor(random() * 24 * 50 - 24)
        WHERE status = 'answered' AND reg_number NOT LIKE 'OLD-%'`,
    );
    await t.db.query(
      `UPDATE appeals SET rejection_reason = (${sqlList(REJECTION_REASONS)})[1 + floor(random() * ${REJECTION_REASONS.length})]
        WHERE status = 'rejected' AND reg_number NOT LIKE 'OLD-%'`,
    );
    // Reassignments and due-date changes of some, one row at a time.
    const some = await t.db.query<{ id: string }[]>(
      `SELECT id FROM appeals ORDER BY reg_number LIMIT 40`,
    );
    for (const [i, a] of some.entries()) {
      await t.db.query(
        `UPDATE appeals SET assignee_id = $2, due_date = due_date + $3::int WHERE id = $1`,
        [a.id, officers[i % officers.length], (i % 5) - 2],
      );
    }
    // Extensions: approved, pending, approved then refused, deleted.
    const ext = await t.db.query<{ id: string }[]>(
      `SELECT id FROM appeals ORDER BY reg_number DESC LIMIT 30`,
    );
    for (const [i, a] of ext.entries()) {
      await t.db.query(
        `INSERT INTO appeal_extensions (appeal_id, days, reason, status, previous_due_date, new_due_date, requested_by)
         VALUES ($1, 10, 'экспертиза', $2, '2026-04-01', '2026-04-11', $3)`,
        [a.id, i % 3 === 0 ? 'pending' : 'approved', officers[0]],
      );
      if (i % 3 === 0 && i % 2 === 0)
        await t.db.query(
          `INSERT INTO appeal_extensions (appeal_id, days, reason, status, previous_due_date, new_due_date, requested_by)
           VALUES ($1, 5, 'второе', 'approved', '2026-04-11', '2026-04-16', $2)`,
          [a.id, officers[1]],
        );
    }
    await t.db.query(
      `UPDATE appeal_extensions SET status = 'rejected' WHERE appeal_id IN
         (SELECT id FROM appeals ORDER BY reg_number DESC LIMIT 6) AND status = 'approved'`,
    );
    await t.db.query(
      `DELETE FROM appeal_extensions WHERE appeal_id IN
         (SELECT id FROM appeals ORDER BY reg_number DESC OFFSET 6 LIMIT 4)`,
    );
    // Late and running clocks, for lateByClock.
    await t.db.query(
      `INSERT INTO appeal_clocks (appeal_id, name, due_date, started_at, late, met_at)
       SELECT id, (ARRAY['forwarding', 'court_return', 'illegible_notice', 'authority_control'])[1 + floor(random() * 4)],
              (registered_at + interval '7 days')::date, registered_at, random() < 0.5,
              CASE WHEN random() < 0.5 THEN registered_at + interval '3 days' END
         FROM appeals WHERE random() < 0.3
       ON CONFLICT DO NOTHING`,
    );
    // A few deleted.
    await t.db.query(
      `DELETE FROM appeals a WHERE reg_number LIKE 'GEN-1-%' AND NOT EXISTS
         (SELECT 1 FROM appeal_extensions e WHERE e.appeal_id = a.id)
         AND NOT EXISTS (SELECT 1 FROM appeal_clocks c WHERE c.appeal_id = a.id)
         AND NOT EXISTS (SELECT 1 FROM appeal_events e WHERE e.appeal_id = a.id)
         AND NOT EXISTS (SELECT 1 FROM appeals d WHERE d.duplicate_of_id = a.id)`,
    );
  }, 120_000);
  afterAll(async () => {
    await second.destroy();
    await t.close();
  });

  it('keeps the rollup equal to one recomputed from the appeals', async () => {
    const [{ n }] = await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM appeals');
    expect(n).toBeGreaterThan(250);
    await expectRollupExact();
    // A rebuild of part of a period (whose months it recomputes) after a compaction.
    await compactRollup(t.db);
    await rebuildRollup(t.db, '2026-02-10', '2026-03-05');
    await expectRollupExact();
  });

  it('serves the SLA summary equal to the query over appeals, for random periods and every grouping', async () => {
    const rnd = prng(25);
    const day = (offset: number) =>
      new Date(Date.parse('2026-01-15T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
    let compared = 0;
    // Changes not folded yet: the first half of the comparisons reads them as deltas.
    await t.db.query(
      `UPDATE appeals SET status = 'answered', answered_at = registered_at + interval '9 days'
        WHERE id IN (SELECT id FROM appeals WHERE status = 'in_progress' ORDER BY id LIMIT 15)`,
    );
    expect(await t.db.query('SELECT 1 FROM report_rollup_deltas LIMIT 1')).toHaveLength(1);
    for (let i = 0; i < 24; i++) {
      const a = Math.floor(rnd() * 70);
      const p = {
        from: day(a),
        to: day(a + Math.floor(rnd() * 60)),
        today: day(40 + Math.floor(rnd() * 80)),
        dept: rnd() < 0.3 ? departments[i % 2] : null,
      };
      if (i === 12) await compactRollup(t.db); // half of them read folded rows
      // Whole months (folded: from the monthly rows) and days at both edges.
      if (i === 0 || i === 12) Object.assign(p, { from: '2026-01-20', to: '2026-03-31' });
      for (const g of GROUP_BY) {
        const { reference, rollup } = await bothWays(g, p);
        expect({ g, p, rollup }).toEqual({ g, p, rollup: reference });
        compared += reference.length;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('gives the same weekly and monthly trends from the coarser rows as from the days', async () => {
    // Neither end on a week's or a month's edge.
    const p = { today: '2026-04-01', dept: null, from: '2026-01-07', to: '2026-03-27' };
    const bucketOf = (day: string, bucket: 'week' | 'month'): string => {
      const d = new Date(`${day}T00:00:00Z`);
      if (bucket === 'month') d.setUTCDate(1);
      else d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      return d.toISOString().slice(0, 10);
    };
    for (const g of ['channel', 'department', 'kind', 'topic'] as const) {
      const days = await rollupTrends(t.db, g, 'day', p);
      for (const bucket of ['week', 'month'] as const) {
        const coarse = await rollupTrends(t.db, g, bucket, p);
        const summed = days.map((s) => ({
          key: s.key,
          points: bucketsOf(p.from, p.to, bucket).map((b) =>
            s.points
              .filter((x) => bucketOf(x.bucket, bucket) === b)
              .reduce(
                (a, x) => [a[0] + x.registered, a[1] + x.answered, a[2] + x.openOverdue],
                [0, 0, 0],
              ),
          ),
        }));
        expect({
          bucket,
          series: coarse.map((s) => ({
            key: s.key,
            points: s.points.map((x) => [x.registered, x.answered, x.openOverdue]),
          })),
        }).toEqual({ bucket, series: summed });
        expect(summed.flatMap((s) => s.points.map((m) => m[0])).some((n) => n > 0)).toBe(true);
      }
    }
  });

  it('stays exact under concurrent registrations, status changes and compactions on two pools', async () => {
    t.clock.set('2026-04-20T10:00:00+03:00');
    const ids = await t.db.query<{ id: string }[]>(
      `SELECT id FROM appeals WHERE reg_number LIKE 'GEN-2-%' ORDER BY id LIMIT 40`,
    );
    await Promise.all([
      ...Array.from({ length: 24 }, (_, i) =>
        register(i % 2 ? 'web' : 'post', { topicCode: 'meters' }),
      ),
      ...ids.map((a, i) =>
        (i % 2 ? second : t.db).query(
          `UPDATE appeals SET status = $2, assignee_id = $3, answered_at = now() WHERE id = $1`,
          [a.id, i % 3 ? 'answered' : 'in_progress', officers[i % officers.length]],
        ),
      ),
      compactRollup(t.db),
      compactRollup(second),
      second.query(`UPDATE appeals SET due_date = due_date + 1 WHERE reg_number LIKE 'GEN-3-%'`),
    ]);
    await expectRollupExact();
    // After a compaction no key is left at zero (the reassigned appeals' old keys).
    await compactRollup(t.db);
    await t.db.query(`UPDATE appeals SET assignee_id = $1 WHERE reg_number LIKE 'GEN-4-%'`, [
      officers[5],
    ]);
    await compactRollup(t.db);
    expect(
      await t.db.query(
        'SELECT 1 FROM report_rollups WHERE n = 0 UNION ALL SELECT 1 FROM report_rollup_days WHERE n = 0',
      ),
    ).toEqual([]);
    await expectRollupExact();
    const { reference, rollup } = await bothWays('assignee', {
      today: '2026-04-20',
      dept: null,
      from: '2026-01-01',
      to: '2026-04-30',
    });
    expect(rollup).toEqual(reference);
  });

  it('is rebuilt at start once when its zone is unset, however many instances start', async () => {
    const kept = await rollupRows();
    const tz = t.config.timeZone;
    expect(await ensureRollupZone(t.db, tz)).toBeNull(); // kept in this zone: nothing to do
    // As after migration ReportRollupsByGroup: two instances starting together.
    await t.db.query(`UPDATE report_rollup_settings SET time_zone = ''`);
    const runs = await Promise.all([ensureRollupZone(t.db, tz), ensureRollupZone(second, tz)]);
    expect(runs.filter((r) => r === null)).toHaveLength(1);
    expect(runs.find((r) => r !== null)).toBeGreaterThan(0);
    expect(await rollupRows()).toEqual(kept);
  });

  it('empties with TRUNCATE of appeals', async () => {
    // Last: the other tests need the data. TRUNCATE … CASCADE as seed:bulk --fresh does.
    await t.db.query('TRUNCATE appeals, appeal_events, appeal_extensions, appeal_clocks CASCADE');
    expect(
      await t.db.query(
        'SELECT 1 FROM report_rollups UNION ALL SELECT 1 FROM report_rollup_days UNION ALL SELECT 1 FROM report_rollup_deltas',
      ),
    ).toEqual([]);
  });
});
