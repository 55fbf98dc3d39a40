import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppealsService } from '../../appeals/appeals.service';
import { screenIncomingFiles } from '../../attachments/screen-files';
import { AttachmentsService, type IncomingFile } from '../../attachments/attachments.service';
import { AuditService } from '../../audit/audit.service';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-codes';
import type { RequestContext } from '../../common/http/request-context';
import { Clock } from '../../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { isUniqueViolationError, violatedTable } from '../../database/pg-errors';
import { IntakeService } from '../../intake/intake.service';
import { toCreateAppealBody } from './email-to-appeal';
import { parseInboundEmail, type InboundEmail } from './mime-intake';
import { ProcessedEmail, type EmailIntakeResult } from './processed-email.entity';

export interface EmailIntakeAnswer {
  result: EmailIntakeResult;
  appealId?: string;
  regNumber?: string;
}

/** The push endpoint's answer: also whether the message had been processed before. */
export type PushedEmailAnswer = EmailIntakeAnswer & { repeated: boolean };

/** What `ingestTracked` answers: `repeated` when the message had been taken before. */
export interface TrackedEmailIntake {
  answer: EmailIntakeAnswer;
  repeated: boolean;
}

const fresh = (answer: EmailIntakeAnswer): TrackedEmailIntake => ({ answer, repeated: false });

/**
 * One pipeline behind the push endpoint and the IMAP poller (SPEC §10): parse, drop what is not
 * an appeal, add replies to their appeal, register the rest — each message exactly once.
 */
@Injectable()
export class EmailIntakeService {
  private readonly logger = new Logger(EmailIntakeService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly intake: IntakeService,
    private readonly appeals: AppealsService,
    private readonly attachments: AttachmentsService,
    private readonly audit: AuditService,
  ) {}

  async ingest(
    raw: Buffer,
    ctx: RequestContext,
    source: 'push' | 'imap',
  ): Promise<PushedEmailAnswer> {
    const { answer, repeated } = await this.ingestTracked(raw, ctx, source);
    return { ...answer, repeated };
  }

  /**
   * `ingest`, also telling whether the message had been taken before (re-fetched after a crash
   * between commit and \Seen, or delivered twice): the poller must not count it again.
   */
  async ingestTracked(
    raw: Buffer,
    ctx: RequestContext,
    source: 'push' | 'imap',
  ): Promise<TrackedEmailIntake> {
    if (raw.length === 0) {
      throw AppError.validation([
        { field: 'body', code: 'REQUIRED', message: 'Пришлите письмо целиком (message/rfc822)' },
      ]);
    }
    const mail = await this.parse(raw);
    const prior = await this.ds
      .getRepository(ProcessedEmail)
      .findOneBy({ dedupKey: mail.dedupKey });
    if (prior) return { answer: answerOf(prior), repeated: true };
    try {
      if (mail.classification !== 'appeal') return fresh(await this.ignore(mail, source));
      const appended = mail.replyToRegNumber ? await this.appendReply(mail, ctx, source) : null;
      if (appended) return fresh(appended);
      return fresh(await this.register(mail, ctx, source));
    } catch (e) {
      // The same message processed concurrently (two deliveries, two pollers): the first wins.
      if (isUniqueViolationError(e) && violatedTable(e) === 'processed_emails') {
        const first = await this.ds
          .getRepository(ProcessedEmail)
          .findOneBy({ dedupKey: mail.dedupKey });
        if (first) return { answer: answerOf(first), repeated: true };
      }
      throw e;
    }
  }

  /**
   * Parsing is a pure function of the bytes: when it throws, the same message can never be
   * registered, so it is a verdict on the message (422, given up by the poller), not a fault.
   */
  private async parse(raw: Buffer): Promise<InboundEmail> {
    try {
      return await parseInboundEmail(raw, { mailbox: this.config.email.mailbox ?? undefined });
    } catch (e) {
      this.logger.warn({ err: e instanceof Error ? e.name : typeof e }, 'E-mail not parseable');
      throw AppError.validation([
        {
          field: 'body',
          code: 'UNPARSEABLE',
          message: 'Письмо не удалось разобрать как сообщение RFC 822',
        },
      ]);
    }
  }

