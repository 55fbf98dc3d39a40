import type { AppealDraft, DraftApplicant } from '../appeals/appeal-draft';
import { toAuthorityControl } from '../appeals/authority-control';
import { toIncomingLetter } from '../appeals/incoming-letter';
import { toCoApplicants } from '../appeals/co-applicant';
import { givenAttributes } from '../rules/topic-attributes.rule';
import { defaultReplyChannel, type Channel } from '../channels/channel.registry';
import { describeReplyChannel, type ReplyChannel } from '../channels/reply-channel.registry';
import {
  clean,
  cleanName,
  normalizeAccountNumber,
  normalizeAddress,
  normalizeApplicantName,
  normalizeEmail,
} from '../common/normalize';
import type { CreateAppealDto } from './create-appeal.dto';

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
  const { needs, fallback } = describeReplyChannel(preferred);
  if (!needs || applicant[needs.field] || !fallback) return preferred;
  const other = describeReplyChannel(fallback).needs;
  return !other || applicant[other.field] ? fallback : preferred;
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
    ogrn: clean(a.ogrn),
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
    authorityControl: dto.authorityControl ? toAuthorityControl(dto.authorityControl) : null,
    incomingLetter: toIncomingLetter(dto.incomingLetter),
    qualityReport: dto.qualityReport
      ? {
          service: dto.qualityReport.service,
          startedAt: new Date(dto.qualityReport.startedAt).toISOString(),
          description: dto.qualityReport.description?.trim() || null,
        }
      : null,
    coApplicants: toCoApplicants(dto.coApplicants),
    // As given; IntakeService checks them against the topic and keeps what it decides.
    attributes: givenAttributes(dto.attributes),
    applicantEmailNorm: normalizeEmail(applicant.email),
    accountNumberNorm: normalizeAccountNumber(dto.accountNumber),
    applicantNameNorm: normalizeApplicantName(applicant),
    serviceAddressNorm: normalizeAddress(dto.serviceAddress),
  };
}
