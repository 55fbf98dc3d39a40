/**
 * Queries over the report rollup (issue 25, docs/reports.md#the-rollup). The rollup is the
 * folded `report_rollups` plus the deltas not folded yet; a key's count is the sum of `n` over
 * both. Parameters: $1 today (local date), $2 the department scope (NULL: all), $3 from, $4 to
 * (local registration dates), then query-specific ones.
 */
import type { ClockName } from '../../appeals/clocks/clock.registry';
import { CLOCK_NAMES } from '../../appeals/clocks/clock.registry';
import { REJECTION_REASONS } from '../../rules/rejection-reasons';
import { CHANNEL_LABEL, GROUP_KEYS, LATE_CLOCK_ROWS, OPEN, PERIOD } from '../reports.sql';

const COLUMNS = `department_id, assignee_id, topic_code, channel, kind, status, rejection_reason,
  due_date, days_to_answer, answer_on_time, extended, registration_late, forwarding_late, day, n`;
const SCOPE = `($2::uuid IS NULL OR department_id = $2::uuid)`;
/** The whole months of the period [$3, $4]: from FULL_FROM (a first day) until FULL_TO (excl.). */
const FULL_FROM = `(date_trunc('month', $3::date - 1) + interval '1 month')::date`;
const FULL_TO = `date_trunc('month', $4::date + 1)::date`;
const IN_MONTHS = `(day >= ${FULL_FROM} AND day < ${FULL_TO})`;
/**
 * The rollup rows of the period and scope, as `a` (its columns are named like the appeals'):
 * with `months`, the period's whole months from report_rollups_monthly and only the other days
 * from report_rollups; always every delta of the period (not folded into either yet).
 */
const rollup = (months: boolean): string => {
  const period = `day BETWEEN $3::date AND $4::date AND ${SCOPE}`;
  const parts = months
    ? [
        `SELECT ${COLUMNS} FROM report_rollups WHERE ${period} AND NOT ${IN_MONTHS}`,
        `SELECT ${COLUMNS} FROM report_rollups_monthly WHERE ${IN_MONTHS} AND ${SCOPE}`,
      ]
    : [`SELECT ${COLUMNS} FROM report_rollups WHERE ${period}`];
  parts.push(`SELECT ${COLUMNS} FROM report_rollup_deltas WHERE ${period}`);
  return `(${parts.join('\n  UNION ALL ')}) a`;
};
const ROLLUP = rollup(true);

const sumIf = (cond: string): string => `coalesce(sum(n) FILTER (WHERE ${cond}), 0)::int`;
const OVERDUE_OPEN = `status IN ${OPEN} AND due_date < $1::date`;

/**
 * The rollup's part of each clock's lateness (reports.sql.ts, LATE_CONDITION); NULL: counted
 * from appeal_clocks only (SLA_SUMMARY_LATE_CLOCKS), since a running clock becomes late with
 * time and the few late clocks are cheaper to count than to keep.
 */
const ROLLUP_LATE: Record<ClockName, string | null> = {
  answer: `answer_on_time = false OR (${OVERDUE_OPEN})`,
  registration: `registration_late`,
  forwarding: `forwarding_late`,
  court_return: null,
  illegible_notice: null,
  unclear_notice: null,
  authority_control: null,
  inspection: null,
};

/** The join that gives a group its label (GROUP_KEYS' `d`, `u`, `t`), on the aggregated rows. */
const LABEL_JOIN: Record<SummaryGroupBy | TrendGroupBy, string> = {
  department: 'LEFT JOIN departments d ON d.id = a.department_id',
  assignee: 'LEFT JOIN users u ON u.id = a.assignee_id',
  topic: 'LEFT JOIN topics t ON t.code = a.topic_code',
  channel: '',
  kind: '',
};

export type SummaryGroupBy = keyof typeof GROUP_KEYS;

/** The rollup column each grouping is keyed by (labels are joined after aggregating). */
const RAW: Record<SummaryGroupBy | TrendGroupBy, string> = {
  department: 'department_id',
  assignee: 'assignee_id',
  topic: 'topic_code',
  channel: 'channel',
  kind: 'kind',
};

/**
 * The summary's counts by group and a total row (`total` = 1), as slaSummarySql. Aggregated by
 * the raw key column first (a hash aggregate over the rows), then the few groups get their
 * labels, so the rows are never joined or sorted.
 */
export function rollupSummarySql(groupBy: SummaryGroupBy): string {
  const g = GROUP_KEYS[groupBy];
  const col = RAW[groupBy];
  return `
SELECT ${g.key} AS gkey, ${g.label} AS glabel, a.*
  FROM (SELECT ${col}, GROUPING(${col})::int AS total,
       sum(n)::int AS registered,
       ${sumIf(`status = 'answered'`)} AS answered,
       ${sumIf(`status = 'answered' AND answer_on_time`)} AS answered_on_time,
       ${sumIf(OVERDUE_OPEN)} AS overdue_open,
       ${sumIf('extended')} AS extended,
       ${REJECTION_REASONS.map((r) => `${sumIf(`status = 'rejected' AND rejection_reason = '${r}'`)} AS rejected_${r},`).join('\n       ')}
       ${sumIf(`status = 'duplicate'`)} AS duplicates,
       ${sumIf('registration_late')} AS late_registrations,
       ${sumIf('forwarding_late')} AS late_forwardings,
       ${CLOCK_NAMES.map((c) => `${ROLLUP_LATE[c] ? sumIf(ROLLUP_LATE[c]) : '0'} AS late_${c}`).join(',\n       ')}
  FROM ${ROLLUP}
 GROUP BY GROUPING SETS ((${col}), ())
HAVING sum(n) <> 0 OR GROUPING(${col}) = 1) a
  ${LABEL_JOIN[groupBy]}
 ORDER BY a.total, ${g.label} NULLS LAST, ${g.key}`;
}

