import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

describe('assignment and the case lifecycle', () => {
  let t: TestApp;
  let key: string;
  let clerk: string;
  let head: { id: string; token: string };
  let otherHead: { id: string; token: string };
  let supervisor: { id: string; token: string };
  let officers: { id: string; token: string }[];
  let technicalDept: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-04-10T10:00:00+03:00' });
    key = (await t.createApiKey(['web'])).key;
    clerk = (await t.createStaff(['clerk'])).token;
    technicalDept = await t.departmentId('technical');
    head = await t.createStaff(['head'], { departmentId: technicalDept });
    otherHead = await t.createStaff(['head'], { departmentId: await t.departmentId('billing') });
    supervisor = await t.createStaff(['supervisor']);
    officers = [];
    for (let i = 0; i < 5; i++)
      officers.push(await t.createStaff(['officer'], { departmentId: technicalDept }));
    await t.db.query("UPDATE users SET email = login || '@staff.example.ru'");
  });
  afterAll(() => t.close());

  const register = async (over: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web', { topicCode: 'meters', ...over }))
        .expect(201)
    ).body as {
      id: string;
      status: string;
      assigneeId: string | null;
      version: number;
      regNumber: string;
    };
  const act = (id: string, action: string, token: string, body: object = {}) =>
    t.http.post(`/api/v1/appeals/${id}/${action}`).auth(token, { type: 'bearer' }).send(body);

  it('balances 100 parallel registrations over 5 officers (difference ≤ 1)', async () => {
    const results = await Promise.all(Array.from({ length: 100 }, () => register()));
    expect(results.every((r) => r.status === 'assigned')).toBe(true);
    const rows: { assignee_id: string; n: number }[] = await t.db.query(
      `SELECT assignee_id, count(*)::int AS n FROM appeals WHERE department_id = $1 AND status = 'assigned' GROUP BY assignee_id`,
      [technicalDept],
    );
    expect(rows).toHaveLength(5);
    const counts = rows.map((r) => r.n);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('tells the assignee and the head about a new assignment', async () => {
    const a = await register();
    const rows = await t.db.query(
      "SELECT recipient_user_id FROM notifications WHERE appeal_id = $1 AND kind = 'assignment'",
      [a.id],
    );
    expect(rows.map((r: { recipient_user_id: string }) => r.recipient_user_id).sort()).toEqual(
      [a.assigneeId, head.id].sort(),
    );
  });

  it('skips officers marked unavailable, and queues when nobody is available', async () => {
    for (const o of officers.slice(1)) {
      await t.http
        .patch(`/api/v1/users/${o.id}`)
        .auth(t.adminToken, { type: 'bearer' })
        .send({ available: false })
        .expect(200);
    }
    const a = await register();
    expect(a.assigneeId).toBe(officers[0].id);
    await t.http
      .patch(`/api/v1/users/${officers[0].id}`)
      .auth(t.adminToken, { type: 'bearer' })
      .send({ available: false })
      .expect(200);
    const queued = await register();
    expect(queued).toMatchObject({ status: 'registered', assigneeId: null });
    for (const o of officers) {
      await t.http
        .patch(`/api/v1/users/${o.id}`)
        .auth(t.adminToken, { type: 'bearer' })
        .send({ available: true })
        .expect(200);
    }
    // An officer of the department takes it from the queue; a second take is a conflict.
    const taken = await act(queued.id, 'take', officers[2].token).expect(200);
    expect(taken.body).toMatchObject({ status: 'assigned', assigneeId: officers[2].id });
    const again = await act(queued.id, 'take', officers[3].token).expect(409);
    expect(again.body.code).toBe('INVALID_TRANSITION');
  });

  it('walks the main path: start, answer by e-mail, on time', async () => {
    const a = await register();
    const assignee = officers.find((o) => o.id === a.assigneeId)!;
    const other = officers.find((o) => o.id !== a.assigneeId)!;
    await act(a.id, 'start', other.token).expect(403);
    const started = await act(a.id, 'start', assignee.token).expect(200);
    expect(started.body.status).toBe('in_progress');
    t.clock.set('2026-04-20T12:00:00+03:00');
    const answered = await act(a.id, 'answer', assignee.token, {
      text: 'Счётчик заменим 25 апреля.',
      outcome: 'supported',
    }).expect(200);
    expect(answered.body).toMatchObject({
      status: 'answered',
      overdue: false,
      answer: {
        text: 'Счётчик заменим 25 апреля.',
        outcome: 'supported',
        answeredAt: '2026-04-20T09:00:00.000Z',
      },
    });
    const notice = await t.db.query(
      "SELECT channel, status, body FROM notifications WHERE appeal_id = $1 AND kind = 'answer'",
      [a.id],
    );
    expect(notice).toEqual([expect.objectContaining({ channel: 'email', status: 'pending' })]);
    expect(notice[0].body).toContain('Счётчик заменим 25 апреля.');
    const history = await t.http
      .get(`/api/v1/appeals/${a.id}/history`)
      .auth(head.token, { type: 'bearer' })
      .expect(200);
    expect(history.body.items.map((e: { toStatus: string }) => e.toStatus)).toEqual([
      'registered',
      'assigned',
      'in_progress',
      'answered',
    ]);
    // Answered is terminal.
    const late = await act(a.id, 'start', assignee.token).expect(409);
    expect(late.body.code).toBe('INVALID_TRANSITION');
    t.clock.set('2026-04-10T10:00:00+03:00');
  });

  it('answers a paper letter with a numbered outgoing letter listed for printing', async () => {
    const res = await t.http
      .post('/api/v1/appeals')
      .auth(clerk, { type: 'bearer' })
      .send(appealBody('post', { topicCode: 'meters' }))
      .expect(201);
    const assignee = officers.find((o) => o.id === res.body.assigneeId)!;
    await act(res.body.id, 'answer', assignee.token, {
      text: 'Разъясняем порядок поверки.',
      outcome: 'explained',
    }).expect(200);
    const queue = await t.http
      .get('/api/v1/outgoing-letters?printed=false')
      .auth(clerk, { type: 'bearer' })
      .expect(200);
    const letters = queue.body.items.filter(
      (l: { appealId: string }) => l.appealId === res.body.id,
    );
    // The acknowledgement and the answer, each a letter with its own number.
    expect(letters).toHaveLength(2);
    for (const l of letters) expect(l.number).toMatch(/^ИСХ-2026-\d{6}$/);
    expect(new Set(letters.map((l: { number: string }) => l.number)).size).toBe(2);
    const answerLetter = letters.find((l: { body: string }) =>
      l.body.includes('Разъясняем порядок поверки.'),
    );
    const printed = await t.http
      .post(`/api/v1/outgoing-letters/${answerLetter.id}/printed`)
      .auth(clerk, { type: 'bearer' })
      .expect(200);
    expect(printed.body.printedAt).toEqual(expect.any(String));
    const [n] = await t.db.query(
      "SELECT status FROM notifications WHERE appeal_id = $1 AND kind = 'answer'",
      [res.body.id],
    );
    expect(n.status).toBe('sent');
  });

  it('judges an answer after the due date as late', async () => {
    const a = await register({ kind: 'claim' }); // 10 days: due 2026-04-20
    const assignee = officers.find((o) => o.id === a.assigneeId)!;
    t.clock.set('2026-04-21T09:00:00+03:00');
    const res = await act(a.id, 'answer', assignee.token, {
      text: 'Ответ',
      outcome: 'not_supported',
    }).expect(200);
    expect(res.body.dueDate).toBe('2026-04-20');
    expect(res.body.answer.answeredAt.slice(0, 10) > res.body.dueDate).toBe(true);
    t.clock.set('2026-04-10T10:00:00+03:00');
  });

  it('lets heads assign within their department and supervisors anywhere, with a reason', async () => {
    const a = await register();
    const target = officers.find((o) => o.id !== a.assigneeId)!;
    // A head of another department does not even see it.
    await act(a.id, 'assign', otherHead.token, { assigneeId: target.id }).expect(404);
    const res = await act(a.id, 'assign', head.token, {
      assigneeId: target.id,
      reason: 'Специалист по приборам учёта',
    }).expect(200);
    expect(res.body.assigneeId).toBe(target.id);
    const billingOfficer = await t.createStaff(['officer'], {
      departmentId: await t.departmentId('billing'),
    });
    const bad = await act(a.id, 'assign', head.token, { assigneeId: billingOfficer.id }).expect(
      422,
    );
    expect(bad.body.errors[0].code).toBe('OTHER_DEPARTMENT');
    await act(a.id, 'assign', supervisor.token, { assigneeId: billingOfficer.id }).expect(200);
    const history = await t.http
      .get(`/api/v1/appeals/${a.id}/history`)
      .auth(supervisor.token, { type: 'bearer' })
      .expect(200);
    expect(
      history.body.items.find(
        (e: { reason: string }) => e.reason === 'Специалист по приборам учёта',
      ),
    ).toBeDefined();
  });

  it('forwards to another organisation with a notice, ending the deadline', async () => {
    const a = await register();
    t.clock.set('2026-04-20T10:00:00+03:00'); // 10 days after registration: late (> 7)
    const res = await act(a.id, 'forward', head.token, {
      organization: 'Государственная жилищная инспекция',
      reason: 'Вопрос капитального ремонта',
    }).expect(200);
    expect(res.body).toMatchObject({
      status: 'forwarded',
      forwardedTo: 'Государственная жилищная инспекция',
      overdue: false,
    });
    const [row] = await t.db.query('SELECT forwarding_late FROM appeals WHERE id = $1', [a.id]);
    expect(row.forwarding_late).toBe(true);
    const [n] = await t.db.query(
      "SELECT body FROM notifications WHERE appeal_id = $1 AND kind = 'forwarding'",
      [a.id],
    );
    expect(n.body).toContain('Государственная жилищная инспекция');
    expect(n.body).toContain('ч. 3 ст. 8');
    t.clock.set('2026-04-10T10:00:00+03:00');
  });

  it('withdraws at the request of the applicant, through the client that created it', async () => {
    const a = await register();
    const res = await t.http
      .post(`/api/v1/appeals/${a.id}/withdraw`)
      .set('X-API-Key', key)
      .send({ comment: 'Вопрос решён' })
      .expect(200);
    expect(res.body.status).toBe('withdrawn');
    const history = await t.http
      .get(`/api/v1/appeals/${a.id}/history`)
      .auth(supervisor.token, { type: 'bearer' })
      .expect(200);
    expect(history.body.items.at(-1)).toMatchObject({
      toStatus: 'withdrawn',
      reason: 'Вопрос решён',
      actorApiKeyId: expect.any(String),
    });
  });

  it('protects concurrent edits with If-Match (412) and answers every illegal move with 409', async () => {
    const a = await register();
    const assignee = officers.find((o) => o.id === a.assigneeId)!;
    const current = await t.http
      .get(`/api/v1/appeals/${a.id}`)
      .auth(head.token, { type: 'bearer' })
      .expect(200);
    const etag = current.headers.etag;
    await t.http
      .post(`/api/v1/appeals/${a.id}/start`)
      .auth(assignee.token, { type: 'bearer' })
      .set('If-Match', etag)
      .expect(200);
    const stale = await t.http
      .post(`/api/v1/appeals/${a.id}/withdraw`)
      .auth(head.token, { type: 'bearer' })
      .set('If-Match', etag)
      .send({})
      .expect(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    const take = await act(a.id, 'take', assignee.token).expect(409);
    expect(take.body.code).toBe('INVALID_TRANSITION');
  });

  it('forbids the workflow to the wrong roles', async () => {
    const a = await register();
    await act(a.id, 'assign', officers[0].token, { assigneeId: officers[1].id }).expect(403);
    await act(a.id, 'forward', officers[0].token, {
      organization: 'ГЖИ',
      reason: 'не наше',
    }).expect(403);
    await act(a.id, 'answer', clerk, { text: 'x', outcome: 'explained' }).expect(403);
    await act(a.id, 'take', head.token).expect(403);
  });
  // Runs last: every move above (auto and manual assignment, start, answer, forward, withdraw)
  // went through the trigger that keeps users.open_assigned, which auto-assignment trusts.
  it("keeps every officer's open workload counter equal to a real count", async () => {
    const a = await register();
    await act(a.id, 'assign', head.token, {
      assigneeId: officers.find((o) => o.id !== a.assigneeId)!.id,
      reason: 'перераспределение',
    }).expect(200);
    const drift = await t.db.query(
      `SELECT u.id, u.open_assigned, count(a.id)::int AS real
         FROM users u
         LEFT JOIN appeals a ON a.assignee_id = u.id AND a.status IN ('assigned', 'in_progress')
        GROUP BY u.id
       HAVING u.open_assigned <> count(a.id)`,
    );
    expect(drift).toEqual([]);
    const [{ total }] = await t.db.query(
      'SELECT sum(open_assigned)::int AS total FROM users WHERE department_id = $1',
      [technicalDept],
    );
    expect(total).toBeGreaterThan(100);
  });
});
