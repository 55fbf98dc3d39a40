import { randomUUID } from 'node:crypto';
import { inlineParams } from '../src/appeals/registration/inline-params';
import { lazyTransaction } from '../src/appeals/registration/lazy-transaction';
import { insertSql, Params, sql } from '../src/appeals/registration/sql-parts';
import {
  registrationStatement,
  type RegistrationWrite,
} from '../src/appeals/registration/registration.statement';
import { historyEvent } from '../src/appeals/history-event';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { Appeal } from '../src/appeals/appeal.entity';
import { AppealEvent } from '../src/appeals/appeal-event.entity';
import { IdempotencyKey } from '../src/appeals/idempotency-key.entity';
import { Notification } from '../src/notifications/notification.entity';
import { PreparedSelect } from '../src/database/prepared-select';
import {
  MAX_NAMED_STATEMENTS,
  pgOf,
  preparedQuery,
  statementName,
} from '../src/database/prepared-statements';
import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The registration's machinery (src/appeals/registration/): its final statement travels with its
 * COMMIT in one simple-protocol message, its
 * parameters inlined as literals (issue 10: the counter is not held across a round trip). The
 * literals must reach PostgreSQL as exactly the values parameters would have been, and the
 * transaction must commit all or nothing.
 */
describe('final statement and COMMIT in one message', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.db.query(`CREATE TABLE tx_probe (
      id uuid PRIMARY KEY, label text UNIQUE, n integer, ok boolean, at timestamptz,
      doc jsonb, tags text[], raw bytea)`);
  });
  afterAll(() => t.close());

  const INSERT = `INSERT INTO tx_probe (id, label, n, ok, at, doc, tags, raw)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
  const values = (label: string): unknown[] => [
    randomUUID(),
    label,
    -42,
    true,
    new Date('2026-03-01T09:15:30.123Z'),
    { text: `O'Brien \\ "кавычки" $1 \n ${label}`, list: [1, null, 'два'] },
    ['a,b', 'c"d', "e'f", 'g\\h', '{x}', 'NULL', 'ё 😀'],
    Buffer.from([0, 1, 0xfe, 0xff, 0x27, 0x5c]),
  ];
  const read = (id: string) =>
    t.db.query<Record<string, unknown>[]>(
      'SELECT label, n, ok, at, doc, tags, raw FROM tx_probe WHERE id = $1',
      [id],
    );

  it('stores the same values as parameters would, however they are quoted', async () => {
    const tricky = [
      "'; DROP TABLE tx_probe; --",
      "E'\\x41' \\' \\\\",
      'перенос\nстроки\tи табуляция',
      '$2 $10 $$ тело $$',
      '<script>alert(1)</script>',
    ];
    for (const label of tricky) {
      const inlined = values(label);
      const bound = values(`${label} (bound)`);
      await t.db.query(inlineParams({ sql: INSERT, params: inlined }));
      await t.db.query(INSERT, bound);
      const [a] = await read(inlined[0] as string);
      const [b] = await read(bound[0] as string);
      expect(a.label).toBe(label);
      expect({ ...a, label: null, doc: null }).toEqual({ ...b, label: null, doc: null });
      expect(a.doc).toEqual(inlined[5]);
      expect(a.raw).toEqual(inlined[7]);
      expect(a.tags).toEqual(inlined[6]);
    }
  });

  it('writes NULL for null and undefined, and refuses a placeholder without a value', () => {
    expect(inlineParams({ sql: 'SELECT $1, $2', params: [null, undefined] })).toBe(
      'SELECT NULL, NULL',
    );
    expect(() => inlineParams({ sql: 'SELECT $2', params: [1] })).toThrow(/\$2/);
    // $10 is the tenth value, not the first followed by 0.
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(inlineParams({ sql: 'SELECT $1, $10', params: ten })).toBe("SELECT '1', '10'");
  });

  it('commits the batch with everything before it, visible to every other connection', async () => {
    const before = randomUUID();
    const last = randomUUID();
    await lazyTransaction(t.db, async (em, tx) => {
      await tx.begin();
      await em.query('INSERT INTO tx_probe (id, label) VALUES ($1, $2)', [before, 'раньше']);
      await tx.commitWith({
        sql: 'INSERT INTO tx_probe (id, label, n) VALUES ($1, $2, $3)',
        params: [last, 'вместе', 7],
      });
      expect(tx.committed).toBe(true);
    });
    const rows = await t.db.query<{ label: string }[]>(
      'SELECT label FROM tx_probe WHERE id = ANY($1) ORDER BY label',
      [[before, last]],
    );
    expect(rows.map((r) => r.label)).toEqual(['вместе', 'раньше']);
    // The pooled connection is left outside any transaction: the next one works normally.
    await lazyTransaction(t.db, async (em, tx) => {
      await tx.begin();
      const [{ now }] = await em.query<{ now: string }[]>('SELECT now()::text AS now');
      const [{ later }] = await em.query<{ later: string }[]>('SELECT now()::text AS later');
      expect(later).toBe(now); // one transaction: one now()
    });
  });

  it('commits nothing when the final statement fails, and reports the database error', async () => {
    const taken = randomUUID();
    await t.db.query('INSERT INTO tx_probe (id, label) VALUES ($1, $2)', [taken, 'занято']);
    const before = randomUUID();
    const err = await lazyTransaction(t.db, async (em, tx) => {
      await tx.begin();
      await em.query('INSERT INTO tx_probe (id, label) VALUES ($1, $2)', [before, 'откатится']);
      await tx.commitWith({
        sql: 'INSERT INTO tx_probe (id, label) VALUES ($1, $2)',
        params: [randomUUID(), 'занято'],
      });
    }).catch((e: unknown) => e as { code?: string; constraint?: string });
    expect(err).toMatchObject({ code: '23505', constraint: 'tx_probe_label_key' });
    expect(await read(before)).toEqual([]);
    // ...and the connection is usable again.
    const [{ n }] = await t.db.query<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM tx_probe WHERE label = 'занято'",
    );
    expect(n).toBe(1);
  });

  it("runs work after the statement, before a COMMIT of its own (a channel's marks)", async () => {
    const id = randomUUID();
    const seen: number[] = [];
    await lazyTransaction(t.db, async (em, tx) => {
      await tx.begin();
      await tx.run({
        sql: 'INSERT INTO tx_probe (id, label) VALUES ($1, $2)',
        params: [id, 'после'],
      });
      const [{ n }] = await em.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM tx_probe WHERE id = $1',
        [id],
      );
      seen.push(n);
    });
    expect(seen).toEqual([1]);
    expect(await read(id)).toHaveLength(1);
  });

  it("writes the INSERT TypeORM's query builder writes, for every entity a registration writes", () => {
    const em = t.db.manager;
    const at = new Date('2026-04-01T10:00:00Z');
    const appealId = randomUUID();
    const cases: [unknown, Record<string, unknown>[]][] = [
      [
        Appeal,
        [
          {
            id: appealId,
            regNumber: '2026-000001',
            regYear: 2026,
            regSeq: 1,
            status: 'registered',
            channel: 'web',
            kind: 'complaint',
            applicant: { type: 'individual', lastName: 'Иванов', email: 'a@example.ru' },
            text: "Текст с 'кавычками' и \\ чертой",
            receivedAt: at,
            registeredAt: at,
            dueDate: '2026-05-12',
            replyChannel: 'email',
            externalRefs: { gisAppealGuid: 'x' },
            checks: [{ rule: 'anonymous', verdict: 'pass', detail: 'Заявитель указан' }],
            validationIssues: [],
            // version left out: both write 1; createdAt given, updatedAt left to DEFAULT
            createdAt: at,
          },
        ],
      ],
      [
        AppealEvent,
        [
          { appealId, type: 'registered', at, toStatus: 'registered', data: { a: [1, 2] } },
          { appealId, type: 'status_changed', at, fromStatus: 'registered', data: {} },
        ],
      ],
      [
        Notification,
        [
          {
            id: randomUUID(),
            appealId,
            kind: 'acknowledgement',
            audience: 'applicant',
            channel: 'email',
            recipient: 'a@example.ru',
            subject: 'Тема',
            body: 'Текст',
            status: 'pending',
            attempts: 0,
            nextAttemptAt: at,
          },
        ],
      ],
      [
        IdempotencyKey,
        [
          {
            scope: 'key:1',
            key: 'k',
            requestHash: 'h',
            statusCode: 201,
            response: { id: appealId },
            appealId,
          },
        ],
      ],
      [
        AuditEvent,
        [
          {
            actorUserId: null,
            actorApiKeyId: randomUUID(),
            action: 'appeal.create',
            entityType: 'appeal',
            entityId: appealId,
            requestId: 'r-1',
            data: null,
          },
        ],
      ],
    ];
    for (const [target, rows] of cases) {
      const entity = target as typeof Appeal;
      const created = rows.map((r) => em.create(entity, r as Partial<Appeal>));
      const [sql, params] = em
        .createQueryBuilder()
        .insert()
        .into(entity)
        .values(created)
        .updateEntity(false)
        .getQueryAndParameters();
      const ours = new Params();
      expect({ sql: insertSql(em, entity, created, ours), params: ours.values }).toEqual({
        sql,
        params,
      });
    }
    // A value that is SQL goes into the text as it is, and takes no parameter.
    const p = new Params();
    const text = insertSql(
      em,
      AppealEvent,
      [{ appealId, type: 'x', at, reason: sql('(SELECT number FROM numbered)') }],
      p,
    );
    expect(text).toContain('(SELECT number FROM numbered)');
    expect(p.values).not.toContain('(SELECT number FROM numbered)');
  });

  it("a prepared select hydrates the entities TypeORM's query builder hydrates", async () => {
    const { key } = await t.createApiKey(['web', 'email']);
    const ids: string[] = [];
    for (const body of [
      appealBody('web'),
      appealBody('email', {
        applicant: { type: 'legal_entity', organizationName: 'ООО «Ромашка»', inn: '7701234567' },
        subject: null,
        topicCode: null,
      }),
    ]) {
      const res = await t.http.post('/api/v1/appeals').set('X-API-Key', key).send(body);
      expect([res.status, res.status === 201 ? null : res.body]).toEqual([201, null]);
      ids.push((res.body as { id: string }).id);
    }
    const em = t.db.manager;
    const build = (id: string) =>
      em
        .getRepository(Appeal)
        .createQueryBuilder('a')
        .addSelect('EXISTS (SELECT 1 FROM attachments f WHERE f.appeal_id = a.id)', 'has_files')
        .where('a.id = :id', { id });
    const prepared = new PreparedSelect(em, Appeal, 'a', (s) => build(s.id), ['id'] as const);
    for (const id of ids) {
      const expected = await build(id).getRawAndEntities();
      const got = await prepared.run(em, { id });
      expect(got.entities).toHaveLength(1);
      expect(got.entities[0]).toBeInstanceOf(Appeal);
      expect(got.entities[0]).toEqual(expected.entities[0]);
      expect(got.raw[0].has_files).toBe(false);
    }
    expect((await prepared.run(em, { id: randomUUID() })).entities).toEqual([]);
  });

  it('lazy: a statement alone is one transaction in autocommit; after begin() all is one', async () => {
    const alone = randomUUID();
    const seen: string[] = [];
    const rows = await lazyTransaction(t.db, (_em, tx) =>
      tx.commitWith<{ xact: string; n: number }>({
        sql: `WITH w AS (INSERT INTO tx_probe (id, label) VALUES ($1, $2))
              SELECT txid_current()::text AS xact, 1 AS n`,
        params: [alone, 'один'],
      }),
    );
    expect(rows).toEqual([{ xact: expect.any(String), n: 1 }]);
    expect(await read(alone)).toHaveLength(1);

    // A failing lone statement leaves nothing, and the error keeps its database fields.
    const err = await lazyTransaction(t.db, (_em, tx) =>
      tx.commitWith({
        sql: `WITH a AS (INSERT INTO tx_probe (id, label) VALUES ($1, 'ещё'))
              INSERT INTO tx_probe (id, label) VALUES ($2, 'дубль')`,
        params: [randomUUID(), alone],
      }),
    ).catch((e: unknown) => e as { code?: string });
    expect(err).toMatchObject({ code: '23505' });
    const [{ n }] = await t.db.query<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM tx_probe WHERE label IN ('ещё', 'дубль')",
    );
    expect(n).toBe(0);

    // begin() first: a query before the statement and the statement commit or fail together.
    const early = randomUUID();
    await lazyTransaction(t.db, async (em, tx) => {
      await tx.begin();
      await em.query('INSERT INTO tx_probe (id, label) VALUES ($1, $2)', [early, 'до']);
      await tx.commitWith({
        sql: 'INSERT INTO tx_probe (id, label) VALUES ($1, $2)',
        params: [alone, 'дубль'],
      });
    }).catch((e: unknown) => seen.push(String((e as { code?: string }).code)));
    expect(seen).toEqual(['23505']);
    expect(await read(early)).toEqual([]);
  });

  it("the registration's statement has one text per shape: every value is a parameter", () => {
    const em = t.db.manager;
    const write = (n: number): RegistrationWrite => {
      const id = randomUUID();
      const token = `regnum-${randomUUID()}`;
      const at = new Date(`2026-04-0${n}T10:00:00Z`);
      const appeal = em.create(Appeal, {
        id,
        regYear: 2026,
        status: 'registered',
        channel: 'post',
        kind: 'complaint',
        applicant: { type: 'individual', lastName: `Иванов-${n}` },
        text: `Текст ${n} с '$1' и ${token}`,
        receivedAt: at,
        registeredAt: at,
        replyChannel: 'post',
        externalRefs: {},
        checks: [],
        validationIssues: [],
        version: 1,
      });
      return {
        year: 2026,
        numberTemplate: '{year}-{seq:6}',
        letterNumberTemplate: 'ИСХ-{year}-{seq:5}',
        placeholders: {
          number: token,
          status: `s-${n}`,
          assigneeId: `a-${n}`,
          version: `v-${n}`,
          clocks: `c-${n}`,
        },
        appeal,
        registered: historyEvent(id, null, { type: 'registered', at, data: { n } }),
        routing: {
          departmentId: randomUUID(),
          at,
          reason: 'Автоматическое распределение',
          staffNotice: { subject: `№ ${token}`, body: `Тело ${n}` },
        },
        clocks: [
          { name: 'forwarding', dueDate: `2026-04-1${n}`, dueAt: null, unlessAssigned: true },
          {
            name: 'authority_control',
            dueDate: `2026-04-2${n}`,
            dueAt: null,
            unlessAssigned: false,
          },
        ],
        clocksJson: null,
        joined: null,
        notice: em.create(Notification, {
          appealId: id,
          kind: 'acknowledgement',
          audience: 'applicant',
          channel: 'post',
          recipient: `Адрес ${n}`,
          subject: `Обращение № ${token}`,
          body: `Текст ${n}`,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: at,
        }),
        audit: {
          actorUserId: null,
          actorApiKeyId: null,
          action: 'appeal.create',
          entityType: 'appeal',
          entityId: id,
          requestId: `r-${n}`,
          data: null,
        },
        remembered: null,
      };
    };
    const a = registrationStatement(em, write(1));
    const b = registrationStatement(em, write(2));
    expect(a.sql).toBe(b.sql);
    expect(a.params).not.toEqual(b.params);
    expect(a.sql).not.toMatch(/regnum-|Иванов|Адрес|2026-04-1/);
    // Read top to bottom: the counter first, the officer's choice before the rows it decides.
    const order = [
      'counter',
      'numbered',
      'staff',
      'pick',
      'appeal',
      'history',
      'assigned',
      'clocks',
    ];
    const at = order.map((name) => a.sql.indexOf(`${name} AS `));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
  });

  it('runs a repeated text as a named prepared statement of the connection, and caps the names', async () => {
    const text = `SELECT $1::int + 1 AS n /* ${randomUUID()} */`;
    const name = statementName(text);
    expect(name).toMatch(/^ad_[\w-]{24}$/);
    expect(statementName(text)).toBe(name);
    await lazyTransaction(t.db, async (em, tx) => {
      await tx.begin();
      const client = await pgOf(em);
      expect(await preparedQuery(client, text, [41])).toEqual([{ n: 42 }]);
      expect(await preparedQuery(client, text, [1])).toEqual([{ n: 2 }]);
      const prepared = await em.query<{ statement: string }[]>(
        'SELECT statement FROM pg_prepared_statements WHERE name = $1',
        [name],
      );
      expect(prepared.map((p) => p.statement)).toEqual([text]);
    });
    // Errors keep the database's fields, as every other query's do.
    const err = await preparedQuery(await pgOf(t.db), 'SELECT 1 / $1::int AS n', [0]).catch(
      (e: unknown) => e as { code?: string; name?: string },
    );
    expect(err).toMatchObject({ name: 'QueryFailedError', code: '22012' });
    // Past the cap new texts go unnamed: they still run.
    for (let i = 0; statementName(`SELECT ${i} AS filler`) !== null; i++) {
      expect(i).toBeLessThan(MAX_NAMED_STATEMENTS);
    }
    const unnamed = `SELECT $1::text AS s /* ${randomUUID()} */`;
    expect(statementName(unnamed)).toBeNull();
    expect(await preparedQuery(await pgOf(t.db), unnamed, ['ок'])).toEqual([{ s: 'ок' }]);
  });

  it('rolls back when the work throws after writing', async () => {
    const id = randomUUID();
    await expect(
      lazyTransaction(t.db, async (em, tx) => {
        await tx.begin();
        await em.query('INSERT INTO tx_probe (id, label) VALUES ($1, $2)', [id, 'брошено']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await read(id)).toEqual([]);
  });
});
