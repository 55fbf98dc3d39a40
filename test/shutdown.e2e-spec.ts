import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Client } from 'pg';
import request from 'supertest';
import { JobsService } from '../src/jobs/jobs.service';
import { LifecycleService } from '../src/lifecycle/lifecycle.service';
import {
  gracefulShutdown,
  type ShutdownReport,
  type ShutdownStage,
} from '../src/lifecycle/graceful-shutdown';
import { startTestApp, type TestApp } from './support/test-app';

/** A promise the test resolves by hand. */
function gate<T = void>(): { promise: Promise<T>; open: (v: T) => void } {
  let open!: (v: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/** Waits (polling PostgreSQL, not the clock) until `n` backends of this database wait on a lock. */
async function untilBlockedOnLock(pg: Client, n = 1): Promise<void> {
  for (;;) {
    const { rows } = await pg.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0].waiting >= n) return;
    await new Promise((r) => setImmediate(r));
  }
}

async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = (t.app.getHttpServer() as Server).address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Settles with the response or the network error, so a pending request can be checked. */
function track(req: request.Test): { settled: () => boolean; result: Promise<request.Response> } {
  let done = false;
  const result = req.then(
    (r) => ((done = true), r),
    (e: unknown) => {
      done = true;
      throw e;
    },
  );
  result.catch(() => undefined);
  return { settled: () => done, result };
}

