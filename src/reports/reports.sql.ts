/**
 * Every report query in one place (SPEC §12). Parameters: $1 today (local date), $2 the
 * department scope (NULL: all), then report-specific ones. "Open" is the non-terminal statuses.
 */
import { CHANNELS, describeChannel } from '../channels/channel.registry';
import { REJECTION_REASONS } from '../rules/rejection-reasons';
import { CLOCK_NAMES, type ClockName } from '../appeals/clocks/clock.registry';

// As the partial index idx_appeals_open_due and the open-counts trigger (OPEN_STATUSES).
export const OPEN = `('registered', 'under_review', 'assigned', 'in_progress', 'answer_review')`;
const scope = (p: string): string => `(${p}::uuid IS NULL OR a.department_id = ${p}::uuid)`;
const SCOPE = scope('$2');
/** One `rejected_<reason>` column per rejection reason, in the registry's order. */
const REJECTED_COUNTS = REJECTION_REASONS.map(
  (r) =>
    `count(*) FILTER (WHERE status = 'rejected' AND rejection_reason = '${r}')::int AS rejected_${r},`,
).join('\n       ');

/** A running legal clock (appeal_clocks, issue 19): the partial index idx_appeal_clocks_running. */
export const RUNNING = `c.met_at IS NULL AND c.stopped_at IS NULL`;

/** The columns of an item: an appeal with one of its clocks, `due` the clock's date. */
const itemColumns = (due: string, clock: string) => `a.id, a.reg_number, a.registered_at,
  ${due}::text AS due_date, ${clock} AS clock, a.status, a.channel, a.topic_code, a.department_id,
  d.name AS department_name, a.assignee_id, u.full_name AS assignee_name,
  pol.warn_days_before, (a.due_date_provisional AND ${clock} = 'answer') AS due_date_provisional`;

/**
 * `?dueDateProvisional=` (issue 19), the boolean parameter `flag` or NULL for all: on the main
 * term's side the appeal's mark; the other clocks are never provisional.
 */
const provisionalAnswer = (flag: string) =>
  `(${flag}::boolean IS NULL OR a.due_date_provisional = ${flag}::boolean)`;
const provisionalClock = (flag: string) => `(${flag}::boolean IS NULL OR NOT ${flag}::boolean)`;
const ITEM_JOINS = `LEFT JOIN departments d ON d.id = a.department_id
  LEFT JOIN users u ON u.id = a.assignee_id
  LEFT JOIN sla_policies pol ON pol.id = a.sla_policy_id`;

/** A report's condition on a due date column, and the days column it shows. */
interface ItemsQuery {
  where: (due: string) => string;
  days: (due: string) => string;
  /** The clocks' side, when it differs: a clock that runs in hours (issue 23) goes by its time. */
  clock?: string;
}
const clockWhere = (q: ItemsQuery): string => q.clock ?? q.where('c.due_date');

/**
 * A page of report items in (due_date, appeal id, clock) order: each open appeal by its due
 * date (clock `answer`, which sorts first) and each running clock by its own. Each side is
 * picked first and limited to the page alone: the appeals from the partial index
 * idx_appeals_open_due as before issue 19 — (due_date, department_id, assignee_id, id), so the
 * order needs a sort within each due date; index-only scan + incremental sort, no heap read for
 * the thousand or so appeals sharing the oldest due date at 10 M appeals — and the clocks from
 * idx_appeal_clocks_running (due_date, appeal_id, name); then only the page's rows are read.
 * The keyset cursor is (due_date, id, clock): an appeal's answer row is before its clock rows
 * of the same date, so the appeals' side keeps its old condition. `cursor`/`limit`: params.
 */
const itemsPage = (
  q: ItemsQuery,
  cursor: [string, string, string],
  limit: string,
  flag: string,
) => `
WITH answer AS (
  SELECT a.id, a.due_date, 'answer'::text AS clock FROM appeals a
   WHERE a.status IN ${OPEN} AND ${q.where('a.due_date')} AND ${SCOPE} AND ${provisionalAnswer(flag)}
     AND (${cursor[0]}::date IS NULL OR (a.due_date, a.id) > (${cursor[0]}::date, ${cursor[1]}::uuid))
   ORDER BY a.due_date, a.id
   LIMIT ${limit}),
clocks AS (
  SELECT c.appeal_id AS id, c.due_date, c.name AS clock
    FROM appeal_clocks c JOIN appeals a ON a.id = c.appeal_id
   WHERE ${RUNNING} AND ${clockWhere(q)} AND a.status IN ${OPEN} AND ${SCOPE}
     AND ${provisionalClock(flag)}
     AND (${cursor[0]}::date IS NULL OR (c.due_date, c.appeal_id, c.name)
          > (${cursor[0]}::date, ${cursor[1]}::uuid, coalesce(${cursor[2]}::text, 'answer')))
   ORDER BY c.due_date, c.appeal_id, c.name
   LIMIT ${limit}),
page AS (
  SELECT * FROM answer UNION ALL SELECT * FROM clocks
   ORDER BY due_date, id, clock
   LIMIT ${limit})
SELECT ${itemColumns('p.due_date', 'p.clock')}, ${q.days('p.due_date')}
  FROM page p JOIN appeals a ON a.id = p.id ${ITEM_JOINS}
 ORDER BY p.due_date, p.id, p.clock`;

