// The rollup's rebuild at scale (issue 25): npm run bench:rollup-rebuild (BENCH_PG_DIR as for
// bench:reports). Times `--all`, a month's rebuild and a compaction of a day's changes.
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { machine, openBenchDb } from './bench-support';
import { compactRollup, rebuildRollup } from '../src/reports/rollup/rollup.queries';

async function main(): Promise<void> {
  const db = await openBenchDb();
  try {
    const timed = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const r = await f();
      console.log(`${label}: ${JSON.stringify(r)} in ${Math.round(performance.now() - t0)} ms`);
      return r;
    };
    const [{ n }] = await db.ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM appeals');
    console.log(`Machine: ${machine()}; appeals: ${n}`);
    await timed('rebuild --all (rows written)', () =>
      rebuildRollup(db.ds, '-infinity', 'infinity', db.config.timeZone),
    );
    const month = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 7);
    await timed(`rebuild ${month} (rows written)`, () =>
      rebuildRollup(db.ds, `${month}-01`, `${month}-28`),
    );
    // A day of a big utility's changes: 2,000 status changes, one statement each.
    const ids = await db.ds.query<{ id: string }[]>(
      `SELECT id FROM appeals WHERE status = 'in_progress' ORDER BY id LIMIT 2000`,
    );
    for (const { id } of ids)
      await db.ds.query(
        `UPDATE appeals SET status = 'answered', answered_at = now() WHERE id = $1`,
        [id],
      );
    await timed('compaction of 2,000 status changes', () => compactRollup(db.ds));
    const rows = await db.ds.query<{ t: string; grain: string; n: number }[]>(
      `SELECT 'counts' AS t, grain, count(*)::int AS n FROM report_rollups GROUP BY grain
       UNION ALL SELECT 'days', grain, count(*)::int FROM report_rollup_days GROUP BY grain
       ORDER BY 1, 2`,
    );
    console.log(rows.map((r) => `${r.t} ${r.grain}: ${r.n}`).join('; '));
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
