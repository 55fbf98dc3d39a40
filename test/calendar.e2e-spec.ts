import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { CALENDAR_REFRESH_MS } from '../src/sla/calendar.service';
import { provisionalYear } from '../src/sla/provisional-calendar';
import { appealBody } from './support/factories';
import { sample } from './support/prometheus';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 19, items 1–4: a year the production calendar lacks never stops registration (the
 * provisional calendar of ТК ст. 112), the official year recomputes what it moves, the calendar
 * says when it is behind, and a region's own days off count.
 */

/** A complete official year: the holidays of ТК ст. 112 (and ч. 2 moves) plus `extra` days. */
interface XmlDay {
  d: string;
  t: 1 | 2 | 3;
  f?: string;
}
function officialXml(year: number, extra: XmlDay[] = []): string {
  const days = provisionalYear(year).map((p): XmlDay => ({
    d: `${p.date.slice(5, 7)}.${p.date.slice(8)}`,
    t: 1,
  }));
  const all = [...days.filter((x) => !extra.some((e) => e.d === x.d)), ...extra].sort((a, b) =>
    a.d < b.d ? -1 : 1,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<calendar year="${year}" lang="ru" date="${year - 1}.09.01" country="ru">
  <holidays><holiday id="1" title="Новогодние каникулы"/></holidays>
  <days>
${all.map((x) => `    <day d="${x.d}" t="${x.t}"${x.f ? ` f="${x.f}"` : ''}/>`).join('\n')}
  </days>
</calendar>`;
}

describe('a deadline in a year the calendar lacks', () => {
  let t: TestApp;
  let clerk: string;
  let supervisor: string;
  let officer: { id: string; token: string };
  const ids: Record<'A' | 'B' | 'C' | 'E', string> = { A: '', B: '', C: '', E: '' };
  const logs: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      now: '2027-11-01T10:00:00+03:00',
      // Batches of two: the recomputation below spans several.
      env: { CALENDAR_RECOMPUTE_BATCH: '2', LOG_LEVEL: 'warn' },
      logStream: { write: (line: string) => void logs.push(line) },
    });
    clerk = (await t.createStaff(['clerk'])).token;
    supervisor = (await t.createStaff(['supervisor'])).token;
    officer = await t.createStaff(['officer'], { departmentId: await t.departmentId('billing') });
    await t.db.query("UPDATE users SET email = login || '@staff.example.ru' WHERE id = $1", [
      officer.id,
    ]);
  });
  afterAll(() => t.close());

  const admin = () => ({ type: 'bearer' as const });
  /** A paper letter registered by a clerk (SPEC §2): a complaint, 30 calendar days, backward. */
  const registerLetter = async (at: string) => {
    t.clock.set(at);
    return t.http
      .post('/api/v1/appeals')
      .auth(clerk, { type: 'bearer' })
      .send(appealBody('post'))
      .expect(201);
  };
  const appeal = async (id: string) =>
    (await t.http.get(`/api/v1/appeals/${id}`).auth(t.adminToken, admin()).expect(200)).body;
  const recomputedEvents = async (id: string) =>
    (
      await t.http.get(`/api/v1/appeals/${id}/history`).auth(t.adminToken, admin()).expect(200)
    ).body.items.filter((e: { type: string }) => e.type === 'due_date_recomputed');
  const importYear = (xml: string) =>
    t.http
      .post('/api/v1/calendar/import')
      .auth(t.adminToken, admin())
      .set('Content-Type', 'application/xml')
      .send(xml);
  const deadline = async (registeredOn: string) =>
    (
      await t.http
        .get(`/api/v1/deadlines?registeredOn=${registeredOn}`)
        .auth(clerk, { type: 'bearer' })
        .expect(200)
    ).body;

  it('registers a letter whose deadline needs a missing year: 201, provisional date', async () => {
    const a = await registerLetter('2027-11-01T10:00:00+03:00');
    expect(a.body).toMatchObject({ dueDate: '2027-12-01', dueDateProvisional: false });
    ids.A = a.body.id;
    // 2027-11-25 + 30 = Saturday 2027-12-25 → Friday 2027-12-24, firm.
    ids.E = (await registerLetter('2027-11-25T10:00:00+03:00')).body.id;

    const b = await registerLetter('2027-12-15T10:00:00+03:00');
    // 2027-12-15 + 30 = Friday 2028-01-14: a working day by ТК ст. 112 alone.
    expect(b.body).toMatchObject({ dueDate: '2028-01-14', dueDateProvisional: true });
    ids.B = b.body.id;
    const c = await registerLetter('2027-12-20T10:00:00+03:00');
    expect(c.body).toMatchObject({
      status: 'assigned',
      assigneeId: officer.id,
      dueDate: '2028-01-19',
      dueDateProvisional: true,
    });
    ids.C = c.body.id;
    const [{ year }] = await t.db.query('SELECT max(year)::int AS year FROM calendar_years');
    expect(year).toBe(2027);

    expect(await deadline('2027-12-20')).toMatchObject({
      dueDate: '2028-01-19',
      provisional: true,
    });
    expect(await deadline('2027-11-01')).toMatchObject({
      dueDate: '2027-12-01',
      provisional: false,
    });
  });

  it('extends a firm date into the missing year: the new date is provisional', async () => {
    t.clock.set('2027-12-01T10:00:00+03:00');
    const ext = await t.http
      .post(`/api/v1/appeals/${ids.E}/extensions`)
      .auth(supervisor, { type: 'bearer' })
      .send({ days: 30, reason: 'Нужна выездная проверка' })
      .expect(201);
    // 2027-12-24 + 30 = Sunday 2028-01-23 → Friday 2028-01-21 (provisional).
    expect(ext.body).toMatchObject({ status: 'approved', newDueDate: '2028-01-21' });
    expect(await appeal(ids.E)).toMatchObject({ dueDate: '2028-01-21', dueDateProvisional: true });
    t.clock.set('2027-12-20T10:00:00+03:00');
  });

  it('lists the appeals by dueDateProvisional', async () => {
    const list = async (q: string) =>
      (
        await t.http.get(`/api/v1/appeals?${q}`).auth(t.adminToken, admin()).expect(200)
      ).body.items.map((a: { id: string }) => a.id);
    expect((await list('dueDateProvisional=true')).sort()).toEqual([ids.B, ids.C, ids.E].sort());
    expect(await list('dueDateProvisional=false')).toEqual([ids.A]);
    await t.http
      .get('/api/v1/appeals?dueDateProvisional=maybe')
      .auth(t.adminToken, admin())
      .expect(422);
  });

  it('filters the journal, overdue and at-risk reports on it (JSON and CSV)', async () => {
    const report = async (path: string) =>
      (await t.http.get(`/api/v1/reports/${path}`).auth(supervisor, { type: 'bearer' }).expect(200))
        .body;
    const journal = await report('journal?from=2027-11-01&to=2027-12-31&dueDateProvisional=true');
    expect(journal.items.map((i: { appealId: string }) => i.appealId).sort()).toEqual(
      [ids.B, ids.C, ids.E].sort(),
    );
    expect(journal.items.every((i: { dueDateProvisional: boolean }) => i.dueDateProvisional)).toBe(
      true,
    );
    const firm = await report('journal?from=2027-11-01&to=2027-12-31&dueDateProvisional=false');
    expect(firm.items).toEqual([
      expect.objectContaining({ appealId: ids.A, dueDateProvisional: false }),
    ]);

    // Today 2027-12-20: A (due 2027-12-01) is overdue; B, C, E fall due within 30 working days.
    const atRisk = await report('at-risk?withinDays=30&dueDateProvisional=true');
    expect(atRisk.total).toBe(3);
    expect(atRisk.items).toEqual([
      expect.objectContaining({ appealId: ids.B, clock: 'answer', dueDateProvisional: true }),
      expect.objectContaining({ appealId: ids.C, dueDate: '2028-01-19', dueDateProvisional: true }),
      expect.objectContaining({ appealId: ids.E, dueDate: '2028-01-21', dueDateProvisional: true }),
    ]);
    expect((await report('at-risk?withinDays=30&dueDateProvisional=false')).total).toBe(0);
    const overdue = await report('overdue?dueDateProvisional=false');
    expect(overdue).toMatchObject({
      total: 1,
      items: [expect.objectContaining({ appealId: ids.A })],
    });
    expect(overdue.totals.byDepartment).toEqual([expect.objectContaining({ count: 1 })]);
    expect(await report('overdue?dueDateProvisional=true')).toMatchObject({ total: 0, items: [] });
    await t.http
      .get('/api/v1/reports/overdue?dueDateProvisional=yes')
      .auth(supervisor, { type: 'bearer' })
      .expect(422);
    // The SLA summary counts terms met or missed: it takes no such filter.
    await t.http
      .get('/api/v1/reports/sla-summary?from=2027-11-01&to=2027-12-31&dueDateProvisional=true')
      .auth(supervisor, { type: 'bearer' })
      .expect(422);

    const csv = await t.http
      .get('/api/v1/reports/journal?from=2027-12-20&to=2027-12-20&format=csv')
      .auth(supervisor, { type: 'bearer' })
      .expect(200);
    const [header, line] = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    // Columns added later go after it: find it by its name.
    const column = header.split(';').indexOf('Срок предварительный');
    expect(column).toBeGreaterThan(0);
    expect(line.split(';')[column]).toBe('да');
  });

  it('says the calendar is behind: health details, a metric, the provisional year', async () => {
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.info.calendar).toMatchObject({
      status: 'up',
      through: '2028-04-18',
      missingYears: [2028],
      warning: expect.stringContaining('POST /api/v1/calendar/import'),
    });
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(sample(metrics, 'appeals_desk_calendar_missing_years', { calendar: 'federal' })).toBe(1);
    expect(sample(metrics, 'appeals_desk_appeals_due_date_provisional')).toBe(3);

    const year = await t.http
      .get('/api/v1/calendar/2028')
      .auth(clerk, { type: 'bearer' })
      .expect(200);
    expect(year.body).toMatchObject({ year: 2028, source: 'provisional', provisional: true });
    expect(year.body.days).toContainEqual({
      date: '2028-11-06',
      type: 1,
      note: 'перенесён с 04.11 (ТК ст. 112 ч. 2)',
      source: 'provisional',
    });
    logs.length = 0;
    const run = await t.http
      .post('/api/v1/jobs/calendar-check/run')
      .auth(t.adminToken, admin())
      .expect(200);
    expect(run.body.counts).toEqual({ missingYears: 1, missingRegionalYears: 0, recomputed: 0 });
    const warning = logs
      .map((l) => JSON.parse(l) as { level: number; msg: string; missingYears?: number[] })
      .find((l) => l.msg.startsWith('The production calendar lacks 2028'));
    expect(warning).toMatchObject({ level: 40, missingYears: [2028] });
  });

  it('refuses a partial or malformed year whole (422 with the line), recomputing nothing', async () => {
    const before = await Promise.all(Object.values(ids).map(appeal));
    const partial = await importYear(
      `<calendar year="2028">\n<days>\n<day d="01.01" t="1"/>\n</days>\n</calendar>`,
    ).expect(422);
    expect(partial.body).toMatchObject({ code: 'VALIDATION_FAILED', line: 2 });
    expect(partial.body.errors[0]).toMatchObject({ field: 'body', code: 'INVALID_CALENDAR' });
    expect(partial.body.errors[0].message).toContain('календарь неполный');

    const xml = officialXml(2028).replace('<day d="03.08" t="1"/>', '<day d="03.08" t="7"/>');
    const malformed = await importYear(xml).expect(422);
    const line = xml.split('\n').findIndex((l) => l.includes('d="03.08"')) + 1;
    expect(malformed.body.line).toBe(line);
    expect(malformed.body.detail).toContain(`(строка ${line})`);

    expect(await Promise.all(Object.values(ids).map(appeal))).toEqual(before);
    expect(await t.db.query('SELECT 1 FROM calendar_years WHERE year = 2028')).toEqual([]);
  });

  it('importing the year recomputes the provisional dates, and only the affected appeals', async () => {
    const a = await appeal(ids.A);
    // The government's decree for 2028 (a test one) makes 19 and 21 January days off.
    const res = await importYear(
      officialXml(2028, [
        { d: '01.19', t: 1, f: '01.01' },
        { d: '01.21', t: 1, f: '01.02' },
      ]),
    ).expect(201);
    expect(res.body).toEqual({ year: 2028, recomputed: 3 });

    // C: Wednesday 2028-01-19 is now off → Tuesday 2028-01-18, earlier: its officer is told.
    expect(await appeal(ids.C)).toMatchObject({ dueDate: '2028-01-18', dueDateProvisional: false });
    expect(await recomputedEvents(ids.C)).toEqual([
      expect.objectContaining({
        reason: 'Импортирован производственный календарь на 2028 год',
        data: {
          from: '2028-01-19',
          to: '2028-01-18',
          provisionalBefore: true,
          provisional: false,
          cause: 'import',
        },
      }),
    ]);
    const notices = await t.db.query(
      `SELECT kind, recipient_user_id, body FROM notifications WHERE appeal_id = $1 AND kind = 'due_date_earlier'`,
      [ids.C],
    );
    expect(notices).toEqual([
      expect.objectContaining({
        recipient_user_id: officer.id,
        body: expect.stringContaining('с 19.01.2028 на 18.01.2028'),
      }),
    ]);
    // B: the same date, now firm.
    expect(await appeal(ids.B)).toMatchObject({ dueDate: '2028-01-14', dueDateProvisional: false });
    expect((await recomputedEvents(ids.B))[0].data).toMatchObject({
      from: '2028-01-14',
      to: '2028-01-14',
      provisional: false,
    });
    // E: its base date 2027-12-24 plus the 30 approved days, on the official year: Sunday
    // 2028-01-23 → back past Saturday and the new day off 01-21 → Thursday 2028-01-20.
    expect(await appeal(ids.E)).toMatchObject({ dueDate: '2028-01-20', dueDateProvisional: false });
    // A: firm, its term untouched by the year: not even its version moved.
    expect(await appeal(ids.A)).toEqual(a);
    expect(await recomputedEvents(ids.A)).toEqual([]);

    expect(await deadline('2027-12-20')).toMatchObject({
      dueDate: '2028-01-18',
      provisional: false,
    });
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.info.calendar).toMatchObject({ missingYears: [] });
    expect(ready.body.info.calendar.warning).toBeUndefined();
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(sample(metrics, 'appeals_desk_calendar_missing_years', { calendar: 'federal' })).toBe(0);
    expect(sample(metrics, 'appeals_desk_appeals_due_date_provisional')).toBe(0);
    const year = await t.http
      .get('/api/v1/calendar/2028')
      .auth(clerk, { type: 'bearer' })
      .expect(200);
    expect(year.body).toMatchObject({ source: 'import', provisional: false });
    expect(year.body.days).toContainEqual({
      date: '2028-01-19',
      type: 1,
      note: 'перенесён с 01.01',
      source: 'federal',
    });
  });

  it('a day changed by hand recomputes the appeals whose term it moves, no others', async () => {
    const c = await appeal(ids.C);
    const res = await t.http
      .put('/api/v1/calendar/days/2028-01-14')
      .auth(t.adminToken, admin())
      .send({ type: 1, note: 'проверка' })
      .expect(200);
    expect(res.body).toEqual({
      date: '2028-01-14',
      type: 1,
      note: 'проверка',
      source: 'manual',
      recomputed: 1,
    });
    // B's last day 2028-01-14 is now off → Thursday 2028-01-13.
    expect(await appeal(ids.B)).toMatchObject({ dueDate: '2028-01-13' });
    expect(
      (await recomputedEvents(ids.B)).map((e: { data: { cause: string } }) => e.data.cause),
    ).toEqual(['import', 'day']);
    // C's term passes over the 14th but ends, backward from the 19th, on the 18th all the same.
    expect(await appeal(ids.C)).toEqual(c);
  });

  it('the daily check recomputes a provisional date an import could not see', async () => {
    // As a registration on an instance that had not reloaded the calendar yet would leave it.
    await t.db.query(
      `UPDATE appeals SET due_date = '2028-01-19', due_date_provisional = true WHERE id = $1`,
      [ids.C],
    );
    const run = await t.http
      .post('/api/v1/jobs/calendar-check/run')
      .auth(t.adminToken, admin())
      .expect(200);
    expect(run.body.counts).toEqual({ missingYears: 0, missingRegionalYears: 0, recomputed: 1 });
    expect(await appeal(ids.C)).toMatchObject({ dueDate: '2028-01-18', dueDateProvisional: false });
  });
});

describe('the calendar on several instances', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2028-12-20T10:00:00+03:00' });
  });
  afterAll(() => t.close());

  it('another instance uses a year imported elsewhere within CALENDAR_REFRESH_MS', async () => {
    const { app: other } = await createApp(t.config, { clock: t.clock });
    try {
      const ask = async () =>
        (
          await request(other.getHttpServer())
            .get('/api/v1/deadlines?registeredOn=2028-12-20')
            .auth(t.adminToken, { type: 'bearer' })
            .expect(200)
        ).body;
      // Friday 2029-01-19: 2029 is not loaded anywhere.
      expect(await ask()).toMatchObject({ dueDate: '2029-01-19', provisional: true });
      await t.http
        .post('/api/v1/calendar/import')
        .auth(t.adminToken, { type: 'bearer' })
        .set('Content-Type', 'application/xml')
        .send(officialXml(2029))
        .expect(201);
      await sleep(CALENDAR_REFRESH_MS + 200);
      expect(await ask()).toMatchObject({ dueDate: '2029-01-19', provisional: false });
    } finally {
      await other.close();
    }
  });
});

describe('a regional calendar overlay (CALENDAR_REGION=RU-TA)', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-02-18T10:00:00+03:00',
      env: { CALENDAR_REGION: 'RU-TA' },
    });
    key = (await t.createApiKey(['web'])).key;
  });
  afterAll(() => t.close());

  const admin = () => ({ type: 'bearer' as const });
  const overlay = (region: string, xml: string) =>
    t.http
      .post(`/api/v1/calendar/regions/${region}/import`)
      .auth(t.adminToken, admin())
      .set('Content-Type', 'application/xml')
      .send(xml);
  const due = async (registeredOn: string) =>
    (
      await t.http
        .get(`/api/v1/deadlines?registeredOn=${registeredOn}`)
        .auth(t.adminToken, admin())
        .expect(200)
    ).body.dueDate;
  const tatarstan2026 = `<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2026" lang="ru" country="ru-ta">
  <holidays>
    <holiday id="1" title="Ураза-байрам"/>
    <holiday id="2" title="День Республики Татарстан"/>
  </holidays>
  <days>
    <day d="03.20" t="1" h="1"/>
    <day d="08.30" t="1" h="2"/>
    <day d="08.31" t="1" f="08.30"/>
  </days>
</calendar>`;

  it('a regional day off moves a stored due date and the deadlines after it', async () => {
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.info.calendar).toMatchObject({
      region: 'RU-TA',
      missingRegionalYears: [2026],
    });

    // 2026-02-18 + 30 = Friday 2026-03-20, a federal working day.
    const a = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', key)
      .send(appealBody('web'))
      .expect(201);
    expect(a.body.dueDate).toBe('2026-03-20');

    const res = await overlay('RU-TA', tatarstan2026).expect(201);
    expect(res.body).toEqual({
      region: 'RU-TA',
      year: 2026,
      daysOff: 3,
      applies: true,
      recomputed: 1,
    });
    // Ураза-байрам is off in Татарстан: back to Thursday 2026-03-19.
    const after = await t.http
      .get(`/api/v1/appeals/${a.body.id}`)
      .auth(t.adminToken, admin())
      .expect(200);
    expect(after.body).toMatchObject({ dueDate: '2026-03-19', dueDateProvisional: false });
    expect(await due('2026-02-18')).toBe('2026-03-19');

    const year = await t.http.get('/api/v1/calendar/2026').auth(t.adminToken, admin()).expect(200);
    expect(year.body.region).toBe('RU-TA');
    expect(year.body.days).toContainEqual({
      date: '2026-03-20',
      type: 1,
      note: 'Ураза-байрам',
      source: 'regional',
    });
    expect(year.body.days).toContainEqual(
      expect.objectContaining({ date: '2026-05-11', source: 'federal' }),
    );
    const ready2 = await t.http.get('/health/ready').expect(200);
    expect(ready2.body.info.calendar.missingRegionalYears).toEqual([]);
  });

  it('wins over a federal working weekend day (t=3) for the region', async () => {
    // 2024-11-28 + 30 = Saturday 2024-12-28, a federal working Saturday (t=3).
    expect(await due('2024-11-28')).toBe('2024-12-28');
    await overlay(
      'RU-TA',
      '<calendar year="2024"><days><day d="12.28" t="1"/><day d="04.27" t="3"/></days></calendar>',
    ).expect(201);
    expect(await due('2024-11-28')).toBe('2024-12-27');
    const year = await t.http.get('/api/v1/calendar/2024').auth(t.adminToken, admin()).expect(200);
    expect(year.body.days).toContainEqual({
      date: '2024-12-28',
      type: 1,
      note: null,
      source: 'regional',
    });
    // An overlay only adds days off: its t=3 is not taken.
    expect(year.body.days).toContainEqual(
      expect.objectContaining({ date: '2024-04-27', type: 3, source: 'federal' }),
    );
  });

  it("refuses an unknown region (422); another region's overlay does not count here", async () => {
    const unknown = await overlay('RU-XX', tatarstan2026).expect(422);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'region', code: 'UNKNOWN_REGION' });
    expect(await t.db.query("SELECT 1 FROM calendar_region_days WHERE region = 'RU-XX'")).toEqual(
      [],
    );

    const bashkortostan = await overlay(
      'ru-ba',
      '<calendar year="2026"><days><day d="03.19" t="1"/></days></calendar>',
    ).expect(201);
    expect(bashkortostan.body).toMatchObject({ region: 'RU-BA', applies: false, recomputed: 0 });
    expect(await due('2026-02-18')).toBe('2026-03-19');

    const malformed = await overlay(
      'RU-TA',
      '<calendar year="2026">\n<days>\n<day d="02.30" t="1"/>\n</days>\n</calendar>',
    ).expect(422);
    expect(malformed.body.line).toBe(3);
  });
});
