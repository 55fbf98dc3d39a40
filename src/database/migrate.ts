import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.options';
import { LockId } from './lock-ids';

/**
 * Runs pending migrations under a session advisory lock so that several instances starting at
 * once apply them exactly once; the others wait and then find nothing to do.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 2 } }));
  await ds.initialize();
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [LockId.migrations]);
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
