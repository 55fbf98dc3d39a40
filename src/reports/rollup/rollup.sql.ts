/**
 * The report rollup's SQL (issue 25, ADR 0018, docs/reports.md#the-rollup). The triggers append
 * each change as deltas of an appeal's full key (report_rollup_deltas); the compaction folds
 * them into `report_rollups` (counts) and `report_rollup_days` (days to answer) by grouping
 * (`dim`, `value`) and grain (day, week, month). A report reads one grouping's rows for the
 * buckets that cover its period (period-cover.ts) plus the deltas not folded yet.
 * Read parameters: $1 today (local date), $2 the department scope (NULL: all), $3 from, $4 to
 * (local registration dates), $5 the days, $6 the weeks, $7 the months of the cover, then
 * query-specific ones.
 */
import type { ClockName } from '../../appeals/clocks/clock.registry';
import { CLOCK_NAMES } from '../../appeals/clocks/clock.registry';
import { REJECTION_REASONS } from '../../rules/rejection-reasons';
import { GRAINS, type Grain } from './period-cover';
import { channelLabelSql, GROUP_KEYS, LATE_CLOCK_ROWS, OPEN, PERIOD } from '../reports.sql';

export const DIMS = ['department', 'assignee', 'topic', 'channel', 'kind'] as const;
export type Dim = (typeof DIMS)[number];
export type SummaryGroupBy = keyof typeof GROUP_KEYS;

/** The delta column each grouping is keyed by (as text: the rollup's `value`). */
const RAW: Record<Dim, string> = {
  department: 'department_id::text',
  assignee: 'assignee_id::text',
  topic: 'topic_code',
  channel: 'channel',
  kind: 'kind',
};

/** A delta row `s` once per grouping, as (dim, value). */
const EACH_DIM = `CROSS JOIN LATERAL (VALUES ${DIMS.map((d) => `('${d}', s.${RAW[d]})`).join(', ')}) g(dim, value)`;

/** The counts' measures: `n` appeals, the others counts of them. */
const MEASURES = [
  'n',
  'on_time',
  'late',
  'extended',
  'registration_late',
  'forwarding_late',
] as const;
const COUNT_KEY = 'day, department_id, dim, value, status, rejection_reason, due_date';
const DAYS_KEY = 'day, department_id, dim, value, days';

/** Delta-shaped rows (`src`, full key and `n`) as the counts' daily rows of every grouping. */
const countsOf = (src: string, dims = EACH_DIM): string => `
  SELECT s.day, s.department_id, g.dim, g.value, s.status, s.rejection_reason, s.due_date, s.n,
         CASE WHEN s.answer_on_time THEN s.n ELSE 0 END AS on_time,
         CASE WHEN NOT s.answer_on_time THEN s.n ELSE 0 END AS late,
         CASE WHEN s.extended THEN s.n ELSE 0 END AS extended,
         CASE WHEN s.registration_late THEN s.n ELSE 0 END AS registration_late,
         CASE WHEN s.forwarding_late THEN s.n ELSE 0 END AS forwarding_late
    FROM ${src} s ${dims}`;
/** The same as the days-to-answer histogram's daily rows (answered appeals). */
const daysOf = (src: string, dims = EACH_DIM): string => `
  SELECT s.day, s.department_id, g.dim, g.value, s.days_to_answer AS days, s.n
    FROM ${src} s ${dims} WHERE s.days_to_answer IS NOT NULL`;

/**
 * Adds daily rows (`rows`: the key and signed measures) to a rollup table at every grain:
 * summed by key first, then once per grain into its bucket. Returns the rows written (id, n);
 * those left at n = 0 are empty keys for the caller to drop.
 */
