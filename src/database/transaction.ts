import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { inlineParams } from './inline-params';
import { pgQuery, preparedQuery, type PgQueryable } from './prepared-statements';
import type { Statement, WriteBatch } from './write-batch';

type PgClient = PgQueryable;

/**
 * A transaction whose last write can travel with its COMMIT (issue 10). A registration holds the
 * yearly counter's row lock from the number's allocation to COMMIT, and every other registration
 * queues on it: a round trip back to a busy Node.js event loop between the final statement and
 * COMMIT is time the lock is held for nothing. `commitWith` sends both in one simple-protocol
 * message, so PostgreSQL commits as soon as the statement ends — or, in a lazy transaction that
 * has not begun, sends the statement alone, which is then a transaction of its own.
 */
export class Tx {
  private done = false;
  private begun: boolean;

  constructor(
    readonly em: EntityManager,
    private readonly qr: QueryRunner,
    private readonly client: PgClient,
    started: boolean,
  ) {
    this.begun = started;
  }

  /**
   * Starts the transaction of a lazy `transaction()`; a no-op once started. Everything sent
   * through the entity manager before it would run on its own, outside the transaction.
   */
  async begin(): Promise<void> {
    if (this.begun) return;
    await this.qr.startTransaction();
    this.begun = true;
  }

  get committed(): boolean {
    return this.done;
  }

  /**
   * Writes the batch (with `main` as the statement whose rows are returned) and commits. When
   * the batch has work to run after its rows exist, the transaction begins if it has not, that
   * work runs after the write and COMMIT is a statement of its own. If the write fails, nothing
   * is committed (PostgreSQL skips the rest of the message and the transaction is rolled back).
   */
  async commitWith<R = Record<string, unknown>>(
    em: EntityManager,
    batch: WriteBatch,
    main?: Statement,
  ): Promise<R[]> {
    if (this.done) throw new Error('Tx.commitWith: already committed');
    if (batch.hasAfterWork()) await this.begin();
    const statement = batch.hasAfterWork() ? null : batch.take(em, main);
    let rows: R[];
    if (!statement) {
      rows = await batch.flush<R>(em, main);
      if (this.begun) await this.qr.commitTransaction();
    } else if (!this.begun) {
      // Nothing else in the transaction: the statement alone is one, committed when it ends —
      // no BEGIN, no COMMIT, no round trip of either. Its text repeats for every registration
      // of the same shape (values are parameters, WriteBatch.bind's tokens included): prepared.
      rows = await preparedQuery<R>(this.client, statement.sql, statement.params);
    } else {
      // Simple protocol (no values): the statement and its COMMIT in one message.
      rows = await pgQuery<R>(this.client, { text: `${inlineParams(statement)};\nCOMMIT` });
      // TypeORM did not send this COMMIT: its runner is told the transaction is over.
      const runner = this.qr as unknown as {
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
 * Runs `work` in a transaction on a connection of its own: committed when `work` returns (unless
 * it committed through `tx.commitWith`), rolled back when it throws. `lazy`: BEGIN is sent by
 * `tx.begin()` or when a batch needs it, so work that writes only through `commitWith` costs a
 * single statement; such work must call `tx.begin()` before any other query.
 */
export async function transaction<T>(
  ds: DataSource,
  work: (em: EntityManager, tx: Tx) => Promise<T>,
  { lazy = false }: { lazy?: boolean } = {},
): Promise<T> {
  const qr = ds.createQueryRunner();
  const client = (await qr.connect()) as PgClient;
  try {
    if (!lazy) await qr.startTransaction();
    const tx = new Tx(qr.manager, qr, client, !lazy);
    try {
      const result = await work(qr.manager, tx);
      if (!tx.committed && qr.isTransactionActive) await qr.commitTransaction();
      return result;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw e;
    }
  } finally {
    await qr.release();
  }
}
