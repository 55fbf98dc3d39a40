import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.options';
import { LockId } from './lock-ids';

/**
 * Runs pending migrations under a session advisory lock so that several instances starting at
 * once apply them exactly once; the others wait and then find nothing to do. They wait by asking
 * again every quarter second rather than in a blocking `pg_advisory_lock`: a blocked statement
 * keeps a transaction open, and `CREATE INDEX CONCURRENTLY` in a migration waits for every open
 * transaction to end — the instance holding the lock would wait for those waiting for it.
 */
const LOCK_RETRY_MS = 250;

export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 2 } }));
  await ds.initialize();
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    for (;;) {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
        LockId.migrations,
      ])) as { locked: boolean }[];
      if (locked) break;
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [LockId.migrations]);
    }
  } finally {
    await runner.release();
    await ds.destroy();
  }
}
