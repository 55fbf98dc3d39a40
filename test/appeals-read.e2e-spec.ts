import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

describe('reading appeals', () => {
  let t: TestApp;
  let clerk: { id: string; token: string };
  let billingOfficer: { id: string; token: string };
  let technicalOfficer: { id: string; token: string };
  let supervisor: { id: string; token: string };
  let client: { id: string; key: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-03-02T10:00:00+03:00' });
    clerk = await t.createStaff(['clerk'], { departmentId: await t.departmentId('general') });
    billingOfficer = await t.createStaff(['officer'], {
      departmentId: await t.departmentId('billing'),
    });
    technicalOfficer = await t.createStaff(['officer'], {
      departmentId: await t.departmentId('technical'),
    });
    supervisor = await t.createStaff(['supervisor']);
    client = await t.createApiKey(['web', 'email']);
    const post = (body: object, as: 'clerk' | 'client' = 'client') =>
      (as === 'clerk'
        ? t.http.post('/api/v1/appeals').auth(clerk.token, { type: 'bearer' })
        : t.http.post('/api/v1/appeals').set('X-API-Key', client.key)
      )
        .send(body)
        .expect(201)
        .then((r) => r.body as { id: string; regNumber: string });

    ids.heating = (
      await post(appealBody('web', { text: 'Холодные батареи в квартире, отопление не работает' }))
    ).id;
    t.clock.set('2026-03-03T10:00:00+03:00');
    ids.meter = (
      await post(
        appealBody('email', {
          kind: 'claim',
          topicCode: 'meters',
          accountNumber: '99 88-77',
          applicant: { lastName: 'Смирнова', firstName: 'Ольга', email: 'Olga@Mail.RU' },
          text: 'Прибор учёта воды сломан, прошу заменить счётчик',
        }),
      )
    ).id;
    t.clock.set('2026-03-04T10:00:00+03:00');
    ids.letter = (await post(appealBody('post', { topicCode: 'other' }), 'clerk')).id;
  });
  afterAll(() => t.close());

  const list = (token: string, query = '') =>
    t.http.get(`/api/v1/appeals${query}`).auth(token, { type: 'bearer' }).expect(200);

  it('lists newest first for a supervisor, who sees every department', async () => {
    const res = await list(supervisor.token);
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([
      ids.letter,
      ids.meter,
      ids.heating,
    ]);
    expect(res.body.nextCursor).toBeNull();
  });

  it('pages with limit and cursor without repeating or skipping', async () => {
    const first = await list(supervisor.token, '?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await list(supervisor.token, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((a: { id: string }) => a.id)).toEqual([ids.heating]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('rejects a tampered cursor and a limit over 500', async () => {
    const bad = await t.http
      .get('/api/v1/appeals?cursor=garbage')
      .auth(supervisor.token, { type: 'bearer' })
      .expect(422);
    expect(bad.body.code).toBe('INVALID_CURSOR');
    const big = await t.http
      .get('/api/v1/appeals?limit=501')
      .auth(supervisor.token, { type: 'bearer' })
      .expect(422);
    expect(big.body.errors[0]).toMatchObject({ field: 'limit', code: 'TOO_LARGE' });
  });

  it.each([
    ['channel=email', ['meter']],
    ['channel=web,post', ['letter', 'heating']],
    ['kind=claim', ['meter']],
    ['topicCode=billing', ['heating']],
    // Billing and technical have officers: auto-assigned; nobody in the general department.
    ['status=registered', ['letter']],
    ['status=assigned,registered', ['letter', 'meter', 'heating']],
    ['status=answered', []],
    ['applicantEmail=olga@mail.ru', ['meter']],
    ['accountNumber=998877', ['meter']],
    ['q=квартира', ['heating']],
    ['q=батареи', ['letter', 'heating']],
    ['q=счётчиков', ['meter']],
    ['registeredFrom=2026-03-03&registeredTo=2026-03-03', ['meter']],
    ['registeredFrom=2026-03-04', ['letter']],
    ['dueBefore=2026-03-20', ['meter']],
  ])('filters by %s', async (query, expected) => {
    const res = await list(supervisor.token, `?${encodeURI(query)}`);
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual(expected.map((k) => ids[k]));
  });

  it('filters by department and by registration number', async () => {
    const billing = await t.departmentId('billing');
    const res = await list(supervisor.token, `?departmentId=${billing}`);
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([ids.heating]);
    const one = await t.http
      .get(`/api/v1/appeals/${ids.meter}`)
      .auth(supervisor.token, { type: 'bearer' });
    const byNumber = await list(supervisor.token, `?regNumber=${one.body.regNumber}`);
    expect(byNumber.body.items.map((a: { id: string }) => a.id)).toEqual([ids.meter]);
  });

  it('computes overdue from the clock and the due date', async () => {
    // The claim (10 days from 2026-03-03) is due 2026-03-13.
    t.clock.set('2026-03-14T10:00:00+03:00');
    const overdue = await list(supervisor.token, '?overdue=true');
    expect(overdue.body.items.map((a: { id: string }) => a.id)).toEqual([ids.meter]);
    expect(overdue.body.items[0].overdue).toBe(true);
    const notOverdue = await list(supervisor.token, '?overdue=false');
    expect(notOverdue.body.items.map((a: { id: string }) => a.id)).toEqual([
      ids.letter,
      ids.heating,
    ]);
    t.clock.set('2026-03-04T10:00:00+03:00');
  });

  it('shows officers only their own department', async () => {
    const billing = await list(billingOfficer.token);
    expect(billing.body.items.map((a: { id: string }) => a.id)).toEqual([ids.heating]);
    const technical = await list(technicalOfficer.token);
    expect(technical.body.items.map((a: { id: string }) => a.id)).toEqual([ids.meter]);
  });

  it("hides another department's appeal behind 404, not 403", async () => {
    const res = await t.http
      .get(`/api/v1/appeals/${ids.meter}`)
      .auth(billingOfficer.token, { type: 'bearer' })
      .expect(404);
    expect(res.body.code).toBe('APPEAL_NOT_FOUND');
  });

  it('lets a clerk see what they registered', async () => {
    const res = await list(clerk.token);
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([ids.letter]);
  });

  it('lets the creating client read its appeal, and no other client', async () => {
    const own = await t.http
      .get(`/api/v1/appeals/${ids.heating}`)
      .set('X-API-Key', client.key)
      .expect(200);
    expect(own.body.id).toBe(ids.heating);
    const other = await t.createApiKey(['web']);
    await t.http.get(`/api/v1/appeals/${ids.heating}`).set('X-API-Key', other.key).expect(404);
  });

  it('returns one appeal with its ETag and writes the read to the audit log', async () => {
    const res = await t.http
      .get(`/api/v1/appeals/${ids.heating}`)
      .auth(supervisor.token, { type: 'bearer' })
      .expect(200);
    // Version 2: registered, then auto-assigned to the billing officer.
    expect(res.headers.etag).toBe(`"${ids.heating}.2"`);
    expect(res.body).toMatchObject({
      id: ids.heating,
      status: 'assigned',
      assigneeId: billingOfficer.id,
      attachments: [],
      extensions: [],
    });
    const audit = await t.db.query(
      "SELECT actor_user_id FROM audit_events WHERE action = 'appeal.read' AND entity_id = $1",
      [ids.heating],
    );
    expect(audit).toContainEqual({ actor_user_id: supervisor.id });
  });

  it('answers 404 for an unknown id and 422 for a malformed one', async () => {
    await t.http
      .get('/api/v1/appeals/8d8f2c1e-0000-4000-8000-000000000000')
      .auth(supervisor.token, { type: 'bearer' })
      .expect(404);
    const bad = await t.http
      .get('/api/v1/appeals/123')
      .auth(supervisor.token, { type: 'bearer' })
      .expect(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'id', code: 'INVALID_UUID' });
  });

  it('returns the history of an appeal', async () => {
    const res = await t.http
      .get(`/api/v1/appeals/${ids.letter}/history`)
      .auth(supervisor.token, { type: 'bearer' })
      .expect(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      type: 'registered',
      fromStatus: null,
      toStatus: 'registered',
      actorUserId: clerk.id,
      data: { channel: 'post' },
    });
  });
});
