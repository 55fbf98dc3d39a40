import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { inlineParams } from './inline-params';
import type { WriteBatch } from './write-batch';

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
  ) {}

  get committed(): boolean {
    return this.done;
  }

  /**
   * Writes the batch and commits. When the batch has work to run after its rows exist, that work
   * runs first and COMMIT is a statement of its own. If the write fails, nothing is committed
   * (PostgreSQL skips the rest of the message and the transaction is rolled back).
   */
  async commitWith(em: EntityManager, batch: WriteBatch): Promise<void> {
    if (this.done) throw new Error('Tx.commitWith: already committed');
    const statement = batch.hasAfterWork() ? null : batch.take(em);
    if (!statement) {
      await batch.flush(em);
      await this.qr.commitTransaction();
    } else {
      await this.qr.query(`${inlineParams(statement)};\nCOMMIT`);
      // TypeORM did not send this COMMIT: its runner is told the transaction is over.
      const runner = this.qr as unknown as {
        isTransactionActive: boolean;
        transactionDepth: number;
      };
      runner.isTransactionActive = false;
      runner.transactionDepth = 0;
    }
    this.done = true;
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
  await qr.connect();
  try {
    await qr.startTransaction();
    const tx = new Tx(qr.manager, qr);
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
