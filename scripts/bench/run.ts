// npm run bench: the app against the minimal stack and the raw database ceiling (SPEC §15).
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { argNumber, machine, openBenchDb } from '../bench-support';
import { startBenchApi } from './bench-api';
import { body } from './bodies';
import type { LoadResult, LoadSpec } from './load';
import { Semaphore } from '../../src/common/semaphore';
import { createMinimalApp } from './minimal-app';
import { captureNamedStatements, freshen, referenceIds, type CapturedStatement } from './replay';

/**
 * All cores' jiffies from /proc/stat: whether the machine, not only this process, was busy, and
 * how much of the time the hypervisor gave the virtual cores to someone else (steal).
 */
function machineCpu(): { idle: number; steal: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  return { idle: v[3] + (v[4] ?? 0), steal: v[7] ?? 0, total: v.reduce((a, b) => a + b, 0) };
}

const TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/<pid>/stat on Linux

/**
 * CPU milliseconds used so far by every PostgreSQL process on this host (backends, WAL writer,
 * checkpointer…), those that have ended included (they count in their parent's cutime/cstime):
 * the database shares the two cores with the API. 0 where /proc is not readable or the server
 * runs elsewhere.
 */
function postgresCpuMs(): number {
  let ticks = 0;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const f = stat.slice(close + 2).split(' ');
      // utime, stime, cutime, cstime: fields 14–17 of proc(5)
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

async function main(): Promise<void> {
  const seconds = argNumber('seconds', 15);
  const connections = argNumber('connections', 50);
  const db = await openBenchDb();
  const { app, base, apiKey } = await startBenchApi(db, 'bench');

  const minimal = await createMinimalApp(db.url);
  await minimal.listen(0, '127.0.0.1');
  const minimalBase = `http://127.0.0.1:${(minimal.getHttpServer().address() as AddressInfo).port}`;

  // Where the time goes: the process's CPU share and its event loop's delay during each run.
  const observe = async (run: () => Promise<LoadResult>) => {
    const h = monitorEventLoopDelay({ resolution: 1 });
    const machine0 = machineCpu();
    const pg0 = postgresCpuMs();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    h.enable();
    const r = await run();
    h.disable();
    const cpu = process.cpuUsage(cpu0);
    const pgMs = postgresCpuMs() - pg0;
    const machine1 = machineCpu();
    const elapsed = performance.now() - t0;
    const requests = r.total;
    return {
      ...r,
      machineBusy: 1 - (machine1.idle - machine0.idle) / (machine1.total - machine0.total),
      steal: (machine1.steal - machine0.steal) / (machine1.total - machine0.total),
      cpu: (cpu.user + cpu.system) / 1000 / elapsed,
      // CPU per request, ms: the API process, and PostgreSQL for the same requests.
      apiMsPerRequest: (cpu.user + cpu.system) / 1000 / requests,
      pgMsPerRequest: pgMs / requests,
      system: cpu.system / (cpu.user + cpu.system),
      loopP50: h.percentile(50) / 1e6,
      loopP99: h.percentile(99) / 1e6,
    };
  };
  const post = (url: string, headers: Record<string, string>) =>
    observe(() => postRun(url, headers));
  // The load comes from another process, as it would from other machines: the measured server
  // does not share its event loop with autocannon.
  const runLoad = (spec: LoadSpec): Promise<LoadResult> =>
    new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', `${__dirname}/load.ts`, JSON.stringify(spec)],
        { maxBuffer: 1 << 20 },
        (err, stdout) =>
          err ? reject(new Error(err.message)) : resolve(JSON.parse(stdout) as LoadResult),
      );
    });
  const postRun = (url: string, headers: Record<string, string>) =>
    runLoad({ url, method: 'POST', headers, connections, seconds });
  const getRun = (url: string, headers: Record<string, string>) =>
    runLoad({ url, method: 'GET', headers, connections, seconds });
  const get = (url: string, headers: Record<string, string>) => observe(() => getRun(url, headers));

  // Warm up both, then measure one after the other on the same machine.
  await post(`${minimalBase}/minimal/appeals`, {});
  const minimalPost = await post(`${minimalBase}/minimal/appeals`, {});
  await post(`${base}/api/v1/appeals`, { 'x-api-key': apiKey });
  const appPost = await post(`${base}/api/v1/appeals`, { 'x-api-key': apiKey });

  const created = await fetch(`${base}/api/v1/appeals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: body(),
  });
  const appealId = ((await created.json()) as { id: string }).id;
  const minimalId = (
    (await (
      await fetch(`${minimalBase}/minimal/appeals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(),
      })
    ).json()) as { id: string }
  ).id;
  const minimalGet = await get(`${minimalBase}/minimal/appeals/${minimalId}`, {});
  const appGet = await get(`${base}/api/v1/appeals/${appealId}`, { 'x-api-key': apiKey });

  // The raw ceiling: the same INSERT from a plain pg pool, 50 in flight, no HTTP at all.
  const pool = new Pool({ connectionString: db.url, max: connections });
  // `connections` loops calling `once` (with a number of its own) for `seconds`; returns the
  // calls completed a second.
  const loop = async (once: (n: number) => Promise<unknown>): Promise<number> => {
    let started = 0;
    let calls = 0;
    const until = performance.now() + seconds * 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < until) {
          await once(++started);
          calls++;
        }
      }),
    );
    return calls / ((performance.now() - t0) / 1000);
  };
  const rawRps = await loop(async (n) => {
    const b = JSON.parse(body()) as {
      applicant: { email: string };
      accountNumber: string;
      serviceAddress: string;
      text: string;
    };
    await pool.query(
      `INSERT INTO appeals (id, reg_number, reg_year, status, channel, kind, applicant_type, applicant_last_name,
         applicant_first_name, applicant_email, account_number, service_address, text, received_at, registered_at,
         reply_channel, version)
       VALUES (gen_random_uuid(), $1, 2026, 'registered', 'web', 'complaint', 'individual', 'Иванов', 'Пётр', $2, $3, $4, $5,
         now(), now(), 'email', 1)`,
      [`RAW-${process.pid}-${n}`, b.applicant.email, b.accountNumber, b.serviceAddress, b.text],
    );
  });

  // The ceiling of any gap-free counter kept in the registering transaction (SPEC §5): each
  // increment holds the row from its UPDATE until its COMMIT is flushed to disk, so increments
  // queue one commit (one WAL fsync) at a time, however many connections try. Year 1 is never a
  // registration year; its row is removed afterwards.
  const counterRps = await loop(() =>
    pool.query(
      `INSERT INTO reg_counters (year, last_seq) VALUES (1, 1)
       ON CONFLICT (year) DO UPDATE SET last_seq = reg_counters.last_seq + 1`,
    ),
  );
  await pool.query('DELETE FROM reg_counters WHERE year = 1');

  // The registration's own SQL from the same pool: the statements one POST sent (captured
  // as the server sent them), replayed with fresh ids and applicants. The application's POST
  // against this shows how much of the bound is PostgreSQL's work rather than the API's.
  const sample = JSON.parse(body()) as {
    applicant: { email: string };
    accountNumber: string;
    serviceAddress: string;
  };
  let status = 0;
  const captured: CapturedStatement[] = (
    await captureNamedStatements(async () => {
      const res = await fetch(`${base}/api/v1/appeals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: JSON.stringify(sample),
      });
      status = res.status;
      await res.arrayBuffer();
    })
  ).filter((st) => !st.text.includes('rate_limit_counters'));
  if (status !== 201) throw new Error(`the sample registration answered ${status}`);
  const keep = await referenceIds(pool);
  // The candidate query's short parameters are the normalised identity (e-mail, account,
  // name, address); with the raw ones they get a prefix per replay.
  const identity = [
    sample.applicant.email,
    sample.accountNumber,
    sample.serviceAddress,
    ...captured[0].values.filter(
      (v): v is string => typeof v === 'string' && v.length < 100 && Number.isNaN(Date.parse(v)),
    ),
  ];
  const pg0 = postgresCpuMs();
  let replays = 0;
  // As the server sends them: the numbering statement (the last) through the same limit.
  const numbering = new Semaphore(db.config.numbering.concurrency);
  const replayRps = await loop(async (n) => {
    const statements = freshen(captured, keep, identity, n);
    for (const st of statements.slice(0, -1)) await pool.query(st);
    const release = await numbering.acquire();
    try {
      await pool.query(statements[statements.length - 1]);
    } finally {
      release();
    }
    replays++;
  });
  const replayPgMs = (postgresCpuMs() - pg0) / replays;
  await pool.end();

  const f = (x: number): string => x.toFixed(0);
  const load = (r: {
    cpu: number;
    system: number;
    machineBusy: number;
    steal: number;
    apiMsPerRequest: number;
    pgMsPerRequest: number;
    loopP50: number;
    loopP99: number;
  }): string =>
    `; process CPU ${(r.cpu * 100).toFixed(0)} % (${(r.system * 100).toFixed(0)} % of it in the kernel), ` +
    `CPU per request: API ${r.apiMsPerRequest.toFixed(2)} ms, PostgreSQL ${r.pgMsPerRequest.toFixed(2)} ms; ` +
    `machine ${(r.machineBusy * 100).toFixed(0)} % busy (steal ${(r.steal * 100).toFixed(0)} %), ` +
    `event loop delay p50 ${r.loopP50.toFixed(1)} ms p99 ${r.loopP99.toFixed(1)} ms`;
  const pct = (a: number, b: number): string => `${((a / b) * 100).toFixed(0)} %`;
  console.log(
    `\nMachine: ${machine()}; ${connections} connections, ${seconds} s each, server and load on one host (autocannon in a child process)`,
  );
  console.log(
    `POST minimal stack      : ${f(minimalPost.rps)} req/s, p50 ${minimalPost.p50} ms, p99 ${minimalPost.p99} ms, non-2xx ${minimalPost.non2xx}${load(minimalPost)}`,
  );
  console.log(
    `POST /api/v1/appeals    : ${f(appPost.rps)} req/s, p50 ${appPost.p50} ms, p99 ${appPost.p99} ms, non-2xx ${appPost.non2xx}${load(appPost)}`,
  );
  console.log(`raw pg INSERT ceiling   : ${f(rawRps)} rows/s`);
  console.log(
    `counter commit ceiling  : ${f(counterRps)} increments/s (one row, each held until its commit)`,
  );
  console.log(
    `registration SQL replay : ${f(replayRps)} registrations/s (${captured.length} statements each from a raw pg pool, no HTTP; at most ${db.config.numbering.concurrency} numbering at once, as the server), PostgreSQL CPU ${replayPgMs.toFixed(2)} ms each`,
  );
  console.log(
    `GET minimal stack       : ${f(minimalGet.rps)} req/s, p50 ${minimalGet.p50} ms, p99 ${minimalGet.p99} ms${load(minimalGet)}`,
  );
  console.log(
    `GET /api/v1/appeals/{id}: ${f(appGet.rps)} req/s, p50 ${appGet.p50} ms, p99 ${appGet.p99} ms, non-2xx ${appGet.non2xx}${load(appGet)}`,
  );
  console.log(
    `Ratios: POST app/minimal ${pct(appPost.rps, minimalPost.rps)} (target ≥ 50 %), POST app/raw ${pct(appPost.rps, rawRps)}, POST app/counter ceiling ${pct(appPost.rps, counterRps)}, POST app/its own SQL replayed ${pct(appPost.rps, replayRps)}, its SQL replayed/minimal ${pct(replayRps, minimalPost.rps)}, GET app/minimal ${pct(appGet.rps, minimalGet.rps)} (target ≥ 80 %)`,
  );
  await minimal.close();
  await app.close();
  await db.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
