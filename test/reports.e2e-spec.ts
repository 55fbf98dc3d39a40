import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

/**
 * A known month of appeals, built through the API and the legacy import, and every figure of
 * every report checked against it (issue 6).
 */
describe('supervisor reports', () => {
  let t: TestApp;
  let key: string;
  let clerk: string;
  let billingHead: string;
  let technicalHead: string;
  let supervisor: string;
  let officer: string;
  let billingOfficer: { id: string; token: string };
  const ids: Record<string, string> = {};
  const numbers: Record<string, string> = {};

  const at = (iso: string) => t.clock.set(iso);
  const web = async (name: string, over: Record<string, unknown>) => {
    const res = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', key)
      .send(appealBody('web', over))
      .expect(201);
    ids[name] = res.body.id;
    numbers[name] = res.body.regNumber;
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-03-02T10:00:00+03:00' });
    key = (await t.createApiKey(['web'])).key;
    clerk = (await t.createStaff(['clerk'])).token;
    const billing = await t.departmentId('billing');
    const technical = await t.departmentId('technical');
    billingHead = (await t.createStaff(['head'], { departmentId: billing })).token;
    technicalHead = (await t.createStaff(['head'], { departmentId: technical })).token;
    supervisor = (await t.createStaff(['supervisor'])).token;
    billingOfficer = await t.createStaff(['officer'], { departmentId: billing });
    officer = (await t.createStaff(['officer'], { departmentId: technical })).token;

    const sameAsC = {
      topicCode: 'meters',
      applicant: { lastName: 'Громов', firstName: 'Игорь', email: 'gromov@example.ru' },
      accountNumber: 'C-1',
      text: 'Счётчик холодной воды не поверен, прошу прислать мастера для поверки и опломбировать прибор учёта.',
    };
    // 2026-03-02 (Monday): due 2026-04-01 for a 30-day term.
    await web('A', { topicCode: 'billing' });
    await web('B', { topicCode: 'billing' });
    await web('C', sameAsC);
    await web('D', { topicCode: 'billing' });
    await web('F', { topicCode: 'billing', text: 'Вы там все идиоты, верните деньги!' });
    await web('K', { topicCode: 'meters' });
    const e = await t.http
      .post('/api/v1/appeals')
      .auth(clerk, { type: 'bearer' })
      .send(appealBody('post', { topicCode: 'other', applicant: { firstName: 'Без фамилии' } }))
      .expect(201);
    ids.E = e.body.id;
    const h = await t.http
      .post('/api/v1/appeals')
      .auth(clerk, { type: 'bearer' })
      .send(appealBody('post', { topicCode: 'billing', receivedAt: '2026-02-25T12:00:00+03:00' }))
      .expect(201);
    ids.H = h.body.id;
    at('2026-03-03T10:00:00+03:00');
    const g = await web('G', { ...sameAsC, text: sameAsC.text + ' Повторно.' });
    expect(g.status).toBe('duplicate');

    at('2026-03-10T10:00:00+03:00');
    await t.http
      .post(`/api/v1/appeals/${ids.D}/extensions`)
      .auth(billingHead, { type: 'bearer' })
      .send({ days: 10, reason: 'экспертиза' })
      .expect(201);
    await t.http
      .post(`/api/v1/appeals/${ids.F}/reject`)
      .auth(billingHead, { type: 'bearer' })
      .send({ reason: 'abusive' })
      .expect(200);
    at('2026-03-12T10:00:00+03:00');
    await t.http
      .post(`/api/v1/appeals/${ids.K}/forward`)
      .auth(technicalHead, { type: 'bearer' })
      .send({ organization: 'Водоканал', reason: 'не наша компетенция' })
      .expect(200);
    at('2026-03-20T10:00:00+03:00');
    await t.http
      .post(`/api/v1/appeals/${ids.A}/answer`)
      .auth(billingOfficer.token, { type: 'bearer' })
      .send({ text: 'Сделано', outcome: 'supported' })
      .expect(200);
    at('2026-04-03T10:00:00+03:00');
    await t.http
      .post(`/api/v1/appeals/${ids.B}/answer`)
      .auth(billingOfficer.token, { type: 'bearer' })
      .send({ text: 'Поздно', outcome: 'explained' })
      .expect(200);

    at('2026-04-10T10:00:00+03:00');
    const imported = await t.http
      .post('/api/v1/appeals/import')
      .auth(t.adminToken, { type: 'bearer' })
      .send({
        appeals: [
          {
            ...appealBody('post', { topicCode: 'billing' }),
            regNumber: 'OLD-I',
            registeredAt: '2026-03-05T10:00:00+03:00',
            status: 'answered',
            answer: {
              text: 'Разъяснено',
              outcome: 'explained',
              answeredAt: '2026-03-10T10:00:00+03:00',
            },
          },
          {
            ...appealBody('post', { topicCode: 'billing' }),
            regNumber: 'OLD-J',
            registeredAt: '2026-03-06T10:00:00+03:00',
            status: 'rejected',
            rejection: { reason: 'illegible' },
          },
        ],
      })
      .expect(201);
    ids.I = imported.body.items[0].id;
    ids.J = imported.body.items[1].id;
    ids.billingDepartment = billing;
  });
  afterAll(() => t.close());

  const get = (path: string, token: string) =>
    t.http.get(`/api/v1/reports/${path}`).auth(token, { type: 'bearer' });

  it('lists overdue open appeals with days overdue and totals by department and assignee', async () => {
    const res = await get('overdue', supervisor).expect(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((i: { appealId: string }) => i.appealId).sort()).toEqual(
      [ids.C, ids.H].sort(),
    );
    for (const i of res.body.items)
      expect(i).toMatchObject({ dueDate: '2026-04-01', daysOverdue: 9 });
    expect(
      res.body.totals.byDepartment
        .map((d: { departmentName: string; count: number }) => [d.departmentName, d.count])
        .sort(),
    ).toEqual(
      [
        ['Абонентский отдел (начисления и расчёты)', 1],
        ['Технический отдел', 1],
      ].sort(),
    );
    expect(
      res.body.totals.byAssignee.reduce((s: number, a: { count: number }) => s + a.count, 0),
    ).toBe(2);
  });

  it('scopes a head to their own department', async () => {
    const res = await get('overdue', billingHead).expect(200);
    expect(res.body.items.map((i: { appealId: string }) => i.appealId)).toEqual([ids.H]);
    await get(`overdue?departmentId=${await t.departmentId('technical')}`, billingHead).expect(403);
    await get('overdue', officer).expect(403);
  });

  it('lists appeals at risk within N days', async () => {
    const res = await get('at-risk', supervisor).expect(200);
    expect(res.body).toMatchObject({ withinDays: 3, total: 1 });
    // D: 2026-04-01 + 10 days = Saturday 2026-04-11 → Friday 2026-04-10, due today.
    expect(res.body.items).toEqual([
      expect.objectContaining({ appealId: ids.D, dueDate: '2026-04-10', daysLeft: 0 }),
    ]);
    expect((await get('at-risk?withinDays=0', supervisor).expect(200)).body.total).toBe(1);
  });

  it('plots trends by department and ISO week from the rollup, scoped like the others', async () => {
    const res = await get(
      'trends?from=2026-03-01&to=2026-03-15&bucket=week&groupBy=department',
      supervisor,
    ).expect(200);
    expect(res.body).toMatchObject({ bucket: 'week', groupBy: 'department', asOf: '2026-04-10' });
    const billing = res.body.series.find((s: { key: string }) => s.key === ids.billingDepartment);
    const none = { registered: 0, answered: 0, onTimeShare: null, openOverdue: 0 };
    // Sunday 2026-03-01 falls in the week from Monday 2026-02-23; every bucket is listed.
    expect(billing).toEqual({
      key: ids.billingDepartment,
      label: 'Абонентский отдел (начисления и расчёты)',
      points: [
        { bucket: '2026-02-23', ...none },
        // A B D F H I J; answered A B I, on time A I; H open past its date: 2 ÷ (3 + 1)
        { bucket: '2026-03-02', registered: 7, answered: 3, onTimeShare: 0.5, openOverdue: 1 },
        { bucket: '2026-03-09', ...none },
      ],
    });
    const byMonth = await get(
      'trends?from=2026-03-01&to=2026-03-15&bucket=month&groupBy=channel',
      supervisor,
    ).expect(200);
    expect(
      byMonth.body.series.map((s: { key: string; label: string; points: unknown[] }) => [
        s.key,
        s.label,
        s.points.length,
      ]),
    ).toEqual([
      ['post', 'Почта', 1],
      ['web', 'Сайт', 1],
    ]);
    const head = await get('trends?from=2026-03-01&to=2026-03-15', billingHead).expect(200);
    expect(head.body).toMatchObject({ bucket: 'week', groupBy: 'channel' });
    expect(
      head.body.series.reduce(
        (n: number, s: { points: { registered: number }[] }) => n + s.points[1].registered,
        0,
      ),
    ).toBe(7);
    await get(
      `trends?from=2026-03-01&to=2026-03-15&departmentId=${await t.departmentId('technical')}`,
      billingHead,
    ).expect(403);
    await get('trends?from=2026-03-01&to=2026-03-15&bucket=year', supervisor).expect(422);
    const csv = await get('trends?from=2026-03-01&to=2026-03-07&format=csv', supervisor).expect(
      200,
    );
    expect(csv.text.split('\r\n')[0]).toBe(
      '\uFEFFГруппа;Период с;Зарегистрировано;Отвечено;"В срок, %";Просрочено (открытые)',
    );
    expect(csv.text).toContain('Почта;2026-03-02;');
  });

  it('summarises SLA compliance by department with every figure right', async () => {
    const res = await get(
      'sla-summary?from=2026-03-01&to=2026-03-31&groupBy=department',
      supervisor,
    ).expect(200);
    const byName = Object.fromEntries(res.body.groups.map((g: { label: string }) => [g.label, g]));
    expect(byName['Абонентский отдел (начисления и расчёты)']).toEqual({
      key: await t.departmentId('billing'),
      label: 'Абонентский отдел (начисления и расчёты)',
      registered: 7, // A B D F H I J
      answered: 3, // A B I
      answeredOnTime: 2, // A I
      overdueOpen: 1, // H
      extended: 1, // D
      rejected: {
        anonymous: 0,
        abusive: 1,
        repeated: 0,
        illegible: 1,
        essence_unclear: 0,
        court_decision: 0,
      },
      duplicates: 0,
      compliancePercent: 50, // 2 of (3 answered + 1 overdue)
      medianDaysToAnswer: 18, // 5, 18, 32
      p90DaysToAnswer: 29.2,
      lateRegistrations: 1, // H, 5 days after receipt
      lateForwardings: 0,
      // Issue 19: appeals late on each legal clock.
      lateByClock: {
        answer: 2, // B answered after its date, H open past it
        registration: 1, // H
        forwarding: 1, // F waited for review 8 days: nobody had it in the 7 the law gives
        court_return: 0,
        illegible_notice: 0, // J was imported: imports start no clock
        unclear_notice: 0,
        authority_control: 0,
        inspection: 0, // issue 23: no quality reports here
      },
    });
    expect(byName['Технический отдел']).toMatchObject({
      registered: 3, // C G K
      answered: 0,
      overdueOpen: 1, // C
      duplicates: 1, // G
      compliancePercent: 0,
      medianDaysToAnswer: null,
      lateForwardings: 1, // K, forwarded 10 days after registration
      lateByClock: expect.objectContaining({ answer: 1, forwarding: 1 }), // C; K
    });
    expect(byName['Общий отдел']).toMatchObject({
      registered: 1,
      rejected: expect.objectContaining({ anonymous: 1 }),
      compliancePercent: null,
    });
    expect(res.body.total).toMatchObject({
      key: null,
      registered: 11,
      answered: 3,
      answeredOnTime: 2,
      overdueOpen: 2,
      extended: 1,
      duplicates: 1,
      compliancePercent: 40,
      medianDaysToAnswer: 18,
      lateRegistrations: 1,
      lateForwardings: 1,
      lateByClock: expect.objectContaining({ answer: 3, registration: 1, forwarding: 2 }),
    });
  });

  it('groups by channel and by assignee too', async () => {
    const byChannel = await get(
      'sla-summary?from=2026-03-01&to=2026-03-31&groupBy=channel',
      supervisor,
    ).expect(200);
    const channels = Object.fromEntries(
      byChannel.body.groups.map((g: { key: string; registered: number }) => [g.key, g.registered]),
    );
    expect(channels).toEqual({ web: 7, post: 4 });
    const byAssignee = await get(
      'sla-summary?from=2026-03-01&to=2026-03-31&groupBy=assignee',
      supervisor,
    ).expect(200);
    const officerRow = byAssignee.body.groups.find(
      (g: { key: string }) => g.key === billingOfficer.id,
    );
    expect(officerRow).toMatchObject({ answered: 2, answeredOnTime: 1 });
  });

  it('names channels for people by their registry label: the summary group and the Канал columns', async () => {
    const byChannel = await get(
      'sla-summary?from=2026-03-01&to=2026-03-31&groupBy=channel',
      supervisor,
    ).expect(200);
    // The key stays the code (what filters and the JSON items use); the label is for people.
    expect(
      Object.fromEntries(
        byChannel.body.groups.map((g: { key: string; label: string }) => [g.key, g.label]),
      ),
    ).toEqual({ web: 'Сайт', post: 'Почта' });
    const journal = await get('journal?from=2026-03-01&to=2026-03-31&format=csv', supervisor)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const rows = parseCsv((journal.body as Buffer).toString('utf8').slice(1));
    const col = rows[0].indexOf('Канал');
    expect(new Set(rows.slice(1).map((r) => r[col]))).toEqual(new Set(['Сайт', 'Почта']));
  });

  it('writes the registration journal for a period', async () => {
    const res = await get('journal?from=2026-03-01&to=2026-03-31&limit=500', supervisor).expect(
      200,
    );
    expect(res.body.items).toHaveLength(11);
    const byId = Object.fromEntries(
      res.body.items.map((i: { appealId: string }) => [i.appealId, i]),
    );
    expect(byId[ids.H]).toMatchObject({
      receivedOn: '2026-02-25',
      registeredOn: '2026-03-02',
      channel: 'post',
      applicant: 'Иванов Пётр Сергеевич',
    });
    expect(byId[ids.D]).toMatchObject({
      extensionDays: 10,
      dueDate: '2026-04-10',
      result: 'на рассмотрении',
    });
    expect(byId[ids.A]).toMatchObject({ result: 'ответ: supported', dispatchedOn: '2026-03-20' });
    expect(byId[ids.K].result).toBe('направлено: Водоканал');
    expect(byId[ids.I]).toMatchObject({ regNumber: 'OLD-I', registeredOn: '2026-03-05' });
    const page = await get('journal?from=2026-03-01&to=2026-03-31&limit=5', supervisor).expect(200);
    const rest = await get(
      `journal?from=2026-03-01&to=2026-03-31&limit=500&cursor=${page.body.nextCursor}`,
      supervisor,
    ).expect(200);
    expect(
      [...page.body.items, ...rest.body.items].map((i: { appealId: string }) => i.appealId),
    ).toEqual(res.body.items.map((i: { appealId: string }) => i.appealId));
  });

  it('exports CSV (UTF-8 with BOM) and XLSX with the same rows', async () => {
    const csv = await get('journal?from=2026-03-01&to=2026-03-31&format=csv', supervisor)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0].split(';')[0]).toBe('Рег. номер');
    expect(lines).toHaveLength(12);
    expect(text).toContain(numbers.A);

    const xlsx = await t.http
      .get('/api/v1/reports/overdue')
      .auth(supervisor, { type: 'bearer' })
      .set('Accept', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(2).getCell(4).value).toBe(9);

    const summaryCsv = await get(
      'sla-summary?from=2026-03-01&to=2026-03-31&format=csv',
      supervisor,
    ).expect(200);
    expect(summaryCsv.text.trim().split('\r\n')).toHaveLength(1 + 3 + 1); // header, 3 departments, total
  });

  it('validates the period', async () => {
    const res = await get('journal?from=2026-04-01&to=2026-03-01', supervisor).expect(422);
    expect(res.body.errors[0].code).toBe('INVALID_PERIOD');
    await get('journal?from=2026-03-01', supervisor).expect(422);
    await get('sla-summary?from=2026-03-01&to=2026-03-31&groupBy=planet', supervisor).expect(422);
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

/**
 * Issue 17: text from applicants (names) and from staff (department, topic and user names) that
 * begins with =, +, -, @ would run as a formula when a CSV export is opened in a spreadsheet.
 * Every CSV report writes such a cell with a leading apostrophe (OWASP «CSV Injection»).
 */
describe('formula injection in CSV exports', () => {
  let t: TestApp;
  let supervisor: string;
  let dueDate: string;
  const DEPARTMENT = '=HYPERLINK("http://evil.example/d","Отдел")';
  const TOPIC = '+SUM(1+1)';
  const EXECUTOR = "@SUM(1+1)*cmd|' /C calc'!A0";
  const APPLICANT = '=HYPERLINK("http://evil.example/a","Нажмите")';
  const ORGANISATION = "-2+3+cmd|' /C calc'!A0";

  const download = (path: string) =>
    t.http
      .get(`/api/v1/reports/${path}`)
      .auth(supervisor, { type: 'bearer' })
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
  const csv = async (path: string) =>
    parseCsv(((await download(path)).body as Buffer).toString('utf8'));
  /** The cells of a column, found by its title. */
  const column = (rows: string[][], title: string) => {
    const i = rows[0].indexOf(title);
    expect(i).toBeGreaterThanOrEqual(0);
    return rows.slice(1).map((r) => r[i]);
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-03-02T10:00:00+03:00' });
    const key = (await t.createApiKey(['web'])).key;
    supervisor = (await t.createStaff(['supervisor'])).token;
    const admin = (path: string, body: object) =>
      t.http.post(`/api/v1/${path}`).auth(t.adminToken, { type: 'bearer' }).send(body).expect(201);
    const dept = (await admin('departments', { code: 'evil', name: DEPARTMENT })).body.id;
    await admin('topics', { code: 'evil', name: TOPIC, departmentId: dept });
    const officer = await t.createStaff(['officer'], { departmentId: dept });
    await t.http
      .patch(`/api/v1/users/${officer.id}`)
      .auth(t.adminToken, { type: 'bearer' })
      .send({ fullName: EXECUTOR })
      .expect(200);
    const register = (applicant: object) => {
      const body = appealBody('web', { topicCode: 'evil' });
      return t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send({ ...body, applicant: { ...(body.applicant as object), ...applicant } })
        .expect(201);
    };
    const person = await register({ lastName: APPLICANT });
    await register({ type: 'legal_entity', organizationName: ORGANISATION, inn: '7707083893' });
    expect(person.body.assigneeId).toBe(officer.id);
    dueDate = person.body.dueDate;
  });
  afterAll(() => t.close());

  it('overdue: department and executor names are written as text', async () => {
    t.clock.set(`${dueDate}T10:00:00+03:00`);
    t.clock.set(new Date(t.clock.now().getTime() + 5 * 86_400_000).toISOString());
    const rows = await csv('overdue?format=csv');
    expect(rows).toHaveLength(3);
    expect(column(rows, 'Подразделение')).toEqual([`'${DEPARTMENT}`, `'${DEPARTMENT}`]);
    expect(column(rows, 'Исполнитель')).toEqual([`'${EXECUTOR}`, `'${EXECUTOR}`]);
    // Numbers stay numbers.
    expect(column(rows, 'Дней просрочки')).toEqual(['5', '5']);
  });

  it('at-risk: department and executor names are written as text', async () => {
    t.clock.set(`${dueDate}T10:00:00+03:00`);
    const rows = await csv('at-risk?format=csv');
    expect(rows).toHaveLength(3);
    expect(column(rows, 'Подразделение')).toEqual([`'${DEPARTMENT}`, `'${DEPARTMENT}`]);
    expect(column(rows, 'Исполнитель')).toEqual([`'${EXECUTOR}`, `'${EXECUTOR}`]);
  });

  it('sla-summary: group labels are written as text', async () => {
    const period = 'from=2026-03-01&to=2026-03-31&format=csv';
    const byDepartment = await csv(`sla-summary?${period}&groupBy=department`);
    expect(column(byDepartment, 'Группа')).toEqual([`'${DEPARTMENT}`, 'Итого']);
    const byAssignee = await csv(`sla-summary?${period}&groupBy=assignee`);
    expect(column(byAssignee, 'Группа')).toEqual([`'${EXECUTOR}`, 'Итого']);
    const byTopic = await csv(`sla-summary?${period}&groupBy=topic`);
    expect(column(byTopic, 'Группа')).toEqual([`'${TOPIC}`, 'Итого']);
  });

  it('journal: applicant, topic and executor are written as text', async () => {
    const rows = await csv('journal?from=2026-03-01&to=2026-03-31&format=csv');
    // Both registered at the same moment: their order is by id.
    expect(column(rows, 'Заявитель').sort()).toEqual(
      [`'${APPLICANT} Пётр Сергеевич`, `'${ORGANISATION}`].sort(),
    );
    expect(column(rows, 'Тематика')).toEqual([`'${TOPIC}`, `'${TOPIC}`]);
    expect(column(rows, 'Исполнитель')).toEqual([`'${EXECUTOR}`, `'${EXECUTOR}`]);
  });

  it('XLSX keeps the text as it is, in string cells (never a formula)', async () => {
    const xlsx = await download('journal?from=2026-03-01&to=2026-03-31&format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ExcelJS.Buffer);
    const sheet = wb.worksheets[0];
    const applicants = [2, 3].map((r) => sheet.getRow(r).getCell(4));
    for (const cell of applicants) expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(applicants.map((c) => c.value).sort()).toEqual(
      [`${APPLICANT} Пётр Сергеевич`, ORGANISATION].sort(),
    );
  });
});
