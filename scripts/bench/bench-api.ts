// The application as the benchmarks drive it: production settings, a bench admin, ten officers
// and a head in every department (so every registration is routed, with its notices), an API key.
import * as argon2 from 'argon2';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import type { BenchDb } from '../bench-support';

export interface BenchApi {
  app: INestApplication;
  base: string;
  apiKey: string;
}

/** The application with production settings, silent logs and no scheduler, on a free port. */
export async function listenBenchApp(
  db: BenchDb,
  env: Record<string, string> = {},
): Promise<{ app: INestApplication; base: string }> {
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'silent',
    SCHEDULER_ENABLED: 'false',
    ...env,
  });
  const { app } = await createApp(config);
  await app.listen(0, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

export async function startBenchApi(db: BenchDb, keyName: string): Promise<BenchApi> {
  const hash = await argon2.hash('bench-admin-password');
  await db.ds.query(
    `INSERT INTO users (login, password_hash, full_name, roles) VALUES ('bench-admin', $1, 'Бенчмарк', '{admin}')
     ON CONFLICT (login) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
    [hash],
  );
  await db.ds.query(
    `INSERT INTO users (login, password_hash, full_name, roles, department_id, email)
     SELECT 'bench-' || d.code || '-' || k, $1, 'Исполнитель ' || k,
            CASE WHEN k = 10 THEN '{head}'::text[] ELSE '{officer}'::text[] END, d.id,
            'bench-' || d.code || '-' || k || '@staff.example.ru'
       FROM departments d CROSS JOIN generate_series(0, 10) k
     ON CONFLICT (login) DO NOTHING`,
    [hash],
  );
  const { app, base } = await listenBenchApp(db, { INTAKE_RATE_LIMIT_PER_MINUTE: '10000000' });
  const post = async <T>(path: string, body: object, headers: Record<string, string> = {}) =>
    (await (
      await fetch(`${base}/api/v1/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })
    ).json()) as T;
  const { accessToken } = await post<{ accessToken: string }>('auth/login', {
    login: 'bench-admin',
    password: 'bench-admin-password',
  });
  const { key } = await post<{ key: string }>(
    'api-keys',
    { name: keyName, channels: ['web'] },
    { authorization: `Bearer ${accessToken}` },
  );
  return { app, base, apiKey: key };
}