const fold = (table: string, key: string, measures: readonly string[], rows: string): string => {
  const sums = measures.map((m) => `sum(${m})`).join(', ');
  const rest = key.split(', ').slice(1); // the key after `day`
  return `
  INSERT INTO ${table} (grain, ${key}, ${measures.join(', ')})
  SELECT gr.grain, date_trunc(gr.grain, d.day::timestamp)::date, ${rest.join(', ')}, ${sums}
    FROM (SELECT ${key}, ${measures.map((m) => `sum(${m}) AS ${m}`).join(', ')} FROM (${rows}) r
           GROUP BY ${key}) d
   CROSS JOIN (VALUES ${GRAINS.map((g) => `('${g}')`).join(', ')}) gr(grain)
   GROUP BY 1, 2, ${rest.join(', ')}
  HAVING (${sums}) IS DISTINCT FROM (${measures.map(() => '0').join(', ')})
  ON CONFLICT (dim, grain, day, ${rest.filter((c) => c !== 'dim').join(', ')}) DO UPDATE
     SET ${measures.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(', ')}
  RETURNING ${table}.id, ${table}.n`;
};

/** The result of a fold of counts and days: rows written, and the ids of keys left empty. */
const FOLDED = `
SELECT (SELECT count(*) FROM counts)::int AS written,
       (SELECT coalesce(array_agg(id), '{}') FROM counts WHERE n = 0) AS zero,
       (SELECT coalesce(array_agg(id), '{}') FROM days WHERE n = 0) AS zero_days`;

const DELTA_COLUMNS = `day, department_id, assignee_id, topic_code, channel, kind, status,
  rejection_reason, due_date, days_to_answer, answer_on_time, extended, registration_late,
  forwarding_late, n`;

/**
 * Moves the open appeals' part of deltas (`src`) into the overdue report's open counts
 * (OPEN_COUNT_ROWS): an open appeal's delta carries its due date, any other's none.
 */
const toOpenCounts = (src: string): string => `
  INSERT INTO appeal_open_counts (department_id, assignee_id, due_date, delta)
  SELECT department_id, assignee_id, due_date, sum(n) FROM ${src} WHERE due_date IS NOT NULL
   GROUP BY 1, 2, 3 HAVING sum(n) <> 0`;

/**
 * The compaction: takes every delta its snapshot sees, folds them into the rollup and moves
 * their open counts (concurrent deltas stay for the next run).
 */
export const COMPACT_ROLLUP = `
WITH gone AS (DELETE FROM report_rollup_deltas RETURNING ${DELTA_COLUMNS}),
opened AS (${toOpenCounts('gone')}),
counts AS (${fold('report_rollups', COUNT_KEY, MEASURES, countsOf('gone'))}),
days AS (${fold('report_rollup_days', DAYS_KEY, ['n'], daysOf('gone'))})
${FOLDED}, (SELECT count(*) FROM gone)::int AS folded`;

/** Before a rebuild of the days [$1, $2]: their deltas go, their open counts are kept. */
export const DROP_DELTAS = `
WITH gone AS (DELETE FROM report_rollup_deltas WHERE day BETWEEN $1::date AND $2::date
              RETURNING department_id, assignee_id, due_date, n)
${toOpenCounts('gone')}`;

/**
 * The rebuild of the days [$1, $2] (appeals locked against writes, their deltas deleted): adds
 * (recomputed − folded) for each day, so the weeks and months around stay the sums of their
 * days without being recomputed.
 */
export const REBUILD_ROLLUP = `
WITH fresh AS (SELECT * FROM report_rollup_appeal_keys($1::date, $2::date)),
counts AS (${fold(
  'report_rollups',
  COUNT_KEY,
  MEASURES,
  `${countsOf('fresh')}
   UNION ALL
   SELECT ${COUNT_KEY}, ${MEASURES.map((m) => `-${m}`).join(', ')} FROM report_rollups
    WHERE grain = 'day' AND day BETWEEN $1::date AND $2::date`,
)}),
days AS (${fold(
  'report_rollup_days',
  DAYS_KEY,
  ['n'],
  `${daysOf('fresh')}
   UNION ALL
   SELECT ${DAYS_KEY}, -n FROM report_rollup_days
    WHERE grain = 'day' AND day BETWEEN $1::date AND $2::date`,
)})
${FOLDED}`;

