import type { INestApplication, LoggerService } from '@nestjs/common';
import type { Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { JobsScheduler } from '../jobs/jobs.scheduler';
import { JobsService } from '../jobs/jobs.service';
import { LifecycleService } from './lifecycle.service';

export type ShutdownStage =
  'not-ready' | 'listener-closed' | 'requests-drained' | 'jobs-stopped' | 'closed';

export interface ShutdownReport {
  /** False when the timeout passed with requests still running (their connections were cut). */
  requestsDrained: boolean;
  abandonedRequests: number;
  /** False when the timeout passed with a job still running. */
  jobsFinished: boolean;
  durationMs: number;
}

export interface ShutdownOptions {
  /** Budget for in-flight requests and running jobs together, from the listener's close. */
  timeoutMs: number;
  /** Readiness answers 503 this long before the listener closes. */
  readinessDelayMs: number;
  logger?: LoggerService;
  /** Called (and awaited) as each stage is reached; tests observe the sequence through it. */
  onStage?: (stage: ShutdownStage, report: ShutdownReport) => void | Promise<void>;
}

/**
 * The shutdown sequence (SPEC §15 "in-flight requests finish, scheduler stops"):
 *
 * 1. readiness → 503; the scheduler's timers are cleared and no new job run starts (a manual
 *    one gets 503);
 * 2. after `readinessDelayMs`, the listener closes: new connections are refused, idle keep-alive
 *    connections are closed, a request arriving on a busy one gets 503 with `Connection: close`;
 * 3. in-flight requests finish (their responses carry `Connection: close`), for at most
 *    `timeoutMs`; after that the remaining connections are destroyed;
 * 4. a job run under way finishes, within what is left of `timeoutMs`;
 * 5. `app.close()`: Nest's hooks, TypeORM's DataSource (the pool) last.
 *
 * Nest's own `app.close()` alone (11.2) does close the HTTP server before the DataSource, but it
 * waits for in-flight requests without a bound, keeps the scheduler ticking meanwhile, does not
 * wait for a running job before the pool goes, and never answers 503 on readiness.
 */
export async function gracefulShutdown(
  app: INestApplication,
  opts: ShutdownOptions,
): Promise<ShutdownReport> {
  const startedAt = Date.now();
  const lifecycle = app.get(LifecycleService);
  const jobs = app.get(JobsService);
  const report: ShutdownReport = {
    requestsDrained: true,
    abandonedRequests: 0,
    jobsFinished: true,
    durationMs: 0,
  };
  const stage = async (name: ShutdownStage): Promise<void> => {
    report.durationMs = Date.now() - startedAt;
    opts.logger?.log({ stage: name, inFlight: lifecycle.inFlightRequests }, 'Shutdown');
    await opts.onStage?.(name, report);
  };

  lifecycle.markNotReady();
  app.get(JobsScheduler).stop();
  jobs.stopStarting();
  await stage('not-ready');
  if (opts.readinessDelayMs > 0) await delay(opts.readinessDelayMs);

  const server = app.getHttpServer() as Server;
  lifecycle.refuseNewRequests();
  if (server.listening) {
    // Node 19+ also closes idle keep-alive connections here; busy ones close after their response.
    server.close();
  }
  await stage('listener-closed');

  const deadline = Date.now() + opts.timeoutMs;
  report.requestsDrained = await lifecycle.waitForIdle(opts.timeoutMs);
  if (!report.requestsDrained) {
    report.abandonedRequests = lifecycle.inFlightRequests;
    server.closeAllConnections();
  }
  await stage('requests-drained');

  report.jobsFinished = await jobs.stop(Math.max(0, deadline - Date.now()));
  await stage('jobs-stopped');

  await app.close();
  await stage('closed');
  return report;
}
