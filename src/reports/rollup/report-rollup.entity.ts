import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns of a rollup key and its count (docs/reports.md#the-rollup): one row counts the
 * appeals registered on `day` (local date in the rollup's time zone) that share every column.
 * Status-dependent columns are NULL where they do not apply (a rejection reason only for
 * `rejected`, a due date only while open, days to answer and on-time only for `answered`), so
 * the rows stay few. Written only by the triggers of migration ReportRollups and the compaction.
 */
abstract class RollupKey {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ type: 'text', nullable: true })
  topicCode: string | null;

  @Column({ type: 'text' })
  channel: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', nullable: true })
  rejectionReason: string | null;

  /** The due date of an open appeal: whether it is overdue depends on today, read time. */
  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'int', nullable: true })
  daysToAnswer: number | null;

  @Column({ type: 'boolean', nullable: true })
  answerOnTime: boolean | null;

  @Column({ type: 'boolean' })
  extended: boolean;

  @Column({ type: 'boolean' })
  registrationLate: boolean;

  @Column({ type: 'boolean' })
  forwardingLate: boolean;

  @Column({ type: 'int' })
  n: number;
}

/** Folded counts, one row per key (a unique index NULLS NOT DISTINCT, hand-written). */
@Entity('report_rollups')
@Index('uq_report_rollups_key', { synchronize: false })
@Index('idx_report_rollups_day', ['day', 'departmentId'])
export class ReportRollup extends RollupKey {}

/**
 * The folded counts summed by calendar month (`day`: the month's first day): a year's summary
 * reads these for its whole months and the daily rows only for the days at its edges.
 */
@Entity('report_rollups_monthly')
@Index('uq_report_rollups_monthly_key', { synchronize: false })
@Index('idx_report_rollups_monthly_day', ['day', 'departmentId'])
export class ReportRollupMonthly extends RollupKey {}

/** Signed deltas appended in the writing transaction; the compaction folds them into rollups. */
@Entity('report_rollup_deltas')
export class ReportRollupDelta extends RollupKey {}

/** The time zone the rollup's local dates are computed in (one row; APP_TIMEZONE). */
@Entity('report_rollup_settings')
export class ReportRollupSettings {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id: number;

  @Column({ type: 'text' })
  timeZone: string;
}
