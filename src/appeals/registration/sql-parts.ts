import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** One parameterised SQL statement. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** The values of a statement being written: each `add` is the next `$n`. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * A column value that is SQL, written into the statement as it is (not a parameter). A function,
 * as TypeORM writes such values: an object would be read as a related entity in a relation's
 * column (the appeal's assignee).
 */
export type SqlValue = () => string;
export const sql =
  (text: string): SqlValue =>
  () =>
    text;

interface InsertPlan {
  columns: ColumnMetadata[];
  head: string;
}
const plans = new WeakMap<EntityMetadata, InsertPlan>();

/**
 * `INSERT INTO <table>(<columns>) VALUES (…)` for entity rows, written as TypeORM's
 * InsertQueryBuilder writes it for PostgreSQL — the same columns, values prepared by the driver
 * (transformers, JSON, arrays), DEFAULT for what a row leaves undefined, 1 for a version column
 * — without building the query builder's expression tree for every registration (issue 10: that
 * was a tenth of a registration's CPU). A value may be `sql(…)`: SQL that reads the statement's
 * earlier CTEs (the number, the officer chosen). test/transaction.e2e-spec.ts compares the text
 * with TypeORM's for every entity a registration writes.
 */
export function insertSql<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: ObjectLiteral[],
  params: Params,
): string {
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
  const tuples = rows.map((row) => {
    const values = plan.columns.map((column) => {
      const raw: unknown = column.getEntityValue(row);
      if (typeof raw === 'function') return (raw as SqlValue)();
      const value: unknown = driver.preparePersistentValue(raw, column);
      if (column.isVersion && value === undefined) return '1';
      if (value === undefined) return 'DEFAULT';
      return params.add(value);
    });
    return `(${values.join(', ')})`;
  });
  return plan.head + tuples.join(', ');
}
