// Report latency and export throughput at scale (issue 6): npm run bench:reports -- --appeals 1000000
import 'reflect-metadata';
import autocannon from 'autocannon';
import * as argon2 from 'argon2';
import { performance } from 'node:perf_hooks';
import { argNumber, machine, openBenchDb, percentiles } from './bench-support';
import { compactOpenCounts } from '../src/reports/open-counts.compactor';
import { compactRollup } from '../src/reports/rollup/rollup.queries';
import { bulkLoad } from './seed-bulk';
import { listenBenchApp } from './bench/bench-api';

async function main(): Promise<void> {
  const total = argNumber('appeals', 1_000_000);
  const db = await openBenchDb();
  await bulkLoad(db.ds, total, process.argv.includes('--fresh'));
  // Steady state: the compactions run every minute in the application (RollupCompactor).
  await compactRollup(db.ds);
  await compactOpenCounts(db.ds);
  await db.ds.query(
    `INSERT INTO users (login, password_hash, full_name, roles) VALUES ('bench-supervisor', $1, 'Супервизор', '{supervisor}')
     ON CONFLICT (login) DO NOTHING`,
    [await argon2.hash('bench-supervisor-password')],
  );
  const { app, base } = await listenBenchApp(db, { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'bench-supervisor', password: 'bench-supervisor-password' }),
  });
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const auth = { authorization: `Bearer ${token}` };
  const [{ n: rows }] = await db.ds.query<{ n: number }[]>(
    'SELECT count(*)::int AS n FROM appeals',
  );
  const [{ n: overdue }] = await db.ds.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM appeals WHERE status IN ('registered','under_review','assigned','in_progress') AND due_date < now()::date`,
  );

  const load = async (path: string, seconds: number) => {
    const r = await autocannon({
      url: `${base}${path}`,
      headers: auth,
      connections: 10,
      duration: seconds,
    });
    return {
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors + r.non2xx,
    };
  };
  const sequential = async (path: string, n: number) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}${path}`, { headers: auth });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      times.push(performance.now() - t0);
    }
    return percentiles(times);
  };
  const exportRun = async (path: string) => {
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, { headers: auth });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
    const ms = performance.now() - t0;
    clearInterval(timer);
    return { ms, bytes, lines, peakExtraMiB: (peak - rssBefore) / 2 ** 20 };
  };

  const today = new Date();
  const yearAgo = new Date(today.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
  const quarterAgo = new Date(today.getTime() - 91 * 86_400_000).toISOString().slice(0, 10);
  const todayIso = today.toISOString().slice(0, 10);

  await sequential('/api/v1/reports/overdue', 5); // warm-up
  await sequential(`/api/v1/reports/sla-summary?from=${yearAgo}&to=${todayIso}`, 3);
  const overdueSeq = await sequential('/api/v1/reports/overdue', 40);
  const overdueLoad = await load('/api/v1/reports/overdue', 15);
  const atRisk = await sequential('/api/v1/reports/at-risk', 30);
  const summary = await sequential(
    `/api/v1/reports/sla-summary?from=${quarterAgo}&to=${todayIso}`,
    argNumber('summary-runs', 30),
  );
  // Issue 25: the summary and trends from the rollup, one user and 10 connections.
  const weeksAgo = new Date(today.getTime() - 83 * 86_400_000).toISOString().slice(0, 10);
  const summaryYearPath = `/api/v1/reports/sla-summary?from=${yearAgo}&to=${todayIso}`;
  const trendsPath = `/api/v1/reports/trends?from=${weeksAgo}&to=${todayIso}&bucket=week&groupBy=channel`;
  const summaryYear = await sequential(summaryYearPath, 30);
  const summaryByAssignee = await sequential(`${summaryYearPath}&groupBy=assignee`, 30);
  const trends = await sequential(trendsPath, 30);
  const summaryLoad = await load(summaryYearPath, 15);
  const trendsLoad = await load(trendsPath, 15);
  const csv = await exportRun(`/api/v1/reports/journal?from=${yearAgo}&to=${todayIso}&format=csv`);
  const xlsx = await exportRun(
    `/api/v1/reports/journal?from=${quarterAgo}&to=${todayIso}&format=xlsx`,
  );

  const plan = async (sql: string, params: unknown[]) =>
    (await db.ds.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params))
      .map((r) => r['QUERY PLAN'])
      .join('\n');
  const { OVERDUE_ITEMS, OVERDUE_TOTALS, OVERDUE_TOTALS_FROM_APPEALS } =
    await import('../src/reports/reports.sql');
  const overduePlan = await plan(OVERDUE_ITEMS, [todayIso, null, null, null, null, 51, null]);
  const totalsPlan = await plan(OVERDUE_TOTALS, [todayIso, null]);
  const oldTotalsPlan = await plan(OVERDUE_TOTALS_FROM_APPEALS, [todayIso, null]);
  // The totals alone, from the counts and (as before) from the open-appeals index, alternated.
  const timeQuery = async (sql: string): Promise<number> => {
    const t0 = performance.now();
    await db.ds.query(sql, [todayIso, null]);
    return performance.now() - t0;
  };
  const fromCounts: number[] = [];
  const fromAppeals: number[] = [];
  for (let i = 0; i < 20; i++) {
    fromCounts.push(await timeQuery(OVERDUE_TOTALS));
    fromAppeals.push(await timeQuery(OVERDUE_TOTALS_FROM_APPEALS));
  }
  const [{ n: countRows }] = await db.ds.query<{ n: number }[]>(
    'SELECT count(*)::int AS n FROM appeal_open_counts',
  );

  const f = (x: number): string => x.toFixed(1);
  console.log(`\nMachine: ${machine()}`);
  console.log(`Appeals: ${rows}; overdue open: ${overdue}; appeal_open_counts rows: ${countRows}`);
  const c = percentiles(fromCounts);
  const a = percentiles(fromAppeals);
  console.log(
    `Overdue totals query alone, 20 runs: from appeal_open_counts p50 ${f(c.p50)} ms, max ${f(c.max)} ms; from the appeals (index-only scan, before) p50 ${f(a.p50)} ms, max ${f(a.max)} ms`,
  );
  console.log(
    `GET /reports/overdue (first page + totals), 10 connections, 15 s: ${f(overdueLoad.rps)} req/s, p50 ${overdueLoad.p50} ms, p99 ${overdueLoad.p99} ms, errors ${overdueLoad.errors}`,
  );
  console.log(
    `GET /reports/overdue sequential (one user): p50 ${f(overdueSeq.p50)} ms, p99 ${f(overdueSeq.p99)} ms`,
  );
  console.log(`GET /reports/at-risk sequential: p50 ${f(atRisk.p50)} ms, p99 ${f(atRisk.p99)} ms`);
  console.log(
    `GET /reports/sla-summary (91 days) sequential: p50 ${f(summary.p50)} ms, p99 ${f(summary.p99)} ms`,
  );
  const [{ n: rollupRows }] = await db.ds.query<{ n: number }[]>(
    `SELECT concat_ws(', ', (SELECT count(*) FROM report_rollups) || ' counts',
            (SELECT count(*) FROM report_rollup_days) || ' days-to-answer',
            (SELECT count(*) FROM report_rollup_deltas) || ' deltas') AS n`,
  );
  console.log(`report rollup rows: ${rollupRows}`);
  console.log(
    `GET /reports/sla-summary (365 days) sequential: p50 ${f(summaryYear.p50)} ms, p99 ${f(summaryYear.p99)} ms; by assignee p50 ${f(summaryByAssignee.p50)} ms, p99 ${f(summaryByAssignee.p99)} ms`,
  );
  console.log(
    `GET /reports/trends (12 weeks, by channel) sequential: p50 ${f(trends.p50)} ms, p99 ${f(trends.p99)} ms`,
  );
  console.log(
    `GET /reports/sla-summary (365 days), 10 connections, 15 s: ${f(summaryLoad.rps)} req/s, p50 ${summaryLoad.p50} ms, p99 ${summaryLoad.p99} ms, errors ${summaryLoad.errors}`,
  );
  console.log(
    `GET /reports/trends (12 weeks), 10 connections, 15 s: ${f(trendsLoad.rps)} req/s, p50 ${trendsLoad.p50} ms, p99 ${trendsLoad.p99} ms, errors ${trendsLoad.errors}`,
  );
  console.log(
    `Journal CSV, 365 days: ${csv.lines - 1} rows in ${f(csv.ms)} ms = ${Math.round(((csv.lines - 1) / csv.ms) * 1000)} rows/s, ${f(csv.bytes / 2 ** 20)} MiB, peak extra RSS ${f(csv.peakExtraMiB)} MiB`,
  );
  console.log(
    `Journal XLSX, 91 days: ${f(xlsx.ms)} ms, ${f(xlsx.bytes / 2 ** 20)} MiB, peak extra RSS ${f(xlsx.peakExtraMiB)} MiB`,
  );
  console.log(`\nOverdue items plan:\n${overduePlan}\n\nOverdue totals plan:\n${totalsPlan}`);
  console.log(`\nOverdue totals from the appeals (before), plan:\n${oldTotalsPlan}`);
  await app.close();
  await db.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
