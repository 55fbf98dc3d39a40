/**
 * GET /reports/quality (issue 23): the quality-violation reports of a period, through the partial
 * index idx_appeals_quality_reports (registered_at, id) WHERE kind = 'quality_report'.
 * Parameters: $1 department scope (NULL: all), $2 from, $3 to (local dates), $4 time zone,
 * $5 service (NULL: all).
 */
const WHERE = `a.kind = 'quality_report'
   AND a.registered_at >= ($2::date)::timestamp AT TIME ZONE $4
   AND a.registered_at < ($3::date + 1)::timestamp AT TIME ZONE $4
   AND ($1::uuid IS NULL OR a.department_id = $1::uuid)
   AND ($5::text IS NULL OR a.quality_report->>'service' = $5::text)`;

const ACT = `a.quality_report->'act'`;
const CONFIRMED = `coalesce((${ACT}->>'violationConfirmed')::boolean, false)`;
/** Hours between the act's start and end, to a hundredth (as violationHours() computes them). */
const HOURS = `round((extract(epoch FROM ((${ACT}->>'violationEndedAt')::timestamptz
  - (${ACT}->>'violationStartedAt')::timestamptz)) / 3600)::numeric, 2)`;

/** One row per report; $6/$7 keyset cursor (registered_at, id) or NULLs, $8 page size or NULL. */
export const QUALITY_ITEMS = `
SELECT a.id, a.reg_number, a.registered_at, a.status, a.service_address, a.department_id,
       a.quality_report->>'service' AS service,
       a.quality_report->>'startedAt' AS reported_started_at,
       c.due_at AS inspection_due_at, c.met_at AS inspection_met_at,
       coalesce(c.late, false) AS inspection_late,
       ${ACT}->>'inspectedAt' AS inspected_at,
       ${CONFIRMED} AS violation_confirmed,
       ${ACT}->>'violationStartedAt' AS violation_started_at,
       ${ACT}->>'violationEndedAt' AS violation_ended_at,
       CASE WHEN ${CONFIRMED} THEN ${HOURS}::float8 END AS violation_hours
  FROM appeals a
  LEFT JOIN appeal_clocks c ON c.appeal_id = a.id AND c.name = 'inspection'
 WHERE ${WHERE}
   AND ($6::timestamptz IS NULL OR (a.registered_at, a.id) > ($6::timestamptz, $7::uuid))
 ORDER BY a.registered_at, a.id
 LIMIT $8`;

/** By service and house (the appeal's service address): reports, confirmed, confirmed hours. */
export const QUALITY_TOTALS = `
SELECT a.quality_report->>'service' AS service, a.service_address,
       count(*)::int AS reports,
       count(*) FILTER (WHERE ${CONFIRMED})::int AS confirmed,
       coalesce(sum(${HOURS}) FILTER (WHERE ${CONFIRMED}), 0)::float8 AS violation_hours
  FROM appeals a
 WHERE ${WHERE}
 GROUP BY 1, 2
 ORDER BY 1, 2 NULLS LAST`;
