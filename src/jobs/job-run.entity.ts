import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * `abandoned`: the process running it stopped (killed, crashed) before it finished; set by the
 * next run of the same job, which can only start once the dead process's lock is gone.
 */
export type JobRunStatus = 'running' | 'ok' | 'error' | 'skipped' | 'abandoned';

/** One run of a scheduled job, for operators (GET /jobs/runs). */
@Entity('job_runs')
@Index(['job', 'startedAt'])
// Runs still marked running: what each run closes as abandoned (JobsService.closeAbandoned)
// finds through this tiny index, not by walking every run the job ever made.
@Index('idx_job_runs_running', ['job'], { where: `status = 'running'` })
export class JobRun {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  job: string;

  @Column({ type: 'text' })
  trigger: 'schedule' | 'manual';

  @Column({ type: 'text' })
  instance: string;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'text' })
  status: JobRunStatus;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  counts: Record<string, number>;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
