import type { JsonObject } from '../common/json';

/** Which actor column a filter reads: an id is a staff member's or an API key's. */
export type ActorColumn = 'actor_user_id' | 'actor_api_key_id';

export interface AuditFilter {
  appealId?: string;
  actor?: { column: ActorColumn; id: string };
  action?: string;
  /** Local dates of the organisation's zone, both inclusive. */
  from?: string;
  to?: string;
  /** The last row of the previous page: its exact `at` (microseconds) and id. */
  after?: { at: string; id: string } | null;
  /** Rows to read; null: all of them (the CSV export). */
  limit: number | null;
}

/** A row as the query gives it. */
export interface AuditRow {
  id: string;
  at: Date;
  /** `at` to the microsecond, ISO 8601 in UTC: the cursor (a JS Date keeps milliseconds only). */
  at_key: string;
  /** `at` in the organisation's zone, `YYYY-MM-DD HH:MM:SS`: the CSV's column. */
  at_local: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  actor_user_id: string | null;
  actor_user_name: string | null;
  actor_api_key_id: string | null;
  actor_api_key_name: string | null;
  request_id: string | null;
  data: JsonObject | null;
}

/**
 * The audit log newest first, `(at, id)` descending. The period alone, an actor and an action
 * each lead an index that ends in `(at, id)`, so the period and the keyset bound narrow the same
 * index range and a page reads `limit` entries of it whatever the log's size; the per-view read
 * actions, left out of the action index, are dense enough to find walking `(at, id)`; an
 * appeal's few events come from `(entity_type, entity_id)` and are sorted
 * (test/audit-log.e2e-spec.ts checks the plans). Day bounds are the local midnights of the
 * organisation's zone, as in GET /appeals and the reports.
 */
export function auditEventsQuery(
  f: AuditFilter,
  timeZone: string,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [timeZone];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (f.appealId) where.push(`e.entity_type = 'appeal' AND e.entity_id = ${p(f.appealId)}`);
  if (f.actor) where.push(`e.${f.actor.column} = ${p(f.actor.id)}::uuid`);
  if (f.action) where.push(`e.action = ${p(f.action)}`);
  if (f.from) where.push(`e.at >= (CAST(${p(f.from)} AS date)::timestamp AT TIME ZONE $1)`);
  if (f.to) where.push(`e.at < ((CAST(${p(f.to)} AS date) + 1)::timestamp AT TIME ZONE $1)`);
  if (f.after) {
    where.push(`(e.at, e.id) < (${p(f.after.at)}::timestamptz, ${p(f.after.id)}::bigint)`);
  }
  const sql = `
SELECT e.id, e.at,
       to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key,
       to_char(e.at AT TIME ZONE $1, 'YYYY-MM-DD HH24:MI:SS') AS at_local,
       e.action, e.entity_type, e.entity_id,
       e.actor_user_id, u.full_name AS actor_user_name,
       e.actor_api_key_id, k.name AS actor_api_key_name,
       e.request_id, e.data
  FROM audit_events e
  LEFT JOIN users u ON u.id = e.actor_user_id
  LEFT JOIN api_keys k ON k.id = e.actor_api_key_id
 ${where.length > 0 ? `WHERE ${where.join('\n   AND ')}` : ''}
 ORDER BY e.at DESC, e.id DESC${f.limit === null ? '' : `\n LIMIT ${p(f.limit)}`}`;
  return { sql, params };
}
