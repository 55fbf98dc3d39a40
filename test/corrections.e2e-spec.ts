import type { Response } from 'supertest';
import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';
import { flatText, pdfText } from './support/pdf-text';

/** supertest's parser for a PDF download: its bytes. */
const bytes = (res: Response, done: (err: Error | null, body: unknown) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('error', (e: Error) => done(e, null));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * Issue 20, item 6: PATCH /appeals/{id} — who may correct, If-Match, history with old and new
 * values, the identity keys, re-routing on a topic change, the due date on a kind change.
 */
describe('corrections (PATCH /appeals/{id})', () => {
  let t: TestApp;
  let key: string;
  type Staff = { id: string; token: string };
  let supervisor: Staff;
  let billingHead: Staff;
  let billingOfficer: Staff;
  let technicalOfficer: Staff;
  let technicalHead: Staff;
  let clerk: Staff;
  let otherClerk: Staff;
  let billing: string;
  let technical: string;

  interface Event {
    type: string;
    fromStatus: string | null;
    toStatus: string | null;
    reason: string | null;
    actorUserId: string | null;
    data: Record<string, unknown>;
  }
  const bearer = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
  const register = async (over: Record<string, unknown> = {}, by?: Staff) => {
    const req = t.http.post('/api/v1/appeals');
    const res = await (by ? req.set(bearer(by)) : req.set('X-API-Key', key))
      .send(appealBody(by ? 'post' : 'web', { topicCode: 'billing', ...over }))
      .expect(201);
    return res.body as {
      id: string;
      regNumber: string;
      status: string;
      dueDate: string;
      assigneeId: string | null;
      departmentId: string | null;
      version: number;
    };
  };
  const read = async (id: string) => {
    const res = await t.http.get(`/api/v1/appeals/${id}`).set(bearer(supervisor)).expect(200);
    return { body: res.body as Record<string, unknown>, etag: res.headers.etag };
  };
  const history = async (id: string) =>
    (await t.http.get(`/api/v1/appeals/${id}/history`).set(bearer(supervisor)).expect(200)).body
      .items as Event[];
  const patch = (id: string, who: Staff, body: object, etag?: string) => {
    const req = t.http.patch(`/api/v1/appeals/${id}`).set(bearer(who));
    return (etag ? req.set('If-Match', etag) : req).send(body);
  };
  const corrected = (events: Event[]) =>
    events.filter((e) => e.type === 'corrected').map((e) => e.data);

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.createApiKey(['web'])).key;
    billing = await t.departmentId('billing');
    technical = await t.departmentId('technical');
    supervisor = await t.createStaff(['supervisor']);
    billingHead = await t.createStaff(['head'], { departmentId: billing });
    billingOfficer = await t.createStaff(['officer'], { departmentId: billing });
    technicalOfficer = await t.createStaff(['officer'], { departmentId: technical });
    technicalHead = await t.createStaff(['head'], { departmentId: technical });
    clerk = await t.createStaff(['clerk']);
    otherClerk = await t.createStaff(['clerk']);
  });
  afterAll(() => t.close());

  it('corrects the applicant and the addresses: history old/new, identity keys, same number', async () => {
    const appeal = await register();
    const { etag, body: before } = await read(appeal.id);
    const res = await patch(
      appeal.id,
      billingHead,
      {
        applicant: { lastName: '  Петров ', email: 'P.Petrov@Example.RU' },
        accountNumber: '99-888 777',
        serviceAddress: 'г. Санкт-Петербург, ул. Садовая, д. 3, кв. 7',
        incomingLetter: { number: '15/2', deliveryMethod: 'hand' },
        reason: 'Опечатка в фамилии',
      },
      etag,
    ).expect(200);
    expect(res.headers.etag).not.toBe(etag);
    expect(res.body).toMatchObject({
      regNumber: appeal.regNumber,
      applicant: { lastName: 'Петров', firstName: 'Пётр', email: 'P.Petrov@Example.RU' },
      accountNumber: '99-888 777',
      serviceAddress: 'г. Санкт-Петербург, ул. Садовая, д. 3, кв. 7',
      incomingLetter: { number: '15/2', deliveryMethod: 'hand', date: null },
      status: appeal.status,
      assigneeId: appeal.assigneeId,
      dueDate: appeal.dueDate,
    });
    const events = await history(appeal.id);
    const fields = corrected(events);
    expect(fields.map((d) => d.field).sort()).toEqual(
      ['accountNumber', 'applicant', 'incomingLetter', 'serviceAddress'].sort(),
    );
    expect(fields.find((d) => d.field === 'accountNumber')).toEqual({
      field: 'accountNumber',
      from: before.accountNumber,
      to: '99-888 777',
    });
    expect(fields.find((d) => d.field === 'applicant')).toMatchObject({
      from: { lastName: 'Иванов' },
      to: { lastName: 'Петров', email: 'P.Petrov@Example.RU' },
    });
    expect(events.find((e) => e.type === 'corrected')).toMatchObject({
      actorUserId: billingHead.id,
      reason: 'Опечатка в фамилии',
    });
    // The duplicate rules' keys follow: the list filters use them.
    const [keys] = await t.db.query<Record<string, string>[]>(
      `SELECT applicant_email_norm, account_number_norm, applicant_name_norm, service_address_norm,
              reg_number FROM appeals WHERE id = $1`,
      [appeal.id],
    );
    expect(keys.applicant_email_norm).toBe('p.petrov@example.ru');
    expect(keys.account_number_norm).toBe('99888777');
    expect(keys.applicant_name_norm).toContain('петров');
    expect(keys.service_address_norm).toContain('3');
    expect(keys.reg_number).toBe(appeal.regNumber);
    expect(
      await t.db.query(
        `SELECT actor_user_id, data FROM audit_events WHERE entity_id = $1 AND action = 'appeal.correct'`,
        [appeal.id],
      ),
    ).toEqual([
      {
        actor_user_id: billingHead.id,
        data: { fields: ['accountNumber', 'serviceAddress', 'incomingLetter', 'applicant'] },
      },
    ]);
    const found = await t.http
      .get('/api/v1/appeals?applicantEmail=p.petrov@example.ru')
      .set(bearer(supervisor))
      .expect(200);
    expect(found.body.items.map((a: { id: string }) => a.id)).toEqual([appeal.id]);
    // The same values again change nothing: no event, same version.
    const again = await patch(appeal.id, billingHead, { accountNumber: '99-888 777' }).expect(200);
    expect(again.body.version).toBe(res.body.version);
    expect(corrected(await history(appeal.id))).toHaveLength(4);
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const appeal = await register();
    const { etag } = await read(appeal.id);
    await patch(appeal.id, supervisor, { serviceAddress: 'Другой адрес' }, etag).expect(200);
    const res = await patch(appeal.id, supervisor, { kind: 'claim' }, etag).expect(412);
    expect(res.body.code).toBe('PRECONDITION_FAILED');
    const now = await read(appeal.id);
    expect(now.body.kind).toBe('complaint');
    expect(now.body.dueDate).toBe(appeal.dueDate);
    expect(corrected(await history(appeal.id)).map((d) => d.field)).toEqual(['serviceAddress']);
  });

  it('never changes the registration number, the channel or the text (422 UNKNOWN_FIELD)', async () => {
    const appeal = await register();
    const res = await patch(appeal.id, supervisor, { regNumber: '2026-999999' }).expect(422);
    expect(res.body.errors).toContainEqual(
      expect.objectContaining({ field: 'regNumber', code: 'UNKNOWN_FIELD' }),
    );
    expect((await read(appeal.id)).body.regNumber).toBe(appeal.regNumber);
  });

  describe('who may correct', () => {
    it('a head of another department does not see it (404); an officer may not (403)', async () => {
      const appeal = await register();
      await patch(appeal.id, technicalHead, { serviceAddress: 'x' }).expect(404);
      await patch(appeal.id, billingOfficer, { serviceAddress: 'x' }).expect(403);
      expect(corrected(await history(appeal.id))).toEqual([]);
    });

    it('the clerk who registered it, while nobody is assigned; not after, not another clerk', async () => {
      // The legal department has no officers: the appeal waits unassigned.
      const waiting = await register({ topicCode: 'claims' }, clerk);
      expect(waiting.assigneeId).toBeNull();
      await patch(waiting.id, clerk, { applicant: { firstName: 'Павел' } }).expect(200);
      await patch(waiting.id, otherClerk, { applicant: { firstName: 'Пётр' } }).expect(404);

      const assigned = await register({}, clerk);
      expect(assigned.assigneeId).toBe(billingOfficer.id);
      const res = await patch(assigned.id, clerk, { applicant: { firstName: 'Павел' } }).expect(
        403,
      );
      expect(res.body.code).toBe('FORBIDDEN');
    });
  });

  describe('a topic change re-routes', () => {
    it('to another department: the assignee from the old one hands it back, the new one auto-assigns', async () => {
      const appeal = await register();
      expect(appeal).toMatchObject({ departmentId: billing, assigneeId: billingOfficer.id });
      await t.http
        .post(`/api/v1/appeals/${appeal.id}/start`)
        .set(bearer(billingOfficer))
        .expect(200);
      const res = await patch(appeal.id, billingHead, { topicCode: 'meters' }).expect(200);
      expect(res.body).toMatchObject({
        topicCode: 'meters',
        departmentId: technical,
        assigneeId: technicalOfficer.id,
        status: 'assigned',
      });
      const events = await history(appeal.id);
      expect(corrected(events)).toEqual([
        { field: 'topicCode', from: 'billing', to: 'meters' },
        { field: 'departmentId', from: billing, to: technical },
      ]);
      const moves = events
        .filter((e) => e.type === 'status_changed')
        .map((e) => [e.fromStatus, e.toStatus]);
      expect(moves.slice(-2)).toEqual([
        ['in_progress', 'registered'],
        ['registered', 'assigned'],
      ]);
    });

    it('within the department: the assignee stays', async () => {
      const appeal = await register();
      const res = await patch(appeal.id, billingHead, { topicCode: 'recalculation' }).expect(200);
      expect(res.body).toMatchObject({
        departmentId: billing,
        assigneeId: billingOfficer.id,
        status: 'assigned',
      });
    });

    it('an unknown topic is 422 UNKNOWN_TOPIC and changes nothing', async () => {
      const appeal = await register();
      const res = await patch(appeal.id, supervisor, { topicCode: 'nope' }).expect(422);
      expect(res.body.errors).toContainEqual(
        expect.objectContaining({ field: 'topicCode', code: 'UNKNOWN_TOPIC' }),
      );
      expect((await read(appeal.id)).body.topicCode).toBe('billing');
    });
  });

  describe('a kind change recomputes the due date from the registration date', () => {
    it('under the new kind’s policy', async () => {
      const appeal = await register();
      expect(appeal.dueDate).toBe('2026-05-08');
      // The clock moves on: the term still counts from the registration date.
      t.clock.set(new Date('2026-04-14T10:00:00+03:00'));
      try {
        const res = await patch(appeal.id, supervisor, { kind: 'claim' }).expect(200);
        // ЗоЗПП ст. 31: 10 calendar days from 2026-04-10.
        expect(res.body).toMatchObject({ kind: 'claim', dueDate: '2026-04-20' });
        const events = await history(appeal.id);
        expect(corrected(events)).toEqual([{ field: 'kind', from: 'complaint', to: 'claim' }]);
        expect(events.find((e) => e.type === 'due_date_changed')?.data).toMatchObject({
          from: '2026-05-08',
          to: '2026-04-20',
        });
      } finally {
        t.clock.set(new Date('2026-04-10T09:00:00+03:00'));
      }
    });

    it('keeps the approved extensions', async () => {
      const appeal = await register();
      await t.http
        .post(`/api/v1/appeals/${appeal.id}/extensions`)
        .set(bearer(supervisor))
        .send({ days: 10, reason: 'Нужна экспертиза' })
        .expect(201);
      expect((await read(appeal.id)).body.dueDate).toBe('2026-05-18');
      const res = await patch(appeal.id, supervisor, { kind: 'request' }).expect(200);
      // ПП 416: 10 working days from 2026-04-10 = 2026-04-24, plus the 10 days granted.
      expect(res.body).toMatchObject({ kind: 'request', dueDate: '2026-05-04' });
      expect(res.body.extensions).toHaveLength(1);
    });
  });

  describe('the applicant’s ОГРН, the co-applicants, the quality report (issues 21, 23)', () => {
    const card = async (id: string) =>
      flatText(
        await pdfText(
          (
            await t.http
              .get(`/api/v1/appeals/${id}/registration-card.pdf`)
              .set(bearer(supervisor))
              .buffer(true)
              .parse(bytes)
              .expect(200)
          ).body as Buffer,
        ),
      );

    it('corrects the ОГРН, checked as on create; the registration card prints it', async () => {
      const appeal = await register();
      const res = await patch(appeal.id, supervisor, {
        applicant: {
          type: 'legal_entity',
          organizationName: 'ООО «Ромашка»',
          ogrn: '1027700132195',
        },
      }).expect(200);
      expect(res.body.applicant).toMatchObject({ type: 'legal_entity', ogrn: '1027700132195' });
      expect(corrected(await history(appeal.id))).toEqual([
        expect.objectContaining({
          field: 'applicant',
          from: expect.objectContaining({ ogrn: null }),
          to: expect.objectContaining({ ogrn: '1027700132195' }),
        }),
      ]);
      const [row] = await t.db.query<{ applicant_ogrn: string }[]>(
        'SELECT applicant_ogrn FROM appeals WHERE id = $1',
        [appeal.id],
      );
      expect(row.applicant_ogrn).toBe('1027700132195');
      expect(await card(appeal.id)).toContain('ОГРН 1027700132195');

      // A wrong check digit, a wrong length: 422 naming the field, nothing changes.
      for (const ogrn of ['1027700132196', '102770013219']) {
        const bad = await patch(appeal.id, supervisor, { applicant: { ogrn } }).expect(422);
        expect(bad.body.errors).toContainEqual(
          expect.objectContaining({ field: 'applicant.ogrn' }),
        );
      }
      // An individual entrepreneur's ОГРНИП (15 digits), then cleared.
      const ip = await patch(appeal.id, supervisor, {
        applicant: { ogrn: '304500116000157' },
      }).expect(200);
      expect(ip.body.applicant.ogrn).toBe('304500116000157');
      expect(await card(appeal.id)).toContain('ОГРНИП 304500116000157');
      const cleared = await patch(appeal.id, supervisor, { applicant: { ogrn: null } }).expect(200);
      expect(cleared.body.applicant.ogrn).toBeNull();
      expect(await card(appeal.id)).not.toContain('ОГРН');
      expect(corrected(await history(appeal.id))).toHaveLength(3);
    });

    it('replaces the co-applicants as a whole, checked as on create', async () => {
      const appeal = await register();
      const res = await patch(appeal.id, billingHead, {
        coApplicants: [
          { lastName: '  Сидорова ', firstName: 'Мария', email: 'sidorova@example.ru' },
          { type: 'legal_entity', organizationName: 'ТСЖ «Невский 3»' },
        ],
        reason: 'Не внесли подписавших письмо',
      }).expect(200);
      const sidorova = {
        type: 'individual',
        lastName: 'Сидорова',
        firstName: 'Мария',
        middleName: null,
        organizationName: null,
        email: 'sidorova@example.ru',
        phone: null,
        postalAddress: null,
      };
      const tszh = {
        type: 'legal_entity',
        lastName: null,
        firstName: null,
        middleName: null,
        organizationName: 'ТСЖ «Невский 3»',
        email: null,
        phone: null,
        postalAddress: null,
      };
      expect(res.body).toMatchObject({ collective: true, coApplicants: [sidorova, tszh] });
      expect(await card(appeal.id)).toContain('Соавторы Сидорова Мария; ТСЖ «Невский 3»');

      const one = await patch(appeal.id, billingHead, {
        coApplicants: [{ lastName: 'Сидорова', firstName: 'Мария', email: 'sidorova@example.ru' }],
      }).expect(200);
      expect(one.body.coApplicants).toEqual([sidorova]);
      // The same list again changes nothing.
      const same = await patch(appeal.id, billingHead, {
        coApplicants: [{ lastName: 'Сидорова', firstName: 'Мария', email: 'sidorova@example.ru' }],
      }).expect(200);
      expect(same.body.version).toBe(one.body.version);

      const noName = await patch(appeal.id, billingHead, {
        coApplicants: [{ firstName: 'Пётр' }],
      }).expect(422);
      expect(noName.body.errors).toContainEqual(
        expect.objectContaining({ field: 'coApplicants[0].lastName' }),
      );
      const tooMany = await patch(appeal.id, billingHead, {
        coApplicants: Array.from({ length: 101 }, (_, i) => ({ lastName: `Жилец ${i}` })),
      }).expect(422);
      expect(tooMany.body.errors).toContainEqual(
        expect.objectContaining({ field: 'coApplicants' }),
      );

      const none = await patch(appeal.id, billingHead, { coApplicants: [] }).expect(200);
      expect(none.body).toMatchObject({ collective: false, coApplicants: [] });
      const events = await history(appeal.id);
      expect(corrected(events)).toEqual([
        { field: 'coApplicants', from: [], to: [sidorova, tszh] },
        { field: 'coApplicants', from: [sidorova, tszh], to: [sidorova] },
        { field: 'coApplicants', from: [sidorova], to: [] },
      ]);
      expect(events.find((e) => e.type === 'corrected')?.reason).toBe(
        'Не внесли подписавших письмо',
      );
    });

    it('adds the quality report a paper report arrived without; then the act can be drawn up', async () => {
      const qualityReport = {
        service: 'hot_water',
        startedAt: '2026-04-10T06:00:00+03:00',
        description: 'Нет горячей воды',
      };
      const appeal = await register({ kind: 'quality_report' }, clerk);
      const { body: before } = await read(appeal.id);
      expect(before.validationIssues).toEqual([
        expect.objectContaining({ field: 'qualityReport', code: 'REQUIRED' }),
      ]);
      const act = (etag?: string) => {
        const req = t.http
          .post(`/api/v1/appeals/${appeal.id}/inspection-act`)
          .set(bearer(supervisor));
        return (etag ? req.set('If-Match', etag) : req).send({
          inspectedAt: '2026-04-10T10:30:00+03:00',
          participants: ['Иванов П. С., потребитель'],
          violationConfirmed: true,
          violationStartedAt: '2026-04-10T06:00:00+03:00',
          violationEndedAt: null,
          findings: 'Горячей воды нет',
        });
      };
      expect((await act().expect(422)).body.errors[0].code).toBe('NOT_QUALITY_REPORT');

      // Invalid data as on create; null cannot leave a quality report without its data.
      const unknown = await patch(appeal.id, supervisor, {
        qualityReport: { ...qualityReport, service: 'internet' },
      }).expect(422);
      expect(unknown.body.errors[0].field).toBe('qualityReport.service');
      const missing = await patch(appeal.id, supervisor, { qualityReport: null }).expect(422);
      expect(missing.body.errors).toEqual([
        expect.objectContaining({ field: 'qualityReport', code: 'REQUIRED' }),
      ]);

      const res = await patch(appeal.id, supervisor, { qualityReport }).expect(200);
      const added = {
        service: 'hot_water',
        startedAt: '2026-04-10T03:00:00.000Z',
        description: 'Нет горячей воды',
        agreed: null,
        act: null,
      };
      expect(res.body.qualityReport).toEqual(added);
      // The registration's record of what arrived stays as it was (as for every correction);
      // the history shows the gap filled.
      expect(res.body.validationIssues).toEqual(before.validationIssues);
      expect(corrected(await history(appeal.id))).toEqual([
        { field: 'qualityReport', from: null, to: added },
      ]);

      const acted = await act(res.headers.etag).expect(201);
      expect(acted.body.qualityReport.act).toMatchObject({ violationConfirmed: true });
      // A later correction of what was reported keeps the act.
      const again = await patch(appeal.id, supervisor, {
        qualityReport: { ...qualityReport, description: 'Нет горячей воды в подъезде' },
      }).expect(200);
      expect(again.body.qualityReport).toEqual({
        ...acted.body.qualityReport,
        description: 'Нет горячей воды в подъезде',
      });
    });

    it('refuses a quality report on another kind, as on create', async () => {
      const appeal = await register();
      const res = await patch(appeal.id, supervisor, {
        qualityReport: { service: 'heating', startedAt: '2026-04-09T20:00:00+03:00' },
      }).expect(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'qualityReport', code: 'NOT_ALLOWED' }),
      ]);
      expect((await read(appeal.id)).body.qualityReport).toBeNull();
      expect(corrected(await history(appeal.id))).toEqual([]);
    });
  });

  it('a closed appeal is not corrected (409)', async () => {
    const appeal = await register();
    await t.http
      .post(`/api/v1/appeals/${appeal.id}/withdraw`)
      .set(bearer(supervisor))
      .send({ comment: 'Заявитель отозвал' })
      .expect(200);
    const res = await patch(appeal.id, supervisor, { serviceAddress: 'x' }).expect(409);
    expect(res.body.code).toBe('INVALID_TRANSITION');
  });

  describe('PATCH /departments/{id} and /topics/{code} (admin, audited)', () => {
    let admin: Staff;
    const audited = (action: string) =>
      t.db.query<{ actor_user_id: string; entity_id: string }[]>(
        'SELECT actor_user_id, entity_id FROM audit_events WHERE action = $1 ORDER BY id',
        [action],
      );
    beforeAll(async () => {
      admin = await t.createStaff(['admin']);
    });

    it('renames a department and sets its answer sign-off; the code stays', async () => {
      const created = await t.http
        .post('/api/v1/departments')
        .set(bearer(admin))
        .send({ code: 'water', name: 'Отдел водоснабжения' })
        .expect(201);
      const res = await t.http
        .patch(`/api/v1/departments/${created.body.id}`)
        .set(bearer(admin))
        .send({ name: '  Отдел водоснабжения и водоотведения ', answerApproval: true })
        .expect(200);
      expect(res.body).toEqual({
        id: created.body.id,
        code: 'water',
        name: 'Отдел водоснабжения и водоотведения',
        answerApproval: true,
      });
      const listed = await t.http.get('/api/v1/departments').set(bearer(supervisor)).expect(200);
      expect(listed.body.items).toContainEqual(res.body);
      expect(await audited('departments.update')).toEqual([
        { actor_user_id: admin.id, entity_id: created.body.id },
      ]);
      await t.http
        .patch(`/api/v1/departments/${created.body.id}`)
        .set(bearer(supervisor))
        .send({ name: 'x' })
        .expect(403);
      await t.http
        .patch(`/api/v1/departments/${created.body.id}`)
        .set(bearer(admin))
        .send({ code: 'other' })
        .expect(422);
      await t.http
        .patch('/api/v1/departments/00000000-0000-4000-8000-000000000000')
        .set(bearer(admin))
        .send({ name: 'x' })
        .expect(404);
    });

    it('renames a topic and moves it: new appeals go to the new department, old ones stay', async () => {
      const created = await t.http
        .post('/api/v1/topics')
        .set(bearer(admin))
        .send({ code: 'pressure', name: 'Давление воды', departmentId: billing })
        .expect(201);
      const before = await register({ topicCode: 'pressure' });
      expect(before.departmentId).toBe(billing);
      const res = await t.http
        .patch('/api/v1/topics/pressure')
        .set(bearer(admin))
        .send({ name: 'Напор воды', departmentId: technical })
        .expect(200);
      expect(res.body).toEqual({
        id: created.body.id,
        code: 'pressure',
        name: 'Напор воды',
        departmentId: technical,
        slaPolicyId: null,
        // Issue 22: a PATCH without attributes leaves them (none here) as they were.
        attributes: [],
      });
      const after = await register({ topicCode: 'pressure' });
      expect(after.departmentId).toBe(technical);
      expect((await read(before.id)).body.departmentId).toBe(billing);
      expect(await audited('topics.update')).toEqual([
        { actor_user_id: admin.id, entity_id: created.body.id },
      ]);
      await t.http
        .patch('/api/v1/topics/pressure')
        .set(bearer(billingHead))
        .send({ name: 'x' })
        .expect(403);
      await t.http.patch('/api/v1/topics/nope').set(bearer(admin)).send({ name: 'x' }).expect(404);
      const bad = await t.http
        .patch('/api/v1/topics/pressure')
        .set(bearer(admin))
        .send({ departmentId: '00000000-0000-4000-8000-000000000000' })
        .expect(404);
      expect(bad.body.code).toBe('DEPARTMENT_NOT_FOUND');
    });
  });

  it('shows the new routes and fields in the OpenAPI document', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.paths['/api/v1/appeals/{id}'].patch).toBeDefined();
    expect(doc.paths['/api/v1/departments/{id}'].patch).toBeDefined();
    expect(doc.paths['/api/v1/topics/{code}'].patch).toBeDefined();
    expect(doc.paths['/api/v1/appeals'].get.parameters!.map((p) => p.name)).toContain(
      'incomingNumber',
    );
    expect(doc.components.schemas.AppealDto.properties).toHaveProperty('incomingLetter');
    expect(doc.components.schemas.CreateAppealDto.properties).toHaveProperty('incomingLetter');
    expect(doc.components.schemas.JournalItemDto.properties).toHaveProperty('incomingLetter');
    expect(Object.keys(doc.components.schemas.CorrectAppealDto.properties!)).toEqual(
      expect.arrayContaining(['applicant', 'coApplicants', 'qualityReport']),
    );
  });
});
