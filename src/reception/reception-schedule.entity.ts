import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../users/user.entity';
import type { ReceptionAudience, ScheduleDay } from './reception-rules';

/** Who receives, where, on which weekdays and hours, for whom (issue 22, docs/reception.md). */
@Entity('reception_schedules')
export class ReceptionSchedule {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_reception_schedules' })
  id: string;

  @Index('idx_reception_schedules_official')
  @Column({ type: 'uuid' })
  officialId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'official_id', foreignKeyConstraintName: 'fk_reception_schedules_official' })
  official?: User;

  /** The official's title as the applicant sees it, e.g. «Генеральный директор». */
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  location: string;

  /** `[{weekday: 1–7 (Monday = 1), from: "HH:MM", to: "HH:MM"}]` in APP_TIMEZONE. */
  @Column({ type: 'jsonb' })
  days: ScheduleDay[];

  @Column({ type: 'int' })
  slotMinutes: number;

  @Column({ type: 'text' })
  audience: ReceptionAudience;

  /** Topics received on; null: any. */
  @Column({ type: 'jsonb', nullable: true })
  topicCodes: string[] | null;

  @Column({ type: 'date' })
  validFrom: string;

  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
