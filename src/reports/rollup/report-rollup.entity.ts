import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An appeal's full rollup key and a signed count (docs/reports.md#the-rollup): the deltas the
 * triggers of migration ReportRollups append in the writing transaction. One row counts the
 * appeals registered on `day` (local date in the rollup's time zone) that share every column.
 * Status-dependent columns are NULL where they do not apply (a rejection reason only for
 * `rejected`, a due date only while open, days to answer and on-time only for `answered`).
 */
@Entity('report_rollup_deltas')
export class ReportRollupDelta {
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

/**
 * Where a folded row belongs: its grain (`day`, `week` — ISO, from Monday — or `month`, and
 * `day` the bucket's first day), the department (every report's scope) and one grouping of the
 * reports (`dim`: department, assignee, topic, channel or kind) with its value (NULL a group).
 */
abstract class RollupGroup {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  grain: string;

  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @Column({ type: 'text' })
  dim: string;

  @Column({ type: 'text', nullable: true })
  value: string | null;

  @Column({ type: 'int' })
  n: number;
}

/**
 * The folded counts (ADR 0018): appeals by grain × department × grouping × status (with the
 * rejection reason, and the due date while open), the other figures as counts of them. Written
 * only by the compaction and the rebuild (rollup.sql.ts). Unique key hand-written (NULLS NOT
 * DISTINCT); it also serves the reports' reads (dim, grain, day first).
 */
@Entity('report_rollups')
@Index('uq_report_rollups_key', { synchronize: false })
export class ReportRollup extends RollupGroup {
  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  /** Of `n`: answered on or before the due date. */
  @Column({ type: 'int' })
  onTime: number;

  /** Of `n`: answered after the due date (neither, without a due date). */
  @Column({ type: 'int' })
  late: number;

  /** Of `n`: with an approved extension. */
  @Column({ type: 'int' })
  extended: number;

  @Column({ type: 'int' })
  registrationLate: number;

  @Column({ type: 'int' })
  forwardingLate: number;
}

/**
 * Answered appeals by days to answer, in the same groups (the histogram the median and the
 * 90th percentile are computed from, exactly): narrow, so the counts above stay few.
 */
@Entity('report_rollup_days')
@Index('uq_report_rollup_days_key', { synchronize: false })
export class ReportRollupDays extends RollupGroup {
  @Column({ type: 'int' })
  days: number;
}

/** The time zone the rollup's local dates are computed in (one row; APP_TIMEZONE). */
@Entity('report_rollup_settings')
export class ReportRollupSettings {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id: number;

  @Column({ type: 'text' })
  timeZone: string;
}
