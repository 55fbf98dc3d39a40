// Recomputes the report rollup from the appeals for a period (issue 25, docs/reports.md):
//   npm run reports:rebuild -- --from 2026-01-01 --to 2026-03-31   (local registration dates)
//   npm run reports:rebuild -- --all
// For repairs and after loads that bypass the triggers. Writes to appeals wait while it runs.
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source.options';
import { rebuildRollup } from '../src/reports/rollup/rollup.queries';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

async function main(): Promise<void> {
  const all = process.argv.includes('--all');
  const from = all ? '-infinity' : arg('from');
  const to = all ? 'infinity' : arg('to');
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (!all && !(from && to && date.test(from) && date.test(to) && from <= to)) {
    console.error('Usage: npm run reports:rebuild -- --from YYYY-MM-DD --to YYYY-MM-DD | --all');
    process.exit(2);
  }
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('Set DATABASE_URL');
  const ds = new DataSource(dataSourceOptions(config.databaseUrl));
  await ds.initialize();
  try {
    const t0 = performance.now();
    // With APP_TIMEZONE: a changed zone moves every local date, so only --all may switch it.
    const n = await rebuildRollup(ds, from!, to!, all ? config.timeZone : undefined);
    console.log(
      `Report rollup ${from}…${to}: ${n} rows in ${Math.round(performance.now() - t0)} ms`,
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
