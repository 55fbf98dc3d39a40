import type { DataSource } from 'typeorm';

/** The longest wait between two attempts at a message that failed transiently. */
export const IMAP_RETRY_MAX_DELAY_MS = 60 * 60_000;

/** Rows of messages not failed again for this long are of messages gone from the folder. */
const FORGOTTEN_AFTER_MS = 30 * 24 * 3600_000;

/**
 * How long a message waits after its `attempts`-th transient failure: 1 minute, doubling, at
 * most an hour. With the default IMAP_MAX_ATTEMPTS (24) a message is given up about 18 hours
 * after its first failure — within the 3 days of registration (59-ФЗ ст. 8 ч. 2), so a person
 * still has time to register it by hand.
 */
export function imapRetryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), IMAP_RETRY_MAX_DELAY_MS);
}

/**
 * The transient failures of one folder (one UIDVALIDITY) in `imap_retries`: how many attempts
 * each message had and when it may be tried again. Only the poller uses it, under the job lock,
 * so reading the counts at the start of a run and writing them back needs no locking.
 */
export class ImapRetries {
  private constructor(
    private readonly ds: DataSource,
    private readonly folder: string,
    private readonly uidValidity: string,
    private readonly rows: Map<number, { attempts: number; nextAttemptAt: Date }>,
  ) {}

  static async load(ds: DataSource, folder: string, uidValidity: string): Promise<ImapRetries> {
    const rows = await ds.query<{ uid: string; attempts: number; next_attempt_at: Date }[]>(
      `SELECT uid, attempts, next_attempt_at FROM imap_retries
        WHERE folder = $1 AND uid_validity = $2`,
      [folder, uidValidity],
    );
    return new ImapRetries(
      ds,
      folder,
      uidValidity,
      new Map(
        rows.map((r) => [
          Number(r.uid),
          { attempts: r.attempts, nextAttemptAt: new Date(r.next_attempt_at) },
        ]),
      ),
    );
  }

  /** UIDs whose next attempt is still ahead: not fetched in this run. */
  waiting(now: Date): Set<number> {
    const uids = new Set<number>();
    for (const [uid, row] of this.rows) if (row.nextAttemptAt > now) uids.add(uid);
    return uids;
  }

  /** Records one more transient failure; returns the message's attempts so far. */
  async failed(uid: number, error: string, now: Date): Promise<number> {
    const attempts = (this.rows.get(uid)?.attempts ?? 0) + 1;
    const nextAttemptAt = new Date(now.getTime() + imapRetryDelayMs(attempts));
    await this.ds.query(
      `INSERT INTO imap_retries
              (folder, uid_validity, uid, attempts, last_error, first_failed_at, last_failed_at,
               next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
       ON CONFLICT (folder, uid_validity, uid) DO UPDATE
          SET attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error,
              last_failed_at = EXCLUDED.last_failed_at, next_attempt_at = EXCLUDED.next_attempt_at`,
      [this.folder, this.uidValidity, uid, attempts, error.slice(0, 500), now, nextAttemptAt],
    );
    this.rows.set(uid, { attempts, nextAttemptAt });
    return attempts;
  }

  /** The message was taken or set aside: its count starts from zero if it is ever seen again. */
  async forget(uid: number): Promise<void> {
    if (!this.rows.delete(uid)) return;
    await this.ds.query(
      'DELETE FROM imap_retries WHERE folder = $1 AND uid_validity = $2 AND uid = $3',
      [this.folder, this.uidValidity, uid],
    );
  }

  /** Drops rows of messages that left the folder (deleted, read or moved by a person). */
  async prune(now: Date): Promise<void> {
    await this.ds.query('DELETE FROM imap_retries WHERE last_failed_at < $1', [
      new Date(now.getTime() - FORGOTTEN_AFTER_MS),
    ]);
  }
}
