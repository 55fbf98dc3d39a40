import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import {
  LAST_JOB_RUNS_SQL,
  OUTBOX_COUNT_CAP,
  OUTBOX_SQL,
  PROVISIONAL_APPEALS_SQL,
} from '../src/metrics/metrics.sql';
import { JOB_NAMES } from '../src/jobs/jobs.service';
import { appealBody } from './support/factories';
import { sample } from './support/prometheus';
import { startTestApp, type TestApp } from './support/test-app';

const HTTP = 'appeals_desk_http_request_duration_seconds_count';

describe('GET /metrics', () => {
  let t: TestApp;
  let clerk: string;

  beforeAll(async () => {
    t = await startTestApp();
    clerk = (await t.createStaff(['clerk'])).token;
  });
  afterAll(() => t.close());

  const scrape = async (): Promise<string> => {
    const res = await t.http.get('/metrics').expect(200);
    return res.text;
  };

  it('answers without credentials, outside /api/v1, in the Prometheus text format', async () => {
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(sample(res.text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(res.text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(sample(res.text, 'appeals_desk_metrics_db_up')).toBe(1);
    expect(sample(res.text, 'appeals_desk_ready')).toBe(1);
    const prefixed = await t.http.get('/api/v1/metrics').auth(t.adminToken, { type: 'bearer' });
    expect(prefixed.status).toBe(404);
  });

  it('labels request durations by route template, never by the raw URL', async () => {
    const id = randomUUID();
    await t.http.get(`/api/v1/appeals/${id}`).auth(t.adminToken, { type: 'bearer' }).expect(404);
    await t.http.get('/api/v1/no/such/ivanov@example.ru').expect(404);
    await t.http.get('/outside/petrov@example.ru?phone=79001234567').expect(404);
    const text = await scrape();
    expect(
      sample(text, HTTP, { method: 'GET', route: '/api/v1/appeals/:id', status_code: '404' }),
    ).toBe(1);
    // Unknown paths under the prefix fall to Nest's catch-all route (a template too), others
    // match no route at all: either way one label, whatever the URL was.
    const unknown = text
      .split('\n')
      .filter((l) => l.startsWith(`${HTTP}{`) && l.includes('status_code="404"'))
      .filter((l) => !l.includes('route="/api/v1/appeals/:id"'));
    expect(unknown.length).toBeGreaterThanOrEqual(1);
    for (const l of unknown) expect(l).toMatch(/route="(\/api\/v1\/\{\*path\}|unmatched)"/);
    expect(text).not.toContain(id);
    for (const leaked of ['ivanov', 'petrov', '79001234567', '/no/such', '/outside'])
      expect(text).not.toContain(leaked);
  });

  it('reports this instance’s database pool', async () => {
    const text = await scrape();
    // The scrape itself holds one connection while it reads the outbox figures; then returns it.
    expect(sample(text, 'appeals_desk_db_pool_connections', { state: 'idle' })).toBeGreaterThan(0);
    expect(
      sample(text, 'appeals_desk_db_pool_connections', { state: 'in_use' }),
    ).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'appeals_desk_db_pool_waiting_requests')).toBe(0);
  });

  it('reads the notices outbox and its lag from the database', async () => {
    for (let i = 0; i < 3; i++) {
      await t.http
        .post('/api/v1/appeals')
        .auth(clerk, { type: 'bearer' })
        .send(appealBody('email'))
        .expect(201);
    }
    await t.db.query(
      `UPDATE notifications SET status = 'failed'
        WHERE id = (SELECT id FROM notifications WHERE status = 'pending' LIMIT 1)`,
    );
    const [{ pending, failed }] = await t.db.query(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status = 'failed')::int AS failed FROM notifications`,
    );
    expect(pending).toBeGreaterThanOrEqual(2);
    t.clock.advance(90_000);
    const text = await scrape();
    expect(sample(text, 'appeals_desk_notifications_outbox', { status: 'pending' })).toBe(pending);
    expect(sample(text, 'appeals_desk_notifications_outbox', { status: 'failed' })).toBe(failed);
    expect(sample(text, 'appeals_desk_notifications_pending_lag_seconds')).toBeCloseTo(90, 0);
  });

  it('reads the ГИС ЖКХ outbox by status', async () => {
    for (const status of ['pending', 'pending', 'held']) {
      await t.db.query(
        `INSERT INTO gis_outbox (appeal_id, event_id, action, payload, transport_guid, status)
         VALUES ($1, 1, 'answer', '{}', $2, $3)`,
        [randomUUID(), randomUUID(), status],
      );
    }
    const text = await scrape();
    expect(sample(text, 'appeals_desk_gis_outbox', { status: 'pending' })).toBe(2);
    expect(sample(text, 'appeals_desk_gis_outbox', { status: 'held' })).toBe(1);
    expect(sample(text, 'appeals_desk_gis_outbox', { status: 'failed' })).toBe(0);
  });

  it('reports each job’s latest run: status, start and age', async () => {
    const run = await t.http
      .post('/api/v1/jobs/sla-sweep/run')
      .auth(t.adminToken, { type: 'bearer' })
      .expect(200);
    expect(run.body.status).toBe('ok');
    t.clock.advance(120_000);
    const text = await scrape();
    expect(
      sample(text, 'appeals_desk_job_last_run_status', { job: 'sla-sweep', status: 'ok' }),
    ).toBe(1);
    expect(
      sample(text, 'appeals_desk_job_last_run_status', { job: 'sla-sweep', status: 'error' }),
    ).toBe(0);
    expect(
      sample(text, 'appeals_desk_job_last_run_started_timestamp_seconds', { job: 'sla-sweep' }),
    ).toBe(new Date(run.body.startedAt as string).getTime() / 1000);
    expect(sample(text, 'appeals_desk_job_last_run_age_seconds', { job: 'sla-sweep' })).toBe(120);
    expect(sample(text, 'appeals_desk_job_last_run_duration_seconds', { job: 'sla-sweep' })).toBe(
      0,
    );
    // A job that never ran has no series rather than a misleading zero.
    expect(
      sample(text, 'appeals_desk_job_last_run_age_seconds', { job: 'gis-zhkh-sync' }),
    ).toBeUndefined();
  });

  it('counts registrations and reads the open and overdue appeals', async () => {
    const { key } = await t.createApiKey(['web']);
    const registered = (text: string) =>
      sample(text, 'appeals_desk_appeals_registered_total', {
        channel: 'web',
        status: 'registered',
      }) ?? 0;
    const before = registered(await scrape());
    const ids: string[] = [];
    const bodies = [appealBody('web'), appealBody('web')];
    for (let i = 0; i < 2; i++) {
      const res = await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .set('Idempotency-Key', `metrics-${i}`)
        .send(bodies[i])
        .expect(201);
      expect(res.body.status).toBe('registered'); // no officers in this database
      ids.push(res.body.id as string);
    }
    // A replay answers from the stored result: nothing new was registered.
    const replay = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', key)
      .set('Idempotency-Key', 'metrics-0')
      .send(bodies[0])
      .expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    // One of them past its due date.
    await t.db.query(`UPDATE appeals SET due_date = '2020-01-10' WHERE id = $1`, [ids[0]]);

    const text = await scrape();
    expect(registered(text) - before).toBe(2);
    const today = await t.db.query<{ open: number; overdue: number }[]>(
      `SELECT count(*)::int AS open, (count(*) FILTER (WHERE due_date < $1::date))::int AS overdue
         FROM appeals WHERE status IN ('registered', 'under_review', 'assigned', 'in_progress')`,
      [t.clock.now().toISOString().slice(0, 10)],
    );
    expect(sample(text, 'appeals_desk_appeals_open')).toBe(today[0].open);
    expect(sample(text, 'appeals_desk_appeals_overdue')).toBe(today[0].overdue);
    expect(today[0].overdue).toBeGreaterThanOrEqual(1);
  });

  it('reads the database figures through indexes only (cheap with 10 M appeals)', async () => {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // With sequential scans priced out, a plan still holding one means no index serves it.
      await runner.query('SET LOCAL enable_seqscan = off');
      const used = new Set<string>();
      for (const [sql, params] of [
        [OUTBOX_SQL, [OUTBOX_COUNT_CAP]],
        [LAST_JOB_RUNS_SQL, [JOB_NAMES]],
        [PROVISIONAL_APPEALS_SQL, []],
      ] as const) {
        const [{ 'QUERY PLAN': plan }] = await runner.query(`EXPLAIN (FORMAT JSON) ${sql}`, [
          ...params,
        ]);
        const text = JSON.stringify(plan);
        expect(text).not.toContain('Seq Scan');
        for (const m of text.matchAll(/"Index Name":"([^"]+)"/g)) used.add(m[1]);
      }
      // Only the partial / leading-column indexes made for these reads: a full scan of some
      // other index (e.g. notifications by appeal) would be as slow as a table scan.
      expect([...used].sort()).toEqual(
        [
          'IDX_837739ee16579937608c29e421', // job_runs (job, started_at)
          'idx_gis_outbox_status',
          'idx_notifications_failed',
          'idx_notifications_pending',
          'idx_appeals_due_date_provisional', // only the open appeals with a provisional date
        ].sort(),
      );
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  });

  it('still answers, with db_up 0, when the database figures cannot be read', async () => {
    await t.db.query('ALTER TABLE gis_outbox RENAME TO gis_outbox_away');
    try {
      const text = await scrape();
      expect(sample(text, 'appeals_desk_metrics_db_up')).toBe(0);
      expect(sample(text, 'appeals_desk_gis_outbox', { status: 'pending' })).toBeUndefined();
      expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    } finally {
      await t.db.query('ALTER TABLE gis_outbox_away RENAME TO gis_outbox');
    }
    expect(sample(await scrape(), 'appeals_desk_metrics_db_up')).toBe(1);
  });

  it('keeps per-process figures per instance and database figures shared (two instances)', async () => {
    const { app: other } = await createApp(t.config, { clock: t.clock });
    try {
      const http2 = request(other.getHttpServer());
      const before = sample(await scrape(), HTTP, {
        method: 'GET',
        route: '/health',
        status_code: '200',
      });
      await http2.get('/health').expect(200);
      await http2.get('/health').expect(200);
      const mine = await scrape();
      const theirs = (await http2.get('/metrics').expect(200)).text;
      expect(sample(theirs, HTTP, { method: 'GET', route: '/health', status_code: '200' })).toBe(2);
      expect(sample(mine, HTTP, { method: 'GET', route: '/health', status_code: '200' })).toBe(
        before,
      );
      for (const status of ['pending', 'failed']) {
        expect(sample(theirs, 'appeals_desk_notifications_outbox', { status })).toBe(
          sample(mine, 'appeals_desk_notifications_outbox', { status }),
        );
      }
    } finally {
      await other.close();
    }
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  const token = 'scrape-token-0123456789abcdef';
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: token } });
  });
  afterAll(() => t.close());

  it('refuses a scrape without the token with 401 problem+json', async () => {
    const res = await t.http.get('/metrics').expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(res.body.detail).toMatch(/METRICS_TOKEN/);
  });

  it('refuses a wrong token and a staff JWT', async () => {
    await t.http.get('/metrics').auth(`${token}x`, { type: 'bearer' }).expect(401);
    await t.http.get('/metrics').auth(t.adminToken, { type: 'bearer' }).expect(401);
  });

  it('serves the scrape with the token', async () => {
    const res = await t.http.get('/metrics').auth(token, { type: 'bearer' }).expect(200);
    expect(sample(res.text, 'appeals_desk_metrics_db_up')).toBe(1);
  });
});
