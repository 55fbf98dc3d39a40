import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

describe('deadlines and the production calendar', () => {
  let t: TestApp;
  let officer: string;

  beforeAll(async () => {
    t = await startTestApp();
    officer = (await t.createStaff(['officer'])).token;
  });
  afterAll(() => t.close());

  const deadline = (query: string) =>
    t.http.get(`/api/v1/deadlines?${query}`).auth(officer, { type: 'bearer' });

  it('answers the spec example: 2026-04-10 + 30 days = Sunday 2026-05-10 → 2026-05-08', async () => {
    const res = await deadline('registeredOn=2026-04-10').expect(200);
    expect(res.body).toMatchObject({
      dueDate: '2026-05-08',
      termDays: 30,
      unit: 'calendar',
      policy: 'backward',
    });
  });

  it('uses the kind: a claim has 10 calendar days, an owner request 10 working days', async () => {
    expect((await deadline('registeredOn=2026-04-10&kind=claim').expect(200)).body).toMatchObject({
      dueDate: '2026-04-20',
      termDays: 10,
      maxExtensionDays: 0,
    });
    // 10 working days from 2026-04-29 over the May holidays
    expect((await deadline('registeredOn=2026-04-29&kind=request').expect(200)).body).toMatchObject(
      {
        dueDate: '2026-05-15',
        unit: 'working',
      },
    );
  });

  it("takes the topic's policy when it ends earlier", async () => {
    const res = await deadline('registeredOn=2026-04-10&topicCode=service_quality').expect(200);
    expect(res.body).toMatchObject({ dueDate: '2026-04-15', termDays: 3, unit: 'working' });
  });

  it('follows an admin change of the kind policy (forward policy)', async () => {
    await t.http
      .put('/api/v1/sla-policies/proposal')
      .auth(t.adminToken, { type: 'bearer' })
      .send({
        termDays: 30,
        unit: 'calendar',
        maxExtensionDays: 30,
        nonWorkingDayPolicy: 'forward',
      })
      .expect(200);
    expect((await deadline('registeredOn=2026-04-10&kind=proposal').expect(200)).body.dueDate).toBe(
      '2026-05-12',
    );
  });

  it('answers a provisional date, never an error, for a year the calendar lacks (issue 19)', async () => {
    const res = await deadline('registeredOn=2027-12-20').expect(200);
    // Wednesday 2028-01-19 by ТК ст. 112 alone.
    expect(res.body).toMatchObject({ dueDate: '2028-01-19', provisional: true });
    expect((await deadline('registeredOn=2026-04-10').expect(200)).body.provisional).toBe(false);
  });

  it('registers on a date whose deadline needs a missing year, with a provisional date', async () => {
    t.clock.set('2027-12-20T10:00:00+03:00');
    const { key } = await t.createApiKey(['web']);
    const res = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', key)
      .send(appealBody('web'))
      .expect(201);
    expect(res.body).toMatchObject({ dueDate: '2028-01-19', dueDateProvisional: true });
    expect((await t.db.query('SELECT count(*)::int AS n FROM appeals'))[0].n).toBe(1);
    t.clock.set('2026-04-10T09:00:00+03:00');
  });

  it('validates the query', async () => {
    const res = await deadline('registeredOn=2026-02-30&kind=poem').expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['kind']);
    const impossible = await deadline('registeredOn=2026-02-30').expect(422);
    expect(impossible.body.errors[0]).toMatchObject({
      field: 'registeredOn',
      code: 'INVALID_DATE',
    });
    await deadline('registeredOn=2026-04-10&topicCode=nope').expect(422);
  });

  it('shows a calendar year and imports a new one from xmlcalendar XML', async () => {
    const y2026 = await t.http
      .get('/api/v1/calendar/2026')
      .auth(officer, { type: 'bearer' })
      .expect(200);
    expect(y2026.body.days).toContainEqual({
      date: '2026-05-11',
      type: 1,
      note: expect.any(String),
      source: 'federal',
    });
    // A year not loaded is shown as the provisional calendar gives it (issue 19).
    const y2028 = await t.http
      .get('/api/v1/calendar/2028')
      .auth(officer, { type: 'bearer' })
      .expect(200);
    expect(y2028.body).toMatchObject({ year: 2028, source: 'provisional', provisional: true });

    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2028" lang="ru" date="2027.09.01" country="ru">
  <holidays><holiday id="1" title="Новогодние каникулы"/></holidays>
  <days>
    <day d="01.01" t="1" h="1"/><day d="01.02" t="1" h="1"/><day d="01.03" t="1" h="1"/>
    <day d="01.04" t="1" h="1"/><day d="01.05" t="1" h="1"/><day d="01.06" t="1" h="1"/>
    <day d="01.07" t="1"/><day d="01.08" t="1" h="1"/><day d="02.23" t="1"/>
    <day d="03.08" t="1"/><day d="05.01" t="1"/><day d="05.09" t="1"/><day d="06.12" t="1"/>
    <day d="11.03" t="2"/><day d="11.04" t="1"/><day d="11.06" t="1" f="11.04"/>
  </days>
</calendar>`;
    const imported = await t.http
      .post('/api/v1/calendar/import')
      .auth(t.adminToken, { type: 'bearer' })
      .set('Content-Type', 'application/xml')
      .send(xml)
      .expect(201);
    // The appeal registered above on 2027-12-20: its date stays, no longer provisional.
    expect(imported.body).toEqual({ year: 2028, recomputed: 1 });
    // 2027-12-20 + 30 = Wednesday 2028-01-19, a working day once 2028 is known.
    expect((await deadline('registeredOn=2027-12-20').expect(200)).body).toMatchObject({
      dueDate: '2028-01-19',
      provisional: false,
    });
  });

  it('rejects a malformed calendar document', async () => {
    const res = await t.http
      .post('/api/v1/calendar/import')
      .auth(t.adminToken, { type: 'bearer' })
      .set('Content-Type', 'application/xml')
      .send('<calendar year="abc"><days/></calendar>')
      .expect(422);
    expect(res.body.errors[0].code).toBe('INVALID_CALENDAR');
  });
});

describe("a topic's own deadline policy through the API", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const admin = () => ({ type: 'bearer' as const });
  const putPolicy = (code: string, body: object) =>
    t.http.put(`/api/v1/sla-policies/topics/${code}`).auth(t.adminToken, admin()).send(body);
  const dueFor = async (topicCode: string): Promise<string> =>
    (
      await t.http
        .get(`/api/v1/deadlines?registeredOn=2026-04-10&topicCode=${topicCode}`)
        .auth(t.adminToken, admin())
        .expect(200)
    ).body.dueDate;
  const createTopic = async (code: string, slaPolicyId?: string) =>
    t.http
      .post('/api/v1/topics')
      .auth(t.adminToken, admin())
      .send({
        code,
        name: `Тема ${code}`,
        departmentId: await t.departmentId('general'),
        slaPolicyId,
      })
      .expect(201);
  const policies = async () =>
    (await t.http.get('/api/v1/sla-policies').auth(t.adminToken, admin()).expect(200)).body
      .items as { id: string; kind: string | null; termDays: number; topicCodes: string[] }[];
  const term = { unit: 'working', maxExtensionDays: 0, nonWorkingDayPolicy: 'backward' };

  it('creates, changes in place and removes a topic policy; deadlines follow at once', async () => {
    await createTopic('heating_urgent');
    // Without a policy of its own: the kind's 30 calendar days (Sunday 2026-05-10 → Friday).
    expect(await dueFor('heating_urgent')).toBe('2026-05-08');
    const created = await putPolicy('heating_urgent', { ...term, termDays: 5 }).expect(200);
    expect(created.body).toMatchObject({
      kind: null,
      termDays: 5,
      unit: 'working',
      warnDaysBefore: [5, 2, 1],
      topicCodes: ['heating_urgent'],
      name: 'Тематика «Тема heating_urgent»',
    });
    // Friday 2026-04-10 + 5 working days.
    expect(await dueFor('heating_urgent')).toBe('2026-04-17');
    const { key } = await t.createApiKey(['web']);
    const appeal = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', key)
      .send({ ...appealBody('web'), topicCode: 'heating_urgent' })
      .expect(201);
    expect(appeal.body.dueDate).toBe('2026-04-17');

    const changed = await putPolicy('heating_urgent', { ...term, termDays: 7 }).expect(200);
    expect(changed.body.id).toBe(created.body.id);
    expect(await dueFor('heating_urgent')).toBe('2026-04-21');

    await t.http
      .delete('/api/v1/sla-policies/topics/heating_urgent')
      .auth(t.adminToken, admin())
      .expect(204);
    expect(await dueFor('heating_urgent')).toBe('2026-05-08');
    // Kept for the appeals registered under it, linked to no topic.
    expect((await policies()).find((p) => p.id === created.body.id)).toMatchObject({
      termDays: 7,
      topicCodes: [],
    });
  });

  it("never changes another topic's term or a kind's default through a topic", async () => {
    const shared = (await putPolicy('meters', { ...term, termDays: 4 }).expect(200)).body;
    await createTopic('meters_seal', shared.id);
    expect((await policies()).find((p) => p.id === shared.id)?.topicCodes).toEqual([
      'meters',
      'meters_seal',
    ]);
    const split = (await putPolicy('meters_seal', { ...term, termDays: 2 }).expect(200)).body;
    expect(split.id).not.toBe(shared.id);
    expect(await dueFor('meters')).toBe('2026-04-16');
    expect(await dueFor('meters_seal')).toBe('2026-04-14');

    const claim = (await policies()).find((p) => p.kind === 'claim')!;
    await createTopic('claims_fast', claim.id);
    const own = (await putPolicy('claims_fast', { ...term, termDays: 1 }).expect(200)).body;
    expect(own.id).not.toBe(claim.id);
    expect((await policies()).find((p) => p.kind === 'claim')).toMatchObject({
      termDays: claim.termDays,
      topicCodes: [],
    });
  });

  it('answers 404 for an unknown topic and 422 for a bad term, changing nothing', async () => {
    const before = await policies();
    const missing = await putPolicy('no_such_topic', { ...term, termDays: 5 }).expect(404);
    expect(missing.body).toMatchObject({ code: 'TOPIC_NOT_FOUND' });
    expect(missing.body.detail).toContain('no_such_topic');
    await t.http
      .delete('/api/v1/sla-policies/topics/no_such_topic')
      .auth(t.adminToken, admin())
      .expect(404);
    const bad = await putPolicy('outage', { ...term, termDays: 0, unit: 'lunar' }).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'termDays',
      'unit',
    ]);
    expect(await policies()).toEqual(before);
  });
});
