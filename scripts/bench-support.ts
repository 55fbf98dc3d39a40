// Shared by the benchmark scripts: a database to measure on, and percentiles.
import { chmodSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source.options';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { seedDefaults } from '../src/database/seed';

export interface BenchDb {
  ds: DataSource;
  config: AppConfig;
  url: string;
  close(): Promise<void>;
}

/**
 * DATABASE_URL when set, else an embedded server keeping its data in .data/bench-postgres
 * (BENCH_PG_DIR / BENCH_PG_PORT choose another, e.g. a separate 10 M-row data set).
 */
export async function openBenchDb(): Promise<BenchDb> {
  let embedded: EmbeddedPostgresHandle | null = null;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dir = path.resolve('.data');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
    embedded = await startEmbeddedPostgres({
      dataDir: process.env.BENCH_PG_DIR
        ? path.resolve(process.env.BENCH_PG_DIR)
        : path.join(dir, 'bench-postgres'),
      port: Number(process.env.BENCH_PG_PORT ?? 54339),
      database: 'appeals_bench',
      persistent: true,
    });
    url = embedded.url;
  }
  await runMigrations(url);
  const config = loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 4 } }));
  await ds.initialize();
  await seedDefaults(ds, config, new Date());
  return {
    ds,
    config,
    url,
    close: async () => {
      await ds.destroy();
      await embedded?.stop();
    },
  };
}

export function percentiles(samples: number[]): {
  p50: number;
  p95: number;
  p99: number;
  max: number;
} {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] };
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
}

export function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
