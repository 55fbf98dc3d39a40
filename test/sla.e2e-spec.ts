import { createApp } from '../src/app.factory';
import { JobsService } from '../src/jobs/jobs.service';
import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

describe('deadlines that hold', () => {
  let t: TestApp;
  let key: string;
  let head: { id: string; token: string };
  let supervisor: { id: string; token: string };
  let officer: { id: string; token: string };

  beforeAll(async () => {
    // Friday 2026-04-10, 10:00 Moscow: registered today, due 2026-05-08.
    t = await startTestApp({ now: '2026-04-10T10:00:00+03:00' });
    key = (await t.createApiKey(['web'])).key;
    const billing = await t.departmentId('billing');
    head = await t.createStaff(['head'], { departmentId: billing });
    supervisor = await t.createStaff(['supervisor']);
    officer = await t.createStaff(['officer'], { departmentId: billing });
    await t.db.query("UPDATE users SET email = login || '@staff.example.ru'");
  });
  afterAll(() => t.close());

  const register = async (over: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web', over))
        .expect(201)
    ).body as {
      id: string;
      dueDate: string;
      regNumber: string;
    };
  const assignTo = (appealId: string, userId: string) =>
    t.db.query(
      "UPDATE appeals SET assignee_id = $2, status = 'assigned', version = version + 1 WHERE id = $1",
      [appealId, userId],
    );
  const extend = (appealId: string, token: string, body: object) =>
    t.http
      .post(`/api/v1/appeals/${appealId}/extensions`)
      .auth(token, { type: 'bearer' })
      .send(body);

  describe('extensions', () => {
    it('lets a head extend directly: new due date, history and a notice to the applicant', async () => {
      const a = await register();
      expect(a.dueDate).toBe('2026-05-08');
      const res = await extend(a.id, head.token, {
        days: 30,
        reason: 'Нужна экспертиза прибора учёта',
      }).expect(201);
      // 2026-05-08 + 30 = Sunday 2026-06-07 → backward Friday 2026-06-05
      expect(res.body).toMatchObject({
        status: 'approved',
        days: 30,
        newDueDate: '2026-06-05',
        previousDueDate: '2026-05-08',
      });
      const appeal = await t.http
        .get(`/api/v1/appeals/${a.id}`)
        .auth(head.token, { type: 'bearer' })
        .expect(200);
      expect(appeal.body.dueDate).toBe('2026-06-05');
      expect(appeal.body.extensions).toEqual([
        expect.objectContaining({ id: res.body.id, status: 'approved' }),
      ]);
      const history = await t.http
        .get(`/api/v1/appeals/${a.id}/history`)
        .auth(head.token, { type: 'bearer' })
        .expect(200);
      expect(history.body.items.at(-1)).toMatchObject({
        type: 'due_date_changed',
        reason: 'Нужна экспертиза прибора учёта',
        data: { from: '2026-05-08', to: '2026-06-05', days: 30 },
      });
      const notices = await t.db.query(
        "SELECT kind, body FROM notifications WHERE appeal_id = $1 AND kind = 'extension'",
        [a.id],
      );
      expect(notices).toHaveLength(1);
      expect(notices[0].body).toContain('05.06.2026');
    });

    it('refuses more than 30 days in total with EXTENSION_LIMIT_EXCEEDED', async () => {
      const a = await register();
      await extend(a.id, head.token, { days: 20, reason: 'первое продление' }).expect(201);
      const res = await extend(a.id, head.token, { days: 11, reason: 'второе продление' }).expect(
        422,
      );
      expect(res.body.code).toBe('EXTENSION_LIMIT_EXCEEDED');
      await extend(a.id, head.token, { days: 10, reason: 'второе продление' }).expect(201);
    });

    it('refuses a claim (no extensions by policy) with EXTENSION_NOT_ALLOWED', async () => {
      const a = await register({ kind: 'claim' });
      const res = await extend(a.id, head.token, { days: 5, reason: 'нужна проверка' }).expect(422);
      expect(res.body.code).toBe('EXTENSION_NOT_ALLOWED');
    });

    it('refuses after the due date with EXTENSION_TOO_LATE', async () => {
      const a = await register();
      t.clock.set('2026-05-09T10:00:00+03:00');
      try {
        const res = await extend(a.id, head.token, { days: 5, reason: 'поздно' }).expect(422);
        expect(res.body.code).toBe('EXTENSION_TOO_LATE');
      } finally {
        t.clock.set('2026-04-10T10:00:00+03:00');
      }
    });

    it('takes an officer’s request as pending until a head decides', async () => {
      const a = await register();
      await assignTo(a.id, officer.id);
      const before = await t.http
        .get(`/api/v1/appeals/${a.id}`)
        .auth(head.token, { type: 'bearer' })
        .expect(200);
      const req = await extend(a.id, officer.token, {
        days: 10,
        reason: 'ждём ответа подрядчика',
      }).expect(201);
      expect(req.body).toMatchObject({ status: 'pending', newDueDate: '2026-05-18' });
      const unchanged = await t.http
        .get(`/api/v1/appeals/${a.id}`)
        .auth(head.token, { type: 'bearer' })
        .expect(200);
      expect(unchanged.body.dueDate).toBe('2026-05-08');
      // The appeal now shows the pending request: its ETag moves on, so a client revalidating
      // with If-None-Match gets the new representation, not a 304 of the old one.
      expect(unchanged.body.extensions).toEqual([
        expect.objectContaining({ id: req.body.id, status: 'pending' }),
      ]);
      expect(unchanged.headers.etag).not.toBe(before.headers.etag);
      await t.http
        .get(`/api/v1/appeals/${a.id}`)
        .set('If-None-Match', before.headers.etag)
        .auth(head.token, { type: 'bearer' })
        .expect(200);
      const second = await extend(a.id, officer.token, { days: 5, reason: 'ещё' }).expect(409);
      expect(second.body.code).toBe('EXTENSION_ALREADY_PENDING');
      await t.http
        .post(`/api/v1/appeals/${a.id}/extensions/${req.body.id}/approve`)
        .auth(officer.token, { type: 'bearer' })
        .send({})
        .expect(403);
      const ok = await t.http
        .post(`/api/v1/appeals/${a.id}/extensions/${req.body.id}/approve`)
        .auth(head.token, { type: 'bearer' })
        .send({ comment: 'согласовано' })
        .expect(200);
      expect(ok.body).toMatchObject({
        status: 'approved',
        decidedBy: head.id,
        decisionComment: 'согласовано',
      });
      const after = await t.http
        .get(`/api/v1/appeals/${a.id}`)
        .auth(head.token, { type: 'bearer' })
        .expect(200);
      expect(after.body.dueDate).toBe('2026-05-18');
      const again = await t.http
        .post(`/api/v1/appeals/${a.id}/extensions/${req.body.id}/decline`)
        .auth(head.token, { type: 'bearer' })
        .send({})
        .expect(409);
      expect(again.body.code).toBe('INVALID_TRANSITION');
    });

    it('records a declined request without moving the term', async () => {
      const a = await register();
      await assignTo(a.id, officer.id);
      const req = await extend(a.id, officer.token, {
        days: 10,
        reason: 'хочу больше времени',
      }).expect(201);
      await t.http
        .post(`/api/v1/appeals/${a.id}/extensions/${req.body.id}/decline`)
        .auth(supervisor.token, { type: 'bearer' })
        .send({ comment: 'нет оснований' })
        .expect(200);
      const after = await t.http
        .get(`/api/v1/appeals/${a.id}`)
        .auth(head.token, { type: 'bearer' })
        .expect(200);
      expect(after.body.dueDate).toBe('2026-05-08');
      expect(after.body.extensions[0]).toMatchObject({
        status: 'declined',
        decisionComment: 'нет оснований',
      });
    });

    it('lets only the assignee ask among officers', async () => {
      const a = await register();
      const other = await t.createStaff(['officer'], {
        departmentId: await t.departmentId('billing'),
      });
      await t.db.query("UPDATE users SET email = login || '@staff.example.ru' WHERE id = $1", [
        other.id,
      ]);
      const res = await extend(a.id, other.token, { days: 10, reason: 'не моё' }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });
  });

  it('records registration lateness (more than 3 days after receipt)', async () => {
    const late = await register({ receivedAt: '2026-04-06T09:00:00+03:00' });
    const onTime = await register({ receivedAt: '2026-04-07T09:00:00+03:00' });
    const rows = await t.db.query('SELECT id, registration_late FROM appeals WHERE id = ANY($1)', [
      [late.id, onTime.id],
    ]);
    const byId = Object.fromEntries(
      rows.map((r: { id: string; registration_late: boolean }) => [r.id, r.registration_late]),
    );
    expect(byId).toEqual({ [late.id]: true, [onTime.id]: false });
  });

  describe('calendar administration', () => {
    it('changes one day and the deadlines follow', async () => {
      // Make Friday 2026-05-08 a day off: the spec example then moves back to Thursday 2026-05-07.
      await t.http
        .put('/api/v1/calendar/days/2026-05-08')
        .auth(t.adminToken, { type: 'bearer' })
        .send({ type: 1, note: 'проверка' })
        .expect(200);
      const d = await t.http
        .get('/api/v1/deadlines?registeredOn=2026-04-10')
        .auth(head.token, { type: 'bearer' })
        .expect(200);
      expect(d.body.dueDate).toBe('2026-05-07');
      await t.http
        .put('/api/v1/calendar/days/2026-05-08')
        .auth(t.adminToken, { type: 'bearer' })
        .send({ type: 2 })
        .expect(200);
      const back = await t.http
        .get('/api/v1/deadlines?registeredOn=2026-04-10')
        .auth(head.token, { type: 'bearer' })
        .expect(200);
      expect(back.body.dueDate).toBe('2026-05-08');
    });

    it('refuses a day of a year that is not loaded', async () => {
      const res = await t.http
        .put('/api/v1/calendar/days/2030-01-01')
        .auth(t.adminToken, { type: 'bearer' })
        .send({ type: 1 })
        .expect(422);
      expect(res.body.code).toBe('CALENDAR_YEAR_MISSING');
    });
  });
});

describe('the SLA sweep', () => {
  let t: TestApp;
  let head: { id: string; token: string };
  let supervisor: { id: string; token: string };
  let officer: { id: string; token: string };
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-04-10T10:00:00+03:00' });
    key = (await t.createApiKey(['web'])).key;
    const billing = await t.departmentId('billing');
    head = await t.createStaff(['head'], { departmentId: billing });
    supervisor = await t.createStaff(['supervisor']);
    officer = await t.createStaff(['officer'], { departmentId: billing });
    await t.db.query("UPDATE users SET email = login || '@staff.example.ru'");
  });
  afterAll(() => t.close());

  const sweep = async () =>
    (
      await t.http
        .post('/api/v1/jobs/sla-sweep/run')
        .auth(t.adminToken, { type: 'bearer' })
        .expect(200)
    ).body as {
      status: string;
      counts: Record<string, number>;
    };
  const staffNotices = (appealId: string) =>
    t.db.query(
      `SELECT n.kind, u.login FROM notifications n JOIN users u ON u.id = n.recipient_user_id
        WHERE n.appeal_id = $1 AND n.audience = 'staff' AND n.kind LIKE 'sla_%' ORDER BY n.created_at, u.login`,
      [appealId],
    );

  it('walks the ladder 5, 2, 1 working days before, then escalates once, each exactly once', async () => {
    const a = (
      await t.http.post('/api/v1/appeals').set('X-API-Key', key).send(appealBody('web')).expect(201)
    ).body;
    await t.db.query("UPDATE appeals SET assignee_id = $2, status = 'assigned' WHERE id = $1", [
      a.id,
      officer.id,
    ]);
    expect(a.dueDate).toBe('2026-05-08');

    // The rungs count working days of the calendar (issue 19): 04-30, 05-04 … 05-08 (05-01…05-03
    // are the May holidays), so the 5-day warning comes on Thursday 30 April, before them —
    // counted in calendar days it came on Sunday 3 May, in the middle of them.
    t.clock.set('2026-04-29T09:00:00+03:00'); // 6 working days left: nothing yet
    expect((await sweep()).counts).toMatchObject({ warnings: 0, overdueMarked: 0 });

    t.clock.set('2026-04-30T09:00:00+03:00'); // 5 working days left
    expect((await sweep()).counts.warnings).toBe(1);
    expect((await sweep()).counts.warnings).toBe(0); // the same rung never twice
    t.clock.set('2026-05-03T09:00:00+03:00'); // still 5: nothing new
    expect((await sweep()).counts.warnings).toBe(0);

    t.clock.set('2026-05-06T09:00:00+03:00'); // 2 days left
    expect((await sweep()).counts.warnings).toBe(1);
    t.clock.set('2026-05-07T09:00:00+03:00'); // 1 day left: assignee and head
    expect((await sweep()).counts.warnings).toBe(1);
    t.clock.set('2026-05-08T23:00:00+03:00'); // the due date itself: not overdue yet
    expect((await sweep()).counts.overdueMarked).toBe(0);

    t.clock.set('2026-05-09T00:30:00+03:00'); // overdue
    const run = await sweep();
    expect(run.counts).toMatchObject({ overdueMarked: 1, escalations: 1 });
    expect((await sweep()).counts.overdueMarked).toBe(0);

    const notices = await staffNotices(a.id);
    const officerLogin = (
      await t.db.query('SELECT login FROM users WHERE id = $1', [officer.id])
    )[0].login;
    const headLogin = (await t.db.query('SELECT login FROM users WHERE id = $1', [head.id]))[0]
      .login;
    const supLogin = (await t.db.query('SELECT login FROM users WHERE id = $1', [supervisor.id]))[0]
      .login;
    expect(notices).toEqual([
      { kind: 'sla_warning', login: officerLogin },
      { kind: 'sla_warning', login: officerLogin },
      ...[
        { kind: 'sla_warning', login: officerLogin },
        { kind: 'sla_warning', login: headLogin },
      ].sort((x, y) => x.login.localeCompare(y.login)),
      ...[
        { kind: 'sla_escalation', login: headLogin },
        { kind: 'sla_escalation', login: supLogin },
      ].sort((x, y) => x.login.localeCompare(y.login)),
    ]);
    const events = await t.db.query(
      "SELECT type FROM appeal_events WHERE appeal_id = $1 AND type = 'overdue'",
      [a.id],
    );
    expect(events).toHaveLength(1);
    const list = await t.http
      .get('/api/v1/appeals?overdue=true')
      .auth(supervisor.token, { type: 'bearer' })
      .expect(200);
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(a.id);
    t.clock.set('2026-04-10T10:00:00+03:00');
  });

  it('records every run for operators', async () => {
    const res = await t.http
      .get('/api/v1/jobs/runs')
      .auth(t.adminToken, { type: 'bearer' })
      .expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items[0]).toMatchObject({
      job: 'sla-sweep',
      trigger: 'manual',
      status: 'ok',
      error: null,
    });
    expect(res.body.items[0].finishedAt).toEqual(expect.any(String));
    await t.http.post('/api/v1/jobs/nope/run').auth(t.adminToken, { type: 'bearer' }).expect(404);
    await t.http.get('/api/v1/jobs/runs').auth(head.token, { type: 'bearer' }).expect(403);
  });

  it('closes a run left `running` by a process that died, on the next run of the job', async () => {
    // As a killed instance leaves it: the row says running, its lock went with its connection.
    const [{ id: deadId }] = await t.db.query<{ id: string }[]>(
      `INSERT INTO job_runs (job, trigger, instance, started_at, status, counts)
       VALUES ('sla-sweep', 'schedule', 'killed-instance', now() - interval '1 hour', 'running', '{}')
       RETURNING id`,
    );
    const [{ id: otherJob }] = await t.db.query<{ id: string }[]>(
      `INSERT INTO job_runs (job, trigger, instance, started_at, status, counts)
       VALUES ('email-poll', 'schedule', 'killed-instance', now() - interval '1 hour', 'running', '{}')
       RETURNING id`,
    );
    const run = await t.http
      .post('/api/v1/jobs/sla-sweep/run')
      .auth(t.adminToken, { type: 'bearer' })
      .expect(200);
    expect(run.body.status).toBe('ok');
    const runs = (
      await t.http.get('/api/v1/jobs/runs').auth(t.adminToken, { type: 'bearer' }).expect(200)
    ).body.items as { id: string; status: string; finishedAt: string | null; error: string }[];
    expect(runs.find((r) => r.id === deadId)).toMatchObject({
      status: 'abandoned',
      finishedAt: expect.any(String),
      error: 'Процесс, выполнявший задание, остановился до его завершения',
    });
    // Another job's run is that job's next run's business.
    expect(runs.find((r) => r.id === otherJob)).toMatchObject({ status: 'running' });
    await t.db.query('DELETE FROM job_runs WHERE id = $1', [otherJob]);
  });

  it('sends each warning once with two instances sweeping the same database', async () => {
    const second = await createApp(t.config, { clock: t.clock });
    try {
      const jobsA = t.app.get(JobsService);
      const jobsB = second.app.get(JobsService);
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        ids.push(
          (
            await t.http
              .post('/api/v1/appeals')
              .set('X-API-Key', key)
              .send(appealBody('web'))
              .expect(201)
          ).body.id,
        );
      }
      t.clock.set('2026-05-07T09:00:00+03:00'); // 1 day left for all 20: rungs 5, 2, 1 reached at once
      // Both instances tick many times concurrently, as their timers would.
      const runs = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? jobsA : jobsB).run('sla-sweep', 'schedule'),
        ),
      );
      const done = runs.filter((r) => r !== null);
      expect(done.every((r) => r.status === 'ok')).toBe(true);
      const [{ n: alerts }] = await t.db.query(
        "SELECT count(*)::int AS n FROM sla_alerts WHERE kind = 'warning' AND appeal_id = ANY($1)",
        [ids],
      );
      expect(alerts).toBe(20 * 3);
      const [{ n: notices }] = await t.db.query(
        "SELECT count(*)::int AS n FROM notifications WHERE kind = 'sla_warning' AND appeal_id = ANY($1)",
        [ids],
      );
      // The most urgent rung only: the assignee and, on the last rung, the billing head.
      expect(notices).toBe(20 * 2);
      const totalWarnings = done.reduce((sum, r) => sum + (r.counts.warnings ?? 0), 0);
      expect(totalWarnings).toBe(20);
    } finally {
      await second.app.close();
      t.clock.set('2026-04-10T10:00:00+03:00');
    }
  });
});
