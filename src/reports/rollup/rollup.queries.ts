import type { DataSource, EntityManager } from 'typeorm';
import { CLOCK_NAMES } from '../../appeals/clocks/clock.registry';
import { LockId } from '../../database/lock-ids';
import { percentileCont } from './percentile';
import { coverPeriod, type Grain } from './period-cover';
import {
  COMPACT_ROLLUP,
  DROP_DELTAS,
  DROP_ZERO_DAYS,
  DROP_ZERO_ROLLUPS,
  REBUILD_ROLLUP,
  rollupDaysSql,
  rollupLateClocksSql,
  rollupSummarySql,
  trendsSql,
  type SummaryGroupBy,
  type TrendBucket,
  type TrendGroupBy,
} from './rollup.sql';

type Db = Pick<DataSource | EntityManager, 'query'>;
type Row = Record<string, string | number | null> & { gkey: string | null; glabel: string | null };

/** The read parameters of rollup.sql.ts: today, scope, period and the period's cover. */
const readParams = (
  p: { today: string; dept: string | null; from: string; to: string },
  bucket?: Grain,
): unknown[] => {
  const c = coverPeriod(p.from, p.to, bucket);
  return [p.today, p.dept, p.from, p.to, c.day, c.week, c.month];
};

/** A group's identity across the three queries: the total row, or the key (NULL a group too). */
const groupId = (r: { total: number | string; gkey: string | null }): string =>
  Number(r.total) === 1 ? 'total' : `k:${r.gkey ?? '\u0000'}`;

/**
 * The SLA summary's rows from the rollup, in the shape and order of slaSummarySql's (groups,
 * then the total): counts from the rollup, median and 90th percentile from its days-to-answer
 * histogram, the clocks it does not hold from appeal_clocks. Equal to the query over appeals
 * (test/report-rollups.e2e-spec.ts).
 */
export async function rollupSummaryRows(
  db: Db,
  groupBy: SummaryGroupBy,
  p: { today: string; dept: string | null; from: string; to: string; timeZone: string },
): Promise<Row[]> {
  const params = readParams(p);
  const [rows, days, clocks] = await Promise.all([
    db.query<(Row & { total: number })[]>(rollupSummarySql(groupBy), params),
    db.query<{ gkey: string | null; total: number; days: number; n: number }[]>(
      rollupDaysSql(groupBy),
      params,
    ),
    db.query<{ gkey: string | null; total: number; clock: string; n: number }[]>(
      rollupLateClocksSql(groupBy),
      [p.today, p.dept, p.from, p.to, p.timeZone],
    ),
  ]);
  const hist = new Map<string, [number, number][]>();
  for (const d of days) {
    const id = groupId(d);
    hist.set(id, [...(hist.get(id) ?? []), [Number(d.days), Number(d.n)]]);
  }
  const late = new Map<string, number>();
  for (const c of clocks) late.set(`${groupId(c)}|${c.clock}`, Number(c.n));
  return rows.map(({ total, ...r }) => {
    const id = groupId({ total, gkey: r.gkey });
    const h = hist.get(id) ?? [];
    const out: Row = {
      ...r,
      median_days: percentileCont(h, 0.5),
      p90_days: percentileCont(h, 0.9),
    };
    for (const c of CLOCK_NAMES)
      out[`late_${c}`] = Number(r[`late_${c}`] ?? 0) + (late.get(`${id}|${c}`) ?? 0);
    return out;
  });
}

export interface TrendPoint {
  bucket: string;
  registered: number;
  answered: number;
  /** answered on time ÷ (answered + open overdue), rounded to 0.001; null when nothing is due */
  onTimeShare: number | null;
  openOverdue: number;
}
export interface TrendSeries {
  key: string | null;
  label: string | null;
  points: TrendPoint[];
}

