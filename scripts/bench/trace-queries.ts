// Lists the SQL one registration and one read send (diagnostics for issue 10).
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { openBenchDb } from '../bench-support';
import { startBenchApi } from './bench-api';
import { body } from './bodies';

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
  const { app, base, apiKey: key } = await startBenchApi(db, 'trace');
  for (let i = 0; i < 5; i++)
    await fetch(`${base}/api/v1/appeals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: body(),
    });
  log = [];
  const t = performance.now();
  const r = await fetch(`${base}/api/v1/appeals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: body(),
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
