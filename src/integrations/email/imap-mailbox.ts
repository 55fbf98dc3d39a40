import { Logger } from '@nestjs/common';
import { ImapFlow, type ImapFlowOptions, type MailboxLockObject } from 'imapflow';
import { safeErrorForLog } from '../../common/errors/problem.filter';

/** What the poller needs of a mailbox; the only code in the project that speaks IMAP. */
export interface ImapMessageRef {
  uid: number;
  size: number | null;
}

/**
 * Set on a message that can never become an appeal (too large, refused by validation), or that
 * failed IMAP_MAX_ATTEMPTS times in a row: the poller skips it from then on, and a person finds it
 * unread and flagged in the folder. Removing the keyword makes the poller try it again.
 */
export const IMAP_FAILED_KEYWORD = '$AppealsDeskFailed';

/** `imap(s)://user:password@host:port` → imapflow options (the path part of the URL is unused). */
export function imapOptionsFromUrl(url: string): ImapFlowOptions {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  if (!secure && u.protocol !== 'imap:') throw new Error('IMAP_URL must be imap:// or imaps://');
  if (!u.hostname) throw new Error('IMAP_URL has no host');
  return {
    // URL keeps IPv6 literals in brackets; the socket wants them bare
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
    logger: false,
    // a poll is a short session: no IDLE between commands
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
  };
}

/**
 * One poll session on one folder: connect, lock (SELECT) the folder, then list, fetch and flag by
 * UID. Every method that changes the mailbox throws when the server refused it, because imapflow
 * reports most command failures as `false`, and a silent failure here would lose or repeat mail.
 */
export class ImapMailbox {
  private readonly logger = new Logger(ImapMailbox.name);
  private lock: MailboxLockObject | null = null;
  private knownFolders: Set<string> | null = null;

  private constructor(
    private readonly client: ImapFlow,
    readonly folder: string,
  ) {}

  static async open(url: string, folder: string): Promise<ImapMailbox> {
    const client = new ImapFlow(imapOptionsFromUrl(url));
    const mailbox = new ImapMailbox(client, folder);
    // Without a listener a socket error would be thrown from the emitter and end the process.
    client.on('error', (e: unknown) =>
      mailbox.logger.warn({ err: safeErrorForLog(e) }, 'IMAP connection error'),
    );
    try {
      await client.connect();
      mailbox.lock = await client.getMailboxLock(folder);
    } catch (e) {
      await mailbox.close();
      throw e;
    }
    return mailbox;
  }

  /** UIDVALIDITY of the selected folder: with a UID it names a message for the logs. */
  get uidValidity(): string {
    return this.client.mailbox ? String(this.client.mailbox.uidValidity) : '?';
  }

  /**
   * Unseen, undeleted messages not given up on, oldest first, at most `limit`, leaving out the
   * UIDs in `skip` (waiting for a retry) so that they cannot fill the batch; `skipped` counts
   * those of them still unseen.
   */
  async unseen(
    limit: number,
    skip: ReadonlySet<number> = new Set(),
  ): Promise<{ messages: ImapMessageRef[]; skipped: number }> {
    const uids = await this.client.search(
      { seen: false, deleted: false, unKeyword: IMAP_FAILED_KEYWORD },
      { uid: true },
    );
    if (!Array.isArray(uids)) throw new Error('IMAP SEARCH failed');
    const due = uids.filter((uid) => !skip.has(uid));
    const skipped = uids.length - due.length;
    const batch = due.sort((a, b) => a - b).slice(0, limit);
    if (batch.length === 0) return { messages: [], skipped };
    const sizes = new Map<number, number>();
    for (const m of await this.client.fetchAll(batch, { uid: true, size: true }, { uid: true })) {
      if (typeof m.size === 'number') sizes.set(m.uid, m.size);
    }
    return { messages: batch.map((uid) => ({ uid, size: sizes.get(uid) ?? null })), skipped };
  }

  /** The raw RFC 822 bytes; null when the message is gone (expunged by someone else meanwhile). */
  async source(uid: number): Promise<Buffer | null> {
    const m = await this.client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    return m && m.source ? m.source : null;
  }

  /** \Seen, then moved to `processedFolder` when one is configured. */
  async markProcessed(uid: number, processedFolder: string | null): Promise<void> {
    const flagged = await this.client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    if (!flagged) throw new Error('IMAP STORE \\Seen failed');
    if (!processedFolder) return;
    await this.ensureFolder(processedFolder);
    const moved = await this.client.messageMove(String(uid), processedFolder, { uid: true });
    // \Seen is already set: a failed move leaves a processed message in place, never a duplicate
    if (!moved) throw new Error('IMAP MOVE failed');
  }

  /**
   * Given up on: flagged with IMAP_FAILED_KEYWORD (and \Flagged) so it is skipped from now on. A
   * server that takes no keywords gets \Seen instead, so the message cannot block the batch.
   */
  async markFailed(uid: number): Promise<void> {
    const mailbox = this.client.mailbox;
    const keywords = mailbox && mailbox.permanentFlags?.has('\\*');
    const flags = keywords ? [IMAP_FAILED_KEYWORD, '\\Flagged'] : ['\\Seen', '\\Flagged'];
    if (!(await this.client.messageFlagsAdd(String(uid), flags, { uid: true }))) {
      throw new Error('IMAP STORE failed');
    }
  }

  /** Releases the folder and logs out; never throws (it runs in `finally`). */
  async close(): Promise<void> {
    try {
      this.lock?.release();
      this.lock = null;
      if (this.client.usable) await this.client.logout();
    } catch {
      // the connection is already broken: nothing left to say goodbye to
    } finally {
      this.client.close();
    }
  }

  private async ensureFolder(path: string): Promise<void> {
    if (!this.knownFolders) {
      this.knownFolders = new Set((await this.client.list()).map((f) => f.path));
    }
    if (this.knownFolders.has(path)) return;
    await this.client.mailboxCreate(path);
    this.knownFolders.add(path);
  }
}
