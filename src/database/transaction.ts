import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { inlineParams } from './inline-params';
import type { Statement, WriteBatch } from './write-batch';

interface PgResult {
  rows: Record<string, unknown>[];
}
interface PgClient {
  query(text: string): Promise<PgResult | PgResult[]>;
}

/**
 * A transaction whose last write can travel with its COMMIT (issue 10). A registration holds the
 * yearly counter's row lock from the number's allocation to COMMIT, and every other registration
 * queues on it: a round trip back to a busy Node.js event loop between the final statement and
 * COMMIT is time the lock is held for nothing. `commitWith` sends both in one simple-protocol
 * message, so PostgreSQL commits as soon as the statement ends.
 */
export class Tx {
  private done = false;

  constructor(
    readonly em: EntityManager,
    private readonly qr: QueryRunner,
    private readonly client: PgClient,
  ) {}

  get committed(): boolean {
    return this.done;
  }

  /**
   * Writes the batch and commits. When the batch has work to run after its rows exist, that work
   * runs first and COMMIT is a statement of its own. If the write fails, nothing is committed
   * (PostgreSQL skips the rest of the message and the transaction is rolled back).
   */
  async commitWith<R = Record<string, unknown>>(
    em: EntityManager,
    batch: WriteBatch,
    main?: Statement,
  ): Promise<R[]> {
    if (this.done) throw new Error('Tx.commitWith: already committed');
    const statement = batch.hasAfterWork() ? null : batch.take(em, main);
    let rows: R[];
    if (!statement) {
      rows = await batch.flush<R>(em, main);
      await this.qr.commitTransaction();
    } else {
      const text = `${inlineParams(statement)};\nCOMMIT`;
      try {
        // The connection's own client: TypeORM's query() keeps the rows of one statement only.
        const results = await this.client.query(text);
        rows = (Array.isArray(results) ? results[0] : results).rows as R[];
      } catch (e) {
        // The shape every other database error has here (pg-errors.ts reads driverError).
        throw new QueryFailedError(text, [], e as Error);
      }
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
 * it committed through `tx.commitWith`), rolled back when it throws.
 */
export async function transaction<T>(
  ds: DataSource,
  work: (em: EntityManager, tx: Tx) => Promise<T>,
): Promise<T> {
  const qr = ds.createQueryRunner();
  const client = (await qr.connect()) as PgClient;
  try {
    await qr.startTransaction();
    const tx = new Tx(qr.manager, qr, client);
    try {
      const result = await work(qr.manager, tx);
      if (!tx.committed) await qr.commitTransaction();
      return result;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw e;
    }
  } finally {
    await qr.release();
  }
}
