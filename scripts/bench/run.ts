// npm run bench: the app against the minimal stack and the raw database ceiling (SPEC §15).
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { argNumber, machine, openBenchDb } from '../bench-support';
import { startBenchApi } from './bench-api';
import { body } from './bodies';
import type { LoadResult, LoadSpec } from './load';
import { createMinimalApp } from './minimal-app';

/** All cores' jiffies from /proc/stat: whether the machine, not only this process, was busy. */
function machineCpu(): { idle: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  return { idle: v[3] + (v[4] ?? 0), total: v.reduce((a, b) => a + b, 0) };
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
  const observe = async <T>(run: () => Promise<T>) => {
    const h = monitorEventLoopDelay({ resolution: 1 });
    const machine0 = machineCpu();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    h.enable();
    const r = await run();
    h.disable();
    const cpu = process.cpuUsage(cpu0);
    const machine1 = machineCpu();
    return {
      ...r,
      machineBusy: 1 - (machine1.idle - machine0.idle) / (machine1.total - machine0.total),
      cpu: (cpu.user + cpu.system) / 1000 / (performance.now() - t0),
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
  await pool.end();

  const f = (x: number): string => x.toFixed(0);
  const load = (r: {
    cpu: number;
    system: number;
    machineBusy: number;
    loopP50: number;
    loopP99: number;
  }): string =>
    `; process CPU ${(r.cpu * 100).toFixed(0)} % (${(r.system * 100).toFixed(0)} % of it in the kernel), machine ${(r.machineBusy * 100).toFixed(0)} % busy, event loop delay p50 ${r.loopP50.toFixed(1)} ms p99 ${r.loopP99.toFixed(1)} ms`;
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
    `GET minimal stack       : ${f(minimalGet.rps)} req/s, p50 ${minimalGet.p50} ms, p99 ${minimalGet.p99} ms${load(minimalGet)}`,
  );
  console.log(
    `GET /api/v1/appeals/{id}: ${f(appGet.rps)} req/s, p50 ${appGet.p50} ms, p99 ${appGet.p99} ms, non-2xx ${appGet.non2xx}${load(appGet)}`,
  );
  console.log(
    `Ratios: POST app/minimal ${pct(appPost.rps, minimalPost.rps)} (target ≥ 50 %), POST app/raw ${pct(appPost.rps, rawRps)}, POST app/counter ceiling ${pct(appPost.rps, counterRps)}, GET app/minimal ${pct(appGet.rps, minimalGet.rps)} (target ≥ 80 %)`,
  );
  await minimal.close();
  await app.close();
  await db.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