describe('graceful shutdown', () => {
  let t: TestApp;
  let locker: Client;
  let checker: Client;

  beforeEach(async () => {
    t = await startTestApp({
      env: {
        SCHEDULER_ENABLED: 'true',
        // Timers that exist but never fire during the test: the sequence is driven by hand.
        SLA_SWEEP_INTERVAL_SECONDS: '86400',
        NOTIFICATIONS_INTERVAL_SECONDS: '3600',
        EMAIL_POLL_INTERVAL_SECONDS: '86400',
        GIS_ZHKH_SYNC_INTERVAL_SECONDS: '86400',
      },
    });
    locker = new Client({ connectionString: t.config.databaseUrl });
    checker = new Client({ connectionString: t.config.databaseUrl });
    await locker.connect();
    await checker.connect();
  });
  /** A request kept in flight: its UPDATE waits for the row lock `locker` takes first. */
  const holdInFlight = async (base: string, userId: string, fullName: string) => {
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [userId]);
    const inFlight = track(
      request(base)
        .patch(`/api/v1/users/${userId}`)
        .auth(t.adminToken, { type: 'bearer' })
        .send({ fullName }),
    );
    await untilBlockedOnLock(checker);
    return inFlight;
  };
  afterEach(async () => {
    await locker.end().catch(() => undefined);
    await checker.end();
    await t.close();
  });

  it('finishes the in-flight request and the running job, refuses new work, then closes the pool', async () => {
    const base = await listen(t);
    const jobs = t.app.get(JobsService);
    const registry = t.app.get(SchedulerRegistry);
    const officer = await t.createStaff(['officer']);
    expect(registry.getIntervals()).toEqual(expect.arrayContaining(['job:notifications']));

    // A job run under way when the shutdown begins, held open by the test.
    const jobStarted = gate();
    const jobRelease = gate();
    jobs.register('email-poll', async () => {
      jobStarted.open();
      await jobRelease.promise;
      return { polled: 1 };
    });
    let jobSettled = false;
    const jobRun = jobs.run('email-poll', 'manual').finally(() => (jobSettled = true));
    await jobStarted.promise;
    // Shutdown waits for it: release the job only once the sequence has reached stop().
    const stop = jobs.stop.bind(jobs);
    jest.spyOn(jobs, 'stop').mockImplementation((ms: number) => {
      const waiting = stop(ms);
      jobRelease.open();
      return waiting;
    });

    // A request in flight: its UPDATE waits for the row lock the test holds.
    const inFlight = await holdInFlight(base, officer.id, 'Сотрудник на время остановки');

    const stages: ShutdownStage[] = [];
    const report: ShutdownReport = await gracefulShutdown(t.app, {
      timeoutMs: 30_000,
      readinessDelayMs: 0,
      onStage: async (stage) => {
        stages.push(stage);
        switch (stage) {
          case 'not-ready': {
            // Readiness says 503 while the listener is still open; liveness stays 200.
            const ready = await request(base).get('/health/ready').expect(503);
            expect(ready.headers['content-type']).toMatch(/problem\+json/);
            expect(ready.body.code).toBe('SERVICE_UNAVAILABLE');
            await request(base).get('/health').expect(200);
            // No new job run starts, scheduled or manual; the timers are gone.
            expect(registry.getIntervals()).toEqual([]);
            await expect(jobs.run('sla-sweep', 'schedule')).resolves.toBeNull();
            const manual = await request(base)
              .post('/api/v1/jobs/sla-sweep/run')
              .auth(t.adminToken, { type: 'bearer' })
              .expect(503);
            expect(manual.body.code).toBe('SERVICE_UNAVAILABLE');
            break;
          }
          case 'listener-closed': {
            // A new connection is refused; the blocked request is still in flight.
            const refused = await request(base)
              .get('/health')
              .then(
                () => 'answered',
                (e: { code?: string }) => e.code,
              );
            expect(refused).toBe('ECONNREFUSED');
            expect(inFlight.settled()).toBe(false);
            await locker.query('COMMIT');
            break;
          }
          case 'requests-drained':
            // Its response is written (the client reads it below); the job still runs.
            expect(t.app.get(LifecycleService).inFlightRequests).toBe(0);
            expect(jobSettled).toBe(false);
            expect(t.db.isInitialized).toBe(true);
            break;
          case 'jobs-stopped':
            // The job finished and recorded its run before the pool went away.
            expect(jobSettled).toBe(true);
            expect(t.db.isInitialized).toBe(true);
            break;
          case 'closed':
            expect(t.db.isInitialized).toBe(false);
            break;
        }
      },
    });

    expect(stages).toEqual([
      'not-ready',
      'listener-closed',
      'requests-drained',
      'jobs-stopped',
      'closed',
    ]);
    expect(report).toMatchObject({
      requestsDrained: true,
      abandonedRequests: 0,
      jobsFinished: true,
    });

    const res = await inFlight.result;
    expect(res.status).toBe(200);
    expect(res.headers.connection).toBe('close');
    expect(res.body.fullName).toBe('Сотрудник на время остановки');
    const { rows: users } = await checker.query('SELECT full_name FROM users WHERE id = $1', [
      officer.id,
    ]);
    expect(users[0].full_name).toBe('Сотрудник на время остановки');

    expect((await jobRun)?.status).toBe('ok');
    // Every run recorded in this database finished; nothing started after the shutdown began.
    const { rows: runs } = await checker.query('SELECT job, status FROM job_runs');
    expect(runs).toEqual([{ job: 'email-poll', status: 'ok' }]);
  });

  it('cuts requests still running when SHUTDOWN_TIMEOUT_MS passes and closes anyway', async () => {
    const base = await listen(t);
    const officer = await t.createStaff(['officer']);
    const inFlight = await holdInFlight(base, officer.id, 'Не дождался');

    const startedAt = Date.now();
    const report = await gracefulShutdown(t.app, {
      timeoutMs: 1000,
      readinessDelayMs: 0,
      onStage: async (stage, r) => {
        if (stage !== 'requests-drained') return;
        expect(r).toMatchObject({ requestsDrained: false, abandonedRequests: 1 });
        // The handler still holds a pool client; let it finish so the pool can close.
        await locker.query('ROLLBACK');
      },
    });
    expect(report.requestsDrained).toBe(false);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);
    await expect(inFlight.result).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(t.db.isInitialized).toBe(false);
  });
});