/** The keys a fold brought to zero ($1 their ids): an empty key is no row. */
export const DROP_ZERO_ROLLUPS = `DELETE FROM report_rollups WHERE id = ANY($1::bigint[]) AND n = 0`;
export const DROP_ZERO_DAYS = `DELETE FROM report_rollup_days WHERE id = ANY($1::bigint[]) AND n = 0`;

const SCOPE = `($2::uuid IS NULL OR department_id = $2::uuid)`;
/**
 * A table's rows of one grouping in the period's cover ($5 days, $6 weeks, $7 months) and
 * scope: one index scan per grain (with OR, PostgreSQL would visit the rows in the heap instead
 * of reading the columns from the key's index).
 */
const inCover = (table: string, dim: Dim, columns: string): string =>
  GRAINS.map(
    (grain, i) => `SELECT ${columns} FROM ${table}
    WHERE dim = '${dim}' AND grain = '${grain}' AND day = ANY($${5 + i}::date[]) AND ${SCOPE}`,
  ).join('\n  UNION ALL\n  ');
/** One grouping's deltas of the period, as rows of the rollup (not folded yet). */
const deltasOf = (dim: Dim, of: typeof countsOf): string =>
  of(
    `(SELECT * FROM report_rollup_deltas WHERE day BETWEEN $3::date AND $4::date AND ${SCOPE})`,
    `CROSS JOIN LATERAL (VALUES ('${dim}', s.${RAW[dim]})) g(dim, value)`,
  );

/** One grouping's counts for the period and scope, as `a`: the cover's rows and the deltas. */
const countsFor = (dim: Dim): string => {
  const columns = `day, value, status, rejection_reason, due_date, ${MEASURES.join(', ')}`;
  return `(
  ${inCover('report_rollups', dim, columns)}
  UNION ALL
  SELECT ${columns} FROM (${deltasOf(dim, countsOf)}) x) a`;
};
const daysFor = (dim: Dim): string => `(
  ${inCover('report_rollup_days', dim, 'value, days, n')}
  UNION ALL
  SELECT value, days, n FROM (${deltasOf(dim, daysOf)}) x) a`;

const sumIf = (cond: string): string => `coalesce(sum(n) FILTER (WHERE ${cond}), 0)::int`;
const OVERDUE_OPEN = `status IN ${OPEN} AND due_date < $1::date`;
const ANSWERED = `status = 'answered'`;

/**
 * The rollup's part of each clock's lateness (reports.sql.ts, LATE_CONDITION); NULL: counted
 * from appeal_clocks only (rollupLateClocksSql), since a running clock becomes late with time
 * and the few late clocks are cheaper to count than to keep.
 */
const ROLLUP_LATE: Record<ClockName, string | null> = {
  answer: `(coalesce(sum(late), 0) + ${sumIf(OVERDUE_OPEN)})::int`,
  registration: `coalesce(sum(registration_late), 0)::int`,
  forwarding: `coalesce(sum(forwarding_late), 0)::int`,
  court_return: null,
  illegible_notice: null,
  unclear_notice: null,
  authority_control: null,
  inspection: null,
};

/** A group's label (GROUP_KEYS' `d`, `u`, `t`), joined on the aggregated rows' `value`. */
const LABEL: Record<Dim, { join: string; label: string }> = {
  department: { join: 'LEFT JOIN departments d ON d.id = a.value::uuid', label: 'd.name' },
  assignee: { join: 'LEFT JOIN users u ON u.id = a.value::uuid', label: 'u.full_name' },
  topic: { join: 'LEFT JOIN topics t ON t.code = a.value', label: 't.name' },
  channel: { join: '', label: channelLabelSql('a.value') },
  kind: { join: '', label: 'a.value' },
};

/**
 * The summary's counts by group and a total row (`total` = 1), as slaSummarySql: aggregated by
 * the grouping's value, then the few groups get their labels.
 */
