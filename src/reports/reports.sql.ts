/**
 * Every report query in one place (SPEC §12). Parameters: $1 today (local date), $2 the
 * department scope (NULL: all), then report-specific ones. "Open" is the non-terminal statuses.
 */
import { CHANNELS, describeChannel } from '../channels/channel.registry';
import { REJECTION_REASONS } from '../rules/rejection-reasons';

const OPEN = `('registered', 'under_review', 'assigned', 'in_progress')`;
const scope = (p: string): string => `(${p}::uuid IS NULL OR a.department_id = ${p}::uuid)`;
const SCOPE = scope('$2');
/** One `rejected_<reason>` column per rejection reason, in the registry's order. */
const REJECTED_COUNTS = REJECTION_REASONS.map(
  (r) =>
    `count(*) FILTER (WHERE status = 'rejected' AND rejection_reason = '${r}')::int AS rejected_${r},`,
).join('\n       ');

const OPEN_ITEM_COLUMNS = `a.id, a.reg_number, a.registered_at, a.due_date::text AS due_date, a.status,
  a.channel, a.topic_code, a.department_id, d.name AS department_name, a.assignee_id,
  u.full_name AS assignee_name`;
const OPEN_ITEM_JOINS = `LEFT JOIN departments d ON d.id = a.department_id
  LEFT JOIN users u ON u.id = a.assignee_id`;

/**
 * A page of open appeals in (due_date, id) order. The partial index idx_appeals_open_due is
 * (due_date, department_id, assignee_id, id), so the order needs a sort within each due date;
 * the ids are picked first from the index alone (index-only scan + incremental sort: no heap
 * read for the thousand or so appeals sharing the oldest due date at 10 M appeals), then only
 * the page's rows are read. `where`: the report's condition on `a`; `cursor`/`limit`: params.
 */
const openPage = (days: string, where: string, cursor: [string, string], limit: string) => `
WITH page AS (
  SELECT a.id FROM appeals a
   WHERE a.status IN ${OPEN} AND ${where} AND ${SCOPE}
     AND (${cursor[0]}::date IS NULL OR (a.due_date, a.id) > (${cursor[0]}::date, ${cursor[1]}::uuid))
   ORDER BY a.due_date, a.id
   LIMIT ${limit})
SELECT ${OPEN_ITEM_COLUMNS}, ${days}
  FROM page p JOIN appeals a ON a.id = p.id ${OPEN_ITEM_JOINS}
 ORDER BY a.due_date, a.id`;

/** All open appeals of a report in (due_date, id) order, for exports (one pass, streamed). */
const openAll = (days: string, where: string) => `
SELECT ${OPEN_ITEM_COLUMNS}, ${days}
  FROM appeals a ${OPEN_ITEM_JOINS}
 WHERE a.status IN ${OPEN} AND ${where} AND ${SCOPE}
 ORDER BY a.due_date, a.id`;

const OVERDUE_WHERE = `a.due_date < $1::date`;
const DAYS_OVERDUE = `($1::date - a.due_date) AS days_overdue`;

/** $3/$4: keyset cursor (due_date, id) or NULLs; $5 page size. */
export const OVERDUE_ITEMS = openPage(DAYS_OVERDUE, OVERDUE_WHERE, ['$3', '$4'], '$5');
/** Every overdue appeal of the scope ($1 today, $2 scope), for CSV/XLSX. */
export const OVERDUE_EXPORT = openAll(DAYS_OVERDUE, OVERDUE_WHERE);

/**
 * Both totals (GROUPING SETS: by department, by_department = 1, and by assignee) from the open
 * counts kept by the triggers on appeals (migration OpenAppealCounts): a key's open count is the
 * sum of its deltas, so this reads a few rows per (department, assignee, due date) instead of
 * every open and overdue appeal. Names are joined afterwards on the few groups.
 */
