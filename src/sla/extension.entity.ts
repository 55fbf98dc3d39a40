import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';

export type ExtensionStatus = 'pending' | 'approved' | 'declined';

/** A request or decision to extend an appeal's term (59-ФЗ ст. 12 ч. 2). */
@Entity('appeal_extensions')
export class AppealExtension {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  appealId: string;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  appeal?: Appeal;

  @Column({ type: 'int' })
  days: number;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text' })
  status: ExtensionStatus;

  @Column({ type: 'date' })
  previousDueDate: string;

  /** The due date this extension gives (as computed when requested; recomputed on approval). */
  @Column({ type: 'date' })
  newDueDate: string;

  @Column({ type: 'uuid' })
  requestedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionComment: string | null;
}
