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

  it('is an error, not a guess, for a year the calendar lacks', async () => {
    const res = await deadline('registeredOn=2027-12-20').expect(422);
    expect(res.body).toMatchObject({ code: 'CALENDAR_YEAR_MISSING', year: 2028 });
    expect(res.body.detail).toContain('2028');
  });

  it('refuses registration on a date whose deadline needs a missing year, storing nothing', async () => {
    t.clock.set('2027-12-20T10:00:00+03:00');
    const { key } = await t.createApiKey(['web']);
    const res = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', key)
      .send(appealBody('web'))
      .expect(422);
    expect(res.body.code).toBe('CALENDAR_YEAR_MISSING');
    expect((await t.db.query('SELECT count(*)::int AS n FROM appeals'))[0].n).toBe(0);
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
    });
    await t.http.get('/api/v1/calendar/2028').auth(officer, { type: 'bearer' }).expect(422);

    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2028" lang="ru" date="2027.09.01" country="ru">
  <holidays><holiday id="1" title="Новогодние каникулы"/></holidays>
  <days>
    <day d="01.01" t="1" h="1"/><day d="01.03" t="1" h="1"/><day d="01.04" t="1" h="1"/>
    <day d="01.05" t="1" h="1"/><day d="01.06" t="1" h="1"/><day d="01.07" t="1" h="1"/>
  </days>
</calendar>`;
    const imported = await t.http
      .post('/api/v1/calendar/import')
      .auth(t.adminToken, { type: 'bearer' })
      .set('Content-Type', 'application/xml')
      .send(xml)
      .expect(201);
    expect(imported.body).toEqual({ year: 2028 });
    // 2027-12-20 + 30 = Wednesday 2028-01-19, a working day once 2028 is known.
    expect((await deadline('registeredOn=2027-12-20').expect(200)).body.dueDate).toBe('2028-01-19');
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
