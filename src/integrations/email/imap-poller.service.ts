import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import type { ClientPrincipal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import { intakeFailureSummary, isPermanentIntakeFailure } from '../../common/errors/intake-failure';
import { safeErrorForLog } from '../../common/errors/problem.filter';
import { Clock } from '../../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { JobsService } from '../../jobs/jobs.service';
import { EmailIntakeService, type TrackedEmailIntake } from './email-intake.service';
import { ImapMailbox } from './imap-mailbox';
import { ImapRetries, imapRetryDelayMs } from './imap-retries';

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
  /** processing threw; the message stays unseen and is tried again after a wait… */
  failed: number;
  /**
   * …unless it can never succeed (too large, invalid) or failed IMAP_MAX_ATTEMPTS times: then it
   * is flagged and skipped
   */
  givenUp: number;
  /** unseen messages still waiting for their next attempt after a transient failure */
  deferred: number;
}

/**
 * The `email-poll` job (SPEC §10): takes unseen mail from the configured IMAP folder into the
 * same pipeline as the push endpoint. A message is flagged \Seen (and moved) only after `ingest`
 * returned, i.e. after its appeal and its processed_emails row were committed; a crash in between
 * leaves it unseen, the next run fetches it again and `ingest` answers from processed_emails.
 * A failure that may pass (issue 19: database, lock, calendar…) leaves the message unseen and
 * waiting (imap-retries.ts); only one that can never pass sets it aside at once.
 * JobsService's advisory lock keeps it to one poller across instances.
 */
@Injectable()
export class ImapPollerService implements OnModuleInit {
  private readonly logger = new Logger(ImapPollerService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
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
      deferred: 0,
    };
    const principal = await this.principal();
    const maxBytes = parseByteSize(this.config.email.maxMessageBytes);
    const mailbox = await ImapMailbox.open(imapUrl, imapFolder);
    try {
      const retries = await ImapRetries.load(this.ds, imapFolder, mailbox.uidValidity);
      const { messages, skipped } = await mailbox.unseen(
        IMAP_BATCH_SIZE,
        retries.waiting(this.clock.now()),
      );
      counts.deferred = skipped;
      for (const { uid, size } of messages) {
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
          if (isPermanentIntakeFailure(e)) {
            counts.givenUp++;
            this.logger.warn(
              { ...ids, err: errorForLog(e) },
              'E-mail refused: left in the mailbox',
            );
            await mailbox.markFailed(uid);
            await retries.forget(uid);
            continue;
          }
          // May pass later: wait and retry, but not for ever — a person must still be able to
          // register it within the 3 days of 59-ФЗ ст. 8 ч. 2.
          const attempts = await retries.failed(uid, intakeFailureSummary(e), this.clock.now());
          if (attempts >= this.config.email.imapMaxAttempts) {
            counts.givenUp++;
            this.logger.error(
              { ...ids, attempts, err: errorForLog(e) },
              'E-mail failed IMAP_MAX_ATTEMPTS times: left in the mailbox for a person',
            );
            await mailbox.markFailed(uid);
            await retries.forget(uid);
          } else {
            this.logger.warn(
              { ...ids, attempts, retryInMs: imapRetryDelayMs(attempts), err: errorForLog(e) },
              'E-mail failed: retried later',
            );
          }
          continue;
        }
        if (outcome.repeated) counts.repeated++;
        else counts[outcome.answer.result]++;
        // Only now: the appeal and the processed_emails row are committed. A failure here (the
        // connection dropped) ends the run; the next run re-fetches and ingest answers from
        // processed_emails, so nothing is lost or registered twice.
        await mailbox.markProcessed(uid, imapProcessedFolder);
        await retries.forget(uid);
      }
      await retries.prune(this.clock.now());
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

// AppError details may quote what was sent: the code is enough to find the message by UID.
const errorForLog = (e: unknown): Record<string, unknown> =>
  e instanceof AppError ? { name: e.name, code: e.code } : safeErrorForLog(e);
