import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { safeErrorForLog } from '../common/errors/problem.filter';
import { LockId } from '../database/lock-ids';
import { encodeCursor } from '../common/http/pagination';
import { JobRun } from './job-run.entity';

// Appended only: a job's advisory lock is its index here (LockId.jobsBase + index).
export const JOB_NAMES = [
  'sla-sweep',
  'notifications',
  'email-poll',
  'gis-zhkh-sync',
  'calendar-check',
  'reception-reminders',
  // issue 24: the messenger bots' long polling and their notices
  'messenger-poll',
  'messenger-notices',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export type JobHandler = (now: Date) => Promise<Record<string, number>>;

/**
 * Runs scheduled jobs once across any number of instances: a job holds a PostgreSQL session
 * advisory lock while it runs (released if the process dies), and every run is recorded.
 */
@Injectable()
export class JobsService implements OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly handlers = new Map<JobName, JobHandler>();
  /** Runs started in this process and not finished yet (awaited by stop()). */
  private readonly running = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  register(name: JobName, handler: JobHandler): void {
    this.handlers.set(name, handler);
  }

  registered(): JobName[] {
    return [...this.handlers.keys()];
  }

  /** Runs the job now unless another instance is running it; returns the recorded run or null. */
  async run(name: string, trigger: 'schedule' | 'manual'): Promise<JobRun | null> {
    const handler = this.handlers.get(name as JobName);
    if (!handler) throw new AppError(ErrorCode.JOB_NOT_FOUND, `Задание «${name}» не найдено`);
    if (this.stopping) {
      if (trigger === 'schedule') return null;
      throw new AppError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'Экземпляр останавливается: задание не запущено',
      );
    }
    const run = this.runLocked(name as JobName, handler, trigger);
    this.running.add(run);
    try {
      return await run;
    } finally {
      this.running.delete(run);
    }
  }

  /** No new run, scheduled or manual, starts in this process from now on. */
  stopStarting(): void {
    this.stopping = true;
  }

  /**
   * No new run starts in this process from now on; resolves true once the runs already under way
   * have finished, false if `timeoutMs` passes first (graceful shutdown).
   */
  async stop(timeoutMs: number): Promise<boolean> {
    this.stopStarting();
    if (this.running.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const finished = Promise.allSettled([...this.running]).then(() => true as const);
    try {
      return await Promise.race([finished, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async runLocked(
    name: JobName,
    handler: JobHandler,
    trigger: 'schedule' | 'manual',
  ): Promise<JobRun | null> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      const lockId = LockId.jobsBase + JOB_NAMES.indexOf(name);
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
        lockId,
      ])) as {
        locked: boolean;
      }[];
      if (!locked) {
        if (trigger === 'manual') {
          throw new AppError(ErrorCode.JOB_ALREADY_RUNNING, `Задание «${name}» уже выполняется`);
        }
        return null;
      }
      try {
        await this.closeAbandoned(name);
        return await this.execute(name, handler, trigger);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [lockId]);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Runs of this job still marked `running` while we hold its lock were left by a process that
   * died mid-run: the advisory lock is per session and went with its connection, so no live run
   * can exist on any instance (issue 10: kill the API during load).
   */
  private async closeAbandoned(name: JobName): Promise<void> {
    await this.ds.query(
      `UPDATE job_runs SET status = 'abandoned', finished_at = $2, error = $3
        WHERE job = $1 AND status = 'running'`,
      [name, this.clock.now(), 'Процесс, выполнявший задание, остановился до его завершения'],
    );
  }

  /** Newest first; keyset on the run id. */
  async recent(
    limit: number,
    beforeId?: string,
  ): Promise<{ items: JobRun[]; nextCursor: string | null }> {
    const qb = this.ds
      .getRepository(JobRun)
      .createQueryBuilder('r')
      .orderBy('r.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) qb.where('r.id < :beforeId', { beforeId });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    return {
      items,
      nextCursor: rows.length > limit ? encodeCursor({ i: items[items.length - 1].id }) : null,
    };
  }

  onApplicationShutdown(): void {
    this.stopping = true;
  }

  private async execute(
    name: JobName,
    handler: JobHandler,
    trigger: 'schedule' | 'manual',
  ): Promise<JobRun> {
    const repo = this.ds.getRepository(JobRun);
    const run = await repo.save(
      repo.create({
        job: name,
        trigger,
        instance: this.config.instanceId,
        startedAt: this.clock.now(),
        status: 'running',
        counts: {},
        finishedAt: null,
        error: null,
      }),
    );
    try {
      run.counts = await handler(this.clock.now());
      run.status = 'ok';
    } catch (e) {
      run.status = 'error';
      run.error = e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 500) : 'unknown error';
      this.logger.error({ err: safeErrorForLog(e), job: name }, 'Job failed');
    }
    run.finishedAt = this.clock.now();
    return repo.save(run);
  }
}
