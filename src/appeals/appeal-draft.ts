import type { QualityReportInput } from '../quality/quality-report.policy';
import type { AppealKind } from '../sla/sla-policy.entity';
import type { AuthorityControl } from './authority-control';
import type { IncomingLetter } from './incoming-letter';
import type { CoApplicant } from './co-applicant';
import type { AttributeValue } from '../departments/topic-attributes';
import type {
  ApplicantType,
  Channel,
  CheckResult,
  RejectionReason,
  ReplyChannel,
} from './appeal.enums';

export interface DraftApplicant {
  type: ApplicantType;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  organizationName: string | null;
  inn: string | null;
  ogrn: string | null;
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
  /** A supervising authority's control date (SPEC §6): caps the due date. */
  authorityControl: AuthorityControl | null;
  /** The sender's covering letter (issue 20); null when none was recorded. */
  incomingLetter: IncomingLetter | null;
  /** A quality-violation report's service and start (kind quality_report, issue 23). */
  qualityReport: QualityReportInput | null;
  /** The other signatories of a collective appeal (59-ФЗ ст. 4 п. 1); empty for one applicant. */
  coApplicants: CoApplicant[];
  /** The topic's extra fields (issue 22); checked against the topic at intake. */
  attributes: Record<string, AttributeValue>;
  applicantEmailNorm: string | null;
  accountNumberNorm: string | null;
  applicantNameNorm: string | null;
  serviceAddressNorm: string | null;
}

/** What the rejection rules decided for a new appeal (SPEC §4); registration applies it. */
export interface RegistrationDecision {
  checks: CheckResult[];
  status: 'registered' | 'under_review' | 'rejected' | 'duplicate';
  rejectionReason: RejectionReason | null;
  /** For a duplicate: the open appeal it joins. */
  duplicateOf: { id: string; regNumber: string; dueDate: string | null } | null;
}
