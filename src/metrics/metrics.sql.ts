import { OPEN_COUNT_ROWS } from '../reports/reports.sql';

/**
 * The database figures read at scrape time. Each one is served by an index, whatever the size of
 * the tables (test/metrics.e2e-spec.ts checks the plans with sequential scans disabled):
 * - `idx_notifications_pending` and `idx_notifications_failed` (partial) for the notices outbox;
 * - `idx_gis_outbox_status` (status, id) for the ГИС ЖКХ outbox;
 * - the (job, started_at) index of `job_runs`, read backwards once per job.
 * Counts stop at $1 (OUTBOX_COUNT_CAP), so a backlog of millions still costs a bounded scan.
 * The open and overdue appeals come from the open counts (OPEN_COUNT_ROWS, as for the overdue
 * report's totals): a few rows per department, officer and due date, never the appeals
 * themselves.
 */
export const OUTBOX_COUNT_CAP = 100_000;

export const OUTBOX_SQL = `
SELECT
  (SELECT count(*) FROM (SELECT 1 FROM notifications WHERE status = 'pending' LIMIT $1) s)::int
    AS notifications_pending,
  (SELECT count(*) FROM (SELECT 1 FROM notifications WHERE status = 'failed' LIMIT $1) s)::int
    AS notifications_failed,
  (SELECT min(next_attempt_at) FROM notifications WHERE status = 'pending')
    AS notifications_oldest_due,
  (SELECT count(*) FROM (SELECT 1 FROM gis_outbox WHERE status = 'pending' LIMIT $1) s)::int
    AS gis_pending,
  (SELECT count(*) FROM (SELECT 1 FROM gis_outbox WHERE status = 'failed' LIMIT $1) s)::int
    AS gis_failed,
  (SELECT count(*) FROM (SELECT 1 FROM gis_outbox WHERE status = 'held' LIMIT $1) s)::int
    AS gis_held`;

export interface OutboxRow {
  notifications_pending: number;
  notifications_failed: number;
  notifications_oldest_due: Date | null;
  gis_pending: number;
  gis_failed: number;
  gis_held: number;
}

/** The latest run of each job named in $1. */
export const LAST_JOB_RUNS_SQL = `
SELECT j.job, r.status, r.started_at, r.finished_at
  FROM unnest($1::text[]) AS j(job)
  CROSS JOIN LATERAL (
    SELECT status, started_at, finished_at FROM job_runs
     WHERE job = j.job ORDER BY started_at DESC LIMIT 1
  ) r`;

export interface LastJobRunRow {
  job: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
}

/** Open appeals, and those of them past their due date ($1: today in the configured zone). */
export const OPEN_APPEALS_SQL = `
SELECT coalesce(sum(delta), 0)::int AS open,
       coalesce(sum(delta) FILTER (WHERE due_date < $1::date), 0)::int AS overdue
  FROM (${OPEN_COUNT_ROWS}) c`;

export interface OpenAppealsRow {
  open: number;
  overdue: number;
}

/**
 * Open appeals whose due date is provisional (issue 19), through the small partial index
 * idx_appeals_due_date_provisional: only those rows are read.
 */
export const PROVISIONAL_APPEALS_SQL = `
SELECT count(*)::int AS provisional FROM appeals
 WHERE due_date_provisional AND status IN ('registered', 'under_review', 'assigned', 'in_progress', 'answer_review')`;
