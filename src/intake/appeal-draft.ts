import {
  defaultReplyChannel,
  type ApplicantType,
  type Channel,
  type ReplyChannel,
} from '../appeals/appeal.enums';
import type { AppealKind } from '../sla/sla-policy.entity';
import type { CreateAppealDto } from './create-appeal.dto';

export interface DraftApplicant {
  type: ApplicantType;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  organizationName: string | null;
  inn: string | null;
  contactPerson: string | null;
  postalAddress: string | null;
  email: string | null;
  phone: string | null;
}

/** One normalised shape for every channel; rules and registration work on this only. */
export interface AppealDraft {
  channel: Channel;
  kind: AppealKind;
  applicant: DraftApplicant;
  accountNumber: string | null;
  serviceAddress: string | null;
  topicCode: string | null;
  subject: string | null;
  text: string;
  receivedAt: Date | null;
  replyChannel: ReplyChannel;
  externalRefs: Record<string, string>;
  applicantEmailNorm: string | null;
  accountNumberNorm: string | null;
}

/** Trimmed; blank → null. */
export function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/** Names: trimmed, inner whitespace collapsed. */
export function cleanName(value: string | null | undefined): string | null {
  const c = clean(value);
  return c === null ? null : c.replace(/\s+/g, ' ');
}

export function normalizeEmail(value: string | null | undefined): string | null {
  const c = clean(value);
  return c === null ? null : c.toLowerCase();
}

/** «12-345 678/9», «12345 6789» → «123456789»; letters upper-cased, ё → е. */
export function normalizeAccountNumber(value: string | null | undefined): string | null {
  const c = clean(value);
  if (c === null) return null;
  const n = c
    .toUpperCase()
    .replace(/Ё/g, 'Е')
    .replace(/[\s\-–—./\\_№#]/g, '');
  return n === '' ? null : n;
}

/**
 * The answer goes where the appeal came from unless the applicant chose otherwise; when the
 * channel's own address is missing but the other one is given, that one is used (SPEC §3).
 */
export function resolveReplyChannel(
  channel: Channel,
  requested: ReplyChannel | null | undefined,
  applicant: Pick<DraftApplicant, 'email' | 'postalAddress'>,
): ReplyChannel {
  if (requested) return requested;
  const preferred = defaultReplyChannel(channel);
  if (preferred === 'email' && !applicant.email && applicant.postalAddress) return 'post';
  if (preferred === 'post' && !applicant.postalAddress && applicant.email) return 'email';
  return preferred;
}

export function toDraft(dto: CreateAppealDto): AppealDraft {
  const a = dto.applicant ?? {};
  const applicant: DraftApplicant = {
    type: a.type ?? 'individual',
    lastName: cleanName(a.lastName),
    firstName: cleanName(a.firstName),
    middleName: cleanName(a.middleName),
    organizationName: cleanName(a.organizationName),
    inn: clean(a.inn),
    contactPerson: cleanName(a.contactPerson),
    postalAddress: clean(a.postalAddress),
    email: clean(a.email),
    phone: clean(a.phone),
  };
  return {
    channel: dto.channel,
    kind: dto.kind ?? 'statement',
    applicant,
    accountNumber: clean(dto.accountNumber),
    serviceAddress: clean(dto.serviceAddress),
    topicCode: clean(dto.topicCode),
    subject: clean(dto.subject),
    text: clean(dto.text) ?? '',
    receivedAt: dto.receivedAt ? new Date(dto.receivedAt) : null,
    replyChannel: resolveReplyChannel(dto.channel, dto.replyChannel, applicant),
    externalRefs: dto.externalRefs ?? {},
    applicantEmailNorm: normalizeEmail(applicant.email),
    accountNumberNorm: normalizeAccountNumber(dto.accountNumber),
  };
}
