import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AttachmentsService } from '../../attachments/attachments.service';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { JobsService } from '../../jobs/jobs.service';
import { LettersService } from '../../notifications/letters.service';
import { backoffMs } from '../../notifications/notification-sender.service';
import { MessengerSendError, type OutgoingFile } from './messenger-provider';
import { MessengerProviders } from './messenger-providers';

interface ClaimedNotice {
  id: string;
  appeal_id: string | null;
  kind: string;
  audience: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
  attachment_ids: string[];
}

const BATCH = 50;
const LEASE_MS = 5 * 60_000;

/** What became of one send; `fallback` when a blocked chat was replaced by another address. */
export type NoticeOutcome = 'sent' | 'retry' | 'failed' | 'fallback';

/**
 * Sends the outbox's notices whose channel is `messenger` (issue 24) into the chat the appeal
 * came from — the `messenger-notices` job, once across instances (JobsService's lock), rows
 * claimed with a lease and FOR UPDATE SKIP LOCKED as the e-mail sender does. A 429 waits the
 * provider's `retry_after`; network and 5xx failures back off and give up after
 * MESSENGER_MAX_ATTEMPTS; a blocked bot (the person left) fails the notice for good and writes
 * the same notice to the applicant's e-mail, else postal address, when the appeal has one.
 */
@Injectable()
export class MessengerNoticesService implements OnModuleInit {
  private readonly logger = new Logger(MessengerNoticesService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly providers: MessengerProviders,
    private readonly attachments: AttachmentsService,
    private readonly letters: LettersService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('messenger-notices', (now) => this.sendDue(now));
  }

  async sendDue(now: Date): Promise<Record<string, number>> {
    const counts: Record<NoticeOutcome | 'claimed', number> = {
      claimed: 0,
      sent: 0,
      retry: 0,
      failed: 0,
      fallback: 0,
    };
    if (this.providers.all().length === 0) return { ...counts, disabled: 1 };
    const [claimed] = await this.ds.query<[ClaimedNotice[], number]>(
      `UPDATE notifications SET lease_until = $2
          WHERE id IN (SELECT id FROM notifications
                        WHERE status = 'pending' AND channel = 'messenger' AND next_attempt_at <= $1
                          AND (lease_until IS NULL OR lease_until < $1)
                        ORDER BY next_attempt_at LIMIT ${BATCH}
                        FOR UPDATE SKIP LOCKED)
          RETURNING id, appeal_id, kind, audience, recipient, subject, body, attempts, attachment_ids`,
      [now, new Date(now.getTime() + LEASE_MS)],
    );
    counts.claimed = claimed.length;
    for (const n of claimed) counts[await this.sendOne(n, now)]++;
    if (counts.retry + counts.failed + counts.fallback > 0) {
      this.logger.warn(counts, 'Some messenger notices were not delivered');
    }
    return counts;
  }

  private async sendOne(n: ClaimedNotice, now: Date): Promise<NoticeOutcome> {
    const attempts = n.attempts + 1;
    const [code, chatId] = splitRecipient(n.recipient);
    const provider = code ? this.providers.get(code) : null;
    if (!provider || !chatId) {
      // The provider was switched off: wait for it as for a network failure.
      return this.record(n, now, attempts, 'transient', 'provider_off');
    }
    try {
      await provider.send({
        chatId,
        text: `${n.subject}\n\n${n.body}`,
        files: await this.filesOf(n.attachment_ids),
      });
      return this.record(n, now, attempts, null, null);
    } catch (e) {
      const err =
        e instanceof MessengerSendError ? e : new MessengerSendError('transient', 'unexpected');
      return this.record(n, now, attempts, err.failure, err.detail, err.retryAfterSeconds);
    }
  }

  private async filesOf(ids: string[]): Promise<OutgoingFile[]> {
    if (ids.length === 0) return [];
    const rows = await this.attachments.findStored(ids);
    const out: OutgoingFile[] = [];
    for (const id of ids) {
      const a = rows.find((r) => r.id === id);
      if (!a) throw new MessengerSendError('permanent', 'attachment_missing');
      const chunks: Buffer[] = [];
      for await (const c of this.attachments.openContent(a)) chunks.push(c as Buffer);
      out.push({
        fileName: a.fileName,
        contentType: a.contentType,
        content: Buffer.concat(chunks),
      });
    }
    return out;
  }

  private async record(
    n: ClaimedNotice,
    now: Date,
    attempts: number,
    failure: MessengerSendError['failure'] | null,
    detail: string | null,
    retryAfterSeconds?: number,
  ): Promise<NoticeOutcome> {
    const outcome: NoticeOutcome =
      failure === null
        ? 'sent'
        : failure === 'rate_limited' ||
            (failure === 'transient' && attempts < this.config.messenger.maxAttempts)
          ? 'retry'
          : 'failed';
    const next =
      failure === 'rate_limited'
        ? new Date(now.getTime() + Math.max(1, retryAfterSeconds ?? 1) * 1000)
        : new Date(now.getTime() + backoffMs(attempts));
    const error = failure === null ? null : `${failure}: ${detail ?? ''}`;
    return this.ds.transaction(async (em) => {
      await em.query(
        `UPDATE notifications
            SET attempts = $2, lease_until = NULL, last_error = $3, status = $4,
                sent_at = CASE WHEN $4 = 'sent' THEN $5 ELSE sent_at END,
                next_attempt_at = CASE WHEN $4 = 'pending' THEN $6 ELSE next_attempt_at END
          WHERE id = $1`,
        [n.id, attempts, error, outcome === 'retry' ? 'pending' : outcome, now, next],
      );
      await em.query(
        `INSERT INTO notification_attempts (notification_id, at, ok, error, instance) VALUES ($1, $2, $3, $4, $5)`,
        [n.id, now, failure === null, error, this.config.instanceId],
      );
      if (failure !== 'blocked' || !n.appeal_id || n.audience !== 'applicant') return outcome;
      // The person blocked the bot: the same notice to another address of the appeal, if any.
      const [appeal] = await em.query<{ email: string | null; postal: string | null }[]>(
        'SELECT applicant_email AS email, applicant_postal_address AS postal FROM appeals WHERE id = $1',
        [n.appeal_id],
      );
      const to = appeal?.email ?? appeal?.postal ?? null;
      if (!to) return outcome;
      const id = randomUUID();
      const byEmail = appeal.email !== null;
      await em.query(
        `INSERT INTO notifications (id, appeal_id, kind, audience, channel, recipient, subject, body,
                                    attachment_ids, status, attempts, next_attempt_at)
         VALUES ($1, $2, $3, 'applicant', $4, $5, $6, $7, $8, 'pending', 0, $9)`,
        [
          id,
          n.appeal_id,
          n.kind,
          byEmail ? 'email' : 'post',
          to,
          n.subject,
          n.body,
          JSON.stringify(byEmail ? n.attachment_ids : []),
          now,
        ],
      );
      if (!byEmail) await this.letters.create(em, { id });
      return 'fallback';
    });
  }
}

/** `telegram:12345` → ['telegram', '12345']. */
export function splitRecipient(recipient: string): [string | null, string | null] {
  const i = recipient.indexOf(':');
  return i > 0 ? [recipient.slice(0, i), recipient.slice(i + 1)] : [null, null];
}