/** The first day of each bucket from `from` to `to` (local dates; weeks from Monday, ISO). */
export function bucketsOf(from: string, to: string, bucket: TrendBucket): string[] {
  const day = (s: string) => new Date(`${s}T00:00:00Z`);
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const start = day(from);
  if (bucket === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  if (bucket === 'month') start.setUTCDate(1);
  const out: string[] = [];
  for (const d = start; d <= day(to);) {
    out.push(iso(d));
    if (bucket === 'day') d.setUTCDate(d.getUTCDate() + 1);
    else if (bucket === 'week') d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

export const onTimeShare = (onTime: number, answered: number, overdue: number): number | null =>
  answered + overdue === 0 ? null : Math.round((onTime / (answered + overdue)) * 1000) / 1000;

/** Trends from the rollup: one series per group, a point for every bucket of the period. */
export async function rollupTrends(
  db: Db,
  groupBy: TrendGroupBy,
  bucket: TrendBucket,
  p: { today: string; dept: string | null; from: string; to: string },
): Promise<TrendSeries[]> {
  const rows = await db.query<
    {
      gkey: string | null;
      glabel: string | null;
      bucket: string;
      registered: number;
      answered: number;
      answered_on_time: number;
      overdue_open: number;
    }[]
  >(trendsSql(groupBy), [...readParams(p, bucket), bucket]);
  const buckets = bucketsOf(p.from, p.to, bucket);
  const series = new Map<string, TrendSeries & { at: Map<string, TrendPoint> }>();
  for (const r of rows) {
    const id = r.gkey ?? '\u0000';
    const s = series.get(id) ?? { key: r.gkey, label: r.glabel, points: [], at: new Map() };
    series.set(id, s);
    s.at.set(r.bucket, {
      bucket: r.bucket,
      registered: r.registered,
      answered: r.answered,
      onTimeShare: onTimeShare(r.answered_on_time, r.answered, r.overdue_open),
      openOverdue: r.overdue_open,
    });
  }
  return [...series.values()].map(({ at, key, label }) => ({
    key,
    label,
    points: buckets.map(
      (b) =>
        at.get(b) ?? { bucket: b, registered: 0, answered: 0, onTimeShare: null, openOverdue: 0 },
    ),
  }));
}

/** One compaction under the lock; null when another session holds it. */
export async function compactRollup(
  ds: DataSource,
): Promise<{ folded: number; written: number } | null> {
  return ds.transaction(async (em) => {
    const [{ locked }] = await em.query<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock($1) AS locked',
      [LockId.reportRollup],
    );
    if (!locked) return null;
    const [r] = await em.query<(Folded & { folded: number })[]>(COMPACT_ROLLUP);
    await dropEmpty(em, r);
    return { folded: r.folded, written: r.written };
  });
}

interface Folded {
  written: number;
  zero: string[];
  zero_days: string[];
}

/** Keys a fold brought to zero (an appeal moved away): an empty key is no row. */
async function dropEmpty(em: EntityManager, r: Folded): Promise<void> {
  if (r.zero.length > 0) await em.query(DROP_ZERO_ROLLUPS, [r.zero]);
  if (r.zero_days.length > 0) await em.query(DROP_ZERO_DAYS, [r.zero_days]);
}

/**
 * Recomputes the rollup of the days [from, to] from the appeals (writes to appeals wait
 * meanwhile: SHARE lock); with `timeZone`, first switches the rollup's local dates to it and
 * rebuilds it whole. The weeks and months around the period get the days' differences, so they
 * stay the sums of their days. Returns the rows written.
 */
export async function rebuildRollup(
  ds: DataSource,
  from: string,
  to: string,
  timeZone?: string,
): Promise<number> {
  return ds.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock($1)', [LockId.reportRollup]);
    return rebuildLocked(em, from, to, timeZone);
  });
}

/**
 * At start: rebuilds the whole rollup in `timeZone` unless it is kept in that zone already
 * (checked under the lock, so instances starting together rebuild once). Null: nothing to do.
 */
export async function ensureRollupZone(ds: DataSource, timeZone: string): Promise<number | null> {
  return ds.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock($1)', [LockId.reportRollup]);
    const [row] = await em.query<{ time_zone: string }[]>(
      'SELECT time_zone FROM report_rollup_settings ORDER BY id LIMIT 1',
    );
    return row?.time_zone === timeZone
      ? null
      : rebuildLocked(em, '-infinity', 'infinity', timeZone);
  });
}

/** The rebuild's work, under the rollup's lock (rebuildRollup). */
async function rebuildLocked(
  em: EntityManager,
  from: string,
  to: string,
  timeZone?: string,
): Promise<number> {
  await em.query('LOCK TABLE appeals IN SHARE MODE');
  if (timeZone) {
    await em.query('UPDATE report_rollup_settings SET time_zone = $1', [timeZone]);
    [from, to] = ['-infinity', 'infinity'];
  }
  await em.query(DROP_DELTAS, [from, to]);
  if (from === '-infinity' && to === 'infinity')
    await em.query('TRUNCATE report_rollups, report_rollup_days');
  const [r] = await em.query<Folded[]>(REBUILD_ROLLUP, [from, to]);
  await dropEmpty(em, r);
  return r.written;
}