export const OVERDUE_TOTALS = `
SELECT t.by_department, t.department_id, d.name AS department_name, t.assignee_id,
       u.full_name AS assignee_name, t.count
  FROM (SELECT GROUPING(c.assignee_id) AS by_department, c.department_id, c.assignee_id,
               sum(c.delta)::int AS count
          FROM appeal_open_counts c
         WHERE c.due_date < $1::date AND ($2::uuid IS NULL OR c.department_id = $2::uuid)
         GROUP BY GROUPING SETS ((c.department_id), (c.assignee_id))
        HAVING sum(c.delta) <> 0) t
  LEFT JOIN departments d ON d.id = t.department_id
  LEFT JOIN users u ON u.id = t.assignee_id
 ORDER BY t.count DESC, d.name, u.full_name`;

/** The same totals counted from the appeals themselves: the reference the counts must equal. */
export const OVERDUE_TOTALS_FROM_APPEALS = `
SELECT GROUPING(a.assignee_id) AS by_department, a.department_id, a.assignee_id, count(*)::int AS count
  FROM appeals a
 WHERE a.status IN ${OPEN} AND a.due_date < $1::date AND ${SCOPE}
 GROUP BY GROUPING SETS ((a.department_id), (a.assignee_id))`;

/**
 * Folds every key that has more than one delta row (or a zero sum) into one row, in one
 * statement: it deletes only rows its snapshot sees and re-inserts their sums, so deltas that
 * concurrent transactions append meanwhile are left for the next run, and a reader sees the
 * counts either before or after, never both. Returns the rows folded and the rows written.
 */
export const COMPACT_OPEN_COUNTS = `
WITH keys AS (
  SELECT unnest(array_agg(id)) AS id FROM appeal_open_counts
   GROUP BY department_id, assignee_id, due_date
  HAVING count(*) > 1 OR sum(delta) = 0),
gone AS (
  DELETE FROM appeal_open_counts c USING keys k WHERE c.id = k.id
  RETURNING c.department_id, c.assignee_id, c.due_date, c.delta),
kept AS (
  INSERT INTO appeal_open_counts (department_id, assignee_id, due_date, delta)
  SELECT department_id, assignee_id, due_date, sum(delta) FROM gone
   GROUP BY 1, 2, 3 HAVING sum(delta) <> 0
  RETURNING 1)
SELECT (SELECT count(*) FROM gone)::int AS folded, (SELECT count(*) FROM kept)::int AS written`;

const AT_RISK_WHERE = `a.due_date >= $1::date AND a.due_date <= $1::date + $3::int`;
const DAYS_LEFT = `(a.due_date - $1::date) AS days_left`;

/** $3 within days; $4/$5 cursor; $6 page size. */
export const AT_RISK_ITEMS = openPage(DAYS_LEFT, AT_RISK_WHERE, ['$4', '$5'], '$6');
/** Every appeal at risk ($1 today, $2 scope, $3 within days), for CSV/XLSX. */
export const AT_RISK_EXPORT = openAll(DAYS_LEFT, AT_RISK_WHERE);

export const AT_RISK_COUNT = `
SELECT count(*)::int AS count FROM appeals a
 WHERE a.status IN ${OPEN} AND a.due_date >= $1::date AND a.due_date <= $1::date + $3::int AND ${SCOPE}`;

/** The period filter on registration: $3 from, $4 to (local dates), $5 time zone. */
const period = (from: string, to: string, tz: string): string =>
  `a.registered_at >= (${from}::date)::timestamp AT TIME ZONE ${tz}
  AND a.registered_at < (${to}::date + 1)::timestamp AT TIME ZONE ${tz}`;
const PERIOD = period('$3', '$4', '$5');

