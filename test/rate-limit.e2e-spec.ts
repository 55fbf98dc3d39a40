import request from 'supertest';
import { createApp } from '../src/app.factory';
import { leaseSize, PgThrottlerStorage } from '../src/common/rate-limit/pg-throttler.storage';
import { loadConfig } from '../src/config/app-config';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Rate limits count in PostgreSQL (ADR 0007): every instance on the database sees the same
 * counters, so N instances do not allow N times the limit.
 */
describe('rate limits shared through PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '4' } });
  });
  afterAll(() => t.close());

  const counters = async (key: string) =>
    t.db.query<{ hits: number; window_ends: string; blocked_until: string | null }[]>(
      'SELECT hits, window_ends::text, blocked_until::text FROM rate_limit_counters WHERE key = $1',
      [key],
    );

  it('counts a window, blocks past the limit, ignores hits while blocked, then starts afresh', async () => {
    const storage = new PgThrottlerStorage(t.db, t.clock);
    const key = `test-${Date.now()}`;
    const hit = () => storage.increment(key, 60_000, 3, 30_000, 'intake');
    expect(await hit()).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    t.clock.advance(10_000);
    expect(await hit()).toMatchObject({ totalHits: 2, timeToExpire: 50, isBlocked: false });
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: false });
    // The fourth hit is over the limit: blocked for blockDuration from now.
    expect(await hit()).toEqual({
      totalHits: 4,
      timeToExpire: 50,
      isBlocked: true,
      timeToBlockExpire: 30,
    });
    t.clock.advance(20_000);
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 10 });
    expect((await counters(key))[0].hits).toBe(4);
    // The block ends: the next hit opens a new window, whatever the old one had left.
    t.clock.advance(10_000);
    expect(await hit()).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    // A window that ran out without a block starts again at one.
    await hit();
    t.clock.advance(60_000);
    expect(await hit()).toMatchObject({ totalHits: 1, timeToExpire: 60, isBlocked: false });
  });

  it('counts concurrent hits exactly once each', async () => {
    const storage = new PgThrottlerStorage(t.db, t.clock);
    const key = `burst-${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 40 }, () => storage.increment(key, 60_000, 25, 60_000, 'intake')),
    );
    const allowed = results.filter((r) => !r.isBlocked).length;
    expect(allowed).toBe(25);
    expect(results.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual(
      // 25 counted hits, the 26th blocks the key and the 14 after it are not counted.
      [...Array.from({ length: 26 }, (_, i) => i + 1), ...Array(14).fill(26)].sort((a, b) => a - b),
    );
  });

  it('instances lease hits in blocks and never let through more than the limit together', async () => {
    expect([leaseSize(10), leaseSize(1000), leaseSize(6000), leaseSize(10_000_000)]).toEqual([
      1, 10, 60, 1000,
    ]);
    const a = new PgThrottlerStorage(t.db, t.clock);
    const b = new PgThrottlerStorage(t.db, t.clock);
    const key = `lease-${Date.now()}`;
    const hit = (s: PgThrottlerStorage) => s.increment(key, 60_000, 1000, 60_000, 'intake');
    for (let i = 0; i < 15; i++) await hit(a);
    for (let i = 0; i < 5; i++) await hit(b);
    // A took two leases of 10, B one: the table counts what was leased, not what was used.
    expect((await counters(key))[0].hits).toBe(30);
    let allowed = 20;
    let refusedAt = -1;
    for (let i = 0; i < 1100; i++) {
      const r = await hit(i % 3 === 0 ? b : a);
      if (!r.isBlocked) allowed++;
      else if (refusedAt < 0) refusedAt = i;
    }
    expect(allowed).toBeLessThanOrEqual(1000);
    // Refused early by at most what the other instance still held of its lease.
    expect(allowed).toBeGreaterThanOrEqual(1000 - leaseSize(1000));
    expect((await counters(key))[0]).toMatchObject({
      hits: 1001,
      blocked_until: expect.any(String),
    });
    // The block holds on both instances, with or without asking PostgreSQL.
    expect((await hit(a)).isBlocked).toBe(true);
    expect((await hit(b)).isBlocked).toBe(true);
    expect(refusedAt).toBeGreaterThan(0);
  });

  it('removes counters whose window and block ended over an hour ago', async () => {
    const storage = new PgThrottlerStorage(t.db, t.clock);
    const old = `old-${Date.now()}`;
    await storage.increment(old, 1_000, 10, 1_000, 'login');
    t.clock.advance(2 * 3_600_000);
    // The first increment of this storage sweeps (it has never swept); the sweep runs behind it.
    const fresh = new PgThrottlerStorage(t.db, t.clock);
    await fresh.increment(`new-${Date.now()}`, 60_000, 10, 60_000, 'login');
    for (let i = 0; i < 50 && (await counters(old)).length > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await counters(old)).toEqual([]);
  });

  it('two instances on one database share the login limit', async () => {
    const second = await createApp(t.config, { clock: t.clock });
    try {
      const other = request(second.app.getHttpServer());
      // A new window for this client: 4 attempts in all, whichever instance they reach.
      t.clock.advance(61_000);
      const attempt = (http: typeof other) =>
        http.post('/api/v1/auth/login').send({ login: 'admin', password: 'неверный' });
      expect((await attempt(t.http)).status).toBe(401);
      expect((await attempt(other)).status).toBe(401);
      expect((await attempt(other)).status).toBe(401);
      expect((await attempt(t.http)).status).toBe(401);
      const refused = await attempt(t.http);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(refused.headers['retry-after-login']).toBe('60');
      expect((await attempt(other)).status).toBe(429);
    } finally {
      await second.app.close();
    }
  });

  it('RATE_LIMIT_STORE is postgres or memory, and nothing else', () => {
    const base = { NODE_ENV: 'test', DATABASE_URL: 'postgres://x@localhost/db' };
    expect(loadConfig(base).rateLimitStore).toBe('postgres');
    expect(loadConfig({ ...base, RATE_LIMIT_STORE: 'memory' }).rateLimitStore).toBe('memory');
    expect(() => loadConfig({ ...base, RATE_LIMIT_STORE: 'redis' })).toThrow(/RATE_LIMIT_STORE/);
  });
});
