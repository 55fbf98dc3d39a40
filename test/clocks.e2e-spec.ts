import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

/**
 * Issue 19, items 5–6: every legal clock tracked like the main term — an authority's control
 * date caps the due date (on create and by a head), the seven-day clocks of 59-ФЗ ст. 8 ч. 3 and
 * ст. 11 ч. 2, 4, 4.1 warn, go overdue, appear in the at-risk and overdue reports and are met by
 * the decision; the at-risk window and the ladders count working days; the SLA summary counts
 * late appeals per clock. Dates: April 2026 has no holidays; 2026-04-06 is a Monday.
 */
describe('every legal clock', () => {
  let t: TestApp;
  let key: string;
  let supervisor: { id: string; token: string };
  let billingHead: { id: string; token: string };
  let billingOfficer: { id: string; token: string };
  let generalHead: { id: string; token: string };

  interface Clock {
    name: string;
    dueDate: string;
    metAt: string | null;
    late: boolean;
    running: boolean;
  }
  interface AppealBody {
    id: string;
    regNumber: string;
    status: string;
    dueDate: string;
    clocks: Clock[];
    authorityControl: Record<string, string> | null;
    registeredAt: string;
  }
  interface Item {
    appealId: string;
    clock: string;
    dueDate: string;
    daysOverdue?: number;
    daysLeft?: number;
    workingDaysLeft?: number;
    warningStep?: number | null;
  }

  const at = (iso: string) => t.clock.set(iso);
  const register = async (over: Record<string, unknown> = {}) => {
    const res = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', key)
      .send(appealBody('web', { topicCode: 'billing', ...over }))
      .expect(201);
    return { body: res.body as AppealBody, etag: res.headers.etag };
  };
  const read = async (id: string) => {
    const res = await t.http
      .get(`/api/v1/appeals/${id}`)
      .auth(supervisor.token, { type: 'bearer' })
      .expect(200);
    return { body: res.body as AppealBody, etag: res.headers.etag };
  };
  const clockOf = (a: AppealBody, name: string) => a.clocks.find((c) => c.name === name);
  const sweep = async () =>
    (
      await t.http
        .post('/api/v1/jobs/sla-sweep/run')
        .auth(t.adminToken, { type: 'bearer' })
        .expect(200)
    ).body as { status: string; counts: Record<string, number> };
  const alerts = (appealId: string) =>
    t.db.query<{ clock: string; kind: string; step: number }[]>(
      'SELECT clock, kind, step FROM sla_alerts WHERE appeal_id = $1 ORDER BY id',
      [appealId],
    );
  const staffNotices = (appealId: string) =>
    t.db.query<{ kind: string; recipient_user_id: string; subject: string }[]>(
      `SELECT kind, recipient_user_id, subject FROM notifications
        WHERE appeal_id = $1 AND audience = 'staff' AND kind LIKE 'sla_%' ORDER BY id`,
      [appealId],
    );
  const history = async (id: string) =>
    (
      await t.http
        .get(`/api/v1/appeals/${id}/history`)
        .auth(supervisor.token, { type: 'bearer' })
        .expect(200)
    ).body.items as { type: string; reason: string | null; data: Record<string, unknown> }[];
  const report = async (path: string) =>
    (
      await t.http
        .get(`/api/v1/reports/${path}`)
        .auth(supervisor.token, { type: 'bearer' })
        .expect(200)
    ).body as {
      total: number;
      until?: string;
      byClock: { clock: string; count: number }[];
      totals?: { byClock: { clock: string; count: number }[] };
      items: Item[];
    };
  const itemsOf = (r: { items: Item[] }, appealId: string) =>
    r.items.filter((i) => i.appealId === appealId);

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-04-06T10:00:00+03:00' });
    key = (await t.createApiKey(['web'])).key;
    const billing = await t.departmentId('billing');
    supervisor = await t.createStaff(['supervisor']);
    billingHead = await t.createStaff(['head'], { departmentId: billing });
    billingOfficer = await t.createStaff(['officer'], { departmentId: billing });
    // The general department has a head and no officer: its appeals wait in its queue.
    generalHead = await t.createStaff(['head'], { departmentId: await t.departmentId('general') });
    await t.createStaff(['officer'], { departmentId: await t.departmentId('technical') });
    await t.db.query("UPDATE users SET email = login || '@staff.example.ru'");
  });
  afterAll(() => t.close());

  describe('an authority’s control date', () => {
    const control = {
      authority: 'Государственная жилищная инспекция Санкт-Петербурга',
      letterNumber: '01-12/3456',
      letterDate: '2026-04-01',
      controlDate: '2026-04-20',
    };

    it('caps the due date on registration: the earlier of the policy’s and the control date', async () => {
      at('2026-04-06T10:00:00+03:00');
      const { body } = await register({ authorityControl: control });
      // A complaint: 30 days, 2026-05-06; the inspectorate wants the answer by 2026-04-20.
      expect(body.dueDate).toBe('2026-04-20');
      expect(body.authorityControl).toEqual(control);
      expect(body.clocks).toEqual([
        { name: 'answer', dueDate: '2026-04-20', metAt: null, late: false, running: true },
        {
          name: 'registration',
          dueDate: '2026-04-09',
          metAt: body.registeredAt,
          late: false,
          running: false,
        },
        {
          name: 'authority_control',
          dueDate: '2026-04-20',
          metAt: null,
          late: false,
          running: true,
        },
      ]);
      expect((await read(body.id)).body).toMatchObject({
        dueDate: '2026-04-20',
        authorityControl: control,
        clocks: body.clocks,
      });
      const [row] = await t.db.query<{ term: string }[]>(
        'SELECT term_due_date::text AS term FROM appeals WHERE id = $1',
        [body.id],
      );
      expect(row.term).toBe('2026-05-06');
      const [ack] = await t.db.query<{ body: string }[]>(
        "SELECT body FROM notifications WHERE appeal_id = $1 AND kind = 'acknowledgement'",
        [body.id],
      );
      expect(ack.body).toContain('20.04.2026');

      // A control date after the policy's changes nothing but is tracked.
      const later = await register({ authorityControl: { ...control, controlDate: '2026-06-01' } });
      expect(later.body.dueDate).toBe('2026-05-06');
      expect(clockOf(later.body, 'authority_control')).toMatchObject({ dueDate: '2026-06-01' });
    });

    it('is refused (422, nothing stored) with a past control date, a letter from the future or a control date before the letter', async () => {
      at('2026-04-06T10:00:00+03:00');
      const count = async () =>
        (await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM appeals'))[0].n;
      const before = await count();
      const refused = async (over: Record<string, string>, field: string, code: string) => {
        const res = await t.http
          .post('/api/v1/appeals')
          .set('X-API-Key', key)
          .send(appealBody('web', { authorityControl: { ...control, ...over } }))
          .expect(422);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors).toContainEqual(
          expect.objectContaining({ field: `authorityControl.${field}`, code }),
        );
      };
      await refused({ controlDate: '2026-04-03' }, 'controlDate', 'IN_PAST');
      await refused(
        { letterDate: '2026-04-07', controlDate: '2026-04-30' },
        'letterDate',
        'IN_FUTURE',
      );
      await refused(
        { letterDate: '2026-04-05', controlDate: '2026-04-04' },
        'controlDate',
        'BEFORE_LETTER',
      );
      await refused({ controlDate: '2026-02-30' }, 'controlDate', 'INVALID_DATE');
      expect(await count()).toBe(before);
    });

    it('is set, changed and cleared by a head with If-Match; the due date follows, each change is history', async () => {
      at('2026-04-06T10:00:00+03:00');
      const { body, etag } = await register();
      expect(body.dueDate).toBe('2026-05-06');
      const put = (token: string, ifMatch: string, c: object) =>
        t.http
          .put(`/api/v1/appeals/${body.id}/authority-control`)
          .auth(token, { type: 'bearer' })
          .set('If-Match', ifMatch)
          .send(c);
      const controlled = { ...control, controlDate: '2026-04-24' };
      expect((await put(billingOfficer.token, etag, controlled).expect(403)).body.code).toBe(
        'FORBIDDEN',
      );
      expect(
        (await put(billingHead.token, `"${body.id}.0"`, controlled).expect(412)).body.code,
      ).toBe('PRECONDITION_FAILED');

      const set = await put(billingHead.token, etag, controlled).expect(200);
      expect(set.body).toMatchObject({ dueDate: '2026-04-24', authorityControl: controlled });
      expect(clockOf(set.body as AppealBody, 'authority_control')).toMatchObject({
        dueDate: '2026-04-24',
        running: true,
      });
      expect(set.headers.etag).not.toBe(etag);
      // The same control again changes nothing, not even the ETag.
      const same = await put(billingHead.token, set.headers.etag, controlled).expect(200);
      expect(same.headers.etag).toBe(set.headers.etag);
      expect((await history(body.id)).slice(-2)).toEqual([
        expect.objectContaining({
          type: 'authority_control_changed',
          data: { from: null, to: controlled },
        }),
        expect.objectContaining({
          type: 'due_date_changed',
          data: expect.objectContaining({ from: '2026-05-06', to: '2026-04-24' }),
        }),
      ]);

      // An extension lengthens the term (59-ФЗ ст. 12 ч. 2); the control date still caps it.
      const ext = await t.http
        .post(`/api/v1/appeals/${body.id}/extensions`)
        .auth(billingHead.token, { type: 'bearer' })
        .send({ days: 10, reason: 'Нужна экспертиза' })
        .expect(201);
      // 2026-05-06 + 10 = Saturday 2026-05-16 → backward Friday 2026-05-15.
      expect(ext.body).toMatchObject({ previousDueDate: '2026-05-06', newDueDate: '2026-05-15' });
      const extended = await read(body.id);
      expect(extended.body.dueDate).toBe('2026-04-24');

      const cleared = await t.http
        .delete(`/api/v1/appeals/${body.id}/authority-control`)
        .auth(billingHead.token, { type: 'bearer' })
        .set('If-Match', extended.etag)
        .expect(200);
      expect(cleared.body).toMatchObject({ dueDate: '2026-05-15', authorityControl: null });
      // Stopped on time: no longer a clock of the appeal.
      expect(clockOf(cleared.body as AppealBody, 'authority_control')).toBeUndefined();
      expect((await history(body.id)).slice(-2)).toEqual([
        expect.objectContaining({
          type: 'authority_control_changed',
          data: { from: controlled, to: null },
        }),
        expect.objectContaining({
          type: 'due_date_changed',
          data: expect.objectContaining({ from: '2026-04-24', to: '2026-05-15' }),
        }),
      ]);
      const actions = await t.db.query<{ action: string }[]>(
        "SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'appeal.authority_control%' ORDER BY id",
        [body.id],
      );
      expect(actions.map((a) => a.action)).toEqual([
        'appeal.authority_control.set',
        'appeal.authority_control.clear',
      ]);
    });

    it('goes overdue and is escalated like the main term, and an answer meets it', async () => {
      at('2026-04-06T10:00:00+03:00');
      const { body } = await register({
        authorityControl: { ...control, controlDate: '2026-04-08' },
      });
      at('2026-04-09T09:00:00+03:00');
      await sweep();
      expect(await alerts(body.id)).toEqual(
        expect.arrayContaining([
          { clock: 'answer', kind: 'escalation', step: 0 },
          { clock: 'authority_control', kind: 'escalation', step: 0 },
        ]),
      );
      const overdue = await report('overdue?limit=500');
      expect(itemsOf(overdue, body.id)).toEqual([
        expect.objectContaining({ clock: 'answer', dueDate: '2026-04-08', daysOverdue: 1 }),
        expect.objectContaining({
          clock: 'authority_control',
          dueDate: '2026-04-08',
          daysOverdue: 1,
        }),
      ]);
      const answered = await t.http
        .post(`/api/v1/appeals/${body.id}/answer`)
        .auth(billingHead.token, { type: 'bearer' })
        .send({ text: 'Ответ дан', outcome: 'explained' })
        .expect(200);
      expect(clockOf(answered.body as AppealBody, 'authority_control')).toMatchObject({
        metAt: expect.any(String),
        late: true,
        running: false,
      });
    });
  });

  describe('forwarding (59-ФЗ ст. 8 ч. 3)', () => {
    it('runs while nobody has the appeal: warns, goes overdue, shows in the reports; forwarding meets it', async () => {
      at('2026-04-06T10:00:00+03:00');
      // The general department has no officer: the appeal waits in its queue.
      const queued = (await register({ topicCode: 'other' })).body;
      expect(queued.status).toBe('registered');
      expect(clockOf(queued, 'forwarding')).toEqual({
        name: 'forwarding',
        dueDate: '2026-04-13',
        metAt: null,
        late: false,
        running: true,
      });
      // An appeal an officer got at once has no forwarding clock: the officer answers for it.
      const assigned = (await register()).body;
      expect(assigned.status).toBe('assigned');
      expect(assigned.clocks.map((c) => c.name)).toEqual(['answer', 'registration']);

      at('2026-04-09T10:00:00+03:00'); // Thursday: 2 working days left (Friday, Monday)
      await sweep();
      expect(await alerts(queued.id)).toEqual([{ clock: 'forwarding', kind: 'warning', step: 2 }]);
      expect(itemsOf(await report('at-risk?withinDays=1'), queued.id)).toEqual([]);
      expect(itemsOf(await report('at-risk?withinDays=2'), queued.id)).toEqual([
        expect.objectContaining({
          clock: 'forwarding',
          dueDate: '2026-04-13',
          daysLeft: 4,
          workingDaysLeft: 2,
          warningStep: 2,
        }),
      ]);

      at('2026-04-10T10:00:00+03:00'); // Friday: Monday is 1 working day away
      await sweep();
      expect((await alerts(queued.id)).map((a) => a.step)).toEqual([2, 1]);
      const atRisk = await report('at-risk?withinDays=1');
      expect(atRisk.until).toBe('2026-04-13');
      expect(itemsOf(atRisk, queued.id)).toEqual([
        expect.objectContaining({ clock: 'forwarding', workingDaysLeft: 1, warningStep: 1 }),
      ]);
      expect(atRisk.byClock).toContainEqual({ clock: 'forwarding', count: 1 });
      // Nobody is assigned: the department's head is warned, naming the clock.
      const warnings = await staffNotices(queued.id);
      expect(warnings).toHaveLength(2);
      for (const n of warnings) {
        expect(n).toMatchObject({ kind: 'sla_warning', recipient_user_id: generalHead.id });
        expect(n.subject).toContain('направление по компетенции');
      }

      at('2026-04-14T09:00:00+03:00'); // Tuesday: the 7 days are over
      expect((await sweep()).counts.clocksOverdue).toBeGreaterThanOrEqual(1);
      expect((await sweep()).counts.clocksOverdue).toBe(0);
      expect(await alerts(queued.id)).toContainEqual({
        clock: 'forwarding',
        kind: 'escalation',
        step: 0,
      });
      expect(await history(queued.id)).toContainEqual(
        expect.objectContaining({
          type: 'clock_overdue',
          data: { clock: 'forwarding', dueDate: '2026-04-13' },
        }),
      );
      const escalated = (await staffNotices(queued.id)).filter((n) => n.kind === 'sla_escalation');
      expect(escalated.map((n) => n.recipient_user_id).sort()).toEqual(
        [generalHead.id, supervisor.id].sort(),
      );
      const overdue = await report('overdue?limit=500');
      expect(itemsOf(overdue, queued.id)).toEqual([
        expect.objectContaining({ clock: 'forwarding', dueDate: '2026-04-13', daysOverdue: 1 }),
      ]);
      expect(overdue.totals!.byClock).toContainEqual(
        expect.objectContaining({ clock: 'forwarding' }),
      );
      expect(clockOf((await read(queued.id)).body, 'forwarding')).toMatchObject({
        late: true,
        running: true,
      });

      const forwarded = await t.http
        .post(`/api/v1/appeals/${queued.id}/forward`)
        .auth(generalHead.token, { type: 'bearer' })
        .send({ organization: 'Отделение Социального фонда', reason: 'Вопрос о пенсии' })
        .expect(200);
      expect(clockOf(forwarded.body as AppealBody, 'forwarding')).toMatchObject({
        metAt: expect.any(String),
        late: true,
        running: false,
      });
      expect(itemsOf(await report('overdue?limit=500'), queued.id)).toEqual([]);

      const summary = (
        await t.http
          .get('/api/v1/reports/sla-summary?from=2026-04-01&to=2026-04-30&groupBy=department')
          .auth(supervisor.token, { type: 'bearer' })
          .expect(200)
      ).body as {
        groups: { key: string; lateForwardings: number; lateByClock: Record<string, number> }[];
      };
      const generalId = await t.departmentId('general');
      expect(summary.groups.find((g) => g.key === generalId)).toMatchObject({
        lateForwardings: 1,
        lateByClock: expect.objectContaining({ forwarding: 1 }),
      });
    });

    it('stops when an officer gets the appeal, and can be raised again by hand', async () => {
      at('2026-04-06T10:00:00+03:00');
      const queued = (await register({ topicCode: 'other' })).body;
      const generalOfficer = await t.createStaff(['officer'], {
        departmentId: await t.departmentId('general'),
      });
      const assigned = await t.http
        .post(`/api/v1/appeals/${queued.id}/assign`)
        .auth(generalHead.token, { type: 'bearer' })
        .send({ assigneeId: generalOfficer.id })
        .expect(200);
      expect(clockOf(assigned.body as AppealBody, 'forwarding')).toBeUndefined();
      const raised = await t.http
        .put(`/api/v1/appeals/${queued.id}/clocks/forwarding`)
        .auth(generalOfficer.token, { type: 'bearer' })
        .set('If-Match', assigned.headers.etag)
        .send({ comment: 'Вопрос не наш: нужен перенаправить в Водоканал' })
        .expect(200);
      expect(clockOf(raised.body as AppealBody, 'forwarding')).toMatchObject({
        dueDate: '2026-04-13',
        running: true,
      });
      // Raised by a person, it does not stop when the appeal is started.
      const started = await t.http
        .post(`/api/v1/appeals/${queued.id}/start`)
        .auth(generalOfficer.token, { type: 'bearer' })
        .expect(200);
      expect(clockOf(started.body as AppealBody, 'forwarding')).toMatchObject({ running: true });
      const withdrawn = await t.http
        .delete(`/api/v1/appeals/${queued.id}/clocks/forwarding`)
        .auth(generalHead.token, { type: 'bearer' })
        .send({ comment: 'Разобрались: вопрос наш' })
        .expect(200);
      expect(clockOf(withdrawn.body as AppealBody, 'forwarding')).toBeUndefined();
      const events = (await history(queued.id)).filter((e) => e.type.startsWith('clock_'));
      expect(events).toEqual([
        expect.objectContaining({
          type: 'clock_started',
          data: { clock: 'forwarding', dueDate: '2026-04-13' },
        }),
        expect.objectContaining({ type: 'clock_stopped', reason: 'Разобрались: вопрос наш' }),
      ]);
      // Moving it on the appeal's other clocks is not a person's to do.
      await t.http
        .put(`/api/v1/appeals/${queued.id}/clocks/answer`)
        .auth(generalHead.token, { type: 'bearer' })
        .send({})
        .expect(422);
      await t.db.query('UPDATE users SET active = false WHERE id = $1', [generalOfficer.id]);
    });
  });

  describe.each([
    ['court_return', 'court_decision', 'возврат обращения'],
    ['illegible_notice', 'illegible', 'нечитаемом'],
    ['unclear_notice', 'essence_unclear', 'неясной сути'],
  ] as const)('%s (59-ФЗ ст. 11)', (clock, reason, label) => {
    it('runs once raised: warns, goes overdue, shows in the reports; the rejection meets it', async () => {
      at('2026-04-06T10:00:00+03:00');
      const { body, etag } = await register();
      expect(body.status).toBe('assigned');
      const raised = await t.http
        .put(`/api/v1/appeals/${body.id}/clocks/${clock}`)
        .auth(billingOfficer.token, { type: 'bearer' })
        .set('If-Match', etag)
        .send({})
        .expect(200);
      expect(clockOf(raised.body as AppealBody, clock)).toEqual({
        name: clock,
        dueDate: '2026-04-13',
        metAt: null,
        late: false,
        running: true,
      });

      at('2026-04-10T10:00:00+03:00'); // Friday: both rungs (2 and 1 working days) at once
      await sweep();
      const fired = await alerts(body.id);
      expect(fired).toHaveLength(2);
      expect(fired).toEqual(
        expect.arrayContaining([
          { clock, kind: 'warning', step: 2 },
          { clock, kind: 'warning', step: 1 },
        ]),
      );
      // One notice per recipient, for the most urgent rung: the assignee and, on the last, the head.
      const warned = await staffNotices(body.id);
      expect(warned.map((n) => n.recipient_user_id).sort()).toEqual(
        [billingOfficer.id, billingHead.id].sort(),
      );
      expect(warned[0].subject).toContain(label);
      expect(itemsOf(await report('at-risk?withinDays=1'), body.id)).toEqual([
        expect.objectContaining({
          clock,
          dueDate: '2026-04-13',
          workingDaysLeft: 1,
          warningStep: 1,
        }),
      ]);

      at('2026-04-14T09:00:00+03:00');
      await sweep();
      expect(await alerts(body.id)).toContainEqual({ clock, kind: 'escalation', step: 0 });
      expect(itemsOf(await report('overdue?limit=500'), body.id)).toEqual([
        expect.objectContaining({ clock, daysOverdue: 1 }),
      ]);

      const rejected = await t.http
        .post(`/api/v1/appeals/${body.id}/reject`)
        .auth(billingHead.token, { type: 'bearer' })
        .send({ reason })
        .expect(200);
      expect(clockOf(rejected.body as AppealBody, clock)).toMatchObject({
        metAt: expect.any(String),
        late: true,
        running: false,
      });
      expect(itemsOf(await report('overdue?limit=500'), body.id)).toEqual([]);
      const summary = (
        await t.http
          .get('/api/v1/reports/sla-summary?from=2026-04-06&to=2026-04-06&groupBy=department')
          .auth(supervisor.token, { type: 'bearer' })
          .expect(200)
      ).body as { total: { lateByClock: Record<string, number> } };
      expect(summary.total.lateByClock[clock]).toBe(1);
    });

    it('is met on time by a rejection within 7 days, raised or not', async () => {
      at('2026-04-06T10:00:00+03:00');
      const { body } = await register();
      at('2026-04-08T10:00:00+03:00');
      const rejected = await t.http
        .post(`/api/v1/appeals/${body.id}/reject`)
        .auth(billingHead.token, { type: 'bearer' })
        .send({ reason })
        .expect(200);
      expect(clockOf(rejected.body as AppealBody, clock)).toMatchObject({
        dueDate: '2026-04-13',
        metAt: expect.any(String),
        late: false,
        running: false,
      });
    });
  });

  describe('at risk in working days', () => {
    it('on a Friday, withinDays=1 reaches Monday; the ladder counts working days too', async () => {
      at('2026-04-08T10:00:00+03:00'); // Wednesday
      // ПП 354 quality complaint: 3 working days — Thursday, Friday, Monday.
      const { body } = await register({ topicCode: 'service_quality' });
      expect(body.dueDate).toBe('2026-04-13');

      at('2026-04-10T10:00:00+03:00'); // Friday
      const within1 = await report('at-risk?withinDays=1');
      expect(itemsOf(within1, body.id)).toEqual([
        expect.objectContaining({
          clock: 'answer',
          dueDate: '2026-04-13',
          daysLeft: 3,
          workingDaysLeft: 1,
          warningStep: 1,
        }),
      ]);
      expect(within1.until).toBe('2026-04-13');
      expect(itemsOf(await report('at-risk?withinDays=0'), body.id)).toEqual([]);

      const csv = await t.http
        .get('/api/v1/reports/at-risk?withinDays=1&format=csv')
        .auth(supervisor.token, { type: 'bearer' })
        .expect(200);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .map((l) => l.split(';'));
      const [head, ...rows] = lines;
      const row = rows.find((r) => r[0] === body.regNumber);
      expect(row).toBeDefined();
      const cell = (title: string) => row![head.indexOf(title)];
      expect(cell('Вид срока')).toBe('рассмотрение обращения');
      expect(cell('Рабочих дней осталось')).toBe('1');
      expect(cell('Ступень предупреждения')).toBe('1');

      // The sweep on Friday reaches the last rung (1 working day), not on Sunday.
      await sweep();
      expect(await alerts(body.id)).toContainEqual({ clock: 'answer', kind: 'warning', step: 1 });
    });
  });

  describe('the registration response', () => {
    it('names its clocks, and a replay repeats it byte for byte, with or without an officer', async () => {
      at('2026-04-06T10:00:00+03:00');
      for (const [topicCode, forwarding] of [
        ['claims', true], // the legal department has no officer
        ['billing', false],
      ] as const) {
        const body = appealBody('web', { topicCode });
        const send = () =>
          t.http
            .post('/api/v1/appeals')
            .set('X-API-Key', key)
            .set('Idempotency-Key', `clocks-${topicCode}`)
            .send(body)
            .expect(201);
        const first = await send();
        const again = await send();
        expect(again.headers['idempotent-replayed']).toBe('true');
        expect(again.text).toBe(first.text);
        const names = (first.body as AppealBody).clocks.map((c) => c.name);
        expect(names.includes('forwarding')).toBe(forwarding);
        expect((await read(first.body.id as string)).body.clocks).toEqual(first.body.clocks);
      }
    });
  });
});
