import ExcelJS from 'exceljs';
import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 23, items 2–3: utility-quality violation reports (ПП 354 п. 105–113). A report goes to the
 * dispatch department with an inspection clock of 2 hours from its registration (п. 108), warned
 * before and escalated after by the sweep and shown in the at-risk and overdue reports; an agreed
 * time moves it; the inspection act (п. 109–110) meets it and its violation period is what the
 * quality report gives billing (п. 111–113). The clock is injected: 2026-04-06 is a Monday.
 */
describe('quality-violation reports', () => {
  let t: TestApp;
  let key: string;
  let supervisor: { id: string; token: string };
  let dispatchHead: { id: string; token: string };
  let dispatcher: { id: string; token: string };
  let billingOfficer: { id: string; token: string };
  let clerk: { id: string; token: string };
  let technical: string;

  interface Clock {
    name: string;
    dueDate: string;
    dueAt?: string;
    metAt: string | null;
    late: boolean;
    running: boolean;
  }
  interface AppealBody {
    id: string;
    regNumber: string;
    kind: string;
    status: string;
    dueDate: string;
    departmentId: string;
    assigneeId: string | null;
    clocks: Clock[];
    validationIssues: { field: string; code: string }[];
    qualityReport: {
      service: string;
      startedAt: string;
      description: string | null;
      agreed: { agreedFor: string; agreedWith: string; agreedBy: string } | null;
      act: {
        inspectedAt: string;
        violationConfirmed: boolean;
        violationStartedAt: string | null;
        violationEndedAt: string | null;
        violationHours: number | null;
        participants: string[];
      } | null;
    } | null;
  }

  const at = (iso: string) => t.clock.set(iso);
  const qualityReport = {
    service: 'hot_water',
    startedAt: '2026-04-06T06:00:00+03:00',
    description: 'Нет горячей воды во всём подъезде',
  };
  const report = async (over: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web', { kind: 'quality_report', qualityReport, ...over }))
        .expect(201)
    ).body as AppealBody;
  const read = async (id: string) =>
    (
      await t.http
        .get(`/api/v1/appeals/${id}`)
        .auth(supervisor.token, { type: 'bearer' })
        .expect(200)
    ).body as AppealBody;
  const inspection = (a: AppealBody) => a.clocks.find((c) => c.name === 'inspection');
  const sweep = async () =>
    (
      await t.http
        .post('/api/v1/jobs/sla-sweep/run')
        .auth(t.adminToken, { type: 'bearer' })
        .expect(200)
    ).body as { counts: Record<string, number> };
  const alerts = (appealId: string) =>
    t.db.query<{ clock: string; kind: string }[]>(
      `SELECT clock, kind FROM sla_alerts WHERE appeal_id = $1 AND clock = 'inspection' ORDER BY id`,
      [appealId],
    );
  const history = async (id: string) =>
    (
      await t.http
        .get(`/api/v1/appeals/${id}/history`)
        .auth(supervisor.token, { type: 'bearer' })
        .expect(200)
    ).body.items as { type: string; reason: string | null; data: Record<string, unknown> }[];
  const openReport = async (path: string) =>
    (
      (
        await t.http
          .get(`/api/v1/reports/${path}`)
          .auth(supervisor.token, { type: 'bearer' })
          .expect(200)
      ).body as { items: { appealId: string; clock: string }[] }
    ).items;
  const agree = (id: string, agreedFor: string, token = dispatcher.token) =>
    t.http
      .put(`/api/v1/appeals/${id}/inspection-time`)
      .auth(token, { type: 'bearer' })
      .send({ agreedFor, agreedWith: 'Иванов П. С., по телефону' });
  const act = (id: string, over: Record<string, unknown> = {}) =>
    t.http
      .post(`/api/v1/appeals/${id}/inspection-act`)
      .auth(dispatcher.token, { type: 'bearer' })
      .send({
        inspectedAt: '2026-04-06T11:40:00+03:00',
        participants: ['Иванов П. С., потребитель', 'Петров А. А., слесарь АДС'],
        violationConfirmed: true,
        violationStartedAt: '2026-04-06T06:00:00+03:00',
        violationEndedAt: '2026-04-07T08:30:00+03:00',
        findings: 'Температура горячей воды в точке разбора 32 °C',
        ...over,
      });
  const binary = (path: string, accept?: string) => {
    const req = t.http.get(`/api/v1/reports/${path}`).auth(supervisor.token, { type: 'bearer' });
    if (accept) req.set('Accept', accept);
    return req
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-04-06T10:00:00+03:00' });
    key = (await t.createApiKey(['web'])).key;
    // The default dispatch department (QUALITY_DISPATCH_DEPARTMENT_CODE) is `technical`.
    technical = await t.departmentId('technical');
    supervisor = await t.createStaff(['supervisor']);
    dispatchHead = await t.createStaff(['head'], { departmentId: technical });
    dispatcher = await t.createStaff(['officer'], { departmentId: technical });
    billingOfficer = await t.createStaff(['officer'], {
      departmentId: await t.departmentId('billing'),
    });
    clerk = await t.createStaff(['clerk'], { departmentId: await t.departmentId('general') });
    await t.db.query("UPDATE users SET email = login || '@staff.example.ru'");
  });
  afterAll(() => t.close());

  describe('registration', () => {
    it('routes a report to dispatch with a 2-hour inspection clock and the kind’s answer term', async () => {
      at('2026-04-06T10:00:00+03:00');
      const a = await report({ topicCode: 'billing' });
      expect(a.kind).toBe('quality_report');
      expect(a.departmentId).toBe(technical);
      expect(a.assigneeId).toBe(dispatcher.id);
      // ПП 354 п. 31 «к»: 3 working days for the answer, as for any kind from its policy.
      expect(a.dueDate).toBe('2026-04-09');
      expect(inspection(a)).toEqual({
        name: 'inspection',
        dueDate: '2026-04-06',
        dueAt: '2026-04-06T09:00:00.000Z',
        metAt: null,
        late: false,
        running: true,
      });
      expect(a.qualityReport).toEqual({
        service: 'hot_water',
        startedAt: '2026-04-06T03:00:00.000Z',
        description: 'Нет горячей воды во всём подъезде',
        agreed: null,
        act: null,
      });
      expect(await read(a.id)).toMatchObject({
        qualityReport: a.qualityReport,
        clocks: expect.arrayContaining([inspection(a)]),
      });
      const [row] = await t.db.query<{ due_at: Date; due_date: string }[]>(
        `SELECT due_at, due_date::text FROM appeal_clocks WHERE appeal_id = $1 AND name = 'inspection'`,
        [a.id],
      );
      expect(row).toEqual({ due_at: new Date('2026-04-06T09:00:00Z'), due_date: '2026-04-06' });
    });

    it('bounces a web report without its data, naming the field', async () => {
      const res = await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web', { kind: 'quality_report' }))
        .expect(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'qualityReport', code: 'REQUIRED' }),
      ]);
    });

    it('registers a paper report without its data, the gap recorded', async () => {
      const res = await t.http
        .post('/api/v1/appeals')
        .auth(clerk.token, { type: 'bearer' })
        .send(appealBody('post', { kind: 'quality_report' }))
        .expect(201);
      const a = res.body as AppealBody;
      expect(a.validationIssues).toEqual([
        expect.objectContaining({ field: 'qualityReport', code: 'REQUIRED' }),
      ]);
      expect(a.qualityReport).toBeNull();
      expect(inspection(a)).toMatchObject({ running: true, dueAt: expect.any(String) });
    });

    it('refuses the data on another kind, and an unknown service', async () => {
      const other = await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web', { kind: 'complaint', qualityReport }))
        .expect(422);
      expect(other.body.errors).toEqual([
        expect.objectContaining({ field: 'qualityReport', code: 'NOT_ALLOWED' }),
      ]);
      const unknown = await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(
          appealBody('web', {
            kind: 'quality_report',
            qualityReport: { ...qualityReport, service: 'internet' },
          }),
        )
        .expect(422);
      expect(unknown.body.errors[0].field).toBe('qualityReport.service');
    });
  });

  describe('the inspection clock', () => {
    let late: AppealBody;
    let agreed: AppealBody;

    beforeAll(async () => {
      at('2026-04-06T10:00:00+03:00');
      late = await report();
      agreed = await report();
    });

    it('moves to an agreed later time, recorded with who agreed it', async () => {
      at('2026-04-06T10:30:00+03:00');
      const res = await agree(agreed.id, '2026-04-06T16:00:00+03:00').expect(200);
      const a = res.body as AppealBody;
      expect(inspection(a)).toMatchObject({ dueAt: '2026-04-06T13:00:00.000Z', running: true });
      expect(a.qualityReport!.agreed).toEqual({
        agreedFor: '2026-04-06T13:00:00.000Z',
        agreedWith: 'Иванов П. С., по телефону',
        agreedBy: dispatcher.id,
        agreedAt: '2026-04-06T07:30:00.000Z',
      });
      expect((await history(agreed.id)).map((e) => e.type)).toContain('inspection_time_agreed');
    });

    it('refuses a time before the report, and someone else’s appeal', async () => {
      const before = await agree(agreed.id, '2026-04-06T09:00:00+03:00').expect(422);
      expect(before.body.errors[0]).toMatchObject({ field: 'agreedFor', code: 'BEFORE_REPORT' });
      // Another department's officer does not see it at all.
      await agree(agreed.id, '2026-04-06T17:00:00+03:00', billingOfficer.token).expect(404);
    });

    it('warns before the due time and shows the report at risk', async () => {
      at('2026-04-06T11:35:00+03:00');
      expect((await sweep()).counts.hourlyClockWarnings).toBeGreaterThanOrEqual(1);
      expect(await alerts(late.id)).toEqual([{ clock: 'inspection', kind: 'warning' }]);
      expect(await alerts(agreed.id)).toEqual([]);
      const notices = await t.db.query<{ subject: string; recipient_user_id: string }[]>(
        `SELECT subject, recipient_user_id FROM notifications
          WHERE appeal_id = $1 AND kind = 'sla_warning' AND subject LIKE '%проверка качества%'
          ORDER BY id`,
        [late.id],
      );
      expect(notices.map((n) => n.recipient_user_id).sort()).toEqual(
        [dispatcher.id, dispatchHead.id].sort(),
      );
      expect(notices[0].subject).toContain('до 06.04.2026 12:00');
      const atRisk = await openReport('at-risk?withinDays=0');
      expect(atRisk).toContainEqual(
        expect.objectContaining({ appealId: late.id, clock: 'inspection' }),
      );
      // Warned once: the next sweep finds nothing new.
      await sweep();
      expect(await alerts(late.id)).toHaveLength(1);
    });

    it('goes overdue when its time passed, escalated and shown in the overdue report', async () => {
      at('2026-04-06T12:01:00+03:00');
      await sweep();
      expect(await alerts(late.id)).toEqual([
        { clock: 'inspection', kind: 'warning' },
        { clock: 'inspection', kind: 'escalation' },
      ]);
      expect(inspection(await read(late.id))).toMatchObject({ late: true, running: true });
      expect((await history(late.id)).map((e) => e.type)).toContain('clock_overdue');
      const overdue = await openReport('overdue');
      expect(overdue).toContainEqual(
        expect.objectContaining({ appealId: late.id, clock: 'inspection' }),
      );
      expect(overdue).not.toContainEqual(
        expect.objectContaining({ appealId: agreed.id, clock: 'inspection' }),
      );
      expect(await openReport('at-risk?withinDays=0')).not.toContainEqual(
        expect.objectContaining({ appealId: late.id, clock: 'inspection' }),
      );
      // The agreed one runs on towards 16:00.
      expect(inspection(await read(agreed.id))).toMatchObject({ late: false, running: true });
      expect(await alerts(agreed.id)).toEqual([]);
      at('2026-04-06T15:40:00+03:00');
      await sweep();
      expect(await alerts(agreed.id)).toEqual([{ clock: 'inspection', kind: 'warning' }]);
    });
  });

  describe('the inspection act and the quality report', () => {
    let a: AppealBody;

    beforeAll(async () => {
      at('2026-04-06T10:00:00+03:00');
      a = await report({ serviceAddress: 'г. Санкт-Петербург, ул. Садовая, д. 7' });
      at('2026-04-06T11:50:00+03:00');
    });

    it('refuses an act before the report and an end before its start', async () => {
      const early = await act(a.id, { inspectedAt: '2026-04-06T09:00:00+03:00' }).expect(422);
      expect(early.body.errors[0]).toMatchObject({ field: 'inspectedAt', code: 'BEFORE_REPORT' });
      const backwards = await act(a.id, {
        violationEndedAt: '2026-04-06T05:00:00+03:00',
      }).expect(422);
      expect(backwards.body.errors[0]).toMatchObject({
        field: 'violationEndedAt',
        code: 'BEFORE_START',
      });
      expect((await read(a.id)).qualityReport!.act).toBeNull();
    });

    it('closes the inspection clock and shows the violation period and its hours', async () => {
      const res = await act(a.id).expect(201);
      const body = res.body as AppealBody;
      expect(inspection(body)).toMatchObject({
        metAt: '2026-04-06T08:50:00.000Z',
        late: false,
        running: false,
      });
      expect(body.qualityReport!.act).toMatchObject({
        inspectedAt: '2026-04-06T08:40:00.000Z',
        violationConfirmed: true,
        violationStartedAt: '2026-04-06T03:00:00.000Z',
        violationEndedAt: '2026-04-07T05:30:00.000Z',
        violationHours: 26.5,
      });
      expect((await history(a.id)).map((e) => e.type)).toContain('inspection_act');
      // Met: the sweep leaves it alone after its time.
      at('2026-04-06T12:30:00+03:00');
      await sweep();
      expect(await alerts(a.id)).toEqual([]);
      await act(a.id).expect(422);
    });

    it('refuses an act on an appeal that is not a quality report', async () => {
      at('2026-04-06T12:30:00+03:00');
      const complaint = (
        await t.http
          .post('/api/v1/appeals')
          .set('X-API-Key', key)
          .send(appealBody('web', { topicCode: null }))
          .expect(201)
      ).body as AppealBody;
      const res = await t.http
        .post(`/api/v1/appeals/${complaint.id}/inspection-act`)
        .auth(supervisor.token, { type: 'bearer' })
        .send({
          inspectedAt: '2026-04-06T12:40:00+03:00',
          participants: ['Петров А. А.'],
          violationConfirmed: false,
          violationStartedAt: null,
          violationEndedAt: null,
          findings: 'Нарушение не выявлено',
        })
        .expect(422);
      expect(res.body.errors[0].code).toBe('NOT_QUALITY_REPORT');
    });

    it('lists it by service and house with its confirmed duration, as JSON', async () => {
      const res = await t.http
        .get('/api/v1/reports/quality?from=2026-04-06&to=2026-04-06&service=hot_water')
        .auth(supervisor.token, { type: 'bearer' })
        .expect(200);
      const item = (res.body.items as { appealId: string }[]).find((i) => i.appealId === a.id);
      expect(item).toMatchObject({
        regNumber: a.regNumber,
        service: 'hot_water',
        serviceAddress: 'г. Санкт-Петербург, ул. Садовая, д. 7',
        inspectionDueAt: '2026-04-06T09:00:00.000Z',
        inspectedAt: '2026-04-06T08:40:00.000Z',
        violationConfirmed: true,
        violationHours: 26.5,
      });
      expect(res.body.totals).toContainEqual({
        service: 'hot_water',
        serviceAddress: 'г. Санкт-Петербург, ул. Садовая, д. 7',
        reports: 1,
        confirmed: 1,
        violationHours: 26.5,
      });
      const heating = await t.http
        .get('/api/v1/reports/quality?from=2026-04-06&to=2026-04-06&service=heating')
        .auth(supervisor.token, { type: 'bearer' })
        .expect(200);
      expect(heating.body).toEqual({ items: [], nextCursor: null, totals: [] });
    });

    it('exports CSV (UTF-8 with BOM) and XLSX with the duration cell', async () => {
      const csv = await binary('quality?from=2026-04-06&to=2026-04-06&format=csv');
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      const text = (csv.body as Buffer).toString('utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const [header, ...rows] = parseCsv(text);
      const row = rows.find((r) => r[0] === a.regNumber)!;
      expect(row[header.indexOf('Продолжительность, ч')]).toBe('26.5');
      expect(row[header.indexOf('Услуга')]).toBe('Горячее водоснабжение');
      expect(row[header.indexOf('Проверено')]).toBe('06.04.2026 11:40');

      const xlsx = await binary(
        'quality?from=2026-04-06&to=2026-04-06',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as ExcelJS.Buffer);
      const sheet = wb.worksheets[0];
      const titles = (sheet.getRow(1).values as unknown[]).slice(1);
      const hoursCol = titles.indexOf('Продолжительность, ч') + 1;
      let found: unknown;
      sheet.eachRow((r) => {
        if (r.getCell(1).value === a.regNumber) found = r.getCell(hoursCol).value;
      });
      expect(found).toBe(26.5);
    });

    it('is for heads and supervisors', async () => {
      await t.http
        .get('/api/v1/reports/quality?from=2026-04-06&to=2026-04-06')
        .auth(dispatcher.token, { type: 'bearer' })
        .expect(403);
      await t.http
        .get('/api/v1/reports/quality?from=2026-04-06&to=2026-04-06')
        .auth(dispatchHead.token, { type: 'bearer' })
        .expect(200);
    });
  });
});

/** Cells of a `;`-separated CSV (RFC 4180 quoting), without the BOM. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}
