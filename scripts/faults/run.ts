// npm run test:faults — SPEC §15 reliability, measured with real processes (issue 10):
// two API instances on one database under registration load; one instance killed (SIGKILL) and
// restarted; PostgreSQL restarted. Afterwards every acknowledged (201) appeal exists exactly
// once, numbers are unique and consecutive, and no appeal has two acknowledgements.
// Before that (issue 17): `npm start` on the embedded PostgreSQL, the API killed with SIGKILL
// (its PostgreSQL survives it), `npm start` again. FAULTS_SCENARIO=restart runs only that one.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
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

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // A zombie has exited; only its parent (init, for an orphan) has yet to reap it.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
};
const postmasterPid = (dataDir: string): number | null => {
  const file = path.join(dataDir, 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
};

/** `npm start` as a newcomer runs it: embedded PostgreSQL, no DATABASE_URL, no JWT_SECRET. */
function startStandalone(dir: string, pgPort: number, port: number) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EMBEDDED_PG_DIR: path.join(dir, 'data', 'postgres'),
    EMBEDDED_PG_PORT: String(pgPort),
    PORT: String(port),
    NODE_ENV: 'production',
    BOOTSTRAP_ADMIN_PASSWORD: 'faults-admin-password',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.JWT_SECRET;
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (c: Buffer) => (output += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, exited, output: () => output };
}

/** Ready, or the reason it is not (the process exited, with its output). */
async function readyOrExit(s: ReturnType<typeof startStandalone>, port: number): Promise<void> {
  const exit = s.exited.then((code) => {
    throw new Error(`the API exited with code ${code}:\n${s.output().trim()}`);
  });
  await Promise.race([waitReady(port, 120_000), exit]);
  exit.catch(() => undefined);
}

async function restartAfterApiKill(): Promise<string[]> {
  const problems: string[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'appeals-faults-restart-'));
  chmodSync(dir, 0o755); // as root the server runs as `postgres`, which must reach its data
  const dataDir = path.join(dir, 'data', 'postgres');
  const [pgPort, port] = [await freePort(), await freePort()];
  const api = (p: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${port}${p}`, { signal: AbortSignal.timeout(10_000), ...init });
  let second: ReturnType<typeof startStandalone> | null = null;
  try {
    const first = startStandalone(dir, pgPort, port);
    await readyOrExit(first, port);
    const secretFile = path.join(dir, 'data', 'jwt-secret');
    if (!existsSync(secretFile) || (statSync(secretFile).mode & 0o777) !== 0o600)
      problems.push('no JWT secret file with mode 0600 beside the embedded data');
    const login = (await (
      await api('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'admin', password: 'faults-admin-password' }),
      })
    ).json()) as { accessToken: string };
    const token = login.accessToken;

    first.proc.kill('SIGKILL');
    await first.exited;
    const orphan = postmasterPid(dataDir);
    if (orphan === null || !alive(orphan)) {
      problems.push('premise: PostgreSQL did not outlive the killed API');
    }

    second = startStandalone(dir, pgPort, port);
    try {
      await readyOrExit(second, port);
    } catch (e) {
      problems.push(`npm start after kill -9 failed: ${(e as Error).message}`);
      return problems;
    }
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // The token of the first run still works: the generated secret was kept, not regenerated.
    const me = await api('/api/v1/auth/me', { headers: auth });
    if (me.status !== 200) problems.push(`a token from before the restart got ${me.status}`);
    const key = (await (
      await api('/api/v1/api-keys', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'restart', channels: ['web'] }),
      })
    ).json()) as { key: string };
    const created = await api('/api/v1/appeals', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key.key },
      body: JSON.stringify({
        channel: 'web',
        applicant: { lastName: 'Перезапусков', firstName: 'Тест', email: 'restart@example.ru' },
        accountNumber: 'R-1',
        serviceAddress: 'ул. Перезапуска, д. 1',
        topicCode: 'billing',
        text: 'Обращение после аварийного перезапуска сервиса.',
      }),
    });
    const appeal = (await created.json()) as { id: string };
    const read = await api(`/api/v1/appeals/${appeal.id}`, { headers: auth });
    if (created.status !== 201 || read.status !== 200)
      problems.push(`after the restart: register ${created.status}, read ${read.status}`);

    second.proc.kill('SIGTERM');
    const code = await second.exited;
    second = null;
    if (code !== 0) problems.push(`the restarted API stopped with code ${code}`);
    await sleep(500);
    const left = [orphan, postmasterPid(dataDir)].filter(
      (p): p is number => p !== null && alive(p),
    );
    if (left.length > 0)
      problems.push(
        `PostgreSQL still runs after SIGTERM (pid ${left.join(', ')}; the orphan was ${orphan})`,
      );
    return problems;
  } finally {
    second?.proc.kill('SIGKILL');
    // Whatever the outcome, leave no server behind on the temporary directory.
    const pid = postmasterPid(dataDir);
    if (pid !== null && alive(pid)) {
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log('fault: SIGKILL the API (embedded PostgreSQL), then npm start again');
  const restartProblems = await restartAfterApiKill();
  for (const p of restartProblems) console.error(`FAULT CHECK FAILED: ${p}`);
  if (process.env.FAULTS_SCENARIO === 'restart') {
    console.log(restartProblems.length ? '0 passed, 1 failed' : '1 passed, 0 failed');
    process.exit(restartProblems.length ? 1 : 0);
  }
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
  const failed = problems.length + (restartProblems.length ? 1 : 0);
  if (failed) {
    console.log(`${6 - failed} passed, ${failed} failed`);
    for (const p of problems) console.error(`FAULT CHECK FAILED: ${p}`);
    process.exit(1);
  }
  console.log('6 passed, 0 failed');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
