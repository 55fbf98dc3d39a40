import request from 'supertest';
import { createApp } from '../src/app.factory';
import { leaseSize, PgThrottlerStorage } from '../src/common/rate-limit/pg-throttler.storage';
import { loadConfig } from '../src/config/app-config';
import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Rate limits count in PostgreSQL (ADR 0007): every instance on the database sees the same
 * counters, so N instances do not allow N times the limit.
 */
describe('rate limits shared through PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { LOGIN_RATE_LIMIT_PER_MINUTE: '4', INTAKE_RATE_LIMIT_PER_MINUTE: '300' },
    });
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

  it('a concurrent burst under the limit is never refused and leaves the counter at its size', async () => {
    // Issue 17: each concurrent miss took a lease of its own and the last overwrote the others,
    // so 150 hits of a 6,000 limit pushed the counter past 6,000 and refused a third of them.
    const storage = new PgThrottlerStorage(t.db, t.clock);
    const key = `burst-under-${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 150 }, () => storage.increment(key, 60_000, 6000, 60_000, 'intake')),
    );
    expect(results.filter((r) => r.isBlocked)).toHaveLength(0);
    expect(results.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 150 }, (_, i) => i + 1),
    );
    const [row] = await counters(key);
    // Leased beyond use: less than one lease.
    expect(row.hits).toBeGreaterThanOrEqual(150);
    expect(row.hits).toBeLessThan(150 + leaseSize(6000));
    expect(row.blocked_until).toBeNull();
  });

  it('over the limit, concurrent hits on one instance are refused exactly by the excess', async () => {
    const storage = new PgThrottlerStorage(t.db, t.clock);
    const key = `burst-over-${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 1040 }, () => storage.increment(key, 60_000, 1000, 60_000, 'intake')),
    );
    const refused = results.filter((r) => r.isBlocked);
    expect(refused).toHaveLength(40);
    expect(refused.every((r) => r.timeToBlockExpire === 60)).toBe(true);
    expect((await counters(key))[0]).toMatchObject({
      hits: 1001,
      blocked_until: expect.any(String),
    });
  });

  it('intake: 150 concurrent registrations pass a limit of 300; past it, exactly the excess gets 429 with Retry-After', async () => {
    const { key } = await t.createApiKey(['web']);
    t.clock.advance(61_000); // a new window for this client
    const burst = (n: number, body: () => Record<string, unknown>) =>
      Promise.all(
        Array.from({ length: n }, () =>
          t.http.post('/api/v1/appeals').set('X-API-Key', key).send(body()),
        ),
      );
    const registered = await burst(150, () => appealBody('web'));
    expect(registered.filter((r) => r.status !== 201).map((r) => r.status)).toEqual([]);
    // An empty body is counted by the limit and then refused by validation (cheap): 150 of
    // these 200 fit in the 300, 50 are the excess.
    const more = await burst(200, () => ({}));
    const refused = more.filter((r) => r.status === 429);
    expect(refused).toHaveLength(50);
    expect(more.filter((r) => r.status !== 429).every((r) => r.status === 422)).toBe(true);
    for (const r of refused) {
      expect(r.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(r.headers['retry-after']).toBe('60');
    }
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
    // Refused early by at most what the other instance still held of its lease (less than one).
    expect(allowed).toBeGreaterThanOrEqual(1000 - (leaseSize(1000) - 1));
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
      // The standard header too (RFC 9110 §10.2.3), which clients and proxies understand.
      expect(refused.headers['retry-after']).toBe('60');
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

/**
 * Issue 17: login was limited per address only, so password guesses spread over many addresses
 * were never stopped. Failures now count per login in PostgreSQL, whatever the address.
 */
describe('login throttled per account, whatever the address', () => {
  let t: TestApp;
  let address = 0;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        TRUST_PROXY: 'true',
        // Per address: 3 a minute. Every attempt below comes from a new address, so only the
        // per-account limit can stop them.
        LOGIN_RATE_LIMIT_PER_MINUTE: '3',
        LOGIN_ACCOUNT_MAX_FAILURES: '5',
        LOGIN_ACCOUNT_LOCK_SECONDS: '60',
        LOGIN_ACCOUNT_MAX_LOCK_SECONDS: '600',
      },
    });
  });
  afterAll(() => t.close());

  const attempt = (login: string, password: string) =>
    t.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', `198.51.100.${(++address % 250) + 1}, 10.0.0.1`)
      .send({ login, password });
  /** A staff user created by the admin (no login of its own), and its password. */
  const staff = async (login: string): Promise<string> => {
    const password = `pw-${login}-0123456789`;
    await t.http
      .post('/api/v1/users')
      .auth(t.adminToken, { type: 'bearer' })
      .send({ login, password, fullName: `Сотрудник ${login}`, roles: ['admin'] })
      .expect(201);
    return password;
  };
  const failures = async (login: string, n: number) => {
    for (let i = 0; i < n; i++) {
      const res = await attempt(login, `wrong-${i}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
  };
  const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

  it('locks a login after repeated failures from different addresses; an unknown login answers the same', async () => {
    const password = await staff('victim');
    await failures('victim', 5);
    await failures('nobody-by-this-name', 5);
    // Locked: even the right password is refused, without being checked.
    const known = await attempt('victim', password);
    const unknown = await attempt('nobody-by-this-name', password);
    for (const res of [known, unknown]) {
      expect(res.status).toBe(429);
      expect(res.body).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 60 });
      expect(res.headers['retry-after']).toBe('60');
    }
    expect(withoutRequestId(known.body)).toEqual(withoutRequestId(unknown.body));
    expect(
      await t.db.query(
        "SELECT key FROM rate_limit_counters WHERE key LIKE 'login-account:%' ORDER BY key",
      ),
    ).toEqual([{ key: 'login-account:nobody-by-this-name' }, { key: 'login-account:victim' }]);

    t.clock.advance(59_000);
    const still = await attempt('victim', password);
    expect(still.status).toBe(429);
    expect(still.headers['retry-after']).toBe('1');
    t.clock.advance(1_000);
    expect((await attempt('victim', password)).status).toBe(200);
    // A success forgets the failures: five more are needed for the next lock.
    await failures('victim', 5);
    expect((await attempt('victim', password)).status).toBe(429);
  });

  it('the letter case of the login and concurrent guesses do not get past the lock', async () => {
    const password = await staff('target');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt(i % 2 ? 'TARGET' : 'Target', `guess-${i}`)),
    );
    // Each attempt is counted before its password is checked: only five are checked at all.
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(15);
    expect((await attempt('target', password)).status).toBe(429);
  });

  it('each further series of failures locks twice as long, up to the maximum', async () => {
    const password = await staff('repeat');
    const locks: string[] = [];
    for (let series = 0; series < 5; series++) {
      await failures('repeat', 5);
      const refused = await attempt('REPEAT', password);
      expect(refused.status).toBe(429);
      locks.push(refused.headers['retry-after']);
      t.clock.advance(Number(refused.headers['retry-after']) * 1000);
    }
    expect(locks).toEqual(['60', '120', '240', '480', '600']);
    expect((await attempt('repeat', password)).status).toBe(200);
  });

  it('answers a locked login the same whether or not the account exists', async () => {
    // Neither is checked against a password while locked (both skip argon2 alike), and the
    // answers carry nothing that tells them apart. Timing is not asserted here: speed belongs
    // to benchmarks, not to tests.
    const password = await staff('timing');
    await failures('timing', 5);
    await failures('timing-ghost', 5);
    const known = await attempt('timing', password);
    const unknown = await attempt('timing-ghost', password);
    expect(known.status).toBe(429);
    expect(unknown.status).toBe(429);
    expect(known.headers['retry-after']).toBe(unknown.headers['retry-after']);
    const strip = (b: Record<string, unknown>) => ({
      ...b,
      instance: undefined,
      requestId: undefined,
    });
    expect(strip(known.body as Record<string, unknown>)).toEqual(
      strip(unknown.body as Record<string, unknown>),
    );
  });

  it('LOGIN_ACCOUNT_* settings are validated', () => {
    const base = { NODE_ENV: 'test', DATABASE_URL: 'postgres://x@localhost/db' };
    expect(loadConfig(base).login).toEqual({
      rateLimitPerMinute: 10,
      accountMaxFailures: 5,
      accountLockSeconds: 60,
      accountMaxLockSeconds: 3600,
    });
    expect(() => loadConfig({ ...base, LOGIN_ACCOUNT_MAX_FAILURES: '0' })).toThrow(
      /LOGIN_ACCOUNT_MAX_FAILURES/,
    );
    expect(() =>
      loadConfig({
        ...base,
        LOGIN_ACCOUNT_LOCK_SECONDS: '600',
        LOGIN_ACCOUNT_MAX_LOCK_SECONDS: '60',
      }),
    ).toThrow(/LOGIN_ACCOUNT_MAX_LOCK_SECONDS/);
  });
});
