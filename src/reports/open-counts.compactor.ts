import { DataSource } from 'typeorm';
import { LockId } from '../database/lock-ids';
import { COMPACT_OPEN_COUNTS } from './reports.sql';

/**
 * Keeps `appeal_open_counts` small: folds each key's rows into one, under an advisory lock so
 * one instance runs it at a time. Its rows come from the report rollup's compaction (issue 25),
 * which runs this right after (RollupCompactor). Correctness does not depend on it — only how
 * many rows the overdue totals sum. Null when another session holds the lock.
 */
export async function compactOpenCounts(
  ds: DataSource,
): Promise<{ folded: number; written: number } | null> {
  return ds.transaction(async (em) => {
    const [{ locked }] = await em.query<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock($1) AS locked',
      [LockId.openCountsCompaction],
    );
    if (!locked) return null;
    const [r] = await em.query<{ folded: number; written: number }[]>(COMPACT_OPEN_COUNTS);
    return r;
  });
}
