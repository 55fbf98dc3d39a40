import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

/**
 * Issue 22, item 5: topic attributes (Open311 service attributes). An admin defines a topic's
 * extra fields; GET /topics gives them to the website; POST /appeals checks `attributes` against
 * them — 422 on an interactive channel, validationIssues on a physical one —, stores them
 * normalised, shows them, filters by them (`attr.<code>=`) and exports them in the journal.
 */
describe('topic attributes', () => {
  let t: TestApp;
  let clerk: { id: string; token: string };
  let supervisor: { id: string; token: string };
  let webKey: string;
  const bearer = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const binary = (res: Response, cb: (e: Error | null, b: unknown) => void): void => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };
  const attributes = [
    { code: 'period', label: 'Период (месяц и год)', type: 'string', required: true },
    {
      code: 'what_changed',
      label: 'Что изменилось',
      type: 'enum',
      required: false,
      options: [
        { value: 'sold', label: 'Продал' },
        { value: 'bought', label: 'Купил' },
      ],
      help: 'Выберите, что произошло',
    },
    { code: 'residents', label: 'Проживает человек', type: 'number', required: false },
    { code: 'since', label: 'С какой даты', type: 'date', required: false },
  ];
  const count = async (): Promise<number> =>
    (await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM appeals'))[0].n;
  const web = (over: Record<string, unknown>) =>
    t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', webKey)
      .send(appealBody('web', { topicCode: 'bill_attrs', ...over }));

  beforeAll(async () => {
    t = await startTestApp();
    clerk = await t.createStaff(['clerk']);
    supervisor = await t.createStaff(['supervisor']);
    webKey = (await t.createApiKey(['web'])).key;
  });
  afterAll(() => t.close());

  it('an admin defines attributes on POST /topics and GET /topics shows them', async () => {
    const departmentId = await t.departmentId('billing');
    const res = await t.http
      .post('/api/v1/topics')
      .set(admin())
      .send({ code: 'bill_attrs', name: 'Тематика с полями', departmentId, attributes })
      .expect(201);
    expect(res.body.attributes).toEqual(attributes);
    const list = await t.http.get('/api/v1/topics').set(bearer(supervisor)).expect(200);
    const topic = list.body.items.find((i: { code: string }) => i.code === 'bill_attrs');
    expect(topic.attributes).toEqual(attributes);
    // A topic without any has an empty list.
    expect(list.body.items.find((i: { code: string }) => i.code === 'other').attributes).toEqual(
      [],
    );
  });

  it('the seed has the two example topics with attributes', async () => {
    const list = await t.http.get('/api/v1/topics').set(bearer(supervisor)).expect(200);
    const names = new Map<string, { code: string; type: string }[]>(
      list.body.items.map((i: { name: string; attributes: [] }) => [i.name, i.attributes]),
    );
    expect(names.get('Не получил платёжный документ')?.map((a) => a.code)).toEqual([
      'period',
      'delivery_address',
    ]);
    expect(names.get('Изменение сведений лицевого счёта')?.map((a) => [a.code, a.type])).toEqual([
      ['what_changed', 'enum'],
      ['since', 'date'],
      ['residents', 'number'],
    ]);
  });

  it.each([
    ['a duplicate code', [attributes[0], attributes[0]], 'attributes[1].code', 'NOT_UNIQUE'],
    [
      'an enum without options',
      [{ code: 'x', label: 'Икс', type: 'enum', required: true }],
      'attributes[0].options',
      'REQUIRED',
    ],
    [
      'options on a string',
      [{ ...attributes[0], options: [{ value: 'a', label: 'А' }] }],
      'attributes[0].options',
      'NOT_ALLOWED',
    ],
    [
      'a code of the wrong format',
      [{ ...attributes[0], code: 'Period' }],
      'attributes[0].code',
      'INVALID_FORMAT',
    ],
    [
      'an unknown type',
      [{ ...attributes[0], type: 'money' }],
      'attributes[0].type',
      'INVALID_VALUE',
    ],
  ])('refuses %s on PATCH /topics/{code} and keeps the topic', async (_, bad, field, code) => {
    const res = await t.http
      .patch('/api/v1/topics/bill_attrs')
      .set(admin())
      .send({ attributes: bad })
      .expect(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field, code }));
    const list = await t.http.get('/api/v1/topics').set(admin()).expect(200);
    expect(
      list.body.items.find((i: { code: string }) => i.code === 'bill_attrs').attributes,
    ).toEqual(attributes);
  });

  it('on web, a missing required attribute is a 422 naming it, and nothing is stored', async () => {
    const before = await count();
    const res = await web({ attributes: { residents: 2 } }).expect(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'attributes.period', code: 'REQUIRED' }),
    ]);
    expect(res.body.errors[0].message).toContain('Период (месяц и год)');
    expect(await count()).toBe(before);
  });

  it('on web, attributes of the wrong type are a 422 naming each, and nothing is stored', async () => {
    const before = await count();
    const res = await web({
      attributes: {
        period: 'март 2026',
        residents: 'двое',
        since: '2026-02-30',
        what_changed: 'x',
      },
    }).expect(422);
    expect(
      (res.body.errors as { field: string; code: string }[]).map((e) => [e.field, e.code]),
    ).toEqual([
      ['attributes.what_changed', 'INVALID_OPTION'],
      ['attributes.residents', 'INVALID_NUMBER'],
      ['attributes.since', 'INVALID_DATE'],
    ]);
    const unknown = await web({ attributes: { period: 'март', colour: 'red' } }).expect(422);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ field: 'attributes.colour', code: 'UNKNOWN_ATTRIBUTE' }),
    ]);
    expect(await count()).toBe(before);
  });

  it('checks attributes in the JSON part of a multipart request too', async () => {
    const before = await count();
    const res = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', webKey)
      .field(
        'appeal',
        JSON.stringify(
          appealBody('web', { topicCode: 'bill_attrs', attributes: { residents: 1 } }),
        ),
      )
      .attach('files', Buffer.from('фото квитанции'), {
        filename: 'квитанция.txt',
        contentType: 'text/plain',
      })
      .expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'attributes.period', code: 'REQUIRED' }),
    ]);
    expect(await count()).toBe(before);
  });

  it('refuses a value that is not a scalar on every channel', async () => {
    const res = await t.http
      .post('/api/v1/appeals')
      .set(bearer(clerk))
      .send(appealBody('post', { topicCode: 'bill_attrs', attributes: { period: { a: 1 } } }))
      .expect(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'attributes' }));
  });

  let webId: string;
  let postId: string;

  it('on web, valid attributes are stored normalised and shown in the appeal', async () => {
    const res = await web({
      attributes: {
        period: ' март 2026 ',
        residents: '3',
        since: '2026-03-01',
        what_changed: 'sold',
      },
    }).expect(201);
    webId = res.body.id;
    const stored = { period: 'март 2026', residents: 3, since: '2026-03-01', what_changed: 'sold' };
    expect(res.body.attributes).toEqual(stored);
    const read = await t.http.get(`/api/v1/appeals/${webId}`).set(bearer(supervisor)).expect(200);
    expect(read.body.attributes).toEqual(stored);
    const [row] = await t.db.query<{ attributes: unknown }[]>(
      'SELECT attributes FROM appeals WHERE id = $1',
      [webId],
    );
    expect(row.attributes).toEqual(stored);
  });

  it('on post, a clerk registers it anyway with the gaps as validationIssues', async () => {
    const res = await t.http
      .post('/api/v1/appeals')
      .set(bearer(clerk))
      .send(appealBody('post', { topicCode: 'bill_attrs', attributes: { residents: 'трое' } }))
      .expect(201);
    postId = res.body.id;
    expect(res.body.regNumber).toMatch(/^2026-\d{6}$/);
    expect(res.body.validationIssues).toEqual([
      expect.objectContaining({ field: 'attributes.period', code: 'REQUIRED' }),
      expect.objectContaining({ field: 'attributes.residents', code: 'INVALID_NUMBER' }),
    ]);
    // What the letter said is kept as written.
    expect(res.body.attributes).toEqual({ residents: 'трое' });
  });

  it('filters GET /appeals by attr.<code>=value', async () => {
    const ids = async (query: string): Promise<string[]> =>
      (
        await t.http.get(`/api/v1/appeals?${query}`).set(bearer(supervisor)).expect(200)
      ).body.items.map((a: { id: string }) => a.id);
    expect(await ids('attr.residents=3')).toEqual([webId]);
    expect(
      await ids(`attr.period=${encodeURIComponent('март 2026')}&attr.what_changed=sold`),
    ).toEqual([webId]);
    expect(await ids('attr.residents=4')).toEqual([]);
    expect(await ids(`attr.residents=${encodeURIComponent('трое')}`)).toEqual([postId]);
    const bad = await t.http
      .get('/api/v1/appeals?attr.Bad-Code=1')
      .set(bearer(supervisor))
      .expect(422);
    expect(bad.body.errors).toContainEqual(
      expect.objectContaining({ field: 'attr.Bad-Code', code: 'INVALID_FORMAT' }),
    );
  });

  it('the attr filter can be served by the GIN index', async () => {
    const plan = await t.db.transaction(async (em) => {
      await em.query('SET LOCAL enable_seqscan = off');
      const rows = await em.query<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT id FROM appeals a
          WHERE (a.attributes @> CAST($1 AS jsonb) OR a.attributes @> CAST($2 AS jsonb))`,
        ['{"residents":"3"}', '{"residents":3}'],
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('idx_appeals_attributes');
  });

  it('exports «Дополнительные сведения» in the registration journal: JSON, CSV and XLSX', async () => {
    const cell =
      'Период (месяц и год): март 2026; Что изменилось: Продал; Проживает человек: 3; С какой даты: 2026-03-01';
    const period = 'from=2026-04-01&to=2026-04-30';
    const json = await t.http
      .get(`/api/v1/reports/journal?${period}&limit=500`)
      .set(bearer(supervisor))
      .expect(200);
    const item = json.body.items.find((i: { appealId: string }) => i.appealId === webId);
    expect(item.additionalInfo).toBe(cell);

    const csv = await t.http
      .get(`/api/v1/reports/journal?${period}&format=csv`)
      .set(bearer(supervisor))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const lines = (csv.body as Buffer).toString('utf8').slice(1).trim().split('\r\n');
    const column = lines[0].split(';').indexOf('Дополнительные сведения');
    expect(column).toBeGreaterThan(-1);
    const row = lines.find((l) => l.includes('март 2026'));
    expect(row?.split(';').slice(column).join(';')).toContain(cell);

    const xlsx = await t.http
      .get(`/api/v1/reports/journal?${period}&format=xlsx`)
      .set(bearer(supervisor))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ExcelJS.Buffer);
    const sheet = wb.worksheets[0];
    const titles = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = titles.indexOf('Дополнительные сведения') + 1;
    expect(col).toBeGreaterThan(0);
    const values: unknown[] = [];
    sheet.eachRow((r, n) => {
      if (n > 1) values.push(r.getCell(col).value);
    });
    expect(values).toContain(cell);
  });

  it('a topic correction re-checks the stored attributes: never refused, the misfits recorded', async () => {
    const created = await web({
      attributes: { period: 'март 2026', residents: '3', what_changed: 'bought' },
    }).expect(201);
    const id = created.body.id as string;
    expect(created.body.validationIssues).toEqual([]);
    const patch = (topicCode: string) =>
      t.http
        .patch(`/api/v1/appeals/${id}`)
        .set(bearer(supervisor))
        .send({ topicCode, reason: 'Тематика выбрана неверно' })
        .expect(200);
    // account_change: «since» is required there, «period» is not one of its fields.
    const moved = await patch('account_change');
    expect(moved.body.topicCode).toBe('account_change');
    expect(moved.body.attributes).toEqual({
      period: 'март 2026',
      residents: 3,
      what_changed: 'bought',
    });
    expect(moved.body.validationIssues).toEqual([
      expect.objectContaining({ field: 'attributes.since', code: 'REQUIRED' }),
      expect.objectContaining({ field: 'attributes.period', code: 'UNKNOWN_ATTRIBUTE' }),
    ]);
    const history = async () =>
      (
        await t.http.get(`/api/v1/appeals/${id}/history`).set(bearer(supervisor)).expect(200)
      ).body.items
        .filter((e: { type: string }) => e.type === 'corrected')
        .map((e: { data: { field: string } }) => e.data)
        .filter((d: { field: string }) => d.field === 'validationIssues');
    expect(await history()).toEqual([
      {
        field: 'validationIssues',
        from: [],
        to: [
          expect.objectContaining({ field: 'attributes.since', code: 'REQUIRED' }),
          expect.objectContaining({ field: 'attributes.period', code: 'UNKNOWN_ATTRIBUTE' }),
        ],
      },
    ]);
    // Back to a topic they fit: the attribute issues go.
    const back = await patch('bill_attrs');
    expect(back.body.validationIssues).toEqual([]);
    expect((await history())[1]).toMatchObject({ field: 'validationIssues', to: [] });
  });
});
