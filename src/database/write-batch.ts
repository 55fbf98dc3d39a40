import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** One parameterised SQL statement. */
export interface Statement {
  sql: string;
  params: unknown[];
  /** Its name as a CTE of a combined statement (so later ones can read it); else `wN`. */
  name?: string;
  /** Evaluated once, as written (`AS MATERIALIZED`): for row locks and choices read twice. */
  materialized?: boolean;
}

/**
 * A value computed inside the final statement, where a row is written before its value is known
 * in JavaScript (the registration number, the officer chosen under the staff locks): every string
 * value of the batch's entity rows that contains `token` gets it replaced there — by `text` (an
 * SQL expression of type text) in text columns, and the JSON string `"token"` by `json` (an SQL
 * expression giving JSON text) in jsonb columns.
 */
export interface Binding {
  token: string;
  text: string;
  json: string;
}

/**
 * Joins statements into one: every statement but the last becomes a data-modifying CTE ahead of
 * it, with its `$n` placeholders renumbered after the previous ones'. One round trip instead of
 * many; PostgreSQL runs every CTE exactly once, and foreign keys are checked at the end of the
 * whole statement. The statements must not depend on each other's effects (they share one
 * snapshot), must not modify the same row twice, and must not contain `$` outside placeholders.
 */
export function combineStatements(parts: Statement[]): Statement {
  if (parts.length === 0) throw new Error('combineStatements: nothing to combine');
  if (parts.length === 1) return parts[0];
  const params: unknown[] = [];
  const shifted = parts.map(({ sql, params: own }) => {
    const offset = params.length;
    params.push(...own);
    return offset === 0 ? sql : renumbered(sql, offset);
  });
  const main = shifted.pop()!;
  const ctes = shifted
    .map((sql, i) => {
      const { name, materialized } = parts[i];
      return `${name ?? `w${i + 1}`} AS ${materialized ? 'MATERIALIZED ' : ''}(${sql})`;
    })
    .join(',\n');
  return { sql: `WITH ${ctes}\n${main}`, params };
}

/**
 * `sql` with its placeholders moved up by `offset`. The same parts come back at the same offsets
 * for every registration of a shape, so the answers are kept (the regular expression over a
 * registration's SQL was a tenth of a millisecond, issue 10); texts past the cap are worked out
 * each time.
 */
const RENUMBERED_CAP = 1024;
const renumberedCache = new Map<string, string>();
function renumbered(sql: string, offset: number): string {
  const key = `${offset}:${sql}`;
  let out = renumberedCache.get(key);
  if (out === undefined) {
    out = sql.replace(/\$(\d+)(?!\d)/g, (_, n: string) => `$${Number(n) + offset}`);
    if (renumberedCache.size < RENUMBERED_CAP) renumberedCache.set(key, out);
  }
  return out;
}

/**
 * Writes collected during a transaction and sent together (issue 10: a registration used to make
 * a round trip per row while it held the locks every other registration waits for). Rows of one
 * entity become one multi-row INSERT, in the order they were added (history ids stay in order).
 * Rows are read when the batch is flushed, so a row added early may still be completed later.
 */
const spread = (s: Statement): [string, unknown[]] => [s.sql, s.params];

export class WriteBatch {
  private readonly rows = new Map<EntityTarget<ObjectLiteral>, ObjectLiteral[]>();
  private readonly statements: Statement[] = [];
  private readonly first: Statement[] = [];
  private readonly last: Statement[] = [];
  private readonly bindings: Binding[] = [];
  private readonly after: (() => Promise<void>)[] = [];

  /** A named CTE ahead of every write (e.g. the counter increment the writes take numbers from). */
  prelude(statement: Statement & { name: string }): void {
    this.first.push(statement);
  }

  /**
   * A write after the entity rows' INSERTs, which it may read: they are CTEs named
   * `ins_<table>` returning their rows' ids (e.g. an event that must come after another).
   */
  addAfterRows(sql: string, params: unknown[] = []): void {
    this.last.push({ sql, params });
  }

  /** See Binding. Tokens are letters, digits, `_` and `-`. */
  bind(binding: Binding): void {
    if (!/^[\w-]+$/.test(binding.token)) throw new Error('WriteBatch.bind: unsafe token');
    this.bindings.push(binding);
  }

  insert<T extends ObjectLiteral>(target: EntityTarget<T>, row: QueryDeepPartialEntity<T>): void {
    const list = this.rows.get(target) ?? [];
    list.push(row);
    this.rows.set(target, list);
  }