export function rollupSummarySql(groupBy: SummaryGroupBy): string {
  const l = LABEL[groupBy];
  return `
SELECT a.value AS gkey, ${l.label} AS glabel, a.*
  FROM (SELECT value, GROUPING(value)::int AS total,
       sum(n)::int AS registered,
       ${sumIf(ANSWERED)} AS answered,
       coalesce(sum(on_time), 0)::int AS answered_on_time,
       ${sumIf(OVERDUE_OPEN)} AS overdue_open,
       coalesce(sum(extended), 0)::int AS extended,
       ${REJECTION_REASONS.map((r) => `${sumIf(`status = 'rejected' AND rejection_reason = '${r}'`)} AS rejected_${r},`).join('\n       ')}
       ${sumIf(`status = 'duplicate'`)} AS duplicates,
       coalesce(sum(registration_late), 0)::int AS late_registrations,
       coalesce(sum(forwarding_late), 0)::int AS late_forwardings,
       ${CLOCK_NAMES.map((c) => `${ROLLUP_LATE[c] ?? '0'} AS late_${c}`).join(',\n       ')}
  FROM ${countsFor(groupBy)}
 GROUP BY GROUPING SETS ((value), ())
HAVING sum(n) <> 0 OR GROUPING(value) = 1) a
  ${l.join}
 ORDER BY a.total, glabel NULLS LAST, gkey`;
}

/** Days to answer by group: (days, answered appeals) for percentile_cont in TypeScript. */
export function rollupDaysSql(groupBy: SummaryGroupBy): string {
  return `
SELECT value AS gkey, GROUPING(value)::int AS total, days, sum(n)::int AS n
  FROM ${daysFor(groupBy)}
 WHERE $1::date IS NOT NULL -- today: unused, typed so the parameters stay those of the summary
 GROUP BY GROUPING SETS ((value, days), (days))
HAVING sum(n) <> 0`;
}

/**
 * Appeals late on a clock the rollup does not hold (ROLLUP_LATE), by group ($5 time zone):
 * from appeal_clocks, met late or running past its date (a few rows, as in slaSummarySql); a
 * late forwarding clock only where the appeal's flag has not counted it already.
 */
export function rollupLateClocksSql(groupBy: SummaryGroupBy): string {
  const g = GROUP_KEYS[groupBy];
  const fromClocks = CLOCK_NAMES.filter((c) => c === 'forwarding' || ROLLUP_LATE[c] === null);
  return `
WITH late AS (${LATE_CLOCK_ROWS})
SELECT ${g.key} AS gkey, GROUPING(${g.key})::int AS total, l.name AS clock, count(*)::int AS n
  FROM late l JOIN appeals a ON a.id = l.appeal_id
 WHERE ${PERIOD} AND ($2::uuid IS NULL OR a.department_id = $2::uuid)
   AND l.name IN (${fromClocks.map((c) => `'${c}'`).join(', ')})
   AND NOT (l.name = 'forwarding' AND a.forwarding_late)
 GROUP BY GROUPING SETS ((${g.key}, l.name), (l.name))`;
}

/** A trend's buckets are the rollup's grains. */
export const TREND_BUCKETS = GRAINS;
export type TrendBucket = Grain;
export const TREND_GROUP_BY = ['channel', 'department', 'kind', 'topic'] as const;
export type TrendGroupBy = (typeof TREND_GROUP_BY)[number];

/**
 * Trends ($8 the bucket: day, week — ISO, from Monday — or month; the cover lies inside the
 * buckets): per group and bucket of the local registration day, the counts a dashboard plots.
 * Buckets without appeals are absent.
 */
export function trendsSql(groupBy: TrendGroupBy): string {
  const l = LABEL[groupBy];
  return `
SELECT a.value AS gkey, ${l.label} AS glabel, a.*
  FROM (SELECT value, to_char(date_trunc($8, day::timestamp), 'YYYY-MM-DD') AS bucket,
       sum(n)::int AS registered,
       ${sumIf(ANSWERED)} AS answered,
       coalesce(sum(on_time), 0)::int AS answered_on_time,
       ${sumIf(OVERDUE_OPEN)} AS overdue_open
  FROM ${countsFor(groupBy)}
 GROUP BY 1, 2
HAVING sum(n) <> 0) a
  ${l.join}
 ORDER BY glabel NULLS LAST, gkey, a.bucket`;
}
