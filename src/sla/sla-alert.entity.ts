import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';

export type SlaAlertKind = 'warning' | 'escalation';

/**
 * One rung of the warning ladder or the overdue escalation of one of an appeal's legal clocks.
 * The unique key makes each fire exactly once per appeal, clock, step and due date, whatever the
 * number of instances.
 */
@Entity('sla_alerts')
@Index('uq_sla_alerts_once', ['appealId', 'clock', 'kind', 'step', 'dueDate'], { unique: true })
export class SlaAlert {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  appealId: string;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  appeal?: Appeal;

  /** `answer` (the main term) or another clock of appeals/clocks/clock.registry.ts (issue 19). */
  @Column({ type: 'text', default: 'answer' })
  clock: string;

  @Column({ type: 'text' })
  kind: SlaAlertKind;

  /** Days before the due date (warnings); 0 for the escalation. */
  @Column({ type: 'int' })
  step: number;

  @Column({ type: 'date' })
  dueDate: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
