import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ReceptionSchedule } from './reception-schedule.entity';

/** Days a schedule does not receive (the official's vacation, a cancelled day), inclusive. */
@Entity('reception_exceptions')
export class ReceptionException {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_reception_exceptions' })
  id: string;

  @Index('idx_reception_exceptions_schedule')
  @Column({ type: 'uuid' })
  scheduleId: string;

  @ManyToOne(() => ReceptionSchedule, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'schedule_id',
    foreignKeyConstraintName: 'fk_reception_exceptions_schedule',
  })
  schedule?: ReceptionSchedule;

  @Column({ type: 'date' })
  fromDate: string;

  @Column({ type: 'date' })
  toDate: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
