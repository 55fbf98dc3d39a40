import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { FixedClock } from '../../src/common/time/clock';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import type { Role } from '../../src/common/auth/roles';
import type { Channel } from '../../src/appeals/appeal.enums';
import { TEST_ENV, databaseUrl, onServer } from '../setup/test-db';
import { TEST_ADMIN_PASSWORD } from './test-config';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  db: DataSource;
  config: AppConfig;
  clock: FixedClock;
  /** A bearer token of the bootstrap admin. */
  adminToken: string;
  login(login: string, password: string): Promise<string>;
  /** Creates a staff user through the API and returns its id and a token. */
  createStaff(
    roles: Role[],
    extra?: { departmentId?: string; login?: string },
  ): Promise<{ id: string; token: string }>;
  createApiKey(channels: Channel[]): Promise<{ id: string; key: string }>;
  departmentId(code: string): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * An application on a database of its own, cloned from the migrated and seeded template.
 * The clock stands still at `now` until the test moves it.
 */
export async function startTestApp(
  opts: { now?: string; env?: Record<string, string>; logStream?: DestinationStream } = {},
): Promise<TestApp> {
  const serverUrl = process.env[TEST_ENV.serverUrl];
  const template = process.env[TEST_ENV.templateDb];
  if (!serverUrl || !template) throw new Error('Run e2e tests through jest (global setup missing)');
  const dbName = `appeals_test_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE "${dbName}" TEMPLATE "${template}"`);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(serverUrl, dbName),
    BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    INTAKE_RATE_LIMIT_PER_MINUTE: '1000000',
    ...opts.env,
  });
  const clock = new FixedClock(new Date(opts.now ?? '2026-04-10T09:00:00+03:00'));
  const { app } = await createApp(config, { clock, logStream: opts.logStream });
  const http = request(app.getHttpServer());
  const db = app.get(DataSource);

  const login = async (name: string, password: string): Promise<string> => {
    const res = await http.post('/api/v1/auth/login').send({ login: name, password });
    if (res.status !== 200)
      throw new Error(`login ${name} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { accessToken: string }).accessToken;
  };
  const adminToken = await login('admin', TEST_ADMIN_PASSWORD);
  let users = 0;

  const t: TestApp = {
    app,
    http,
    db,
    config,
    clock,
    adminToken,
    login,
    async createStaff(roles, extra = {}) {
      const name = extra.login ?? `${roles.join('-')}-${++users}`;
      const password = `pw-${name}-0123456789`;
      const res = await http
        .post('/api/v1/users')
        .auth(adminToken, { type: 'bearer' })
        .send({
          login: name,
          password,
          fullName: `Сотрудник ${name}`,
          roles,
          departmentId: extra.departmentId,
        });
      if (res.status !== 201)
        throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: (res.body as { id: string }).id, token: await login(name, password) };
    },
    async createApiKey(channels) {
      const res = await http
        .post('/api/v1/api-keys')
        .auth(adminToken, { type: 'bearer' })
        .send({ name: `client ${channels.join(',')}`, channels });
      if (res.status !== 201) throw new Error(`create key failed: ${res.status}`);
      return res.body as { id: string; key: string };
    },
    async departmentId(code) {
      const rows: { id: string }[] = await db.query('SELECT id FROM departments WHERE code = $1', [
        code,
      ]);
      if (!rows[0]) throw new Error(`no department ${code}`);
      return rows[0].id;
    },
    async close() {
      await app.close();
      await onServer(serverUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    },
  };
  return t;
}
