// The audit log's read path and write cost at scale (issue 20, item 7):
//   npx ts-node --transpile-only scripts/bench-audit.ts -- --rows 5000000
// On its own embedded server (.data/bench-audit, port 54343; BENCH_PG_DIR / BENCH_PG_PORT or
// DATABASE_URL choose another). `audit_events` (the migrations' indexes) gets `--rows` rows
// shaped like a busy log; `audit_before` is a copy with the indexes it had before issue 20
// (primary key and (entity_type, entity_id)). Prints, for both, GET /audit-events' query plans
// (first page and a page 10 000 rows deep) with time and buffers, the cost of one audit INSERT
// (alternating rounds of single-row inserts, as AuditService.record writes them), index sizes
// and what building each new index on the existing log costs (the migration's work).
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { auditEventsQuery, type AuditFilter } from '../src/audit/audit-query';
import { argNumber, machine, openBenchDb, percentiles } from './bench-support';

const NEW_INDEXES: [string, string][] = [
  ['idx_audit_events_at', '("at", "id")'],
  [
    'idx_audit_events_action',
    `("action", "at", "id") WHERE action NOT IN ('appeal.read', 'appeal.list', 'note.read')`,
  ],
  ['idx_audit_events_actor_user', '("actor_user_id", "at", "id") WHERE actor_user_id IS NOT NULL'],
  [
    'idx_audit_events_actor_key',
    '("actor_api_key_id", "at", "id") WHERE actor_api_key_id IS NOT NULL',
  ],
  // Measured, not built by the migration: the appeal's index with (at, id) added.
  ['(entity_type, entity_id, at, id), not used', '("entity_type", "entity_id", "at", "id")'],
];

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

