import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';
import { OPEN_COUNT_ROWS } from '../src/reports/reports.sql';

/**
 * Issue 20, item 1: answer sign-off (59-ФЗ ст. 10 ч. 4). In a department with `answerApproval`
 * an officer's answer is a draft (`answer_review`) that its head or a supervisor approves — it is
 * then dispatched, signed with their name and position — or returns to the officer. The term is
 * met by the dispatch, not the draft. Elsewhere the answer goes at once, as before.
 */
describe('answer sign-off', () => {
  let t: TestApp;
  let key: string;
  let clerk: string;
  let dept: string;
  let head: { id: string; token: string };
  let officer: { id: string; token: string };
  let otherHead: { id: string; token: string };
  let supervisor: { id: string; token: string };
  let billingOfficer: { id: string; token: string };

  interface AppealBody {
    id: string;
    status: string;
    assigneeId: string | null;
    overdue: boolean;
    answer: {
      text: string;
      outcome: string;
      answeredAt: string | null;
      signedBy: { userId: string; fullName: string; position: string | null } | null;
    } | null;
    clocks: { name: string; metAt: string | null; running: boolean }[];
  }
  interface Event {
    type: string;
    fromStatus: string | null;
    toStatus: string | null;
    reason: string | null;
    actorUserId: string | null;
    data: Record<string, unknown>;
  }

  const bearer = (u: { token: string } | string) => ({
    Authorization: `Bearer ${typeof u === 'string' ? u : u.token}`,
  });
  const register = async (channel: 'web' | 'post' = 'web', topicCode = 'signoff_topic') => {
    const req = t.http.post('/api/v1/appeals');
    const res = await (channel === 'web' ? req.set('X-API-Key', key) : req.set(bearer(clerk)))
      .send(appealBody(channel, { topicCode }))
      .expect(201);
    return res.body as AppealBody;
  };
  const read = async (id: string) => {
    const res = await t.http.get(`/api/v1/appeals/${id}`).set(bearer(supervisor)).expect(200);
    return { body: res.body as AppealBody, etag: res.headers.etag };
  };
  /** An action with the appeal's current ETag (or the one given). */
  const act = (
    id: string,
    action: string,
    who: { token: string },
    body: object = {},
    ifMatch?: string,
  ) => ({
    expect: async (status: number) =>
      t.http
        .post(`/api/v1/appeals/${id}/${action}`)
        .set(bearer(who))
        .set('If-Match', ifMatch ?? (await read(id)).etag)
        .send(body)
        .expect(status),
  });
  const history = async (id: string) =>
    (await t.http.get(`/api/v1/appeals/${id}/history`).set(bearer(supervisor)).expect(200)).body
      .items as Event[];
  const answerNotices = (id: string) =>
    t.db.query<{ body: string; recipient: string }[]>(
      "SELECT body, recipient FROM notifications WHERE appeal_id = $1 AND kind = 'answer'",
      [id],
    );
  const ANSWER = { text: 'Перерасчёт за январь выполнен.', outcome: 'supported' };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-04-10T10:00:00+03:00' });
    key = (await t.createApiKey(['web'])).key;
    clerk = (await t.createStaff(['clerk'])).token;
    const created = await t.http
      .post('/api/v1/departments')
      .set(bearer(t.adminToken))
      .send({ code: 'signoff', name: 'Отдел претензий', answerApproval: true })
      .expect(201);
    expect(created.body).toMatchObject({ code: 'signoff', answerApproval: true });
    dept = (created.body as { id: string }).id;
    await t.http
      .post('/api/v1/topics')
      .set(bearer(t.adminToken))
      .send({ code: 'signoff_topic', name: 'Претензии', departmentId: dept })
      .expect(201);
    head = await t.createStaff(['head'], { departmentId: dept });
    officer = await t.createStaff(['officer'], { departmentId: dept });
    otherHead = await t.createStaff(['head'], { departmentId: await t.departmentId('billing') });
    billingOfficer = await t.createStaff(['officer'], {
      departmentId: await t.departmentId('billing'),
    });
    supervisor = await t.createStaff(['supervisor']);
  });
  afterAll(() => t.close());

  it('keeps answerApproval off by default and shows a user’s position (PATCH /users)', async () => {
    const depts = (await t.http.get('/api/v1/departments').set(bearer(head)).expect(200)).body
      .items as { code: string; answerApproval: boolean }[];
    expect(depts.find((d) => d.code === 'billing')?.answerApproval).toBe(false);
    expect(depts.find((d) => d.code === 'signoff')?.answerApproval).toBe(true);
    const res = await t.http
      .patch(`/api/v1/users/${head.id}`)
      .set(bearer(t.adminToken))
      .send({ position: 'Начальник отдела претензий' })
      .expect(200);
    expect(res.body).toMatchObject({ position: 'Начальник отдела претензий' });
  });

  it('makes an officer’s answer a draft, approved by the head: dispatched and signed', async () => {
    const a = await register();
    expect(a).toMatchObject({ status: 'assigned', assigneeId: officer.id });
    const drafted = await act(a.id, 'answer', officer, ANSWER).expect(200);
    expect(drafted.body).toMatchObject({
      status: 'answer_review',
      answer: { text: ANSWER.text, outcome: 'supported', answeredAt: null, signedBy: null },
    });
    expect(await answerNotices(a.id)).toEqual([]);
    const answerClock = (b: AppealBody) => b.clocks.find((c) => c.name === 'answer');
    expect(answerClock(drafted.body as AppealBody)).toMatchObject({ metAt: null, running: true });

    // Only the department's head or a supervisor, only with the current ETag.
    await act(a.id, 'answer/approve', officer).expect(403);
    // Another department's head does not see the appeal at all (the visibility rule).
    await act(a.id, 'answer/approve', otherHead).expect(404);
    await act(a.id, 'answer/approve', head, {}, '"stale"').expect(412);

    const approved = await act(a.id, 'answer/approve', head).expect(200);
    expect(approved.headers.etag).toBeDefined();
    const body = approved.body as AppealBody;
    expect(body).toMatchObject({
      status: 'answered',
      answer: {
        text: ANSWER.text,
        signedBy: {
          userId: head.id,
          fullName: expect.stringMatching(/^Сотрудник /) as string,
          position: 'Начальник отдела претензий',
        },
      },
    });
    expect(body.answer!.answeredAt).toBe('2026-04-10T07:00:00.000Z');
    expect(answerClock(body)).toMatchObject({ running: false });
    expect(answerClock(body)!.metAt).not.toBeNull();

    const [notice] = await answerNotices(a.id);
    expect(notice.body).toMatch(
      new RegExp(
        `${ANSWER.text.replace('.', '\\.')}\\n\\nС уважением,\\nНачальник отдела претензий\\n${body.answer!.signedBy!.fullName}$`,
      ),
    );

    const steps = (await history(a.id)).filter((e) => e.type === 'status_changed').slice(-2);
    expect(steps).toMatchObject([
      {
        fromStatus: 'assigned',
        toStatus: 'answer_review',
        actorUserId: officer.id,
        data: { answerText: ANSWER.text, outcome: 'supported' },
      },
      {
        fromStatus: 'answer_review',
        toStatus: 'answered',
        actorUserId: head.id,
        data: { signedBy: { userId: head.id, position: 'Начальник отдела претензий' } },
      },
    ]);
    const audited = await t.db.query(
      "SELECT 1 FROM audit_events WHERE entity_id = $1 AND action = 'appeal.answer_approve'",
      [a.id],
    );
    expect(audited).toHaveLength(1);

    // Not a draft any more.
    const again = await act(a.id, 'answer/approve', head).expect(409);
    expect(again.body).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('returns a draft to the officer with a comment; the second draft is signed by a supervisor in the letter', async () => {
    const a = await register('post');
    await act(a.id, 'start', officer).expect(200);
    await act(a.id, 'answer', officer, { text: 'Черновик 1.', outcome: 'explained' }).expect(200);
    await act(a.id, 'answer/return', head, {}).expect(422);
    await act(a.id, 'answer/return', officer, { comment: 'x' }).expect(403);
    const returned = await act(a.id, 'answer/return', head, {
      comment: 'Укажите сумму перерасчёта',
    }).expect(200);
    expect(returned.body).toMatchObject({ status: 'in_progress', answer: null });
    const [back] = (await history(a.id)).filter((e) => e.type === 'status_changed').slice(-1);
    expect(back).toMatchObject({
      fromStatus: 'answer_review',
      toStatus: 'in_progress',
      reason: 'Укажите сумму перерасчёта',
      actorUserId: head.id,
      data: { returnedAnswer: 'Черновик 1.' },
    });
    // Returned, not a draft: nothing to approve.
    await act(a.id, 'answer/approve', head).expect(409);
    const letters = () =>
      t.db.query<{ body: string; number: string }[]>(
        'SELECT body, number FROM outgoing_letters WHERE appeal_id = $1 AND body LIKE $2',
        [a.id, '%Черновик%'],
      );
    expect(await letters()).toEqual([]);

    await act(a.id, 'answer', officer, { text: 'Черновик 2.', outcome: 'explained' }).expect(200);
    const approved = await act(a.id, 'answer/approve', supervisor).expect(200);
    expect((approved.body as AppealBody).answer).toMatchObject({
      text: 'Черновик 2.',
      signedBy: { userId: supervisor.id, position: null },
    });
    const [letter] = await letters();
    expect(letter.body).toMatch(/Черновик 2\.\n\nС уважением,\nСотрудник [^\n]+$/);
    expect(letter.body).not.toContain('служба по работе с обращениями');
  });

  it('keeps a draft open: overdue after the due date until it is dispatched', async () => {
    const a = await register();
    const due = (await read(a.id)).body as AppealBody & { dueDate: string };
    await act(a.id, 'answer', officer, ANSWER).expect(200);
    t.clock.set(`${due.dueDate}T23:00:00+03:00`);
    t.clock.advance(24 * 3600_000);
    try {
      const { body } = await read(a.id);
      expect(body).toMatchObject({ status: 'answer_review', overdue: true });
      const list = await t.http
        .get('/api/v1/appeals?overdue=true&status=answer_review')
        .set(bearer(supervisor))
        .expect(200);
      expect((list.body.items as { id: string }[]).map((i) => i.id)).toContain(a.id);
      // The overdue report's counts (trigger-kept, OPEN_COUNT_ROWS) count the draft as open.
      const [counts] = await t.db.query<{ counted: number; real: number }[]>(
        `SELECT (SELECT coalesce(sum(delta), 0)::int FROM (${OPEN_COUNT_ROWS}) c WHERE department_id = $1) AS counted,
                (SELECT count(*)::int FROM appeals WHERE department_id = $1 AND due_date IS NOT NULL
                    AND status IN ('registered', 'under_review', 'assigned', 'in_progress', 'answer_review')) AS real`,
        [dept],
      );
      expect(counts.counted).toBe(counts.real);
      const report = await t.http
        .get('/api/v1/reports/overdue')
        .set(bearer(supervisor))
        .expect(200);
      expect(JSON.stringify(report.body)).toContain(a.id);
      const approved = await act(a.id, 'answer/approve', head).expect(200);
      const clock = (approved.body as AppealBody).clocks.find((c) => c.name === 'answer');
      expect(clock).toMatchObject({ running: false, late: true });
    } finally {
      t.clock.set('2026-04-10T10:00:00+03:00');
    }
  });

  it('dispatches at once, signed, when the head answers; unsigned where no sign-off is set', async () => {
    const a = await register();
    const own = await act(a.id, 'answer', head, ANSWER).expect(200);
    expect(own.body).toMatchObject({
      status: 'answered',
      answer: { signedBy: { userId: head.id } },
    });

    const b = await register('web', 'billing');
    expect(b.assigneeId).toBe(billingOfficer.id);
    const plain = await act(b.id, 'answer', billingOfficer, ANSWER).expect(200);
    expect(plain.body).toMatchObject({ status: 'answered', answer: { signedBy: null } });
    const [notice] = await answerNotices(b.id);
    expect(notice.body).toMatch(/служба по работе с обращениями$/);
  });
});
