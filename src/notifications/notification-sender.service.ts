import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JobsService } from '../jobs/jobs.service';
import { AttachmentsService } from '../attachments/attachments.service';
import { MailTransport, type MailAttachment } from './mail-transport';
import type { Notification } from './notification.entity';

type ClaimedNotice = Pick<Notification, 'id' | 'recipient' | 'subject' | 'body' | 'attempts'> & {
  attachment_ids: string[];
};

const BATCH = 50;
const LEASE_MS = 5 * 60_000;

/** Retry after 30 s, 1, 2, 4… minutes, at most an hour apart. */
export const backoffMs = (attempts: number): number =>
  Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);

/**
 * Sends pending e-mail notices from the outbox (SPEC §8). A batch is claimed with a lease
 * (FOR UPDATE SKIP LOCKED), so two instances never send the same notice; a notice is marked
 * sent right after the server accepted it. A crash between the two can only resend it, with the
 * same Message-ID, after the lease expires: at-least-once, never lost.
 */
@Injectable()
export class NotificationSenderService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(NotificationSenderService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly transport: MailTransport,
    private readonly attachments: AttachmentsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('notifications', (now) => this.sendDue(now));
  }

  onModuleDestroy(): void {
    this.transport.close();
  }

  async sendDue(now: Date): Promise<Record<string, number>> {
    if (!this.transport.enabled) return { claimed: 0, sent: 0, failed: 0, disabled: 1 };
    // For UPDATE … RETURNING the driver answers [rows, affected count].
    const [claimed] = await this.ds.query<[ClaimedNotice[], number]>(
      `UPDATE notifications SET lease_until = $2
          WHERE id IN (SELECT id FROM notifications
                        WHERE status = 'pending' AND channel = 'email' AND next_attempt_at <= $1
                          AND (lease_until IS NULL OR lease_until < $1)
                        ORDER BY next_attempt_at LIMIT ${BATCH}
                        FOR UPDATE SKIP LOCKED)
          RETURNING id, recipient, subject, body, attempts, attachment_ids`,
      [now, new Date(now.getTime() + LEASE_MS)],
    );
    let sent = 0;
    let failed = 0;
    for (const n of claimed) {
      const attempts = n.attempts + 1;
      try {
        await this.transport.send({
          messageId: `<${n.id}@appeals-desk>`,
          to: n.recipient,
          subject: n.subject,
          text: n.body,
          attachments: await this.attachmentsOf(n.attachment_ids),
        });
        await this.record(n.id, now, attempts, null);
        sent++;
      } catch (e) {
        const error = e instanceof Error ? e.message.slice(0, 300) : 'send failed';
        await this.record(n.id, now, attempts, error);
        failed++;
      }
    }
    if (failed > 0)
      this.logger.warn({ failed, sent }, 'Some notices could not be sent; they will be retried');
    return { claimed: claimed.length, sent, failed };
  }

  /**
   * A notice's files, read from the attachment storage now (the outbox row holds only ids). The
   * total was checked against MAIL_MAX_ATTACHMENT_BYTES when the notice was written.
   */
  private async attachmentsOf(ids: string[]): Promise<MailAttachment[] | undefined> {
    if (ids.length === 0) return undefined;
    const rows = await this.attachments.findStored(ids);
    const out: MailAttachment[] = [];
    for (const id of ids) {
      const a = rows.find((r) => r.id === id);
      if (!a) throw new Error(`Attachment ${id} of the notice is missing`);
      const chunks: Buffer[] = [];
      for await (const c of this.attachments.openContent(a)) chunks.push(c as Buffer);
      out.push({
        filename: a.fileName,
        contentType: a.contentType,
        content: Buffer.concat(chunks),
      });
    }
    return out;
  }

  private async record(
    id: string,
    now: Date,
    attempts: number,
    error: string | null,
  ): Promise<void> {
    const giveUp = error !== null && attempts >= this.config.mail.maxAttempts;
    await this.ds.transaction(async (em) => {
      await em.query(
        `UPDATE notifications
            SET attempts = $2, lease_until = NULL, last_error = $3,
                status = CASE WHEN $3::text IS NULL THEN 'sent' WHEN $4 THEN 'failed' ELSE 'pending' END,
                sent_at = CASE WHEN $3::text IS NULL THEN $5 ELSE sent_at END,
                next_attempt_at = CASE WHEN $3::text IS NULL THEN next_attempt_at ELSE $6 END
          WHERE id = $1`,
        [id, attempts, error, giveUp, now, new Date(now.getTime() + backoffMs(attempts))],
      );
      await em.query(
        `INSERT INTO notification_attempts (notification_id, at, ok, error, instance) VALUES ($1, $2, $3, $4, $5)`,
        [id, now, error === null, error, this.config.instanceId],
      );
    });
  }
}
