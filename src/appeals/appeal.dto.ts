import { QualityReportViewDto, toQualityReportView } from '../quality/quality-report.dto';
import type { JsonObject } from '../common/json';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AttachmentMeta } from '../attachments/attachments.service';
import { AttachmentDto } from '../attachments/attachment.dto';
import { ExtensionDto } from '../sla/extension.dto';
import { AppError, type FieldError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { FieldErrorDto } from '../common/errors/problem.dto';
import { compareDates, type LocalDate } from '../common/time/local-date';
import { OPEN_STATUSES } from './appeal-status';
import type { Appeal } from './appeal.entity';
import type { AppealEvent } from './appeal-event.entity';
import {
  ANSWER_OUTCOMES,
  CHANNELS,
  REJECTION_REASONS,
  REPLY_CHANNELS,
  STATUSES,
  type AnswerOutcome,
  type AppealStatus,
  type Channel,
  type CheckResult,
  type CheckVerdict,
  type RejectionReason,
  type ReplyChannel,
} from './appeal.enums';
import type { AppealKind } from '../sla/sla-policy.entity';
import { AuthorityControlDto } from './authority-control';
import { IncomingLetterViewDto } from './incoming-letter';
import { CoApplicantViewDto } from './co-applicant';
import { ClockDto } from './clocks/clock.dto';

export class ApplicantViewDto {
  @ApiProperty({ enum: ['individual', 'legal_entity'] }) type: string;
  @ApiProperty({ nullable: true, type: String }) lastName: string | null;
  @ApiProperty({ nullable: true, type: String }) firstName: string | null;
  @ApiProperty({ nullable: true, type: String }) middleName: string | null;
  @ApiProperty({ nullable: true, type: String }) organizationName: string | null;
  @ApiProperty({ nullable: true, type: String }) inn: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'ОГРН or ОГРНИП' })
  ogrn: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPerson: string | null;
  @ApiProperty({ nullable: true, type: String }) postalAddress: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
}

export class RejectionDto {
  @ApiProperty({ enum: REJECTION_REASONS }) reason: RejectionReason;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
}

/** Where a forwarded appeal went (59-ФЗ ст. 8 ч. 3) and the transmittal letter that took it. */
export class ForwardingDto {
  @ApiProperty({ description: 'the receiving body as named in the letter' }) to: string;
  @ApiProperty({ nullable: true, type: String, description: 'from GET /organizations' })
  organizationId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'outgoing number of the transmittal letter; null when forwarded by free text',
  })
  transmittalNumber: string | null;
}

/** Who signed the answer (59-ФЗ ст. 10 ч. 4), as at the sign-off. */
export class AnswerSignatureDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ nullable: true, type: String, description: 'должность' }) position: string | null;
}

export class AnswerDto {
  @ApiProperty() text: string;
  @ApiProperty({ enum: ANSWER_OUTCOMES }) outcome: AnswerOutcome;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'when it was dispatched; null while a draft awaits sign-off (answer_review)',
  })
  answeredAt: string | null;
  @ApiProperty({
    type: AnswerSignatureDto,
    nullable: true,
    description: 'the approver of a signed-off answer; null without sign-off',
  })
  signedBy: AnswerSignatureDto | null;
  @ApiProperty({
    type: [AttachmentDto],
    description:
      'files enclosed with the answer (multipart POST …/answer): e-mailed as attachments, listed ' +
      'in a letter by post; download as any attachment of the appeal',
  })
  files: AttachmentMeta[];
}

/** The verdict of one rejection rule (docs/rules.md). */
export class CheckResultDto {
  @ApiProperty({ example: 'duplicate', description: 'anonymous, abusive, duplicate, repeated' })
  rule: string;
  @ApiProperty({ enum: ['pass', 'review', 'reject'] }) verdict: CheckVerdict;
  @ApiProperty({ description: 'Russian, why' }) detail: string;
}

export class CreatedByDto {
  @ApiProperty({ enum: ['user', 'api_key'] }) type: 'user' | 'api_key';
  @ApiProperty() id: string;
}