/** A channel's Russian label from the channel registry (a value it does not know as it is). */
const CHANNEL_LABEL = `CASE a.channel ${CHANNELS.map(
  (c) => `WHEN '${c}' THEN '${describeChannel(c).label.replaceAll("'", "''")}'`,
).join(' ')} ELSE a.channel END`;

const GROUP_KEYS = {
  department: { key: 'a.department_id::text', label: 'd.name' },
  assignee: { key: 'a.assignee_id::text', label: 'u.full_name' },
  topic: { key: 'a.topic_code', label: 't.name' },
  channel: { key: 'a.channel', label: CHANNEL_LABEL },
} as const;

/**
 * The SLA summary by group. On time: answered on or before the due date (local dates).
 * Compliance: answered on time over everything whose term has come (answered, or open and
 * overdue). Days to answer: calendar days from registration to dispatch.
 */
export function slaSummarySql(groupBy: keyof typeof GROUP_KEYS): string {
  const g = GROUP_KEYS[groupBy];
  return `
WITH base AS (
  SELECT a.*, ${g.key} AS gkey, ${g.label} AS glabel,
         (a.registered_at AT TIME ZONE $5)::date AS reg_on,
         (a.answered_at AT TIME ZONE $5)::date AS ans_on,
         EXISTS (SELECT 1 FROM appeal_extensions e WHERE e.appeal_id = a.id AND e.status = 'approved') AS extended
    FROM appeals a
    LEFT JOIN departments d ON d.id = a.department_id
    LEFT JOIN users u ON u.id = a.assignee_id
    LEFT JOIN topics t ON t.code = a.topic_code
   WHERE ${PERIOD} AND ${SCOPE}
)
SELECT gkey, glabel,
       count(*)::int AS registered,
       count(*) FILTER (WHERE status = 'answered')::int AS answered,
       count(*) FILTER (WHERE status = 'answered' AND ans_on <= due_date)::int AS answered_on_time,
       count(*) FILTER (WHERE status IN ${OPEN} AND due_date < $1::date)::int AS overdue_open,
       count(*) FILTER (WHERE extended)::int AS extended,
       ${REJECTED_COUNTS}
       count(*) FILTER (WHERE status = 'duplicate')::int AS duplicates,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ans_on - reg_on) FILTER (WHERE status = 'answered') AS median_days,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY ans_on - reg_on) FILTER (WHERE status = 'answered') AS p90_days,
       count(*) FILTER (WHERE registration_late)::int AS late_registrations,
       count(*) FILTER (WHERE forwarding_late)::int AS late_forwardings
  FROM base
 GROUP BY GROUPING SETS ((gkey, glabel), ())
 ORDER BY (gkey IS NULL AND glabel IS NULL AND GROUPING(gkey) = 1), glabel NULLS LAST, gkey`;
}

/**
 * The registration journal (the legal journal), numbered on its own: $1 scope, $2 from, $3 to,
 * $4 time zone, $5/$6 cursor (registered_at, id), $7 limit.
 */
export const JOURNAL = `
SELECT a.id, a.reg_number, a.registered_at,
       (a.received_at AT TIME ZONE $4)::date::text AS received_on,
       (a.registered_at AT TIME ZONE $4)::date::text AS registered_on,
       (a.answered_at AT TIME ZONE $4)::date::text AS dispatched_on,
       a.channel, a.kind, a.status,
       CASE WHEN a.applicant_type = 'legal_entity' THEN a.applicant_organization_name
            ELSE concat_ws(' ', a.applicant_last_name, a.applicant_first_name, a.applicant_middle_name) END AS applicant,
       a.topic_code, t.name AS topic_name, u.full_name AS executor, a.due_date::text AS due_date,
       coalesce((SELECT sum(e.days) FROM appeal_extensions e WHERE e.appeal_id = a.id AND e.status = 'approved'), 0)::int
         AS extension_days,
       a.answer_outcome, a.rejection_reason, a.forwarded_to
  FROM appeals a
  LEFT JOIN users u ON u.id = a.assignee_id
  LEFT JOIN topics t ON t.code = a.topic_code
 WHERE ${period('$2', '$3', '$4')} AND ${scope('$1')}
   AND ($5::timestamptz IS NULL OR (a.registered_at, a.id) > ($5::timestamptz, $6::uuid))
 ORDER BY a.registered_at, a.id
 LIMIT $7`;
