// npm run test:faults — SPEC §15 reliability, measured with real processes (issue 10):
// two API instances on one database under registration load; one instance killed (SIGKILL) and
// restarted; PostgreSQL restarted. Afterwards every acknowledged (201) appeal exists exactly
// once, numbers are unique and consecutive, and no appeal has two acknowledgements.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../../src/database/embedded-postgres';

const ROOT = path.resolve(__dirname, '..', '..');
const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

interface Instance {
  port: number;
  proc: ChildProcess;
}

function startInstance(url: string, port: number): Instance {
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      NODE_ENV: 'production',
      JWT_SECRET: 'faults-secret-faults-secret-faults-secret-01',
      BOOTSTRAP_ADMIN_PASSWORD: 'faults-admin-password',
      LOG_LEVEL: 'error',
      SCHEDULER_ENABLED: 'true',
      INTAKE_RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { port, proc };
}

async function waitReady(port: number, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`instance on ${port} not ready`);
}

async function main(): Promise<void> {
  const seconds = Number(process.env.FAULTS_SECONDS ?? 20);
  const dir = mkdtempSync(path.join(tmpdir(), 'appeals-faults-'));
  chmodSync(dir, 0o755);
  let pg: EmbeddedPostgresHandle | null = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    port: await freePort(),
    database: 'appeals_faults',
    persistent: true,
  });
  const url = pg.url;
  const a = startInstance(url, await freePort());
  await waitReady(a.port);
  let b = startInstance(url, await freePort());
  await waitReady(b.port);
  const instances = () => [a, b];

  const login = await (
    await fetch(`http://127.0.0.1:${a.port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: 'faults-admin-password' }),
    })
  ).json();
  const token = (login as { accessToken: string }).accessToken;
  const key = (
    (await (
      await fetch(`http://127.0.0.1:${a.port}/api/v1/api-keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: 'faults', channels: ['web'] }),
      })
    ).json()) as { key: string }
  ).key;

  const acknowledged = new Map<string, string>(); // id → number
  let attempts = 0;
  let failures = 0;
  let n = 0;
  const until = Date.now() + seconds * 1000;
  const worker = async (w: number): Promise<void> => {
    while (Date.now() < until) {
      const target = instances()[w % 2];
      const i = ++n;
      attempts++;
      try {
        const res = await fetch(`http://127.0.0.1:${target.port}/api/v1/appeals`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-api-key': key,
            'idempotency-key': `f-${i}`,
          },
          body: JSON.stringify({
            channel: 'web',
            applicant: { lastName: 'Нагрузкин', firstName: 'Тест', email: `load${i}@example.ru` },
            accountNumber: `L-${i}`,
            serviceAddress: `ул. Нагрузочная, д. ${i}`,
            topicCode: 'billing',
            text: `Обращение под нагрузкой номер ${i}: проверка надёжности.`,
          }),
          signal: AbortSignal.timeout(10_000),
        });
        if (res.status === 201) {
          const body = (await res.json()) as { id: string; regNumber: string };
          acknowledged.set(body.id, body.regNumber);
        } else {
          failures++;
          await res.arrayBuffer();
        }
      } catch {
        failures++; // connection refused / reset while a process or the database is down
        await sleep(100);
      }
    }
  };
  const load = Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));

  // Faults, one after another, while the load runs.
  await sleep((seconds * 1000) / 4);
  console.log('fault: SIGKILL instance B, then restart it');
  b.proc.kill('SIGKILL');
  await sleep(1000);
  b = startInstance(url, b.port);
  await waitReady(b.port);
  await sleep((seconds * 1000) / 4);
  console.log('fault: restart PostgreSQL');
  await pg.stop();
  await sleep(1000);
  pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    port: Number(new URL(url).port),
    database: 'appeals_faults',
    persistent: true,
  });
  await load;
  await sleep(2000);

  const db = new Client({ connectionString: url });
  await db.connect();
  const rows = (
    await db.query<{ id: string; reg_number: string; reg_seq: number }>(
      "SELECT id, reg_number, reg_seq FROM appeals WHERE applicant_last_name = 'Нагрузкин'",
    )
  ).rows;
  const acks = (
    await db.query<{ appeal_id: string; n: number }>(
      "SELECT appeal_id, count(*)::int AS n FROM notifications WHERE kind = 'acknowledgement' GROUP BY appeal_id HAVING count(*) > 1",
    )
  ).rows;
  const [{ max, count }] = (
    await db.query<{ max: number; count: number }>(
      'SELECT max(reg_seq)::int AS max, count(*)::int AS count FROM appeals',
    )
  ).rows;
  await db.end();

  const stored = new Map(rows.map((r) => [r.id, r.reg_number]));
  const lost = [...acknowledged.keys()].filter((id) => !stored.has(id));
  const wrongNumber = [...acknowledged].filter(([id, num]) => stored.get(id) !== num);
  const numbers = new Set(rows.map((r) => r.reg_number));
  const problems: string[] = [];
  if (lost.length) problems.push(`${lost.length} acknowledged appeals are missing`);
  if (wrongNumber.length)
    problems.push(`${wrongNumber.length} appeals have another number than acknowledged`);
  if (numbers.size !== rows.length) problems.push('registration numbers repeat');
  if (max !== count) problems.push(`numbers are not consecutive: max seq ${max}, ${count} appeals`);
  if (acks.length) problems.push(`${acks.length} appeals have more than one acknowledgement`);

  console.log(
    `requests ${attempts}, acknowledged ${acknowledged.size}, refused or failed during faults ${failures}, stored ${rows.length}, max seq ${max}`,
  );
  for (const i of instances()) i.proc.kill('SIGTERM');
  await sleep(1500);
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
  if (problems.length) {
    console.log(`0 passed, ${problems.length} failed`);
    for (const p of problems) console.error(`FAULT CHECK FAILED: ${p}`);
    process.exit(1);
  }
  console.log('5 passed, 0 failed');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
