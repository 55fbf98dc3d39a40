import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source.options';
import { runMigrations } from '../src/database/migrate';
import { seedDefaults } from '../src/database/seed';
import { TEST_ENV, databaseUrl, onServer } from './setup/test-db';
import { startTestApp, type TestApp } from './support/test-app';

describe('platform', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness without authentication', async () => {
    await t.http.get('/health').expect(200, { status: 'ok' });
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.info.database.status).toBe('up');
  });

  it('serves the OpenAPI document with the appeals paths', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/appeals',
        '/api/v1/appeals/{id}',
        '/api/v1/auth/login',
        '/api/v1/deadlines',
      ]),
    );
  });

  it('has a schema that matches the entities exactly (migration drift check)', async () => {
    const opts = t.db.options;
    const ds = new DataSource(
      dataSourceOptions((opts as { url: string }).url, { extra: { max: 1 } }),
    );
    await ds.initialize();
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('answers an unknown path with a problem document', async () => {
    const res = await t.http
      .get('/api/v1/nowhere')
      .auth(t.adminToken, { type: 'bearer' })
      .expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(res.body.requestId).toEqual(expect.any(String));
  });

  it('echoes a caller-supplied request id', async () => {
    const res = await t.http.get('/health').set('X-Request-Id', 'trace-123').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-123');
  });

  it('seeds departments, topics, kind policies and the calendar on first start', async () => {
    const [{ n: departments }] = await t.db.query('SELECT count(*)::int AS n FROM departments');
    const kinds: { kind: string }[] = await t.db.query(
      'SELECT kind FROM sla_policies WHERE kind IS NOT NULL ORDER BY kind',
    );
    const years: { year: number }[] = await t.db.query(
      'SELECT year FROM calendar_years ORDER BY year',
    );
    expect(departments).toBeGreaterThanOrEqual(4);
    expect(kinds.map((k) => k.kind)).toEqual([
      'claim',
      'complaint',
      'proposal',
      'quality_report',
      'request',
      'statement',
    ]);
    expect(years.map((y) => y.year)).toEqual([2024, 2025, 2026, 2027]);
  });

  it('migrates and seeds once when several instances start at the same time', async () => {
    const serverUrl = process.env[TEST_ENV.serverUrl]!;
    const name = `appeals_test_concurrent_start_${process.pid}`;
    await onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}"`);
    await onServer(serverUrl, `CREATE DATABASE "${name}"`);
    const url = databaseUrl(serverUrl, name);
    try {
      const applied = await Promise.all([
        runMigrations(url),
        runMigrations(url),
        runMigrations(url),
      ]);
      const all = readdirSync(path.join(__dirname, '..', 'migrations')).filter((f) =>
        f.endsWith('.ts'),
      );
      expect(applied.map((a) => a.length).sort()).toEqual([0, 0, all.length]);
      const sources = [0, 1, 2].map(
        () => new DataSource(dataSourceOptions(url, { extra: { max: 2 } })),
      );
      await Promise.all(sources.map((ds) => ds.initialize()));
      const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url });
      const seeds = await Promise.all(sources.map((ds) => seedDefaults(ds, config, new Date())));
      // Exactly one instance created the admin and printed its generated password.
      expect(seeds.filter((r) => r.adminCreated)).toHaveLength(1);
      expect(seeds.filter((r) => r.generatedAdminPassword)).toHaveLength(1);
      const [counts] = await sources[0].query(
        `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM departments)::int AS departments,
                (SELECT count(*) FROM topics)::int AS topics, (SELECT count(*) FROM calendar_years)::int AS years`,
      );
      // 10 topics: 8, and issue 22's two example forms with attributes.
      expect(counts).toEqual({ users: 1, departments: 4, topics: 10, years: 4 });
      await Promise.all(sources.map((ds) => ds.destroy()));
    } finally {
      await onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
