// The registration's own SQL as a ceiling: what PostgreSQL alone does with the statements one
// `POST /appeals` sends, replayed from a plain pg pool with no HTTP, no Nest and no rules in
// JavaScript. If the application reaches most of this, the bound is the database's work (and
// its serialised section under the year's counter), not the API process (issue 10).
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { watchQueries } from './watch-queries';

export interface CapturedStatement {
  name: string;
  text: string;
  values: unknown[];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The named (prepared) statements node-postgres sends while `run` is in progress, in order. */
export async function captureNamedStatements(
  run: () => Promise<unknown>,
): Promise<CapturedStatement[]> {
  const captured: CapturedStatement[] = [];
  await watchQueries(run, (query) => {
    const cfg = query as Partial<CapturedStatement> | undefined;
    if (cfg && typeof cfg === 'object' && cfg.name && cfg.text) {
      captured.push({ name: cfg.name, text: cfg.text, values: [...(cfg.values ?? [])] });
    }
  });
  return captured;
}

/**
 * The captured statements with what must differ between registrations made fresh: every UUID
 * that is not a reference to an existing row (`keep`: departments, users, keys, policies) —
 * the appeal's id, notices' ids, number tokens — one new value per old one so references
 * between parameters stay intact, and the applicant's identity (`identity`: each string gets
 * the prefix `r<n>x`), so the duplicate check does not find every earlier replay.
 */
export function freshen(
  statements: CapturedStatement[],
  keep: ReadonlySet<string>,
  identity: readonly string[],
  n: number,
): CapturedStatement[] {
  const ids = new Map<string, string>();
  const fresh = (s: string): string => {
    let out = s.replace(UUID, (u) => {
      if (keep.has(u)) return u;
      let v = ids.get(u);
      if (!v) ids.set(u, (v = randomUUID()));
      return v;
    });
    for (const id of identity) out = out.split(id).join(`r${n}x${id}`);
    return out;
  };
  return statements.map((st) => ({
    ...st,
    values: st.values.map((v) => (typeof v === 'string' ? fresh(v) : v)),
  }));
}

/** Ids of rows a registration refers to but does not create. */
export async function referenceIds(pool: Pool): Promise<Set<string>> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id::text FROM departments UNION ALL SELECT id::text FROM users
     UNION ALL SELECT id::text FROM api_keys UNION ALL SELECT id::text FROM sla_policies`,
  );
  return new Set(rows.map((r) => r.id));
}
