import { auditEventsQuery, type AuditFilter } from '../src/audit/audit-query';
import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

/**
 * Issue 20, item 7: the audit log readable — GET /audit-events for admins and supervisors,
 * filtered by appeal, actor, action and period (local days), newest first, paged, as CSV;
 * reading it is audited; each filter is one index range (plans checked on 20 000 rows).
 */
describe('GET /audit-events', () => {
  let t: TestApp;
  let key: { id: string; key: string };
  let supervisor: { id: string; token: string };
  let officer: { id: string; token: string };

  interface Item {
    id: string;
    at: string;
    action: string;
    entityType: string;
    entityId: string | null;
    actorUserId: string | null;
    actorUserName: string | null;
    actorApiKeyId: string | null;
    actorApiKeyName: string | null;
    requestId: string | null;
    data: Record<string, unknown> | null;
  }
  interface Page {
    items: Item[];
    nextCursor: string | null;
  }

  const bearer = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
  const get = (query: string, who: { token: string } = supervisor) =>
    t.http.get(`/api/v1/audit-events${query}`).set(bearer(who));
  const page = async (query: string, who: { token: string } = supervisor) =>
    (await get(query, who).expect(200)).body as Page;
  /** Every item of a filter, following the cursor `limit` items at a time. */
  const all = async (query: string, limit: number) => {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const p: Page = await page(
        `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...p.items);
      cursor = p.nextCursor;
    } while (cursor);
    return items;
  };
  const insert = (rows: { at: string; action: string; entityId?: string; actor?: string }[]) =>
    t.db.query(
      `INSERT INTO audit_events (at, action, entity_type, entity_id, actor_user_id)
       SELECT r.at, r.action, 'appeal', r.entity_id, r.actor
         FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::uuid[]) AS r(at, action, entity_id, actor)`,
      [
        rows.map((r) => r.at),
        rows.map((r) => r.action),
        rows.map((r) => r.entityId ?? null),
        rows.map((r) => r.actor ?? null),
      ],
    );

  beforeAll(async () => {
    t = await startTestApp();
    key = await t.createApiKey(['web']);
    supervisor = await t.createStaff(['supervisor']);
    officer = await t.createStaff(['officer'], { departmentId: await t.departmentId('billing') });
  });
  afterAll(() => t.close());

  it('is for admins and supervisors only', async () => {
    await page('?limit=1', supervisor);
    await page('?limit=1', { token: t.adminToken });
    const billing = await t.departmentId('billing');
    for (const roles of [['clerk'], ['officer'], ['head']] as const) {
      const u = await t.createStaff([...roles], { departmentId: billing });
      const res = await get('', u).expect(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    await t.http.get('/api/v1/audit-events').set('X-API-Key', key.key).expect(403);
    await t.http.get('/api/v1/audit-events').expect(401);
  });

  it('finds an appeal’s events, an actor’s (staff or API key) and an action’s, newest first', async () => {
    const appeal = (
      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key.key)
        .send(appealBody('web', { topicCode: 'billing' }))
        .expect(201)
    ).body as { id: string };
    await t.http.get(`/api/v1/appeals/${appeal.id}`).set(bearer(officer)).expect(200);
    await t.http
      .post(`/api/v1/appeals/${appeal.id}/notes`)
      .set(bearer(officer))
      .send({ text: 'Проверить расчёт' })
      .expect(201);

    const byAppeal = await page(`?appealId=${appeal.id}`);
    expect(byAppeal.items.map((i) => [i.action, i.actorUserId ?? i.actorApiKeyId])).toEqual([
      ['note.add', officer.id],
      ['appeal.read', officer.id],
      ['appeal.create', key.id],
    ]);
    expect(byAppeal.items[0]).toMatchObject({
      entityType: 'appeal',
      entityId: appeal.id,
      actorUserName: expect.stringContaining('Сотрудник'),
      actorApiKeyId: null,
      requestId: expect.any(String),
      data: { noteId: expect.any(String) },
    });
    expect(byAppeal.items[2]).toMatchObject({ actorApiKeyName: 'client web', actorUserId: null });
    expect(byAppeal.nextCursor).toBeNull();

    const byKey = await page(`?actorId=${key.id}`);
    expect(byKey.items.map((i) => [i.action, i.entityId])).toContainEqual([
      'appeal.create',
      appeal.id,
    ]);
    expect(byKey.items.every((i) => i.actorApiKeyId === key.id)).toBe(true);

    const byOfficer = await page(`?actorId=${officer.id}&appealId=${appeal.id}`);
    expect(byOfficer.items.map((i) => i.action)).toEqual(['note.add', 'appeal.read']);

    const notes = await page('?action=note.add');
    expect(notes.items.length).toBeGreaterThanOrEqual(1);
    expect(notes.items.every((i) => i.action === 'note.add')).toBe(true);

    expect((await page(`?appealId=${officer.id}`)).items).toEqual([]);
  });

  it('filters by local days of the organisation’s zone and pages without losing a row', async () => {
    // Europe/Moscow is UTC+3: the local 2026-03-02 runs from 2026-03-01T21:00Z to 2026-03-02T21:00Z.
    await insert([
      { at: '2026-03-01T20:59:59.999999Z', action: 'test.period' }, // 1 March, local
      { at: '2026-03-01T21:00:00.000000Z', action: 'test.period' }, // 2 March, 00:00 local
      { at: '2026-03-02T10:00:00.123456Z', action: 'test.period' },
      { at: '2026-03-02T10:00:00.123789Z', action: 'test.period' },
      { at: '2026-03-02T10:00:00.123000Z', action: 'test.period' },
      { at: '2026-03-02T10:00:00.123000Z', action: 'test.period' },
      { at: '2026-03-02T20:59:59.999999Z', action: 'test.period' }, // 2 March, 23:59:59 local
      { at: '2026-03-02T21:00:00.000000Z', action: 'test.period' }, // 3 March
    ]);
    const day = await page('?action=test.period&from=2026-03-02&to=2026-03-02');
    expect(day.items).toHaveLength(6);
    expect(day.items[0].at).toBe('2026-03-02T20:59:59.999Z');
    expect(day.items[5].at).toBe('2026-03-01T21:00:00.000Z');
    expect((await page('?action=test.period&to=2026-03-01')).items).toHaveLength(1);
    expect((await page('?action=test.period&from=2026-03-03')).items).toHaveLength(1);

    // One at a time: rows microseconds apart and rows at the same instant, each exactly once.
    const ones = await all('?action=test.period', 1);
    expect(new Set(ones.map((i) => i.id)).size).toBe(8);
    const all8 = await page('?action=test.period');
    expect(ones.map((i) => i.id)).toEqual(all8.items.map((i) => i.id));
    const inDay = await all('?action=test.period&from=2026-03-02&to=2026-03-02', 2);
    expect(inDay.map((i) => i.id)).toEqual(day.items.map((i) => i.id));
  });

  it('refuses bad filters with problem documents', async () => {
    const codes = async (query: string) => {
      const res = await get(query).expect(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      return (
        (res.body.errors as { field: string; code: string }[] | undefined)?.map(
          (e) => `${e.field} ${e.code}`,
        ) ?? [res.body.code as string]
      );
    };
    expect(await codes('?from=2026-04-10&to=2026-04-01')).toEqual(['from INVALID_PERIOD']);
    expect(await codes('?from=2026-02-30')).toEqual(['from INVALID_DATE']);
    expect(await codes('?to=10.04.2026')).toEqual(['to INVALID_FORMAT']);
    expect(await codes('?appealId=42')).toEqual(['appealId INVALID_UUID']);
    expect(await codes('?actorId=x')).toEqual(['actorId INVALID_UUID']);
    expect(await codes("?action=appeal.read'--")).toEqual(['action INVALID_FORMAT']);
    expect(await codes('?format=xlsx')).toEqual(['format INVALID_VALUE']);
    expect(await codes('?cursor=bm9wZQ')).toEqual(['INVALID_CURSOR']);
    // A cursor of another list (the appeals list's: a UUID id) is refused too.
    const foreign = Buffer.from(
      JSON.stringify({ r: '2026-04-10T06:00:00.000Z', i: officer.id }),
    ).toString('base64url');
    expect(await codes(`?cursor=${foreign}`)).toEqual(['INVALID_CURSOR']);
  });

  it('records every read of the log, with its filters', async () => {
    const reader = await t.createStaff(['supervisor']);
    await page(`?action=appeal.read&from=2026-04-01&appealId=${officer.id}`, reader);
    await get(`?actorId=${officer.id}&format=csv`, reader).expect(200);
    const rows = await t.db.query<
      { action: string; entity_type: string; entity_id: string | null; data: unknown }[]
    >(
      `SELECT action, entity_type, entity_id, data FROM audit_events
        WHERE actor_user_id = $1 ORDER BY id`,
      [reader.id],
    );
    expect(rows).toEqual([
      {
        action: 'audit.read',
        entity_type: 'audit',
        entity_id: null,
        data: { format: 'json', action: 'appeal.read', from: '2026-04-01', appealId: officer.id },
      },
      {
        action: 'audit.read',
        entity_type: 'audit',
        entity_id: null,
        data: { format: 'csv', actorId: officer.id },
      },
    ]);
  });

  it('exports every matching event as CSV, UTF-8 with BOM, formula cells neutralised', async () => {
    // A staff name is typed by an admin: the CSV must not let Excel run it.
    const formula = '=HYPERLINK("http://evil.example/","Открыть")';
    const login = 'formula-supervisor';
    const password = 'pw-formula-supervisor-0123456789';
    const created = await t.http
      .post('/api/v1/users')
      .auth(t.adminToken, { type: 'bearer' })
      .send({ login, password, fullName: formula, roles: ['supervisor'] })
      .expect(201);
    const token = await t.login(login, password);
    await page('?action=test.period', { token });

    const res = await t.http
      .get(`/api/v1/audit-events?actorId=${created.body.id}&format=csv`)
      .set(bearer(supervisor))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="audit-2026-04-10.csv"');
    const text = (res.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Номер записи;Дата и время (Europe/Moscow);Действие;Объект;Идентификатор объекта;' +
        'Сотрудник;Идентификатор сотрудника;Ключ API;Идентификатор ключа API;Запрос;Данные',
    );
    expect(lines).toHaveLength(2);
    const cells = lines[1].split(';');
    expect(cells[2]).toBe('audit.read');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example/"",""Открыть"")"`);
    expect(cells[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    // The Accept header asks for CSV too; a bad filter is still a problem document.
    const viaAccept = await t.http
      .get(`/api/v1/audit-events?actorId=${created.body.id}`)
      .set(bearer(supervisor))
      .set('Accept', 'text/csv')
      .expect(200);
    expect(viaAccept.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bad = await get('?format=csv&from=2026-04-10&to=2026-04-01').expect(422);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.headers['content-disposition']).toBeUndefined();
  });

  it('reads each filter through its own index, never sorting more than a page (20 000 rows)', async () => {
    await t.db.query(`
      INSERT INTO audit_events (at, actor_user_id, actor_api_key_id, action, entity_type, entity_id, data)
      SELECT timestamptz '2026-01-01' + (g * interval '4 minutes'),
             CASE WHEN g % 10 <> 0 THEN ('00000000-0000-4000-8000-' || lpad((g % 50)::text, 12, '0'))::uuid END,
             CASE WHEN g % 10 = 0 THEN ('00000000-0000-4000-9000-' || lpad((g % 5)::text, 12, '0'))::uuid END,
             -- As in life: reads dominate, an admin's change is rare (20 of 20 000).
             CASE WHEN g % 1000 = 8 THEN 'users.update'
                  ELSE (ARRAY['appeal.read','appeal.read','appeal.read','appeal.list','appeal.create',
                              'note.read','appeal.answer','report.journal','appeal.read','audit.read'])[1 + g % 10]
             END,
             CASE WHEN g % 10 = 7 THEN 'report' ELSE 'appeal' END,
             CASE WHEN g % 10 = 7 THEN NULL
                  ELSE '00000000-0000-4000-a000-' || lpad((g % 2000)::text, 12, '0') END,
             NULL
        FROM generate_series(1, 20000) AS g`);
    await t.db.query('ANALYZE audit_events');
    const appeal = '00000000-0000-4000-a000-000000000042';
    const user = '00000000-0000-4000-8000-000000000007';
    const apiKey = '00000000-0000-4000-9000-000000000000';
    const AUDIT_PK = 'PK_910f64d901a5c3e9878f0d4a407';
    const ENTITY_INDEX = 'IDX_5c7623cfe8d008e1c1fd758fbc'; // (entity_type, entity_id)
    const shapes: [string, Partial<AuditFilter>, string][] = [
      ['no filter', {}, 'idx_audit_events_at'],
      ['period', { from: '2026-01-20', to: '2026-01-25' }, 'idx_audit_events_at'],
      ['appeal', { appealId: appeal }, ENTITY_INDEX],
      ['appeal, period', { appealId: appeal, from: '2026-01-10' }, ENTITY_INDEX],
      ['user', { actor: { column: 'actor_user_id', id: user } }, 'idx_audit_events_actor_user'],
      ['key', { actor: { column: 'actor_api_key_id', id: apiKey } }, 'idx_audit_events_actor_key'],
      ['action', { action: 'users.update' }, 'idx_audit_events_action'],
      // A per-view read is most of the log: found walking (at, id), not in the action index.
      ['read action', { action: 'appeal.read' }, 'idx_audit_events_at'],
      [
        'action, period, cursor',
        {
          action: 'users.update',
          from: '2026-01-05',
          to: '2026-02-01',
          after: { at: '2026-01-20T10:00:00.000000Z', id: '99999' },
        },
        'idx_audit_events_action',
      ],
    ];
    interface PlanNode {
      'Node Type': string;
      'Relation Name'?: string;
      'Index Name'?: string;
      'Scan Direction'?: string;
      'Plan Rows': number;
      Plans?: PlanNode[];
    }
    const flatten = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(flatten)];
    for (const [name, filter, index] of shapes) {
      const { sql, params } = auditEventsQuery({ limit: 51, ...filter }, t.config.timeZone);
      const [{ 'QUERY PLAN': plan }] = await t.db.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }[]>(
        `EXPLAIN (FORMAT JSON) ${sql}`,
        params,
      );
      const nodes = flatten(plan[0].Plan);
      const onAudit = nodes.filter((n) => n['Relation Name'] === 'audit_events');
      // The filter's index and no other way into the table; a sort only of what fits in a page
      // (a few rows: the planner may fetch them by bitmap and sort), never of a whole range.
      expect({
        name,
        indexes: nodes
          .map((n) => n['Index Name'] ?? '')
          .filter((i) => i.startsWith('idx_audit_events') || i === AUDIT_PK || i === ENTITY_INDEX),
        seqScan: onAudit.some((n) => n['Node Type'] === 'Seq Scan'),
        sortsMoreThanAPage:
          nodes.some((n) => n['Node Type'].includes('Sort')) &&
          onAudit.some((n) => n['Plan Rows'] > 51),
      }).toEqual({ name, indexes: [index], seqScan: false, sortsMoreThanAPage: false });
    }
  });
});