/** Every item of a report in the same order, for exports (one pass, streamed). */
const itemsAll = (q: ItemsQuery, flag: string) => `
SELECT ${itemColumns('a.due_date', "'answer'::text")}, ${q.days('a.due_date')}
  FROM appeals a ${ITEM_JOINS}
 WHERE a.status IN ${OPEN} AND ${q.where('a.due_date')} AND ${SCOPE} AND ${provisionalAnswer(flag)}
UNION ALL
SELECT ${itemColumns('c.due_date', 'c.name')}, ${q.days('c.due_date')}
  FROM appeal_clocks c JOIN appeals a ON a.id = c.appeal_id ${ITEM_JOINS}
 WHERE ${RUNNING} AND ${clockWhere(q)} AND a.status IN ${OPEN} AND ${SCOPE}
   AND ${provisionalClock(flag)}
 ORDER BY due_date, id, clock`;

/** How many items a report has per clock: `answer` from the appeals, the others from the clocks. */
const itemsByClock = (q: ItemsQuery, flag: string) => `
SELECT 'answer' AS clock, count(*)::int AS count FROM appeals a
 WHERE a.status IN ${OPEN} AND ${q.where('a.due_date')} AND ${SCOPE} AND ${provisionalAnswer(flag)}
UNION ALL
SELECT c.name, count(*)::int FROM appeal_clocks c JOIN appeals a ON a.id = c.appeal_id
 WHERE ${RUNNING} AND ${clockWhere(q)} AND a.status IN ${OPEN} AND ${SCOPE}
   AND ${provisionalClock(flag)}
 GROUP BY c.name`;

/**
 * A clock is overdue after its date; one that runs in hours (the inspection, issue 23) as soon as
 * the sweep found it past its time (`overdue_at`), on its own date already.
 */
const CLOCK_OVERDUE = `(c.due_date < $1::date OR (c.due_at IS NOT NULL AND c.overdue_at IS NOT NULL))`;

const OVERDUE: ItemsQuery = {
  where: (due) => `${due} < $1::date`,
  days: (due) => `($1::date - ${due}) AS days_overdue`,
  clock: CLOCK_OVERDUE,
};

/** $3/$4/$5: keyset cursor (due_date, id, clock) or NULLs; $6 page size; $7 provisional. */
export const OVERDUE_ITEMS = itemsPage(OVERDUE, ['$3', '$4', '$5'], '$6', '$7');
/** Every overdue item of the scope ($1 today, $2 scope, $3 provisional), for CSV/XLSX. */
export const OVERDUE_EXPORT = itemsAll(OVERDUE, '$3');

/**
 * The other clocks' overdue items ($1 today, $2 scope): by department, by assignee and by
 * clock (GROUPING SETS); a few rows — clocks run for days — read through the running index.
 */
export const OVERDUE_CLOCK_TOTALS = `
SELECT GROUPING(a.department_id) AS g_department, GROUPING(a.assignee_id) AS g_assignee,
       a.department_id, d.name AS department_name, a.assignee_id, u.full_name AS assignee_name,
       c.name AS clock, count(*)::int AS count
  FROM appeal_clocks c JOIN appeals a ON a.id = c.appeal_id
  LEFT JOIN departments d ON d.id = a.department_id
  LEFT JOIN users u ON u.id = a.assignee_id
 WHERE ${RUNNING} AND ${CLOCK_OVERDUE} AND a.status IN ${OPEN} AND ${SCOPE}
   AND ${provisionalClock('$3')}
 GROUP BY GROUPING SETS ((a.department_id, d.name), (a.assignee_id, u.full_name), (c.name))`;

