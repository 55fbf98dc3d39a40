import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { AppealKind } from '../sla/sla-policy.entity';
import type { AuthorityControl } from './authority-control';
import type { AnswerSignature } from './answer-signature';
import type { IncomingLetter } from './incoming-letter';
import type { CoApplicant } from './co-applicant';
import type { AttributeValue } from '../departments/topic-attributes';
import type { QualityReport } from '../quality/quality-report.policy';
import type { FieldError } from '../common/errors/app-error';
import type {
  AnswerOutcome,
  AppealStatus,
  ApplicantType,
  Channel,
  CheckResult,
  RejectionReason,
  ReplyChannel,
} from './appeal.enums';
import { Department } from '../departments/department.entity';
import { User } from '../users/user.entity';

export class Applicant {
  @Column({ type: 'text' })
  type: ApplicantType;

  @Column({ type: 'text', nullable: true })
  lastName: string | null;

  @Column({ type: 'text', nullable: true })
  firstName: string | null;

  @Column({ type: 'text', nullable: true })
  middleName: string | null;

  @Column({ type: 'text', nullable: true })
  organizationName: string | null;

  @Column({ type: 'text', nullable: true })
  inn: string | null;

  /** ОГРН (13 digits) or ОГРНИП (15) of a legal-entity applicant (ГИС ЖКХ's registry). */
  @Column({ type: 'text', nullable: true })
  ogrn: string | null;

  @Column({ type: 'text', nullable: true })
  contactPerson: string | null;

  @Column({ type: 'text', nullable: true })
  postalAddress: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;
}

