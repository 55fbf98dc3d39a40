import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';
import type { BookingStatus, CardOutcome, ReceptionApplicant } from './reception.types';
import { ReceptionSchedule } from './reception-schedule.entity';

/**
 * A booked slot of a schedule. A slot is not a row: it is (schedule, start). The partial unique
 * index lets exactly one booking hold a slot — PostgreSQL decides a race, not process memory.
 */
@Entity('reception_bookings')
@Index('uq_reception_bookings_slot', ['scheduleId', 'startsAt'], {
  unique: true,
  where: `status <> 'cancelled'`,
})
@Index('idx_reception_bookings_reminder', ['startsAt'], {
  where: `status = 'booked' AND reminder_sent_at IS NULL`,
})
export class ReceptionBooking {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_reception_bookings' })
  id: string;

  /** «П-2026-000012»: a sequence of its own per year. */
  @Index('uq_reception_bookings_number', { unique: true })
  @Column({ type: 'text' })
  number: string;

  @Column({ type: 'uuid' })
  scheduleId: string;

  @ManyToOne(() => ReceptionSchedule, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'schedule_id',
    foreignKeyConstraintName: 'fk_reception_bookings_schedule',
  })
  schedule?: ReceptionSchedule;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'text', default: 'booked' })
  status: BookingStatus;

  @Column({ type: 'jsonb' })
  applicant: ReceptionApplicant;

  /** e-mail, phone and ИНН as `applicantKeys()` gives them: the limit of active bookings. */
  @Column({ type: 'text', array: true })
  applicantKeys: string[];

  @Column({ type: 'text' })
  topicCode: string;

  @Column({ type: 'text' })
  question: string;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @Index('idx_reception_bookings_api_key')
  @Column({ type: 'uuid', nullable: true })
  createdByApiKeyId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reminderSentAt: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome: CardOutcome | null;

  /** The content of the oral appeal (59-ФЗ ст. 13 ч. 2). */
  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  cardRecordedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  cardRecordedByUserId: string | null;

  /** The appeal registered from the card (`written_answer`); it names the booking back. */
  @Column({ type: 'uuid', nullable: true })
  appealId: string | null;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'appeal_id', foreignKeyConstraintName: 'fk_reception_bookings_appeal' })
  appeal?: Appeal;
}

/** The yearly counter of booking numbers (as `reg_counters` is for appeals). */
@Entity('reception_counters')
export class ReceptionCounter {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_reception_counters' })
  year: number;

  @Column({ type: 'int' })
  last: number;
}
