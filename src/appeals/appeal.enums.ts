// Channels and reply channels are described in src/channels/ (one descriptor each); re-exported
// here because the appeal's types and DTOs name them beside its statuses.
export { CHANNELS, type Channel } from '../channels/channel.registry';
export { REPLY_CHANNELS, type ReplyChannel } from '../channels/reply-channel.registry';
// The kinds live with their SLA policies (one default policy per kind, src/sla/).
export { APPEAL_KINDS, type AppealKind } from '../sla/sla-policy.entity';

export const STATUSES = [
  'registered',
  'under_review',
  'assigned',
  'in_progress',
  // The answer is a draft awaiting the head's sign-off (issue 20; 59-ФЗ ст. 10 ч. 4).
  'answer_review',
  'answered',
  'rejected',
  'duplicate',
  'forwarded',
  'withdrawn',
] as const;
export type AppealStatus = (typeof STATUSES)[number];

export const APPLICANT_TYPES = ['individual', 'legal_entity'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

// The reasons, their labels and notice texts live in one registry (docs/architecture.md).
export { REJECTION_REASONS, type RejectionReason } from '../rules/rejection-reasons';

export const ANSWER_OUTCOMES = ['supported', 'explained', 'not_supported'] as const;
export type AnswerOutcome = (typeof ANSWER_OUTCOMES)[number];

export type CheckVerdict = 'pass' | 'review' | 'reject';
export interface CheckResult {
  rule: string;
  verdict: CheckVerdict;
  detail: string;
}
