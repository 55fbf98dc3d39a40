// Duplicate/repeated check latency at scale (issue 3): npm run bench:rules -- --appeals 1000000
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { AuditService } from '../src/audit/audit.service';
import { SystemClock } from '../src/common/time/clock';
import { toDraft } from '../src/intake/to-draft';
import { checkAbusive } from '../src/rules/abusive.rule';
import { AbusiveTermsService } from '../src/rules/abusive-terms.service';
import { checkAnonymous } from '../src/rules/anonymous.rule';
import { RulesService } from '../src/rules/rules.service';
import { argNumber, machine, openBenchDb, percentiles } from './bench-support';
import { bulkLoad } from './seed-bulk';

async function main(): Promise<void> {
  const total = argNumber('appeals', 1_000_000);
  const samples = argNumber('samples', 2000);
  const db = await openBenchDb();
  const { ds } = db;
  await bulkLoad(ds, total, process.argv.includes('--fresh'));
  const [{ n: rows }] = await ds.query('SELECT count(*)::int AS n FROM appeals');
  const applicants = Math.max(1, Math.floor(rows / 5));
  const terms = new AbusiveTermsService(ds, new AuditService(ds));
  const rules = new RulesService(ds, db.config, new SystemClock(), terms);
  const draftFor = (k: number, text: string) =>
    toDraft({
      channel: 'web',
      applicant: { lastName: `Фамилия${k}`, firstName: 'Имя', email: `user${k}@example.ru` },
      accountNumber: String(k),
      serviceAddress: `ул Садовая д ${k}`,
      text,
    });
  // Texts of existing appeals, so that real candidates are compared and some are duplicates.
  const texts: { text: string }[] = await ds.query(
    `SELECT text FROM appeals TABLESAMPLE SYSTEM (1) LIMIT 200`,
  );
  for (let i = 0; i < 200; i++) await rules.evaluate(draftFor(i, texts[i % texts.length].text)); // warm-up
  const times: number[] = [];
  let fired = 0;
  for (let i = 0; i < samples; i++) {
    const k = Math.floor(Math.random() * applicants);
    const draft = draftFor(k, texts[i % texts.length].text);
    const t0 = performance.now();
    const outcome = await rules.evaluate(draft);
    times.push(performance.now() - t0);
    if (outcome.status !== 'registered') fired++;
  }
  const p = percentiles(times);
  // The same drafts once more, timing only the candidate query (identity lookup + similarity()),
  // and only the in-process rules (anonymous, abusive), to see where the time goes.
  const queryTimes: number[] = [];
  const localTimes: number[] = [];
  for (let i = 0; i < samples; i++) {
    const k = Math.floor(Math.random() * applicants);
    const draft = draftFor(k, texts[i % texts.length].text);
    const t0 = performance.now();
    await rules.findSimilar(draft);
    const t1 = performance.now();
    checkAnonymous(draft);
    checkAbusive(draft);
    localTimes.push(performance.now() - t1);
    queryTimes.push(t1 - t0);
  }
  const q = percentiles(queryTimes);
  const l = percentiles(localTimes);
  const plan: { 'QUERY PLAN': string }[] = await ds.query(
    `EXPLAIN (ANALYZE, BUFFERS) SELECT a.id FROM appeals a
      WHERE (a.applicant_email_norm = $1 OR a.account_number_norm = $2
             OR (a.applicant_name_norm = $3 AND a.service_address_norm = $4))
        AND a.registered_at >= now() - interval '365 days'
      ORDER BY a.registered_at DESC LIMIT 50`,
    ['user42@example.ru', '42', 'фамилия42 имя', 'ул садовая д 42'],
  );
  const f = (x: number): string => x.toFixed(2);
  console.log(`\nMachine: ${machine()}`);
  console.log(`Appeals: ${rows}; samples: ${samples}; rules fired on ${fired}`);
  console.log(
    `rules.evaluate (all four rules): p50 ${f(p.p50)} ms, p95 ${f(p.p95)} ms, p99 ${f(p.p99)} ms, max ${f(p.max)} ms`,
  );
  console.log(
    `  of which the candidate query (findSimilar): p50 ${f(q.p50)} ms, p95 ${f(q.p95)} ms, p99 ${f(q.p99)} ms; anonymous + abusive in process: p50 ${f(l.p50)} ms, p99 ${f(l.p99)} ms`,
  );
  console.log('\nCandidate query plan:\n' + plan.map((r) => r['QUERY PLAN']).join('\n'));
  await db.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
