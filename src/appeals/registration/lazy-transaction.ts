import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { pgQuery, preparedQuery, type PgQueryable } from '../../database/prepared-statements';
import { inlineParams } from './inline-params';
import type { Statement } from './sql-parts';

/**
 * The registration's transaction, whose final statement travels with its COMMIT (issue 10). A
 * registration holds the year's counter row lock from the number's allocation to COMMIT, and
 * every other registration queues on it: a round trip back to a busy Node.js event loop between
 * the final statement and COMMIT would be time the lock is held for nothing.
 *
 * Lazy: BEGIN is sent only by `begin()`. A registration with nothing to write before or after
 * its final statement never begins one: `commitWith` then sends the statement alone, which
 * PostgreSQL runs as a transaction of its own (no BEGIN, no COMMIT, no round trip of either).
 */
export class LazyTransaction {
  private begun = false;
  private done = false;

  constructor(
    readonly em: EntityManager,
    private readonly runner: QueryRunner,
    private readonly client: PgQueryable,
  ) {}

  /** Starts the transaction; a no-op once started. Queries before it run on their own. */
  async begin(): Promise<void> {
    if (this.begun) return;
    await this.runner.startTransaction();
    this.begun = true;
  }

  get committed(): boolean {
    return this.done;
  }

  /** Runs a statement inside the begun transaction, for work that must follow it. */
  async run<R>(statement: Statement): Promise<R[]> {
    if (!this.begun) throw new Error('LazyTransaction.run: begin() first');
    return preparedQuery<R>(this.client, statement.sql, statement.params);
  }

  /**
   * Runs the final statement and commits. Not begun: the statement alone, as a prepared statement
   * (its text repeats for every registration of the same shape). Begun: the statement and COMMIT
   * in one simple-protocol message (the only protocol that carries two statements; values are
   * inlined as literals), so PostgreSQL commits as soon as the statement ends. If the statement
   * fails, PostgreSQL skips the rest of the message and nothing is committed.
   */
  async commitWith<R>(statement: Statement): Promise<R[]> {
    if (this.done) throw new Error('LazyTransaction.commitWith: already committed');
    let rows: R[];
    if (!this.begun) {
      rows = await preparedQuery<R>(this.client, statement.sql, statement.params);
    } else {
      rows = await pgQuery<R>(this.client, { text: `${inlineParams(statement)};\nCOMMIT` });
      // TypeORM did not send this COMMIT: its runner is told the transaction is over.
      const runner = this.runner as unknown as {
        isTransactionActive: boolean;
        transactionDepth: number;
      };
      runner.isTransactionActive = false;
      runner.transactionDepth = 0;
    }
    this.done = true;
    return rows;
  }
}

/**
 * Runs `work` with a lazy transaction on a connection of its own: committed when `work` returns
 * (unless it committed through `commitWith`), rolled back when it throws.
 */
export async function lazyTransaction<T>(
  ds: DataSource,
  work: (em: EntityManager, tx: LazyTransaction) => Promise<T>,
): Promise<T> {
  const runner = ds.createQueryRunner();
  const client = (await runner.connect()) as PgQueryable;
  try {
    const tx = new LazyTransaction(runner.manager, runner, client);
    try {
      const result = await work(runner.manager, tx);
      if (!tx.committed && runner.isTransactionActive) await runner.commitTransaction();
      return result;
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw e;
    }
  } finally {
    await runner.release();
  }
}
