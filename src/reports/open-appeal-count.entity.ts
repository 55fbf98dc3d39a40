import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Open appeals counted by (department, assignee, due date), for the overdue totals without
 * scanning every open appeal (docs/reports.md). Rows are signed deltas: statement triggers on
 * `appeals` append them in the writing transaction (no row is updated, so writers never wait on
 * each other or deadlock here), and a compaction folds each key's rows into one. The open count
 * of a key is the sum of its deltas. Written only by the triggers and the compaction.
 */
@Entity('appeal_open_counts')
export class OpenAppealCount {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'int' })
  delta: number;
}