  add(sql: string, params: unknown[] = []): void {
    this.statements.push({ sql, params });
  }

  /** Work that needs the batch's rows to exist (it runs right after the flush, in order). */
  afterFlush(work: () => Promise<void>): void {
    this.after.push(work);
  }

  /** Whether work waits for the rows (it needs a round trip after the flush). */
  hasAfterWork(): boolean {
    return this.after.length > 0;
  }

  /**
   * Everything collected, as one statement (with `main`, if any, as the one whose rows are
   * returned), and the batch emptied of it; null when there is nothing to write.
   */
  take(em: EntityManager, main?: Statement): Statement | null {
    const parts: Statement[] = [...this.first, ...this.statements];
    for (const [target, values] of this.rows) {
      const insert = insertStatement(em, target, values, this.bindings);
      const table = em.connection.getMetadata(target).tableName;
      parts.push({ sql: `${insert.sql} RETURNING 1`, params: insert.params, name: `ins_${table}` });
    }
    parts.push(...this.last);
    this.rows.clear();
    this.statements.length = 0;
    this.first.length = 0;
    this.last.length = 0;
    if (main) parts.push(main);
    return parts.length === 0 ? null : combineStatements(parts);
  }

  /** Runs everything, with `main` (if any) as the statement whose rows are returned. */
  async flush<R = unknown>(em: EntityManager, main?: Statement): Promise<R[]> {
    const statement = this.take(em, main);
    const rows = statement ? await em.query<R[]>(...spread(statement)) : [];
    for (const work of this.after.splice(0)) await work();
    return rows;
  }
}

interface InsertPlan {
  columns: ColumnMetadata[];
  head: string;
}
const plans = new WeakMap<EntityMetadata, InsertPlan>();

/**
 * A multi-row INSERT of entity rows, written as TypeORM's InsertQueryBuilder writes it for
 * PostgreSQL — the same columns, values prepared by the driver (transformers, JSON, arrays),
 * DEFAULT for what a row leaves undefined, 1 for a version column — without building the query
 * builder's expression tree for every registration (issue 10: it was a tenth of a registration's
 * CPU). The column list is worked out once per entity. test/transaction.e2e-spec.ts compares the
 * two for every entity the registration writes.
 */
export function insertStatement<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: ObjectLiteral[],
  bindings: readonly Binding[] = [],
): Statement {
  const driver = em.connection.driver;
  const metadata = em.connection.getMetadata(target);
  let plan = plans.get(metadata);
  if (!plan) {
    const columns = metadata.columns.filter(
      (c) => c.isInsert && !(c.isGenerated && c.generationStrategy === 'increment'),
    );
    const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
    plan = { columns, head: `INSERT INTO ${driver.escape(metadata.tablePath)}(${names}) VALUES ` };
    plans.set(metadata, plan);
  }
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const values = plan.columns.map((column) => {
      let value: unknown = column.getEntityValue(row);
      if (typeof value !== 'function') value = driver.preparePersistentValue(value, column);
      if (column.isVersion && value === undefined) return '1';
      if (value === undefined) return 'DEFAULT';
      if (typeof value === 'function') return String((value as () => string)());
      params.push(value);
      return bound(`$${params.length}`, value, column, bindings, params);
    });
    return `(${values.join(', ')})`;
  });
  return { sql: plan.head + tuples.join(', '), params };
}

/**
 * The placeholder, wrapped in the replacements its value's tokens call for (see Binding). The
 * token travels as a parameter of its own, so the statement's text is the same for every batch
 * of the same shape and can be prepared once (src/database/prepared-statements.ts).
 */
function bound(
  placeholder: string,
  value: unknown,
  column: ColumnMetadata,
  bindings: readonly Binding[],
  params: unknown[],
): string {
  if (typeof value !== 'string' || bindings.length === 0) return placeholder;
  const json = column.type === 'jsonb' || column.type === 'json';
  let sql = json ? `${placeholder}::text` : placeholder;
  let hit = false;
  for (const b of bindings) {
    if (!value.includes(b.token)) continue;
    hit = true;
    params.push(json ? JSON.stringify(b.token) : b.token);
    sql = `replace(${sql}, $${params.length}, ${json ? b.json : b.text})`;
  }
  if (!hit) return placeholder;
  return json ? `(${sql})::${String(column.type)}` : sql;
}
