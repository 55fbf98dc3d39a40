import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { safeErrorForLog } from '../common/errors/problem.filter';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { localDateInZone } from '../common/time/local-date';
import { JOB_NAMES } from '../jobs/jobs.service';
import type { JobRunStatus } from '../jobs/job-run.entity';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { CalendarService } from '../sla/calendar.service';
import {
  LAST_JOB_RUNS_SQL,
  OPEN_APPEALS_SQL,
  OUTBOX_COUNT_CAP,
  OUTBOX_SQL,
  PROVISIONAL_APPEALS_SQL,
  type LastJobRunRow,
  type OpenAppealsRow,
  type OutboxRow,
} from './metrics.sql';

const JOB_STATUSES: readonly JobRunStatus[] = ['running', 'ok', 'error', 'skipped', 'abandoned'];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Scrape-time queries give up after this; the scrape still answers, with db_up 0. */
const DB_TIMEOUT_MS = 2000;

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * One Prometheus registry per application instance. Per-process figures (HTTP, pool, process,
 * readiness) describe this instance; the outbox and job figures are read from PostgreSQL at
 * scrape time and are the same on every instance (docs/operations.md).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly logger = new Logger(MetricsService.name);
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly notificationsOutbox: Gauge<'status'>;
  private readonly notificationsLag: Gauge;
  private readonly gisOutbox: Gauge<'status'>;
  private readonly jobStatus: Gauge<'job' | 'status'>;
  private readonly jobStarted: Gauge<'job'>;
  private readonly jobAge: Gauge<'job'>;
  private readonly jobDuration: Gauge<'job'>;
  private readonly dbUp: Gauge;
  private readonly appealsOpen: Gauge;
  private readonly appealsOverdue: Gauge;
  private readonly appealsProvisional: Gauge;
  private readonly calendarMissing: Gauge<'calendar'>;
  private readonly registered: Counter<'channel' | 'status'>;
  private scrape: Promise<string> | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    lifecycle: LifecycleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calendars: CalendarService,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'appeals_desk_http_request_duration_seconds',
      help: 'HTTP requests by method, route template (never the raw URL) and status code; 499: the client went away',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const pool = (): PgPool | undefined => (ds.driver as unknown as { master?: PgPool }).master;
    new Gauge({
      name: 'appeals_desk_db_pool_connections',
      help: 'This instance’s PostgreSQL pool: connections in use and idle',
      labelNames: ['state'],
      registers,
      collect() {
        const p = pool();
        this.set({ state: 'in_use' }, p ? p.totalCount - p.idleCount : 0);
        this.set({ state: 'idle' }, p ? p.idleCount : 0);
      },
    });
    new Gauge({
      name: 'appeals_desk_db_pool_waiting_requests',
      help: 'Queries of this instance waiting for a free pool connection',
      registers,
      collect() {
        this.set(pool()?.waitingCount ?? 0);
      },
    });
    new Gauge({
      name: 'appeals_desk_http_in_flight_requests',
      help: 'Requests this instance is serving now',
      registers,
      collect() {
        this.set(lifecycle.inFlightRequests);
      },
    });
    new Gauge({
      name: 'appeals_desk_ready',
      help: '1 while this instance takes traffic, 0 once its shutdown has begun',
      registers,
      collect() {
        this.set(lifecycle.ready ? 1 : 0);
      },
    });
    this.registered = new Counter({
      name: 'appeals_desk_appeals_registered_total',
      help: 'Appeals registered by this instance since it started, by channel and the status they got (replays not counted)',
      labelNames: ['channel', 'status'],
      registers,
    });
    this.appealsOpen = new Gauge({
      name: 'appeals_desk_appeals_open',
      help: 'Appeals not yet answered, rejected, forwarded or closed (database-wide)',
      registers,
    });
    this.appealsOverdue = new Gauge({
      name: 'appeals_desk_appeals_overdue',
      help: 'Open appeals past their due date (database-wide; today in the configured time zone)',
      registers,
    });
    this.appealsProvisional = new Gauge({
      name: 'appeals_desk_appeals_due_date_provisional',
      help: 'Open appeals whose due date came from the provisional production calendar (database-wide)',
      registers,
    });
    this.calendarMissing = new Gauge({
      name: 'appeals_desk_calendar_missing_years',
      help: "Years the next 120 days need that the production calendar lacks: `federal` (deadlines into them are provisional) or the organisation's `regional` overlay",
      labelNames: ['calendar'],
      registers,
    });
    this.dbUp = new Gauge({
      name: 'appeals_desk_metrics_db_up',
      help: '1 if the database figures of this scrape could be read, else 0 (and they are absent)',
      registers,
    });
    this.notificationsOutbox = new Gauge({
      name: 'appeals_desk_notifications_outbox',
      help: `Notices by status, counted up to ${OUTBOX_COUNT_CAP} (database-wide)`,
      labelNames: ['status'],
      registers,
    });
    this.notificationsLag = new Gauge({
      name: 'appeals_desk_notifications_pending_lag_seconds',
      help: 'How long the most overdue pending notice has been due (0 if none; database-wide)',
      registers,
    });
    this.gisOutbox = new Gauge({
      name: 'appeals_desk_gis_outbox',
      help: `ГИС ЖКХ outbox actions by status, counted up to ${OUTBOX_COUNT_CAP} (database-wide)`,
      labelNames: ['status'],
      registers,
    });
    this.jobStatus = new Gauge({
      name: 'appeals_desk_job_last_run_status',
      help: '1 for the status of each job’s latest run on any instance, 0 for the others',
      labelNames: ['job', 'status'],
      registers,
    });
    this.jobStarted = new Gauge({
      name: 'appeals_desk_job_last_run_started_timestamp_seconds',
      help: 'Start of each job’s latest run on any instance, Unix time',
      labelNames: ['job'],
      registers,
    });
    this.jobAge = new Gauge({
      name: 'appeals_desk_job_last_run_age_seconds',
      help: 'Seconds since each job’s latest run on any instance started',
      labelNames: ['job'],
      registers,
    });
    this.jobDuration = new Gauge({
      name: 'appeals_desk_job_last_run_duration_seconds',
      help: 'Duration of each job’s latest finished run (absent while it runs)',
      labelNames: ['job'],
      registers,
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text; concurrent scrapes share one database read. */
  render(): Promise<string> {
    this.scrape ??= this.collect().finally(() => (this.scrape = null));
    return this.scrape;
  }

  /**
   * Express middleware, mounted before the routes: one observation per response, labelled with
   * the route template Express matched (`/api/v1/appeals/:id`) — never the URL, which may carry
   * personal data and has unbounded cardinality.
   */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.once('close', () => {
      const route = (req as { route?: { path?: unknown } }).route?.path;
      this.httpDuration.observe(
        {
          method: METHODS.has(req.method) ? req.method : 'OTHER',
          route: typeof route === 'string' ? route : 'unmatched',
          status_code: String(res.writableFinished ? res.statusCode : 499),
        },
        Number(process.hrtime.bigint() - start) / 1e9,
      );
    });
    next();
  };

  private async collect(): Promise<string> {
    const now = this.clock.now().getTime();
    try {
      const { outbox, runs, appeals } = await this.readDatabase();
      this.appealsOpen.set(appeals.open);
      this.appealsOverdue.set(appeals.overdue);
      this.appealsProvisional.set(appeals.provisional);
      const calendar = await this.calendars.status(
        localDateInZone(this.clock.now(), this.config.timeZone),
      );
      this.calendarMissing.set({ calendar: 'federal' }, calendar.missingYears.length);
      this.calendarMissing.set({ calendar: 'regional' }, calendar.missingRegionalYears.length);
      this.notificationsOutbox.set({ status: 'pending' }, outbox.notifications_pending);
      this.notificationsOutbox.set({ status: 'failed' }, outbox.notifications_failed);
      const due = outbox.notifications_oldest_due;
      this.notificationsLag.set(due ? Math.max(0, (now - due.getTime()) / 1000) : 0);
      this.gisOutbox.set({ status: 'pending' }, outbox.gis_pending);
      this.gisOutbox.set({ status: 'failed' }, outbox.gis_failed);
      this.gisOutbox.set({ status: 'held' }, outbox.gis_held);
      this.resetJobs();
      for (const r of runs) {
        for (const s of JOB_STATUSES)
          this.jobStatus.set({ job: r.job, status: s }, +(s === r.status));
        this.jobStarted.set({ job: r.job }, r.started_at.getTime() / 1000);
        this.jobAge.set({ job: r.job }, Math.max(0, (now - r.started_at.getTime()) / 1000));
        if (r.finished_at) {
          this.jobDuration.set(
            { job: r.job },
            (r.finished_at.getTime() - r.started_at.getTime()) / 1000,
          );
        }
      }
      this.dbUp.set(1);
    } catch (e) {
      this.logger.warn({ err: safeErrorForLog(e) }, 'Metrics: database figures unavailable');
      this.notificationsOutbox.reset();
      this.appealsOpen.reset();
      this.appealsOverdue.reset();
      this.appealsProvisional.reset();
      this.calendarMissing.reset();
      this.notificationsLag.reset();
      this.gisOutbox.reset();
      this.resetJobs();
      this.dbUp.set(0);
    }
    return this.registry.metrics();
  }

  private resetJobs(): void {
    this.jobStatus.reset();
    this.jobStarted.reset();
    this.jobAge.reset();
    this.jobDuration.reset();
  }

  /** A registration that was committed (a 201 that is not a replay). */
  countRegistration(channel: string, status: string): void {
    this.registered.inc({ channel, status });
  }

  private async readDatabase(): Promise<{
    outbox: OutboxRow;
    runs: LastJobRunRow[];
    appeals: OpenAppealsRow & { provisional: number };
  }> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`SET LOCAL statement_timeout = ${DB_TIMEOUT_MS}`);
      const [outbox] = (await runner.query(OUTBOX_SQL, [OUTBOX_COUNT_CAP])) as OutboxRow[];
      const runs = (await runner.query(LAST_JOB_RUNS_SQL, [JOB_NAMES])) as LastJobRunRow[];
      const today = localDateInZone(this.clock.now(), this.config.timeZone);
      const [appeals] = (await runner.query(OPEN_APPEALS_SQL, [today])) as OpenAppealsRow[];
      const [{ provisional }] = (await runner.query(PROVISIONAL_APPEALS_SQL)) as {
        provisional: number;
      }[];
      await runner.commitTransaction();
      return { outbox, runs, appeals: { ...appeals, provisional } };
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await runner.release();
    }
  }
}