/** The appeal resource of SPEC §14. */
export class AppealDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2026-000123' }) regNumber: string;
  @ApiProperty({ enum: STATUSES }) status: AppealStatus;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() kind: AppealKind;
  @ApiProperty({ type: ApplicantViewDto }) applicant: Record<string, string | null>;
  @ApiProperty({
    type: [CoApplicantViewDto],
    description:
      'the other signatories of a collective appeal (59-ФЗ ст. 4 п. 1); the answer is addressed ' +
      'to the applicant, each co-applicant with an e-mail gets a copy',
  })
  coApplicants: CoApplicantViewDto[];
  @ApiProperty({ description: 'a collective appeal: it has co-applicants' })
  collective: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    example: { period: '2026-03', residents: 3 },
    description:
      'the topic’s extra fields by code (issue 22): numbers and booleans typed, dates YYYY-MM-DD; ' +
      'on a physical channel a value that failed the check is kept as written (see validationIssues)',
  })
  attributes: Record<string, string | number | boolean>;
  @ApiProperty({ nullable: true, type: String }) accountNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) serviceAddress: string | null;
  @ApiProperty({ nullable: true, type: String }) topicCode: string | null;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty() text: string;
  @ApiProperty() receivedAt: string;
  @ApiProperty() registeredAt: string;
  @ApiProperty({ nullable: true, type: String, example: '2026-05-08' }) dueDate: string | null;
  @ApiProperty({
    description:
      'dueDate needed a year the official production calendar lacks and came from the provisional one (ТК ст. 112); it is recomputed when that year is imported',
  })
  dueDateProvisional: boolean;
  @ApiProperty({ type: [ExtensionDto] }) extensions: ExtensionDto[];
  @ApiProperty({
    type: AuthorityControlDto,
    nullable: true,
    description: 'a supervising authority’s control: dueDate is never later than its controlDate',
  })
  authorityControl: AuthorityControlDto | null;
  @ApiProperty({
    type: IncomingLetterViewDto,
    nullable: true,
    description: 'the sender’s covering letter: number, date, postmark, delivery, sheets',
  })
  incomingLetter: IncomingLetterViewDto | null;
  @ApiProperty({
    type: QualityReportViewDto,
    nullable: true,
    description:
      'kind quality_report (ПП 354 п. 105–113): the service, when it began, the agreed ' +
      'inspection time and the inspection act with the violation period (docs/quality-reports.md)',
  })
  qualityReport: QualityReportViewDto | null;
  @ApiProperty({
    type: [ClockDto],
    description:
      'every legal clock of the appeal: answer, registration, forwarding, court_return, ' +
      'illegible_notice, unclear_notice, authority_control, inspection (docs/sla.md)',
  })
  clocks: ClockDto[];
  @ApiProperty({ nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty({ enum: REPLY_CHANNELS }) replyChannel: ReplyChannel;
  @ApiProperty({ type: Object }) externalRefs: Record<string, string>;
  @ApiProperty({ type: [CheckResultDto] }) checks: CheckResult[];
  @ApiProperty({ type: [FieldErrorDto], description: 'mandatory-field gaps of a paper appeal' })
  validationIssues: FieldError[];
  @ApiPropertyOptional({ type: RejectionDto, nullable: true }) rejection: RejectionDto | null;
  @ApiProperty({ nullable: true, type: String }) duplicateOfId: string | null;
  @ApiPropertyOptional({ type: AnswerDto, nullable: true }) answer: AnswerDto | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ nullable: true, type: String }) forwardedTo: string | null;
  @ApiProperty({ type: ForwardingDto, nullable: true }) forwarding: ForwardingDto | null;
  @ApiProperty({
    description:
      'Анонимное обращение с сведениями о противоправном деянии направлено в государственный ' +
      'орган (ч. 1 ст. 11 59-ФЗ); орган — в forwardedTo',
  })
  crimeReport: boolean;
  @ApiProperty({
    description:
      'Отмечено для юридического отдела (ложные сведения, призывы — SPEC §4); обращение ' +
      'рассматривается как обычно. PUT/DELETE /appeals/{id}/legal-review',
  })
  legalReview: boolean;
  @ApiProperty({ type: [AttachmentDto] }) attachments: AttachmentMeta[];
  @ApiProperty({ type: CreatedByDto, nullable: true }) createdBy: CreatedByDto | null;
  @ApiProperty({ description: 'optimistic-lock version; the ETag is derived from it' })
  version: number;
}

/** An appeal is overdue when it is still open and today's local date is after dueDate (SPEC §6). */
export const isOverdue = (a: Pick<Appeal, 'status' | 'dueDate'>, today: LocalDate): boolean =>
  a.dueDate !== null && OPEN_STATUSES.includes(a.status) && compareDates(today, a.dueDate) > 0;

export const etagOf = (a: Pick<Appeal, 'id' | 'version'>): string => `"${a.id}.${a.version}"`;

