// Bulk data for benchmarks (issue 6): npm run seed:bulk -- --appeals 1000000 [--fresh] [--no-fts]
import 'reflect-metadata';
import * as argon2 from 'argon2';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { argNumber, openBenchDb } from './bench-support';
import { rebuildRollup } from '../src/reports/rollup/rollup.queries';

// A vocabulary large enough that unrelated texts are not "similar" for pg_trgm.
const WORDS = (
  'прошу сделать перерасчёт платы за отопление горячее водоснабжение холодное вывоз мусора ' +
  'квитанция начисление лицевой счёт счётчик прибор учёта поверка показания батареи температура ' +
  'подъезд крыша протечка авария управляющая компания договор задолженность пени оплата ' +
  'норматив тариф жалоба требую разобраться ответить письменно срок квартира дом улица ' +
  'давление напор ржавая вода запах канализация засор лифт освещение уборка двор январь ' +
  'февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь понедельник ' +
  'вторник среда четверг пятница суббота воскресенье утром вечером ночью неделю месяц год ' +
  'соседи сверху снизу затопили потолок стена обои пятно плесень сырость окно дверь замок ' +
  'домофон мусоропровод контейнер площадка машина приезжает редко запах крысы тараканы ' +
  'дезинсекция дератизация субсидия льгота ветеран инвалид пенсионер многодетная семья ' +
  'перерасчёт возврат излишне уплаченной суммы заявление приложение копия чек банк терминал ' +
  'электроэнергия газ плита колонка котельная теплосеть магистраль стояк радиатор кран ' +
  'сантехник электрик мастер заявка диспетчер телефон звонил никто не ответил обещали прийти'
).split(' ');

/**
 * `withFts: false` leaves the Russian full-text GIN index out: building it costs ~0.3 ms an
 * appeal in one backend (to_tsvector + GIN; PostgreSQL 17 cannot build GIN in parallel), about
 * 50 minutes at 10 M rows on this machine, and neither rules nor reports read it.
 */
