// Duplicate/repeated check latency at scale (issue 3): npm run bench:rules -- --appeals 1000000
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { SystemClock } from '../src/common/time/clock';
import { toDraft } from '../src/intake/to-draft';
import { RulesService } from '../src/rules/rules.service';
import { argNumber, machine, openBenchDb, percentiles } from './bench-support';

const WORDS = (
  'прошу сделать перерасчёт платы за отопление горячее водоснабжение холодное вывоз мусора ' +
  'квитанция начисление лицевой счёт счётчик прибор учёта поверка показания батареи температура ' +
  'подъезд крыша протечка авария управляющая компания договор задолженность пени оплата ' +
  'норматив тариф жалоба требую разобраться ответить письменно срок квартира дом улица ' +
  'давление напор ржавая вода запах канализация засор лифт освещение уборка двор'
).split(' ');

async function main(): Promise<void> {
  const total = argNumber('appeals', 1_000_000);
  const samples = argNumber('samples', 2000);
  const db = await openBenchDb();
  const { ds } = db;
  const [{ n: have }] = await ds.query('SELECT count(*)::int AS n FROM appeals');
  if (have < total) {
    const applicants = Math.max(1, Math.floor(total / 5));
    console.log(`Loading ${total - have} appeals (${applicants} applicants, ~1 KB each)…`);
    // Index maintenance dominates a bulk load: drop the full-text index, rebuild it after.
    await ds.query('DROP INDEX IF EXISTS idx_appeals_fts');
    const batch = 50_000;
    const dept: string = (await ds.query("SELECT id FROM departments WHERE code = 'general'"))[0]
      .id;
    for (let from = have; from < total; from += batch) {
      const to = Math.min(total, from + batch);
      const t0 = performance.now();
      await ds.query(
        `INSERT INTO appeals (reg_number, reg_year, reg_seq, status, channel, kind, applicant_type,
           applicant_last_name, applicant_first_name, applicant_email, applicant_email_norm,
           account_number, account_number_norm, applicant_name_norm, service_address,
           service_address_norm, text, received_at, registered_at, due_date, department_id,
           reply_channel, answered_at, version)
         SELECT 'BENCH-' || i, 2026, NULL,
                (ARRAY['answered','answered','answered','in_progress','assigned','registered','rejected'])[1 + i % 7],
                'web', 'complaint', 'individual', 'Фамилия' || (i % $3), 'Имя', 'user' || (i % $3) || '@example.ru',
                'user' || (i % $3) || '@example.ru', (i % $3)::text, (i % $3)::text,
                'фамилия' || (i % $3) || ' имя', 'ул Садовая д ' || (i % $3), 'ул садовая д ' || (i % $3),
                (SELECT string_agg(($4::text[])[1 + floor(random() * $5)::int], ' ')
                   FROM generate_series(1, 120 + (i % 7)) g WHERE i >= 0),
                r, r, (r + interval '30 days')::date, $6, 'email',
                CASE WHEN i % 7 < 3 THEN r + interval '20 days' END, 1
           FROM (SELECT i, now() - random() * interval '400 days' AS r FROM generate_series($1::int, $2::int - 1) i) s`,
        [from, to, applicants, WORDS, WORDS.length, dept],
      );
      console.log(`  ${to} rows (${Math.round(performance.now() - t0)} ms for ${to - from})`);
    }
    console.log('Rebuilding the full-text index and analysing…');
    await ds.query("SET maintenance_work_mem = '512MB'");
    await ds.query(
      `CREATE INDEX IF NOT EXISTS idx_appeals_fts ON appeals USING gin (to_tsvector('russian', coalesce(subject, '') || ' ' || text))`,
    );
    await ds.query('ANALYZE appeals');
  }
  const [{ n: rows }] = await ds.query('SELECT count(*)::int AS n FROM appeals');
  const applicants = Math.max(1, Math.floor(rows / 5));
  const rules = new RulesService(ds, db.config, new SystemClock());
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
  console.log('\nCandidate query plan:\n' + plan.map((r) => r['QUERY PLAN']).join('\n'));
  await db.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
