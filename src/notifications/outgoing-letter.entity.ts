import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';
import { Notification } from './notification.entity';

/** A paper letter to the applicant (answers to post/office appeals), with its own number, to print. */
@Entity('outgoing_letters')
@Index('idx_outgoing_letters_unprinted', ['createdAt'], { where: 'printed_at IS NULL' })
export class OutgoingLetter {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  number: string;

  @Index()
  @Column({ type: 'uuid' })
  appealId: string;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  appeal?: Appeal;

  @Column({ type: 'uuid' })
  notificationId: string;

  @ManyToOne(() => Notification, { onDelete: 'RESTRICT' })
  notification?: Notification;

  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  printedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  printedBy: string | null;
}

/** The yearly sequence of outgoing letter numbers. */
@Entity('letter_counters')
export class LetterCounter {
  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  lastSeq: number;
}
