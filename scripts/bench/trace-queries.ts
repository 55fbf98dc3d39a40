// Lists the SQL one registration and one read send (diagnostics for issue 10).
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { openBenchDb } from '../bench-support';
import { startBenchApi } from './bench-api';
import { body } from './bodies';
import { watchQueries } from './watch-queries';

/** The SQL `run` sends, with each query's time to its answer (filled in as answers come). */
async function traced(run: () => Promise<void>): Promise<{ sql: string; ms: number }[]> {
  const log: { sql: string; ms: number }[] = [];
  await watchQueries(run, (query, returned) => {
    const sql = typeof query === 'string' ? query : ((query as { text?: string })?.text ?? '?');
    const t = performance.now();
    // Queries given a callback (the pool's own) return nothing to time and are not listed.
    if (returned && typeof (returned as Promise<unknown>).then === 'function') {
      const entry = { sql: sql.replace(/\s+/g, ' ').slice(0, 160), ms: 0 };
      log.push(entry);
      void (returned as Promise<unknown>).then(
        () => (entry.ms = performance.now() - t),
        () => undefined,
      );
    }
  });
  // Answers that arrive after the HTTP response (none expected) still get their time.
  await new Promise((res) => setTimeout(res, 50));
  return log;
}

async function main(): Promise<void> {
  const db = await openBenchDb();
  const { app, base, apiKey: key } = await startBenchApi(db, 'trace');
  for (let i = 0; i < 5; i++)
    await fetch(`${base}/api/v1/appeals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: body(),
    });
  let r!: Response;
  let total = 0;
  const postLog = await traced(async () => {
    const t = performance.now();
    r = await fetch(`${base}/api/v1/appeals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: body(),
    });
    total = performance.now() - t;
  });
  const created = (await r.json()) as { id: string; status: string; assigneeId: string | null };
  console.log(
    `POST ${r.status} (${created.status}, assignee ${created.assigneeId ?? 'none'}) ${total.toFixed(1)} ms, ${postLog.length} queries`,
  );
  for (const q of postLog) console.log(`${q.ms.toFixed(2).padStart(7)} ms  ${q.sql}`);
  let g!: Response;
  let total2 = 0;
  const getLog = await traced(async () => {
    const t2 = performance.now();
    g = await fetch(`${base}/api/v1/appeals/${created.id}`, { headers: { 'x-api-key': key } });
    total2 = performance.now() - t2;
  });
  console.log(`GET ${g.status} ${total2.toFixed(1)} ms, ${getLog.length} queries`);
  for (const q of getLog) console.log(`${q.ms.toFixed(2).padStart(7)} ms  ${q.sql}`);
  await app.close();
  await db.close();
}
main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
