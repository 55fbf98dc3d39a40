import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';
import type { ReplyChannel } from '../appeals/appeal.enums';

export const NOTIFICATION_KINDS = [
  'acknowledgement',
  'rejection',
  'duplicate',
  'extension',
  'forwarding',
  'answer',
  // to a state body: an anonymous appeal reporting a crime (59-ФЗ ст. 11 ч. 1)
  'crime_report',
  // to the receiving body of a forwarding: the transmittal letter (59-ФЗ ст. 8 ч. 3, issue 20)
  'transmittal',
  // to staff
  'assignment',
  'sla_warning',
  'sla_escalation',
  // a calendar change moved the due date earlier (issue 19)
  'due_date_earlier',
  // personal reception by appointment (issue 22): to the applicant, about a booking
  'reception_booked',
  'reception_reminder',
  'reception_cancelled',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type NotificationStatus = 'pending' | 'sent' | 'failed';

/**
 * A notice to the applicant (SPEC §8), written in the same transaction as the change that
 * caused it (outbox) and sent later by a worker.
 */
@Entity('notifications')
@Index('idx_notifications_pending', ['nextAttemptAt'], { where: `status = 'pending'` })
// Small (failures are rare) and lets /metrics count failed notices without a table scan.
@Index('idx_notifications_failed', ['id'], { where: `status = 'failed'` })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null only for a reception booking's notice (`receptionBookingId`, issue 22). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  appealId: string | null;

  /**
   * A booking's confirmation, reminder or cancellation (issue 22). No foreign key: notifications
   * sit below the reception module, which writes them.
   */
  @Index('idx_notifications_reception_booking', { where: 'reception_booking_id IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  receptionBookingId: string | null;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  appeal?: Appeal;

  @Column({ type: 'text' })
  kind: NotificationKind;

  /**
   * The applicant (SPEC §8), a staff member (assignments, SLA warnings and escalations) or a
   * state body (an anonymous appeal reporting a crime, 59-ФЗ ст. 11 ч. 1: a letter by post; the
   * transmittal letter of a forwarding, 59-ФЗ ст. 8 ч. 3: by e-mail or post).
   */
  @Column({ type: 'text', default: 'applicant' })
  audience: 'applicant' | 'staff' | 'authority';

  @Column({ type: 'uuid', nullable: true })
  recipientUserId: string | null;

  @Column({ type: 'text' })
  channel: ReplyChannel;

  /** The e-mail or postal address it goes to. */
  @Column({ type: 'text' })
  recipient: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  /**
   * Files sent with an e-mail notice (the answer's files, issue 20): ids of `attachments`, read
   * from the attachment storage at send time, so the outbox row stays small.
   */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachmentIds: string[];

  @Column({ type: 'text', default: 'pending' })
  status: NotificationStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz' })
  nextAttemptAt: Date;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** Claimed by a sender until then; another instance takes it over only after it passes. */
  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