export function toAppealDto(
  a: Appeal,
  today: LocalDate,
  attachments: AttachmentMeta[] = [],
  extensions: ExtensionDto[] = [],
  /** clocksOf(a, …): every caller passes the appeal's clocks. */
  clocks: ClockDto[] = [],
  /** The answer's files (issue 20), apart from the applicant's `attachments`. */
  answerFiles: AttachmentMeta[] = [],
): AppealDto {
  return {
    id: a.id,
    regNumber: a.regNumber,
    status: a.status,
    channel: a.channel,
    kind: a.kind,
    applicant: { ...a.applicant },
    coApplicants: (a.coApplicants ?? []).map((c) => ({ ...c })),
    collective: (a.coApplicants ?? []).length > 0,
    attributes: a.attributes ?? {},
    accountNumber: a.accountNumber ?? null,
    serviceAddress: a.serviceAddress ?? null,
    topicCode: a.topicCode ?? null,
    subject: a.subject ?? null,
    text: a.text,
    receivedAt: a.receivedAt.toISOString(),
    registeredAt: a.registeredAt.toISOString(),
    dueDate: a.dueDate ?? null,
    dueDateProvisional: a.dueDateProvisional ?? false,
    extensions,
    authorityControl: a.authorityControl
      ? {
          authority: a.authorityControl.authority,
          letterNumber: a.authorityControl.letterNumber,
          letterDate: a.authorityControl.letterDate,
          controlDate: a.authorityControl.controlDate,
        }
      : null,
    incomingLetter: a.incomingLetter
      ? {
          number: a.incomingLetter.number ?? null,
          date: a.incomingLetter.date ?? null,
          postmarkDate: a.incomingLetter.postmarkDate ?? null,
          deliveryMethod: a.incomingLetter.deliveryMethod ?? null,
          sheets: a.incomingLetter.sheets ?? null,
          attachmentSheets: a.incomingLetter.attachmentSheets ?? null,
        }
      : null,
    qualityReport: toQualityReportView(a.qualityReport ?? null),
    clocks,
    departmentId: a.departmentId ?? null,
    assigneeId: a.assigneeId ?? null,
    replyChannel: a.replyChannel,
    externalRefs: a.externalRefs ?? {},
    checks: a.checks ?? [],
    validationIssues: a.validationIssues ?? [],
    rejection: a.rejectionReason
      ? {
          reason: a.rejectionReason,
          comment: a.rejectionComment ?? null,
          decidedBy: a.rejectionDecidedBy ?? null,
          decidedAt: a.rejectionDecidedAt ? a.rejectionDecidedAt.toISOString() : null,
        }
      : null,
    duplicateOfId: a.duplicateOfId ?? null,
    answer:
      a.answerText != null && a.answerOutcome != null
        ? {
            text: a.answerText,
            outcome: a.answerOutcome,
            answeredAt: a.answeredAt ? a.answeredAt.toISOString() : null,
            signedBy: a.answerSignedBy ?? null,
            files: answerFiles,
          }
        : null,
    overdue: isOverdue(a, today),
    forwardedTo: a.forwardedTo ?? null,
    forwarding:
      a.status === 'forwarded' && a.forwardedTo
        ? {
            to: a.forwardedTo,
            organizationId: a.forwardedOrganizationId ?? null,
            transmittalNumber: a.transmittalNumber ?? null,
          }
        : null,
    crimeReport: a.crimeReport ?? false,
    legalReview: a.legalReview ?? false,
    attachments,
    createdBy: a.createdByUserId
      ? { type: 'user', id: a.createdByUserId }
      : a.createdByApiKeyId
        ? { type: 'api_key', id: a.createdByApiKeyId }
        : null,
    version: a.version,
  };
}

export class AppealEventDto {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty() type: string;
  @ApiProperty({ nullable: true, enum: STATUSES }) fromStatus: AppealStatus | null;
  @ApiProperty({ nullable: true, enum: STATUSES }) toStatus: AppealStatus | null;
  @ApiProperty({ nullable: true, type: String }) actorUserId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorApiKeyId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ type: Object }) data: JsonObject;
}

export const toAppealEventDto = (e: AppealEvent): AppealEventDto => ({
  id: e.id,
  at: e.at.toISOString(),
  type: e.type,
  fromStatus: e.fromStatus,
  toStatus: e.toStatus,
  actorUserId: e.actorUserId,
  actorApiKeyId: e.actorApiKeyId,
  reason: e.reason,
  data: e.data,
});

/** If-Match guards state changes (SPEC §14): a stale ETag is 412. Absent header: no check. */
export function assertIfMatch(
  ifMatch: string | undefined,
  appeal: Pick<Appeal, 'id' | 'version'>,
): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const current = etagOf(appeal);
  const given = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!given.includes(current)) {
    throw new AppError(
      ErrorCode.PRECONDITION_FAILED,
      'Обращение изменилось с тех пор, как вы его открыли: обновите его и повторите',
      undefined,
      { etag: current },
    );
  }
}