@Entity('appeals')
@Index('idx_appeals_registered_at_id', ['registeredAt', 'id'])
@Index('idx_appeals_status_due_date', ['status', 'dueDate'])
@Index('uq_appeals_reg_year_seq', ['regYear', 'regSeq'], { unique: true })
// The applicant's identity keys with the registration time (issue 10): the duplicate check
// bounds its look-back window inside the index, so only the heap pages of appeals inside the
// window are read (2 instead of 5 per lookup at 10 M rows); equality alone still uses them.
@Index('idx_appeals_email_registered', ['applicantEmailNorm', 'registeredAt'])
@Index('idx_appeals_account_registered', ['accountNumberNorm', 'registeredAt'])
@Index('idx_appeals_name_address_registered', [
  'applicantNameNorm',
  'serviceAddressNorm',
  'registeredAt',
])
// Full-text search (q) over subject and text; expression index created in the migration.
@Index('idx_appeals_fts', { synchronize: false })
// Open appeals by due date, covering the overdue/at-risk totals (partial; created in a migration).
@Index('idx_appeals_open_due', { synchronize: false })
// The few open appeals whose due date is provisional (issue 19): recomputed on a calendar
// import, counted by /metrics (index-only: the predicate is the whole condition).
@Index('idx_appeals_due_date_provisional', ['id'], {
  where: `due_date_provisional AND status IN ('registered', 'under_review', 'assigned', 'in_progress', 'answer_review')`,
})
// The sender's letter number (issue 20, GET /appeals?incomingNumber=): expression index, created in
// a migration.
@Index('idx_appeals_incoming_number', { synchronize: false })
// The few appeals marked for the legal department (issue 20), in the list's order.
@Index('idx_appeals_legal_review', ['registeredAt', 'id'], { where: 'legal_review' })
// Topic attributes (issue 22, GET /appeals?attr.<code>=): GIN jsonb_path_ops, created in a migration.
@Index('idx_appeals_attributes', { synchronize: false })
// Quality-violation reports by registration (issue 23, GET /reports/quality): a small share.
@Index('idx_appeals_quality_reports', ['registeredAt', 'id'], {
  where: `kind = 'quality_report'`,
})
export class Appeal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  regNumber: string;

  @Column({ type: 'int' })
  regYear: number;

  /** The yearly sequence number; null for legacy numbers that do not follow our template. */
  @Column({ type: 'int', nullable: true })
  regSeq: number | null;

  @Column({ type: 'text' })
  status: AppealStatus;

  @Index()
  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'text' })
  kind: AppealKind;

  @Column(() => Applicant)
  applicant: Applicant;

  /** Lower-cased e-mail for the duplicate rules and the applicantEmail filter. */
  @Column({ type: 'text', nullable: true })
  applicantEmailNorm: string | null;

  @Column({ type: 'text', nullable: true })
  accountNumber: string | null;

  /** Account number with formatting removed (spaces, dashes, case). */
  @Column({ type: 'text', nullable: true })
  accountNumberNorm: string | null;

  @Column({ type: 'text', nullable: true })
  serviceAddress: string | null;

  /** Applicant name (person or organisation) normalised for the duplicate rules. */
  @Column({ type: 'text', nullable: true })
  applicantNameNorm: string | null;

  /** Service address normalised for the duplicate rules. */
  @Column({ type: 'text', nullable: true })
  serviceAddressNorm: string | null;

  @Index()
  @Column({ type: 'text', nullable: true })
  topicCode: string | null;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'timestamptz' })
  registeredAt: Date;

  /** Local date in the organisation's zone; null for appeals without a term of their own. */
  @Index()
  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  /**
   * The due date needed a year the official production calendar lacks and was computed from
   * the provisional one (ТК ст. 112); recomputed when that year is imported (issue 19).
   */
  @Column({ type: 'boolean', default: false })
  dueDateProvisional: boolean;

  /**
   * A supervising authority's control (SPEC §6, issue 19): its letter and the date it expects
   * the answer by; `dueDate` is never later than `controlDate`.
   */
  @Column({ type: 'jsonb', nullable: true })
  authorityControl: AuthorityControl | null;

  /**
   * While an authority's control is recorded: the term without it — the policy's date with
   * extensions (or an outside bound such as ГИС ЖКХ's ExecutionEndDate) — so that changing or
   * clearing the control restores it; `dueDate` is the earlier of this and the control date.
   * Null when there is no control (then `dueDate` is the term).
   */
  @Column({ type: 'date', nullable: true })
  termDueDate: string | null;

  /**
   * The sender's covering letter (issue 20, item 4): number, date, postmark, delivery method,
   * sheets. Filtered by its number (`incomingNumber`, an expression index in the migration).
   */
  @Column({ type: 'jsonb', nullable: true })
  incomingLetter: IncomingLetter | null;

  /**
   * A utility-quality violation report (kind `quality_report`, ПП 354 п. 105–113; issue 23): the
   * service and when the problem began, the inspection time agreed with the consumer and the
   * inspection act. One jsonb value: written by the registration statement with the appeal and
   * shown with it; only quality reports have one (src/quality/).
   */
  @Column({ type: 'jsonb', nullable: true })
  qualityReport: QualityReport | null;

  /** The SLA policy that gave the due date (kind or topic): its extension limit applies. */
  @Column({ type: 'uuid', nullable: true })
  slaPolicyId: string | null;

  /** Registered more than 3 days after receipt (59-ФЗ ст. 8 ч. 2), for reports. */
  @Column({ type: 'boolean', default: false })
  registrationLate: boolean;

  /** Forwarded more than 7 days after registration (59-ФЗ ст. 8 ч. 3), for reports. */
  @Column({ type: 'boolean', default: false })
  forwardingLate: boolean;

  /** The organisation it was forwarded to (59-ФЗ ст. 8 ч. 3). */
  @Column({ type: 'text', nullable: true })
  forwardedTo: string | null;

  /** The directory's organisation it was forwarded to (issue 20, item 3); null: free text. */
  @Column({ type: 'uuid', nullable: true })
  forwardedOrganizationId: string | null;

  /** The outgoing number of the transmittal letter (сопроводительное письмо) of the forwarding. */
  @Column({ type: 'text', nullable: true })
  transmittalNumber: string | null;

  /** Why it was withdrawn or forwarded, as the person said. */
  @Column({ type: 'text', nullable: true })
  closingReason: string | null;

  /** When the sweep first found it past its due date. */
  @Column({ type: 'timestamptz', nullable: true })
  overdueAt: Date | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  department?: Department | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  assignee?: User | null;

  @Column({ type: 'text' })
  replyChannel: ReplyChannel;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  externalRefs: Record<string, string>;

  /**
   * The other signatories of a collective appeal (59-ФЗ ст. 4 п. 1); empty for an appeal of one
   * applicant. «Collective» is derived from it (AppealDto.collective), never stored apart.
   */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  coApplicants: CoApplicant[];

  /**
   * The topic's extra fields as given (issue 22): valid values normalised to their type; on a
   * physical channel a value that failed the check is kept as written, with its validationIssue.
   */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  attributes: Record<string, AttributeValue>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  checks: CheckResult[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  validationIssues: FieldError[];

  @Column({ type: 'text', nullable: true })
  rejectionReason: RejectionReason | null;

  @Column({ type: 'text', nullable: true })
  rejectionComment: string | null;

  @Column({ type: 'uuid', nullable: true })
  rejectionDecidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  rejectionDecidedAt: Date | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  duplicateOfId: string | null;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  duplicateOf?: Appeal | null;

  @Column({ type: 'text', nullable: true })
  answerText: string | null;

  @Column({ type: 'text', nullable: true })
  answerOutcome: AnswerOutcome | null;

  @Column({ type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  /** The head or supervisor who approved a draft answer (issue 20); null without sign-off. */
  @Column({ type: 'jsonb', nullable: true })
  answerSignedBy: AnswerSignature | null;

  /** Set by a head when the text reports a crime (59-ФЗ ст. 11 ч. 1). */
  @Column({ type: 'boolean', default: false })
  crimeReport: boolean;

  /**
   * «False information» / «incitement»: noted for the legal department by a head or supervisor
   * (PUT /appeals/{id}/legal-review), the appeal still considered as usual (SPEC §4).
   */
  @Column({ type: 'boolean', default: false })
  legalReview: boolean;

  /** Registered through the legacy import (SPEC §13). */
  @Column({ type: 'boolean', default: false })
  imported: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  createdByApiKeyId: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