/**
 * Open appeals counted by (department, assignee, due date) as signed rows: a key's count is the
 * sum of its rows. `appeal_open_counts` holds what the report rollup's compaction moved there
 * (migrations OpenAppealCounts, OpenCountsFromRollup), the rollup's deltas the rest: an open
 * appeal's delta carries its due date (NULL for any other status).
 */
export const OPEN_COUNT_ROWS = `
  SELECT department_id, assignee_id, due_date, delta FROM appeal_open_counts
  UNION ALL
  SELECT department_id, assignee_id, due_date, n FROM report_rollup_deltas
   WHERE due_date IS NOT NULL`;

/**
 * Both totals (GROUPING SETS: by department, by_department = 1, and by assignee) from the open
 * counts (OPEN_COUNT_ROWS): a few rows per (department, assignee, due date) instead of every
 * open and overdue appeal. Names are joined afterwards on the few groups.
 */
export const OVERDUE_TOTALS = `
SELECT t.by_department, t.department_id, d.name AS department_name, t.assignee_id,
       u.full_name AS assignee_name, t.count
  FROM (SELECT GROUPING(c.assignee_id) AS by_department, c.department_id, c.assignee_id,
               sum(c.delta)::int AS count
          FROM (${OPEN_COUNT_ROWS}) c
         WHERE c.due_date < $1::date AND ($2::uuid IS NULL OR c.department_id = $2::uuid)
         GROUP BY GROUPING SETS ((c.department_id), (c.assignee_id))
        HAVING sum(c.delta) <> 0) t
  LEFT JOIN departments d ON d.id = t.department_id
  LEFT JOIN users u ON u.id = t.assignee_id
 ORDER BY t.count DESC, d.name, u.full_name`;

/**
 * The main term's totals with `?dueDateProvisional=` ($3): from the appeals, since the open counts
 * have no such key; the few provisional ones come through idx_appeals_due_date_provisional.
 */
export const OVERDUE_TOTALS_PROVISIONAL = `
SELECT t.by_department, t.department_id, d.name AS department_name, t.assignee_id,
       u.full_name AS assignee_name, t.count
  FROM (SELECT GROUPING(a.assignee_id) AS by_department, a.department_id, a.assignee_id,
               count(*)::int AS count
          FROM appeals a
         WHERE a.status IN ${OPEN} AND a.due_date < $1::date AND ${SCOPE}
           AND a.due_date_provisional = $3::boolean
         GROUP BY GROUPING SETS ((a.department_id), (a.assignee_id))) t
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

/** Due from today to $3, the last day of the window (withinDays working days ahead). */
const AT_RISK: ItemsQuery = {
  where: (due) => `${due} >= $1::date AND ${due} <= $3::date`,
  days: (due) => `(${due} - $1::date) AS days_left`,
  clock: `c.due_date >= $1::date AND c.due_date <= $3::date AND NOT ${CLOCK_OVERDUE}`,
};

/** $3 the window's last day; $4/$5/$6 cursor; $7 page size; $8 provisional. */
export const AT_RISK_ITEMS = itemsPage(AT_RISK, ['$4', '$5', '$6'], '$7', '$8');
/** Every item at risk ($1 today, $2 scope, $3 the window's last day, $4 provisional), for CSV/XLSX. */
export const AT_RISK_EXPORT = itemsAll(AT_RISK, '$4');
/** The at-risk items per clock ($1 today, $2 scope, $3 the window's last day, $4 provisional). */
export const AT_RISK_BY_CLOCK = itemsByClock(AT_RISK, '$4');

/** The period filter on registration: $3 from, $4 to (local dates), $5 time zone. */
const period = (from: string, to: string, tz: string): string =>
  `a.registered_at >= (${from}::date)::timestamp AT TIME ZONE ${tz}
  AND a.registered_at < (${to}::date + 1)::timestamp AT TIME ZONE ${tz}`;
export const PERIOD = period('$3', '$4', '$5');

/** A channel's Russian label from the channel registry (a value it does not know as it is). */
export const channelLabelSql = (col: string): string =>
  `CASE ${col} ${CHANNELS.map(
    (c) => `WHEN '${c}' THEN '${describeChannel(c).label.replaceAll("'", "''")}'`,
  ).join(' ')} ELSE ${col} END`;
export const CHANNEL_LABEL = channelLabelSql('a.channel');

export const GROUP_KEYS = {
  department: { key: 'a.department_id::text', label: 'd.name' },
  assignee: { key: 'a.assignee_id::text', label: 'u.full_name' },
  topic: { key: 'a.topic_code', label: 't.name' },
  channel: { key: 'a.channel', label: CHANNEL_LABEL },
} as const;

/**
 * Appeals late on each clock (issue 19), one `late_<clock>` column per clock of the registry:
 * the main term answered after its date or open past it; registration more than 3 days after
 * receipt; forwarding done late (the old flag) or its clock missed; every other clock missed —
 * met late, or run past its date (the sweep marks it `late`; one not swept yet counts too).
 */
const LATE_CONDITION: Record<ClockName, string> = {
  answer: `(status = 'answered' AND ans_on > due_date) OR (status IN ${OPEN} AND due_date < $1::date)`,
  registration: `registration_late`,
  forwarding: `forwarding_late OR 'forwarding' = ANY(late_clocks)`,
  court_return: `'court_return' = ANY(late_clocks)`,
  illegible_notice: `'illegible_notice' = ANY(late_clocks)`,
  unclear_notice: `'unclear_notice' = ANY(late_clocks)`,
  authority_control: `'authority_control' = ANY(late_clocks)`,
  inspection: `'inspection' = ANY(late_clocks)`,
};
const LATE_BY_CLOCK = CLOCK_NAMES.map(
  (c) => `count(*) FILTER (WHERE ${LATE_CONDITION[c]})::int AS late_${c}`,
).join(',\n       ');

/**
 * (appeal_id, name) of every clock missed: met late, or running past its date ($1 today; one the
 * sweep has not marked yet counts too). Shared with the rollup's summary (rollup/rollup.sql.ts).
 */
export const LATE_CLOCK_ROWS = `
    SELECT c.appeal_id, c.name FROM appeal_clocks c WHERE c.late
    UNION
    SELECT c.appeal_id, c.name FROM appeal_clocks c WHERE ${RUNNING} AND c.due_date < $1::date`;

/**
 * The SLA summary by group. On time: answered on or before the due date (local dates).
 * Compliance: answered on time over everything whose term has come (answered, or open and
 * overdue). Days to answer: calendar days from registration to dispatch.
 */
export function slaSummarySql(groupBy: keyof typeof GROUP_KEYS): string {
  const g = GROUP_KEYS[groupBy];
  return `
