// Lists the SQL one registration and one read send (diagnostics for issue 10).
import 'reflect-metadata';
import * as argon2 from 'argon2';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { openBenchDb } from '../bench-support';

let log: { sql: string; ms: number }[] | null = null;
const orig = Client.prototype.query as (...a: unknown[]) => unknown;
(Client.prototype as unknown as { query: unknown }).query = function (
  this: Client,
  ...args: unknown[]
) {
  const sql = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
  const t = performance.now();
  const r = orig.apply(this, args);
  if (log && r && typeof (r as Promise<unknown>).then === 'function') {
    const entry = { sql: sql.replace(/\s+/g, ' ').slice(0, 160), ms: 0 };
    log.push(entry);
    void (r as Promise<unknown>).then(
      () => (entry.ms = performance.now() - t),
      () => undefined,
    );
  }
  return r;
};

async function main(): Promise<void> {
  const db = await openBenchDb();
  const hash = await argon2.hash('bench-admin-password');
  await db.ds.query(
    `INSERT INTO users (login, password_hash, full_name, roles) VALUES ('bench-admin', $1, 'Бенчмарк', '{admin}')
     ON CONFLICT (login) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
    [hash],
  );
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'silent',
    SCHEDULER_ENABLED: 'false',
    INTAKE_RATE_LIMIT_PER_MINUTE: '10000000',
  });
  const { app } = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const token = (
    (await (
      await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'bench-admin', password: 'bench-admin-password' }),
      })
    ).json()) as { accessToken: string }
  ).accessToken;
  const key = (
    (await (
      await fetch(`${base}/api/v1/api-keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: 'trace', channels: ['web'] }),
      })
    ).json()) as { key: string }
  ).key;
  const body = (n: number) =>
    JSON.stringify({
      channel: 'web',
      kind: 'complaint',
      applicant: {
        lastName: 'Иванов',
        firstName: 'Пётр',
        email: `trace${Date.now()}.${n}@example.ru`,
      },
      accountNumber: `${900000 + n}`,
      serviceAddress: `г. Тверь, ул. Лесная, д. 1, кв. ${n}`,
      topicCode: 'billing',
      text: 'Третий день ржавая вода из крана, напор слабый. Требую проверить стояк.',
    });
  for (let i = 0; i < 5; i++)
    await fetch(`${base}/api/v1/appeals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: body(i),
    });
  log = [];
  const t = performance.now();
  const r = await fetch(`${base}/api/v1/appeals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: body(99),
  });
  const total = performance.now() - t;
  const created = (await r.json()) as { id: string; status: string; assigneeId: string | null };
  const id = created.id;
  await new Promise((res) => setTimeout(res, 50));
  console.log(
    `POST ${r.status} (${created.status}, assignee ${created.assigneeId ?? 'none'}) ${total.toFixed(1)} ms, ${log.length} queries`,
  );
  for (const q of log) console.log(`${q.ms.toFixed(2).padStart(7)} ms  ${q.sql}`);
  log = [];
  const t2 = performance.now();
  const g = await fetch(`${base}/api/v1/appeals/${id}`, { headers: { 'x-api-key': key } });
  const total2 = performance.now() - t2;
  await new Promise((res) => setTimeout(res, 50));
  console.log(`GET ${g.status} ${total2.toFixed(1)} ms, ${log.length} queries`);
  for (const q of log) console.log(`${q.ms.toFixed(2).padStart(7)} ms  ${q.sql}`);
  log = null;
  await app.close();
  await db.close();
}
main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