async function main(): Promise<void> {
  const rows = argNumber('rows', 5_000_000);
  process.env.BENCH_PG_DIR ??= '.data/bench-audit';
  process.env.BENCH_PG_PORT ??= '54343';
  const db = await openBenchDb();
  const q = <T>(sql: string, params: unknown[] = []) => db.ds.query<T>(sql, params);
  console.log(machine());

  // The log: 90 % staff, 10 % API keys; reads dominate; ~4 rows per appeal; 2 years, ascending.
  const [{ n: have }] = await q<{ n: number }[]>('SELECT count(*)::int AS n FROM audit_events');
  const appeals = Math.max(1, Math.floor(rows / 4));
  const span = 2 * 365 * 86_400; // seconds
  const t0 = performance.now();
  for (let from = have + 1; from <= rows; from += 500_000) {
    const to = Math.min(rows, from + 499_999);
    await q(
      `INSERT INTO audit_events (at, actor_user_id, actor_api_key_id, action, entity_type, entity_id, request_id, data)
       SELECT timestamptz '2025-01-01' + (g::float8 * $2 / $3) * interval '1 second',
              CASE WHEN g % 10 <> 0 THEN md5('u' || (g * 7919 % 2000))::uuid END,
              CASE WHEN g % 10 = 0 THEN md5('k' || (g % 10))::uuid END,
              CASE WHEN g % 10000 = 17 THEN 'users.update'
                   WHEN g % 1000 = 3 THEN 'appeal.legal_review.set'
                   ELSE (ARRAY['appeal.read','appeal.read','appeal.read','appeal.read','appeal.read',
                               'appeal.read','appeal.list','appeal.create','note.read','appeal.answer'])[1 + g % 10]
              END,
              'appeal',
              md5('a' || (g * 104729 % $4))::uuid::text,
              md5(g::text), NULL
         FROM generate_series($1::bigint, $5::bigint) AS g`,
      [from, span, rows, appeals, to],
    );
  }
  if (have < rows) {
    console.log(`loaded ${rows - have} rows in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }

  // The same log with the indexes it had before: built once, kept between runs.
  const [{ before }] = await q<{ before: boolean }[]>(
    `SELECT to_regclass('audit_before') IS NOT NULL AS before`,
  );
  if (!before) {
    await q('CREATE TABLE audit_before (LIKE audit_events INCLUDING DEFAULTS)');
    await q('INSERT INTO audit_before SELECT * FROM audit_events');
    await q('ALTER TABLE audit_before ADD PRIMARY KEY (id)');
    await q('CREATE INDEX audit_before_entity ON audit_before (entity_type, entity_id)');
  }
  await q('VACUUM ANALYZE audit_events');
  await q('VACUUM ANALYZE audit_before');

  // What the migration's CONCURRENTLY builds cost on an existing log of this size.
  console.log('\nbuilding each new index on the existing log (CREATE INDEX CONCURRENTLY):');
  for (const [name, def] of NEW_INDEXES) {
    const t = performance.now();
    await q(`CREATE INDEX CONCURRENTLY bench_index ON audit_before ${def}`);
    const ms = performance.now() - t;
    const [{ mib }] = await q<{ mib: string }[]>(
      `SELECT round(pg_relation_size('bench_index') / 1048576.0)::text AS mib`,
    );
    await q('DROP INDEX CONCURRENTLY bench_index');
    console.log(`  ${name}: ${(ms / 1000).toFixed(1)} s, ${mib} MiB`);
  }

  const [size] = await q<{ heap: string; indexes: string; before: string }[]>(
    `SELECT round(pg_relation_size('audit_events') / 1048576.0)::text AS heap,
            round(pg_indexes_size('audit_events') / 1048576.0)::text AS indexes,
            round(pg_indexes_size('audit_before') / 1048576.0)::text AS before`,
  );
  console.log(
    `\nheap ${size.heap} MiB; indexes ${size.indexes} MiB (before issue 20: ${size.before} MiB)`,
  );
  console.log('index sizes (audit_events):');
  for (const r of await q<{ name: string; mib: string }[]>(
    `SELECT c.relname AS name, round(pg_relation_size(c.oid) / 1048576.0)::text AS mib
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 'audit_events'::regclass ORDER BY c.relname`,
  )) {
    console.log(`  ${r.name}: ${r.mib} MiB`);
  }

  // GET /audit-events, each filter: first page and 10 000 rows deep, before and after.
  const [sample] = await q<
    { entity_id: string; actor_user_id: string; actor_api_key_id: string }[]
  >(
    `SELECT (SELECT entity_id FROM audit_events WHERE id = 12345) AS entity_id,
            (SELECT actor_user_id FROM audit_events WHERE id = 12341) AS actor_user_id,
            (SELECT actor_api_key_id FROM audit_events WHERE id = 12340) AS actor_api_key_id`,
  );
  const shapes: [string, Partial<AuditFilter>][] = [
    ['newest', {}],
    ['a week, a year ago', { from: '2025-06-02', to: '2025-06-08' }],
    ['appeal', { appealId: sample.entity_id }],
    ['staff member', { actor: { column: 'actor_user_id', id: sample.actor_user_id } }],
    ['API key', { actor: { column: 'actor_api_key_id', id: sample.actor_api_key_id } }],
    ['rare action', { action: 'users.update' }],
    ['read action', { action: 'appeal.read' }],
    ['common action, a month', { action: 'appeal.read', from: '2025-03-01', to: '2025-03-31' }],
    [
      'staff member, a month',
      {
        actor: { column: 'actor_user_id', id: sample.actor_user_id },
        from: '2025-09-01',
        to: '2025-09-30',
      },
    ],
  ];
  const tz = db.config.timeZone;
  const explain = async (table: string, filter: AuditFilter) => {
    const { sql, params } = auditEventsQuery(filter, tz);
    const text = sql.replace('FROM audit_events e', `FROM ${table} e`);
    const [{ 'QUERY PLAN': plan }] = await q<
      { 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number }[] }[]
    >(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, params);
    const p = plan[0].Plan as PlanNode & {
      'Shared Hit Blocks': number;
      'Shared Read Blocks': number;
    };
    const walk = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(walk)];
    const how = walk(p)
      .filter((n) => n['Relation Name'] === table || n['Index Name']?.includes(table.slice(0, 5)))
      .map((n) => `${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}`)
      .concat(walk(p).some((n) => n['Node Type'] === 'Sort') ? ['Sort'] : [])
      .join(' + ');
    return {
      ms: plan[0]['Execution Time'],
      buffers: p['Shared Hit Blocks'] + p['Shared Read Blocks'],
      how,
    };
  };
  const deepCursor = async (filter: Partial<AuditFilter>) => {
    const { sql, params } = auditEventsQuery({ ...filter, limit: null }, tz);
    const [row] = await q<{ at_key: string; id: string }[]>(`${sql} OFFSET 10000 LIMIT 1`, params);
    return row ? { at: row.at_key, id: row.id } : null;
  };
  console.log('\nGET /audit-events (limit 50): execution ms / buffers, then the plan');
  for (const [name, filter] of shapes) {
    const deep = await deepCursor(filter);
    for (const [page, after] of [
      ['page 1', null],
      ['10 000 deep', deep],
    ] as const) {
      if (page !== 'page 1' && !after) continue;
      const f: AuditFilter = { ...filter, after, limit: 51 };
      await explain('audit_events', f); // warm the cache for both alike
      const now = await explain('audit_events', f);
      const was = await explain('audit_before', f);
      console.log(
        `  ${name}, ${page}: before ${was.ms.toFixed(1)} ms / ${was.buffers} (${was.how}); ` +
          `after ${now.ms.toFixed(2)} ms / ${now.buffers} (${now.how})`,
      );
    }
  }

  // The write side: one single-row INSERT per audited request, alternating tables by round.
  const runner = db.ds.createQueryRunner();
  await runner.connect();
  const one = async (table: string, i: number) => {
    const t = performance.now();
    await runner.query(
      `INSERT INTO ${table} (actor_user_id, actor_api_key_id, action, entity_type, entity_id, request_id, data)
       VALUES (md5('u' || $1::text)::uuid, NULL, 'appeal.read', 'appeal', md5('a' || $1::text)::uuid::text, $2, NULL)`,
      [i % 2000, `bench-${i}`],
    );
    return performance.now() - t;
  };
  const samples: Record<string, number[]> = { audit_before: [], audit_events: [] };
  const rounds = argNumber('rounds', 6);
  const perRound = argNumber('inserts', 2000);
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['audit_before', 'audit_events'] : ['audit_events', 'audit_before'];
    const medians: Record<string, number> = {};
    for (const table of order) {
      const times: number[] = [];
      for (let i = 0; i < perRound; i++) times.push(await one(table, r * perRound + i));
      samples[table].push(...times);
      medians[table] = percentiles(times).p50;
    }
    ratios.push(medians.audit_events / medians.audit_before);
  }
  await runner.release();
  const b = percentiles(samples.audit_before);
  const a = percentiles(samples.audit_events);
  ratios.sort((x, y) => x - y);
  console.log(
    `\none audit INSERT (${rounds} × ${perRound} each, alternating): ` +
      `before p50 ${b.p50.toFixed(3)} ms p99 ${b.p99.toFixed(3)} ms; ` +
      `after p50 ${a.p50.toFixed(3)} ms p99 ${a.p99.toFixed(3)} ms; ` +
      `median per-round ratio ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}`,
  );
  await db.close();
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
