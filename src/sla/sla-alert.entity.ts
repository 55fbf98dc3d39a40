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
 * One rung of the warning ladder or the overdue escalation of an appeal. The unique key makes
 * each fire exactly once per appeal, step and due date, whatever the number of instances.
 */
@Entity('sla_alerts')
@Index(['appealId', 'kind', 'step', 'dueDate'], { unique: true })
export class SlaAlert {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  appealId: string;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  appeal?: Appeal;

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
