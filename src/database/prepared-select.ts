import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { SelectQueryBuilder } from 'typeorm';
import { pgOf, preparedQuery } from './prepared-statements';

/**
 * A query built once with TypeORM's query builder and then reused as SQL text, its rows hydrated
 * the way `getRawAndEntities()` hydrates them (issue 10: building the query and mapping its result
 * through the builder was a sixth of a `GET /appeals/{id}`'s CPU). The builder runs once per
 * shape with sentinel parameter values; each call then only fills in the values in the order the
 * builder put them. test/transaction.e2e-spec.ts compares the entities with the builder's.
 */
export class PreparedSelect<T extends ObjectLiteral, P extends string> {
  private readonly columns: [string, ColumnMetadata][];
  private readonly metadata: EntityMetadata;
  readonly sql: string;
  private readonly order: P[];

  constructor(
    em: EntityManager,
    target: EntityTarget<T>,
    private readonly alias: string,
    build: (sentinels: Record<P, string>) => SelectQueryBuilder<T>,
    names: readonly P[],
  ) {
    const sentinels = Object.fromEntries(names.map((n) => [n, `\u0001${n}\u0001`])) as Record<
      P,
      string
    >;
    const [sql, params] = build(sentinels).getQueryAndParameters();
    this.sql = sql;
    this.order = params.map((p) => {
      const name = names.find((n) => sentinels[n] === p);
      if (!name)
        throw new Error(`PreparedSelect: a parameter that is not a sentinel: ${String(p)}`);
      return name;
    });
    this.metadata = em.connection.getMetadata(target);
    const driver = em.connection.driver;
    this.columns = this.metadata.columns.map((c) => [
      DriverUtils.buildAlias(driver, undefined, alias, c.databaseName),
      c,
    ]);
  }

  /** The rows as they come (raw), with the entity of each. */
  async run(
    em: EntityManager,
    values: Record<P, unknown>,
  ): Promise<{ raw: Record<string, unknown>[]; entities: T[] }> {
    const raw = await preparedQuery(
      await pgOf(em),
      this.sql,
      this.order.map((n) => values[n]),
    );
    const driver = em.connection.driver;
    const entities = raw.map((row) => {
      const entity = this.metadata.create(undefined, { fromDeserializer: true }) as T;
      for (const [key, column] of this.columns) {
        const value = row[key];
        if (value === undefined) continue;
        column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
      }
      return entity;
    });
    return { raw, entities };
  }
}
