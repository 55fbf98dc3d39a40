import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import type { ClientPrincipal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import { describeErrorCode } from '../../common/errors/error-codes';
import { safeErrorForLog } from '../../common/errors/problem.filter';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { JobsService } from '../../jobs/jobs.service';
import { EmailIntakeService, type TrackedEmailIntake } from './email-intake.service';
import { ImapMailbox } from './imap-mailbox';

/** The integration client that mail from the polled mailbox is attributed to. */
export const IMAP_CLIENT_NAME = 'IMAP mailbox';

/** Messages taken per run; the rest wait for the next tick, oldest first. */
export const IMAP_BATCH_SIZE = 100;

export interface ImapPollCounts extends Record<string, number> {
  /** messages whose source was downloaded */
  fetched: number;
  created: number;
  appended: number;
  ignored: number;
  /** processed by an earlier run (crash between commit and \Seen) or delivered twice: only flagged */
  repeated: number;
  /** processing threw; the message stays unseen and is tried again next run… */
  failed: number;
  /** …unless it can never succeed (too large, invalid): then it is flagged and skipped */
  givenUp: number;
}

/**
 * The `email-poll` job (SPEC §10): takes unseen mail from the configured IMAP folder into the
 * same pipeline as the push endpoint. A message is flagged \Seen (and moved) only after `ingest`
 * returned, i.e. after its appeal and its processed_emails row were committed; a crash in between
 * leaves it unseen, the next run fetches it again and `ingest` answers from processed_emails.
 * JobsService's advisory lock keeps it to one poller across instances.
 */
@Injectable()
export class ImapPollerService implements OnModuleInit {
  private readonly logger = new Logger(ImapPollerService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly email: EmailIntakeService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('email-poll', () => this.poll());
  }

  async poll(): Promise<Record<string, number>> {
    const { imapUrl, imapFolder, imapProcessedFolder } = this.config.email;
    if (!imapUrl) return { disabled: 1 };
    const counts: ImapPollCounts = {
      fetched: 0,
      created: 0,
      appended: 0,
      ignored: 0,
      repeated: 0,
      failed: 0,
      givenUp: 0,
    };
    const principal = await this.principal();
    const maxBytes = parseByteSize(this.config.email.maxMessageBytes);
    const mailbox = await ImapMailbox.open(imapUrl, imapFolder);
    try {
      for (const { uid, size } of await mailbox.unseen(IMAP_BATCH_SIZE)) {
        const ids = { uid, uidValidity: mailbox.uidValidity };
        if (size !== null && size > maxBytes) {
          counts.failed++;
          counts.givenUp++;
          this.logger.warn(
            { ...ids, size },
            'E-mail over EMAIL_MAX_MESSAGE_SIZE: left in the mailbox',
          );
          await mailbox.markFailed(uid);
          continue;
        }
        const raw = await mailbox.source(uid);
        if (!raw) continue; // expunged meanwhile
        counts.fetched++;
        let outcome: TrackedEmailIntake;
        try {
          outcome = await this.email.ingestTracked(
            raw,
            { principal, requestId: `imap:${ids.uidValidity}:${uid}` },
            'imap',
          );
        } catch (e) {
          counts.failed++;
          if (isPermanent(e)) {
            counts.givenUp++;
            this.logger.warn(
              { ...ids, err: errorForLog(e) },
              'E-mail refused: left in the mailbox',
            );
            await mailbox.markFailed(uid);
          } else {
            this.logger.warn({ ...ids, err: errorForLog(e) }, 'E-mail failed: retried next run');
          }
          continue;
        }
        if (outcome.repeated) counts.repeated++;
        else counts[outcome.answer.result]++;
        // Only now: the appeal and the processed_emails row are committed. A failure here (the
        // connection dropped) ends the run; the next run re-fetches and ingest answers from
        // processed_emails, so nothing is lost or registered twice.
        await mailbox.markProcessed(uid, imapProcessedFolder);
      }
    } finally {
      await mailbox.close();
    }
    return counts;
  }

  /** The mailbox's own integration client (see ApiKeysService.systemClient). */
  principal(): Promise<ClientPrincipal> {
    return this.apiKeys.systemClient(IMAP_CLIENT_NAME, 'imap-mailbox', 'email');
  }
}

/** '40mb' (config's size format) → bytes. */
export function parseByteSize(value: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(value.trim());
  if (!m) throw new Error(`Not a size: ${value}`);
  const unit = m[2].toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

/** A verdict on the message itself (invalid, too large): retrying the same bytes cannot help. */
function isPermanent(e: unknown): boolean {
  if (!(e instanceof AppError)) return false;
  return [400, 413, 415, 422].includes(describeErrorCode(e.code).status);
}

// AppError details may quote what was sent: the code is enough to find the message by UID.
const errorForLog = (e: unknown): Record<string, unknown> =>
  e instanceof AppError ? { name: e.name, code: e.code } : safeErrorForLog(e);
