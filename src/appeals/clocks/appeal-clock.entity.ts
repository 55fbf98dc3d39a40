import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Appeal } from '../appeal.entity';
import type { RowClockName } from './clock.registry';

/**
 * One legal clock of an appeal other than its main term and its registration (clock.registry.ts):
 * the seven-day decisions of 59-ФЗ ст. 8 ч. 3 and ст. 11 ч. 2, 4, 4.1 and an authority's control
 * date. A clock is *running* until it is met (the decision was taken) or stopped (it no longer
 * applies); the sweep, the at-risk and the overdue reports read running clocks through the
 * partial index on their due date (created in the migration), the SLA summary the late ones.
 */
@Entity('appeal_clocks')
@Index('uq_appeal_clocks_appeal_name', ['appealId', 'name'], { unique: true })
// (due_date, appeal_id, name) WHERE met_at IS NULL AND stopped_at IS NULL: the running clocks.
@Index('idx_appeal_clocks_running', { synchronize: false })
// (appeal_id) WHERE late: the SLA summary's late counts.
@Index('idx_appeal_clocks_late', { synchronize: false })
export class AppealClock {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  appealId: string;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  appeal?: Appeal;

  @Column({ type: 'text' })
  name: RowClockName;

  /** Local date: the last day of the term (registration + 7 days, or the control date). */
  @Column({ type: 'date' })
  dueDate: string;

  /**
   * The due time of a clock that runs in hours (the inspection of a quality report, ПП 354
   * п. 108; issue 23); `dueDate` is then its local date. Null for the clocks counted in days.
   */
  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  /** Who raised it by hand; null when a rule started it (registration, a control date). */
  @Column({ type: 'uuid', nullable: true })
  startedBy: string | null;

  /** When the decision the law asks for was taken. */
  @Column({ type: 'timestamptz', nullable: true })
  metAt: Date | null;

  /** When it stopped applying without being met (an officer took the appeal, it closed otherwise). */
  @Column({ type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;

  /** When the sweep first found it running past its due date. */
  @Column({ type: 'timestamptz', nullable: true })
  overdueAt: Date | null;

  /** Met after its due date, or ran past it: counted in the SLA summary. */
  @Column({ type: 'boolean', default: false })
  late: boolean;
}