export async function bulkLoad(
  ds: DataSource,
  total: number,
  fresh: boolean,
  withFts = true,
): Promise<number> {
  if (fresh)
    await ds.query(
      'TRUNCATE appeals, appeal_events, notifications, sla_alerts, appeal_extensions, attachments CASCADE',
    );
  const [{ n: have }] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM appeals');
  if (have >= total) return have;
  const departments = await ds.query<{ id: string; code: string }[]>(
    'SELECT id, code FROM departments ORDER BY code',
  );
  // Ten officers a department.
  const hash = await argon2.hash('bench-officer-password');
  for (const d of departments) {
    for (let k = 0; k < 10; k++) {
      await ds.query(
        `INSERT INTO users (login, password_hash, full_name, roles, department_id)
         VALUES ($1, $2, $3, '{officer}', $4) ON CONFLICT (login) DO NOTHING`,
        [`bench-${d.code}-${k}`, hash, `Исполнитель ${d.code} ${k}`, d.id],
      );
    }
  }
  const officers = await ds.query<{ id: string; department_id: string }[]>(
    `SELECT id, department_id FROM users WHERE login LIKE 'bench-%' ORDER BY login`,
  );
  const deptIds = departments.map((d) => d.id);
  const officerIds = deptIds.map((d) =>
    officers.filter((o) => o.department_id === d).map((o) => o.id),
  );
  const topics = await ds.query<{ code: string; department_id: string }[]>(
    'SELECT code, department_id FROM topics',
  );
  const topicByDept = deptIds.map((d) => topics.find((t) => t.department_id === d)?.code ?? null);
  const applicants = Math.max(1, Math.floor(total / 5));
  console.log(`Loading ${total - have} appeals (${applicants} applicants, ~1 KB each)…`);
  // Secondary indexes are dropped for the load and rebuilt afterwards (several times faster than
  // maintaining sixteen of them row by row); the primary key and unique constraints stay.
  const secondary = await ds.query<{ name: string; def: string }[]>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 'appeals'::regclass AND NOT i.indisprimary AND NOT i.indisunique
      ORDER BY c.relname`,
  );
  const rebuild = async (): Promise<void> => {
    console.log(`Rebuilding ${secondary.length} secondary indexes…`);
    await ds.query("SET maintenance_work_mem = '512MB'");
    for (const ix of secondary) {
      if (!withFts && ix.name === 'idx_appeals_fts') {
        console.log(`  ${ix.name} left out (--no-fts); to build it later: ${ix.def}`);
        continue;
      }
      const t0 = performance.now();
      await ds.query(ix.def.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '));
      console.log(`  ${ix.name} (${Math.round(performance.now() - t0)} ms)`);
    }
  };
  for (const ix of secondary) await ds.query(`DROP INDEX IF EXISTS "${ix.name}"`);
  const batch = 50_000;
  // Two loaders side by side: generating the texts is CPU-bound in one backend.
  const starts: number[] = [];
  for (let from = have; from < total; from += batch) starts.push(from);
  const loadBatch = async (from: number): Promise<void> => {
    const to = Math.min(total, from + batch);
    const t0 = performance.now();
    await ds.transaction(async (em) => {
      // Row triggers on appeals (derived counts) are off for the load and their results
      // recomputed once at the end (refreshDerived): per-row trigger work would make the two
      // loaders queue on the same few counter rows.
      await em.query('SET LOCAL session_replication_role = replica');
      await em.query(
        `INSERT INTO appeals (reg_number, reg_year, reg_seq, status, channel, kind, applicant_type,
         applicant_last_name, applicant_first_name, applicant_email, applicant_email_norm,
         account_number, account_number_norm, applicant_name_norm, service_address,
         service_address_norm, topic_code, text, received_at, registered_at, due_date, department_id,
         assignee_id, reply_channel, answered_at, answer_text, answer_outcome, rejection_reason,
         registration_late, forwarding_late, version)
       SELECT 'BULK-' || i, extract(year from r)::int, NULL, st, (ARRAY['web','email','post','office','personal_account','gis_zhkh'])[1 + i % 6],
              'complaint', 'individual', 'Фамилия' || (i % $3), 'Имя', 'user' || (i % $3) || '@example.ru',
              'user' || (i % $3) || '@example.ru', (i % $3)::text, (i % $3)::text,
              'фамилия' || (i % $3) || ' имя', 'ул Садовая д ' || (i % $3), 'ул садовая д ' || (i % $3),
              ($7::text[])[1 + i % 4],
              (SELECT string_agg(($4::text[])[1 + floor(random() * $5)::int], ' ') || ' ' || (i::bigint * 7919 % 100000)
                 FROM generate_series(1, 120) g WHERE i >= 0),
              r - interval '1 day' * (i % 5 = 0)::int * 4, r, (r + interval '30 days')::date,
              ($6::uuid[])[1 + i % 4], CASE WHEN st IN ('assigned', 'in_progress', 'answered') THEN ($8::uuid[])[1 + (i % 4) * 10 + (i / 4) % 10] END,
              'email',
              CASE WHEN st = 'answered' THEN r + interval '1 day' * (1 + i % 38) END,
              CASE WHEN st = 'answered' THEN 'Ответ по существу' END,
              CASE WHEN st = 'answered' THEN (ARRAY['supported','explained','not_supported'])[1 + i % 3] END,
              CASE WHEN st = 'rejected' THEN (ARRAY['anonymous','abusive','repeated','illegible'])[1 + i % 4] END,
              i % 50 = 0, st = 'forwarded' AND i % 3 = 0, 1
         FROM (SELECT i, r,
                      CASE WHEN r < now() - interval '40 days' THEN
                             (ARRAY['answered','answered','answered','answered','answered','answered','answered',
                                    'answered','answered','answered','answered','answered','answered','answered',
                                    'answered','answered','rejected','duplicate','forwarded','in_progress'])[1 + i % 20]
                           ELSE (ARRAY['assigned','in_progress','answered','registered','answered'])[1 + i % 5] END AS st
                 FROM (SELECT i, now() - interval '730 days' * (1 - (i + random()) / $9) AS r
                         FROM generate_series($1::int, $2::int - 1) i) x) s`,
        [from, to, applicants, WORDS, WORDS.length, deptIds, topicByDept, officerIds.flat(), total],
      );
    });
    console.log(`  ${to} rows (${Math.round(performance.now() - t0)} ms for ${to - from})`);
  };
  try {
    const worker = async (): Promise<void> => {
      for (let from = starts.shift(); from !== undefined; from = starts.shift()) {
        await loadBatch(from);
      }
    };
    await Promise.all([worker(), worker()]);
  } finally {
    await rebuild();
  }
  await refreshDerived(ds);
  console.log('Analysing…');
  await ds.query('VACUUM ANALYZE appeals');
  return total;
}

/** What the triggers on appeals would have maintained during the load, recomputed in one pass. */
async function refreshDerived(ds: DataSource): Promise<void> {
  const has = async (table: string, column: string): Promise<boolean> =>
    (
      await ds.query<unknown[]>(
        'SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = $2',
        [table, column],
      )
    ).length > 0;
  if (await has('users', 'open_assigned')) {
    await ds.query(
      `UPDATE users u SET open_assigned = coalesce(c.n, 0)
         FROM users x LEFT JOIN (SELECT assignee_id, count(*)::int AS n FROM appeals
                                  WHERE status IN ('assigned', 'in_progress') GROUP BY assignee_id) c
           ON c.assignee_id = x.id
        WHERE u.id = x.id`,
    );
  }
  // The report rollup (issue 25): recomputed from the appeals, as `npm run reports:rebuild` does;
  // first, since it moves the deltas waiting into the open counts, recounted next.
  if (await has('report_rollups', 'n')) {
    const t0 = performance.now();
    const n = await rebuildRollup(ds, '-infinity', 'infinity');
    console.log(`Report rollup rebuilt: ${n} rows (${Math.round(performance.now() - t0)} ms)`);
  }
  if (await has('appeal_open_counts', 'delta')) {
    await ds.transaction(async (em) => {
      await em.query('LOCK TABLE appeal_open_counts IN EXCLUSIVE MODE');
      await em.query('DELETE FROM appeal_open_counts');
      await em.query(
        `INSERT INTO appeal_open_counts (department_id, assignee_id, due_date, delta)
         SELECT department_id, assignee_id, due_date, count(*) FROM appeals
          WHERE status IN ('registered', 'under_review', 'assigned', 'in_progress', 'answer_review')
            AND due_date IS NOT NULL
          GROUP BY 1, 2, 3`,
      );
    });
  }
}

async function main(): Promise<void> {
  const db = await openBenchDb();
  try {
    const n = await bulkLoad(
      db.ds,
      argNumber('appeals', 1_000_000),
      process.argv.includes('--fresh'),
      !process.argv.includes('--no-fts'),
    );
    console.log(`appeals: ${n}; database: ${db.url.replace(/:[^:@/]+@/, ':***@')}`);
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