WITH late_clocks AS (
  SELECT appeal_id, array_agg(name) AS names FROM (${LATE_CLOCK_ROWS}) x
   GROUP BY appeal_id
), base AS (
  SELECT a.*, ${g.key} AS gkey, ${g.label} AS glabel,
         (a.registered_at AT TIME ZONE $5)::date AS reg_on,
         (a.answered_at AT TIME ZONE $5)::date AS ans_on,
         EXISTS (SELECT 1 FROM appeal_extensions e WHERE e.appeal_id = a.id AND e.status = 'approved') AS extended,
         coalesce(lc.names, '{}') AS late_clocks
    FROM appeals a
    LEFT JOIN departments d ON d.id = a.department_id
    LEFT JOIN users u ON u.id = a.assignee_id
    LEFT JOIN topics t ON t.code = a.topic_code
    LEFT JOIN late_clocks lc ON lc.appeal_id = a.id
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
       count(*) FILTER (WHERE forwarding_late)::int AS late_forwardings,
       ${LATE_BY_CLOCK}
  FROM base
 GROUP BY GROUPING SETS ((gkey, glabel), ())
 ORDER BY (gkey IS NULL AND glabel IS NULL AND GROUPING(gkey) = 1), glabel NULLS LAST, gkey`;
}

/**
 * The registration journal (the legal journal), numbered on its own: $1 scope, $2 from, $3 to,
 * $4 time zone, $5/$6 cursor (registered_at, id), $7 limit, $8 `dueDateProvisional` (or NULL).
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
       a.due_date_provisional,
       coalesce((SELECT sum(e.days) FROM appeal_extensions e WHERE e.appeal_id = a.id AND e.status = 'approved'), 0)::int
         AS extension_days,
       a.answer_outcome, a.rejection_reason, a.forwarded_to,
       a.applicant_postal_address AS applicant_address, a.incoming_letter,
       a.attributes, t.attributes AS topic_attributes
  FROM appeals a
  LEFT JOIN users u ON u.id = a.assignee_id
  LEFT JOIN topics t ON t.code = a.topic_code
 WHERE ${period('$2', '$3', '$4')} AND ${scope('$1')}
   AND ($5::timestamptz IS NULL OR (a.registered_at, a.id) > ($5::timestamptz, $6::uuid))
   AND ($8::boolean IS NULL OR a.due_date_provisional = $8::boolean)
 ORDER BY a.registered_at, a.id
 LIMIT $7`;
