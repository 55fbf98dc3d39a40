import { coApplicantName } from '../appeals/co-applicant';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Appeal, Applicant } from '../appeals/appeal.entity';
import { AppealsService } from '../appeals/appeals.service';
import { AuditService } from '../audit/audit.service';
import { channelLabel } from '../channels/channel.registry';
import { describeReplyChannel } from '../channels/reply-channel.registry';
import type { StaffPrincipal } from '../common/auth/principal';
import type { RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { localDateInZone } from '../common/time/local-date';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LettersService } from '../notifications/letters.service';
import { outgoingLetterForm } from './letter.form';
import { renderPdf } from './pdf-renderer';
import { registrationCardForm } from './registration-card.form';

/** A rendered form: the PDF and the name it is offered under. */
export interface PrintedPdf {
  fileName: string;
  pdf: Buffer;
}

/** Staff callers only: the routes admit no API keys. */
export type StaffContext = RequestContext & { principal: StaffPrincipal };

/**
 * Reads what a form shows (under the visibility rule of what it shows), lays it out and renders
 * it; every print is audited — the forms carry the applicant's personal data (152-ФЗ).
 */
@Injectable()
export class PrintService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly appeals: AppealsService,
    private readonly letters: LettersService,
    private readonly audit: AuditService,
  ) {}

  /**
   * An outgoing letter as a PDF; with `markPrinted` it is also marked printed, as
   * `POST /outgoing-letters/{id}/printed` does, once the PDF is made.
   */
  async outgoingLetter(id: string, ctx: StaffContext, markPrinted: boolean): Promise<PrintedPdf> {
    const letter = await this.letters.findVisible(id, ctx.principal);
    const zone = this.config.timeZone;
    const form = outgoingLetterForm(
      {
        number: letter.number,
        writtenOn: localDateInZone(letter.createdAt, zone),
        address: letter.address,
        subject: letter.subject,
        body: letter.body,
        audience: letter.notification.audience,
        appeal: {
          regNumber: letter.appeal.regNumber,
          registeredOn: localDateInZone(letter.appeal.registeredAt, zone),
          applicantName: applicantFullName(letter.appeal.applicant),
        },
      },
      this.config.organization,
    );
    const pdf = await renderPdf(form, this.clock.now());
    if (markPrinted) await this.letters.markPrinted(id, ctx.principal);
    await this.audit.record(ctx, 'letter.pdf', 'appeal', letter.appealId, {
      letterId: letter.id,
      markPrinted,
    });
    return { fileName: form.fileName, pdf };
  }

  /** The registration and control card of an appeal the caller sees. */
  async registrationCard(appealId: string, ctx: StaffContext): Promise<PrintedPdf> {
    const appeal = await this.appeals.findVisible(appealId, ctx.principal);
    const names = await this.namesOf(appeal);
    const zone = this.config.timeZone;
    const now = this.clock.now();
    const form = registrationCardForm(
      {
        regNumber: appeal.regNumber,
        registeredOn: localDateInZone(appeal.registeredAt, zone),
        registeredAtTime: localTime(appeal.registeredAt, zone),
        receivedOn: localDateInZone(appeal.receivedAt, zone),
        channel: channelLabel(appeal.channel),
        registeredBy:
          names.registered_by_user ??
          (names.registered_by_key ? `API-клиент «${names.registered_by_key}»` : null),
        kind: appeal.kind,
        status: appeal.status,
        topic: appeal.topicCode ? { code: appeal.topicCode, name: names.topic } : null,
        replyChannel: describeReplyChannel(appeal.replyChannel).label,
        applicant: appeal.applicant,
        coApplicants: (appeal.coApplicants ?? []).map(coApplicantName),
        accountNumber: appeal.accountNumber,
        serviceAddress: appeal.serviceAddress,
        subject: appeal.subject,
        text: appeal.text,
        dueDate: appeal.dueDate,
        dueDateProvisional: appeal.dueDateProvisional,
        authorityControl: appeal.authorityControl,
        incomingLetter: appeal.incomingLetter,
        department: names.department,
        assignee: names.assignee,
        files: names.files,
        answer:
          appeal.answeredAt || appeal.answerOutcome
            ? {
                answeredOn: appeal.answeredAt ? localDateInZone(appeal.answeredAt, zone) : null,
                outcome: appeal.answerOutcome,
              }
            : null,
        forwardedTo: appeal.forwardedTo,
        duplicateOf: names.duplicate_of,
      },
      this.config.organization,
      { on: localDateInZone(now, zone), time: localTime(now, zone), by: ctx.principal.fullName },
    );
    const pdf = await renderPdf(form, now);
    await this.audit.record(ctx, 'appeal.registration_card', 'appeal', appeal.id);
    return { fileName: form.fileName, pdf };
  }

  /** The names the card prints for the appeal's ids, in one round trip. */
  private async namesOf(appeal: Appeal): Promise<CardNames> {
    const [row] = await this.ds.query<CardNames[]>(
      `SELECT (SELECT name FROM departments WHERE id = $1) AS department,
              (SELECT full_name FROM users WHERE id = $2) AS assignee,
              (SELECT name FROM topics WHERE code = $3) AS topic,
              (SELECT full_name FROM users WHERE id = $4) AS registered_by_user,
              (SELECT name FROM api_keys WHERE id = $5) AS registered_by_key,
              (SELECT reg_number FROM appeals WHERE id = $6) AS duplicate_of,
              (SELECT count(*)::int FROM attachments WHERE appeal_id = $7 AND status = 'stored') AS files`,
      [
        appeal.departmentId,
        appeal.assigneeId,
        appeal.topicCode,
        appeal.createdByUserId,
        appeal.createdByApiKeyId,
        appeal.duplicateOfId,
        appeal.id,
      ],
    );
    return row;
  }
}

interface CardNames {
  department: string | null;
  assignee: string | null;
  topic: string | null;
  registered_by_user: string | null;
  registered_by_key: string | null;
  duplicate_of: string | null;
  files: number;
}

/** The applicant as a letter is addressed: the full name, or the organisation's name. */
export function applicantFullName(a: Applicant): string | null {
  if (a.type === 'legal_entity') return a.organizationName ?? a.contactPerson;
  return [a.lastName, a.firstName, a.middleName].filter(Boolean).join(' ') || null;
}

/** ЧЧ:ММ of an instant in the organisation's zone. */
function localTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('ru-RU', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}