  /** Auto-replies, bounces and bulk mail never become appeals and are never answered. */
  private async ignore(mail: InboundEmail, source: 'push' | 'imap'): Promise<EmailIntakeAnswer> {
    await this.ds
      .getRepository(ProcessedEmail)
      .insert(this.record(mail, 'ignored', null, null, source, mail.classificationReason));
    // Identifiers only: never the sender or the subject.
    this.logger.log(
      { dedup: mail.contentHash.slice(0, 12), classification: mail.classification },
      'E-mail ignored',
    );
    return { result: 'ignored' };
  }

  /**
   * A reply whose subject names one of our numbers joins that appeal — only when it comes from
   * the same applicant's address, so nobody can add to someone else's case by quoting a number.
   */
  private async appendReply(
    mail: InboundEmail,
    ctx: RequestContext,
    source: 'push' | 'imap',
  ): Promise<EmailIntakeAnswer | null> {
    const from = mail.from.address?.toLowerCase() ?? null;
    if (!from) return null;
    const [target] = await this.ds.query<{ id: string; reg_number: string }[]>(
      'SELECT id, reg_number FROM appeals WHERE reg_number = $1 AND applicant_email_norm = $2',
      [mail.replyToRegNumber, from],
    );
    if (!target) return null;
    const { files, refused } = await this.acceptableFiles(mail);
    return this.ds.transaction(async (em) => {
      await em.insert(
        ProcessedEmail,
        this.record(mail, 'appended', target.id, target.reg_number, source, refused),
      );
      if (files.length > 0) await this.attachments.store(em, target.id, files, ctx.principal);
      await this.appeals.addEvent(em, target.id, ctx.principal, {
        type: 'email_appended',
        at: this.clock.now(),
        reason: 'Дополнение от заявителя по электронной почте',
        data: {
          subject: mail.subject,
          text: mail.text.slice(0, 20_000),
          files: files.map((f) => f.originalname),
          refusedFiles: refused,
          messageId: mail.messageId,
        },
      });
      await this.audit.record(ctx, 'appeal.email_appended', 'appeal', target.id, null, em);
      return { result: 'appended' as const, appealId: target.id, regNumber: target.reg_number };
    });
  }

  private async register(
    mail: InboundEmail,
    ctx: RequestContext,
    source: 'push' | 'imap',
  ): Promise<EmailIntakeAnswer> {
    const { body } = toCreateAppealBody(mail, this.clock.now());
    const { files, refused } = await this.acceptableFiles(mail);
    const result = await this.intake.register(
      body,
      files,
      ctx,
      undefined,
      async (em: EntityManager, appeal) => {
        await em.insert(
          ProcessedEmail,
          this.record(mail, 'created', appeal.id, appeal.regNumber, source, refused),
        );
        if (refused) {
          await this.appeals.addEvent(em, appeal.id, ctx.principal, {
            type: 'attachments_refused',
            at: this.clock.now(),
            reason: 'Вложения недопустимого типа не сохранены',
            data: { files: refused },
          });
        }
      },
    );
    return { result: 'created', appealId: result.body.id, regNumber: result.body.regNumber };
  }

  /** Files of allowed types (by content); the rest are named in the history, never block intake. */
  private async acceptableFiles(
    mail: InboundEmail,
  ): Promise<{ files: IncomingFile[]; refused: string | null }> {
    // The same verdict as the ГИС ЖКХ channel's (screenIncomingFiles).
    const { files, refused } = await screenIncomingFiles(
      mail.attachments.map((a) => ({ fileName: a.fileName, size: a.size, content: a.content })),
      this.config.attachments,
    );
    return { files, refused: refused.length > 0 ? refused.join(', ') : null };
  }

  private record(
    mail: InboundEmail,
    result: EmailIntakeResult,
    appealId: string | null,
    regNumber: string | null,
    source: 'push' | 'imap',
    note: string | null,
  ): Partial<ProcessedEmail> {
    return {
      dedupKey: mail.dedupKey,
      contentHash: mail.contentHash,
      result,
      appealId,
      regNumber,
      note,
      source,
    };
  }
}

/** Only an integration client with the e-mail channel may push mail. */
export function assertMayPushEmail(ctx: RequestContext): void {
  const p = ctx.principal;
  if (p.kind !== 'client' || !p.channels.includes('email')) {
    throw new AppError(
      ErrorCode.CHANNEL_NOT_ALLOWED,
      'Передавать письма может интеграционный клиент с каналом email',
    );
  }
}

const answerOf = (p: ProcessedEmail): EmailIntakeAnswer => ({
  result: p.result,
  ...(p.appealId ? { appealId: p.appealId } : {}),
  ...(p.regNumber ? { regNumber: p.regNumber } : {}),
});
