export const CHANNELS = ['web', 'personal_account', 'email', 'post', 'office', 'gis_zhkh'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Interactive channels bounce incomplete input with 422; the rest are registered anyway (59-ФЗ ст. 8). */
export const INTERACTIVE_CHANNELS: readonly Channel[] = ['web', 'personal_account'];
export const isInteractiveChannel = (c: Channel): boolean => INTERACTIVE_CHANNELS.includes(c);

export const STATUSES = [
  'registered',
  'under_review',
  'assigned',
  'in_progress',
  'answered',
  'rejected',
  'duplicate',
  'forwarded',
  'withdrawn',
] as const;
export type AppealStatus = (typeof STATUSES)[number];

export const REPLY_CHANNELS = ['email', 'post', 'personal_account', 'gis_zhkh'] as const;
export type ReplyChannel = (typeof REPLY_CHANNELS)[number];

export const APPLICANT_TYPES = ['individual', 'legal_entity'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

export const REJECTION_REASONS = [
  'anonymous',
  'abusive',
  'repeated',
  'illegible',
  'essence_unclear',
  'court_decision',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const ANSWER_OUTCOMES = ['supported', 'explained', 'not_supported'] as const;
export type AnswerOutcome = (typeof ANSWER_OUTCOMES)[number];

export type CheckVerdict = 'pass' | 'review' | 'reject';
export interface CheckResult {
  rule: string;
  verdict: CheckVerdict;
  detail: string;
}

/** Where the answer goes when the appeal does not say (SPEC §3: "where the appeal came from"). */
export function defaultReplyChannel(channel: Channel): ReplyChannel {
  switch (channel) {
    case 'web':
    case 'email':
      return 'email';
    case 'personal_account':
      return 'personal_account';
    case 'post':
    case 'office':
      return 'post';
    case 'gis_zhkh':
      return 'gis_zhkh';
    default: {
      const never: never = channel;
      return never;
    }
  }
}
