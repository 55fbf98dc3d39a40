import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';
import type { Role } from '../src/common/auth/roles';
import { jwtSecretOf } from '../src/config/app-config';
import { FORMER_PUBLIC_JWT_SECRET } from './support/test-config';

describe('authentication and roles', () => {
  let t: TestApp;
  const tokens: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const dept = await t.departmentId('billing');
    for (const role of ['supervisor', 'head', 'officer', 'clerk'] as Role[]) {
      tokens[role] = (await t.createStaff([role], { departmentId: dept })).token;
    }
    tokens.admin = t.adminToken;
  });
  afterAll(() => t.close());

  describe('login', () => {
    it('returns a bearer token and the user', async () => {
      const res = await t.http
        .post('/api/v1/auth/login')
        .send({ login: 'ADMIN', password: 'admin-test-password' })
        .expect(200);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 8 * 3600 });
      expect(res.body.user).toMatchObject({ login: 'admin', roles: ['admin'] });
      expect(res.body.user.passwordHash).toBeUndefined();
    });

    it('refuses a wrong password with 401 INVALID_CREDENTIALS', async () => {
      const res = await t.http
        .post('/api/v1/auth/login')
        .send({ login: 'admin', password: 'nope' })
        .expect(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    });

    it('refuses an unknown login the same way', async () => {
      const res = await t.http
        .post('/api/v1/auth/login')
        .send({ login: 'ghost', password: 'x' })
        .expect(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    });

    it('stores passwords as argon2 hashes', async () => {
      const [row] = await t.db.query("SELECT password_hash FROM users WHERE login = 'admin'");
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('GET /auth/me returns the current user', async () => {
      const res = await t.http
        .get('/api/v1/auth/me')
        .auth(tokens.clerk!, { type: 'bearer' })
        .expect(200);
      expect(res.body.roles).toEqual(['clerk']);
    });

    it('rejects a request without credentials with 401 UNAUTHENTICATED', async () => {
      const res = await t.http.get('/api/v1/appeals').expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('rejects a forged token', async () => {
      await t.http.get('/api/v1/auth/me').auth(`${tokens.clerk!}x`, { type: 'bearer' }).expect(401);
    });

    // Issue 17: the built-in development secret was public, so a token for the admin could be
    // forged offline; and a token without `exp` never expired.
    it("refuses a token for the admin's id signed with the former public development secret", async () => {
      const [admin] = await t.db.query("SELECT id FROM users WHERE login = 'admin'");
      const forged = new JwtService().sign(
        { sub: admin.id },
        { secret: FORMER_PUBLIC_JWT_SECRET, algorithm: 'HS256', expiresIn: 3600 },
      );
      const res = await t.http.get('/api/v1/auth/me').auth(forged, { type: 'bearer' }).expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a token without an expiry, even one signed with the right secret', async () => {
      const [admin] = await t.db.query("SELECT id FROM users WHERE login = 'admin'");
      const endless = new JwtService().sign(
        { sub: admin.id },
        { secret: jwtSecretOf(t.config), algorithm: 'HS256' },
      );
      expect(
        JSON.parse(Buffer.from(endless.split('.')[1], 'base64url').toString()),
      ).not.toHaveProperty('exp');
      await t.http.get('/api/v1/auth/me').auth(endless, { type: 'bearer' }).expect(401);
    });

    it('locks out a deactivated user at once, even with a valid token', async () => {
      const u = await t.createStaff(['officer']);
      await t.http.get('/api/v1/auth/me').auth(u.token, { type: 'bearer' }).expect(200);
      await t.http
        .patch(`/api/v1/users/${u.id}`)
        .auth(t.adminToken, { type: 'bearer' })
        .send({ active: false })
        .expect(200);
      await t.http.get('/api/v1/auth/me').auth(u.token, { type: 'bearer' }).expect(401);
    });
  });

  describe('role checks on every route', () => {
    const uuid = '00000000-0000-4000-8000-000000000000';
    // [method, path, roles allowed, body]
    const matrix: [string, string, Role[], object?][] = [
      ['post', '/api/v1/users', ['admin'], {}],
      ['get', '/api/v1/users', ['admin']],
      ['patch', `/api/v1/users/${uuid}`, ['admin'], {}],
      ['post', '/api/v1/api-keys', ['admin'], {}],
      ['get', '/api/v1/api-keys', ['admin']],
      ['delete', `/api/v1/api-keys/${uuid}`, ['admin']],
      ['post', '/api/v1/departments', ['admin'], {}],
      ['get', '/api/v1/departments', ['admin', 'supervisor', 'head', 'officer', 'clerk']],
      ['post', '/api/v1/topics', ['admin'], {}],
      ['get', '/api/v1/topics', ['admin', 'supervisor', 'head', 'officer', 'clerk']],
      ['get', '/api/v1/sla-policies', ['admin', 'supervisor', 'head', 'officer', 'clerk']],
      ['put', '/api/v1/sla-policies/claim', ['admin'], {}],
      ['put', '/api/v1/sla-policies/topics/outage', ['admin'], {}],
      ['delete', '/api/v1/sla-policies/topics/no-such-topic', ['admin']],
      ['post', '/api/v1/calendar/import', ['admin']],
      ['post', '/api/v1/calendar/regions/RU-TA/import', ['admin']],
      ['post', '/api/v1/appeals', ['clerk'], appealBody('post')],
      ['post', '/api/v1/appeals/import', ['admin'], {}],
      ['get', '/api/v1/appeals', ['admin', 'supervisor', 'head', 'officer', 'clerk']],
    ];
    const allRoles: Role[] = ['admin', 'supervisor', 'head', 'officer', 'clerk'];

    for (const [method, path, allowed, body] of matrix) {
      for (const role of allRoles) {
        const expectAllowed = allowed.includes(role);
        it(`${method.toUpperCase()} ${path} as ${role} → ${expectAllowed ? 'not 403' : '403'}`, async () => {
          const req = (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)
            [method](path)
            .auth(tokens[role]!, { type: 'bearer' });
          const res = await (body ? req.send(body) : req);
          if (expectAllowed) {
            expect(res.status).not.toBe(403);
            expect(res.status).not.toBe(401);
          } else {
            expect(res.status).toBe(403);
            // A head may register on channel `reception` only (the card's written appeal,
            // 59-ФЗ ст. 13 ч. 3): on `post` the channel check refuses, not the role check.
            const channelRefusal =
              method === 'post' && path === '/api/v1/appeals' && role === 'head';
            expect(res.body.code).toBe(channelRefusal ? 'CHANNEL_NOT_ALLOWED' : 'FORBIDDEN');
          }
        });
      }
    }
  });

  describe('API keys', () => {
    it('is shown once, stored hashed, and lets a client register on its channels only', async () => {
      const created = await t.http
        .post('/api/v1/api-keys')
        .auth(t.adminToken, { type: 'bearer' })
        .send({ name: 'Сайт', channels: ['web'] })
        .expect(201);
      const key: string = created.body.key;
      expect(key).toMatch(/^ad_/);
      const [row] = await t.db.query('SELECT key_hash FROM api_keys WHERE id = $1', [
        created.body.id,
      ]);
      expect(row.key_hash).not.toContain(key);
      const list = await t.http
        .get('/api/v1/api-keys')
        .auth(t.adminToken, { type: 'bearer' })
        .expect(200);
      expect(JSON.stringify(list.body)).not.toContain(key);

      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web'))
        .expect(201);
      const denied = await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('email'))
        .expect(403);
      expect(denied.body.code).toBe('CHANNEL_NOT_ALLOWED');
    });

    it('may not call staff routes', async () => {
      const { key } = await t.createApiKey(['web']);
      const res = await t.http.get('/api/v1/appeals').set('X-API-Key', key).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      await t.http.get('/api/v1/users').set('X-API-Key', key).expect(403);
    });

    it('stops working once revoked', async () => {
      const { id, key } = await t.createApiKey(['web']);
      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web'))
        .expect(201);
      await t.http
        .delete(`/api/v1/api-keys/${id}`)
        .auth(t.adminToken, { type: 'bearer' })
        .expect(204);
      const res = await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web'))
        .expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('honours a revocation made on another instance within API_KEY_CACHE_SECONDS (5 s)', async () => {
      const { id, key } = await t.createApiKey(['web']);
      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web'))
        .expect(201);
      // Another instance revokes: this one's cache still trusts the key for up to 5 seconds…
      await t.db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [id]);
      t.clock.advance(4_000);
      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web'))
        .expect(201);
      // …and asks PostgreSQL again once they have passed.
      t.clock.advance(1_500);
      const res = await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web'))
        .expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('rejects an unknown key', async () => {
      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', 'ad_nothing_here')
        .send(appealBody('web'))
        .expect(401);
    });

    it('rejects an empty key with the same problem as a missing one', async () => {
      const res = await t.http
        .get(`/api/v1/appeals/${randomUUID()}`)
        .set('X-API-Key', '')
        .expect(401)
        .expect('content-type', /application\/problem\+json/);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(res.body.detail).toMatch(/X-API-Key/);
    });

    it('with a bearer token as well, authenticates the staff user (passport, JWT first)', async () => {
      const { key } = await t.createApiKey(['web']);
      // A client may not list appeals; the admin may: the token decides.
      await t.http
        .get('/api/v1/appeals')
        .set('X-API-Key', key)
        .auth(t.adminToken, { type: 'bearer' })
        .expect(200);
    });

    it('lets a clerk register only post, office and email appeals', async () => {
      for (const ch of ['post', 'office', 'email'] as const) {
        await t.http
          .post('/api/v1/appeals')
          .auth(tokens.clerk!, { type: 'bearer' })
          .send(appealBody(ch))
          .expect(201);
      }
      for (const ch of ['web', 'personal_account', 'gis_zhkh'] as const) {
        const res = await t.http
          .post('/api/v1/appeals')
          .auth(tokens.clerk!, { type: 'bearer' })
          .send(appealBody(ch))
          .expect(403);
        expect(res.body.code).toBe('CHANNEL_NOT_ALLOWED');
      }
    });
  });

  describe('users', () => {
    it('rejects a duplicate login with 409 LOGIN_TAKEN', async () => {
      const body = {
        login: 'twin',
        password: 'twin-password-1',
        fullName: 'Близнец',
        roles: ['officer'],
      };
      await t.http
        .post('/api/v1/users')
        .auth(t.adminToken, { type: 'bearer' })
        .send(body)
        .expect(201);
      const res = await t.http
        .post('/api/v1/users')
        .auth(t.adminToken, { type: 'bearer' })
        .send({ ...body, login: 'TWIN' })
        .expect(409);
      expect(res.body.code).toBe('LOGIN_TAKEN');
    });

    it('writes admin changes to the audit log', async () => {
      const res = await t.http
        .post('/api/v1/users')
        .auth(t.adminToken, { type: 'bearer' })
        .send({
          login: 'audited',
          password: 'audited-password',
          fullName: 'Проверка',
          roles: ['officer'],
        })
        .expect(201);
      const rows = await t.db.query(
        'SELECT action, entity_type FROM audit_events WHERE entity_id = $1',
        [res.body.id],
      );
      expect(rows).toEqual([{ action: 'users.create', entity_type: 'users' }]);
    });

    it('lists every failing field at once with Russian messages', async () => {
      const res = await t.http
        .post('/api/v1/users')
        .auth(t.adminToken, { type: 'bearer' })
        .send({ login: 'x', password: 'short', roles: ['king'], extra: 1 })
        .expect(422);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining(['login', 'password', 'fullName', 'roles', 'extra']),
      );
      expect(res.body.errors.find((e: { field: string }) => e.field === 'extra').code).toBe(
        'UNKNOWN_FIELD',
      );
      for (const e of res.body.errors) expect(e.message).toMatch(/[а-яё]/i);
    });
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 RATE_LIMITED after the configured number of attempts a minute', async () => {
    // startTestApp already logged the admin in once.
    for (let i = 0; i < 2; i++)
      await t.http.post('/api/v1/auth/login').send({ login: 'admin', password: 'bad' }).expect(401);
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ login: 'admin', password: 'bad' })
      .expect(429);
    expect(res.body.code).toBe('RATE_LIMITED');
  });
});