/** Days to answer by group: (days, answered appeals) for percentile_cont in TypeScript. */
export function rollupDaysSql(groupBy: SummaryGroupBy): string {
  const g = GROUP_KEYS[groupBy];
  return `
SELECT ${g.key} AS gkey, GROUPING(${RAW[groupBy]})::int AS total, days_to_answer AS days,
       sum(n)::int AS n
  FROM ${ROLLUP}
 WHERE status = 'answered' AND days_to_answer IS NOT NULL
   AND $1::date IS NOT NULL -- today: unused, typed so the parameters stay those of the summary
 GROUP BY GROUPING SETS ((${RAW[groupBy]}, days_to_answer), (days_to_answer))
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

export const TREND_BUCKETS = ['day', 'week', 'month'] as const;
export type TrendBucket = (typeof TREND_BUCKETS)[number];
export const TREND_GROUP_BY = ['channel', 'department', 'kind', 'topic'] as const;
export type TrendGroupBy = (typeof TREND_GROUP_BY)[number];

const TREND_KEYS: Record<TrendGroupBy, { key: string; label: string }> = {
  channel: { key: 'a.channel', label: CHANNEL_LABEL },
  department: GROUP_KEYS.department,
  kind: { key: 'a.kind', label: 'a.kind' },
  topic: GROUP_KEYS.topic,
};

/**
 * Trends ($5 the bucket: day, week — ISO, from Monday — or month): per group and bucket of
 * the local registration day, the counts a dashboard plots. Buckets without appeals are absent.
 */
export function trendsSql(groupBy: TrendGroupBy, bucket: TrendBucket): string {
  const g = TREND_KEYS[groupBy];
  const col = RAW[groupBy];
  return `
SELECT ${g.key} AS gkey, ${g.label} AS glabel, a.*
  FROM (SELECT ${col}, to_char(date_trunc($5, day::timestamp), 'YYYY-MM-DD') AS bucket,
       sum(n)::int AS registered,
       ${sumIf(`status = 'answered'`)} AS answered,
       ${sumIf(`status = 'answered' AND answer_on_time`)} AS answered_on_time,
       ${sumIf(OVERDUE_OPEN)} AS overdue_open
  FROM ${rollup(bucket === 'month')}
 GROUP BY 1, 2
HAVING sum(n) <> 0) a
  ${LABEL_JOIN[groupBy]}
 ORDER BY glabel NULLS LAST, gkey, a.bucket`;
}

const KEY = `day, department_id, assignee_id, topic_code, channel, kind, status, rejection_reason,
  due_date, days_to_answer, answer_on_time, extended, registration_late, forwarding_late`;
const MONTH_KEY = KEY.replace('day,', `date_trunc('month', day)::date,`);
export const COMPACT_ROLLUP = `
WITH gone AS (
  DELETE FROM report_rollup_deltas RETURNING ${COLUMNS}),
folded AS (
  INSERT INTO report_rollups (${KEY}, n)
  SELECT ${KEY}, sum(n) FROM gone GROUP BY ${KEY}
  HAVING sum(n) <> 0
  ON CONFLICT (${KEY}) DO UPDATE SET n = report_rollups.n + excluded.n
  RETURNING report_rollups.id, report_rollups.n),
monthly AS (
  INSERT INTO report_rollups_monthly (${KEY}, n)
  SELECT ${MONTH_KEY}, sum(n) FROM gone GROUP BY ${MONTH_KEY}
  HAVING sum(n) <> 0
  ON CONFLICT (${KEY}) DO UPDATE SET n = report_rollups_monthly.n + excluded.n
  RETURNING report_rollups_monthly.id, report_rollups_monthly.n)
SELECT (SELECT count(*) FROM gone)::int AS folded, (SELECT count(*) FROM folded)::int AS written,
       (SELECT coalesce(array_agg(id), '{}') FROM folded WHERE n = 0) AS zero,
       (SELECT coalesce(array_agg(id), '{}') FROM monthly WHERE n = 0) AS zero_months`;
/** The keys a compaction brought to zero ($1 their ids): an empty key is no row. */
export const DROP_ZERO_ROLLUPS = `DELETE FROM report_rollups WHERE id = ANY($1::bigint[]) AND n = 0`;
export const DROP_ZERO_MONTHS = `DELETE FROM report_rollups_monthly WHERE id = ANY($1::bigint[]) AND n = 0`;
