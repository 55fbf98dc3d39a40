import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.options';
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
      'request',
      'statement',
    ]);
    expect(years.map((y) => y.year)).toEqual([2024, 2025, 2026, 2027]);
  });
});
