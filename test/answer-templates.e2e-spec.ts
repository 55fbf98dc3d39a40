import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

/**
 * Issue 20, item 2 (templates): admins keep answer templates per topic (or general), any staff
 * member lists them, and an officer starts an answer from one filled from the appeal.
 */
describe('answer templates', () => {
  let t: TestApp;
  let key: string;
  let officer: { id: string; token: string };
  let otherOfficer: { id: string; token: string };

  interface Template {
    id: string;
    topicCode: string | null;
    name: string;
    text: string;
  }
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const TEXT =
    'Уважаемый(ая) {{applicantName}}! На Ваше обращение № {{regNumber}} от {{registeredOn}} ' +
    'сообщаем: перерасчёт выполнен (срок ответа — {{ dueDate }}).';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-04-10T10:00:00+03:00' });
    key = (await t.createApiKey(['web'])).key;
    officer = await t.createStaff(['officer'], { departmentId: await t.departmentId('billing') });
    otherOfficer = await t.createStaff(['officer'], {
      departmentId: await t.departmentId('technical'),
    });
  });
  afterAll(() => t.close());

  const create = (body: object, token = t.adminToken) =>
    t.http.post('/api/v1/answer-templates').set(bearer(token)).send(body);

  it('lets admins create, edit and delete templates; refuses others, unknown topics and placeholders', async () => {
    await create({ topicCode: 'billing', name: 'x', text: 'y' }, officer.token).expect(403);
    const bad = await create({
      topicCode: 'nope',
      name: 'x',
      text: '{{applicant}} {{regNumber}}',
    }).expect(422);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'topicCode', code: 'UNKNOWN_TOPIC' }),
        expect.objectContaining({ field: 'text', code: 'UNKNOWN_PLACEHOLDER' }),
      ]),
    );
    const created = (
      await create({ topicCode: 'billing', name: ' Перерасчёт выполнен ', text: TEXT }).expect(201)
    ).body as Template;
    expect(created).toMatchObject({
      topicCode: 'billing',
      name: 'Перерасчёт выполнен',
      text: TEXT,
    });
    const general = (await create({ name: 'Общий', text: 'Обращение {{regNumber}}' }).expect(201))
      .body as Template;
    const other = (await create({ topicCode: 'meters', name: 'Счётчики', text: '—' }).expect(201))
      .body as Template;

    const list = async (query: string) =>
      (
        (
          await t.http
            .get(`/api/v1/answer-templates${query}`)
            .set(bearer(officer.token))
            .expect(200)
        ).body.items as Template[]
      ).map((i) => i.id);
    expect(await list('?topicCode=billing')).toEqual([created.id, general.id]);
    expect((await list('')).sort()).toEqual([created.id, general.id, other.id].sort());

    const patched = await t.http
      .patch(`/api/v1/answer-templates/${other.id}`)
      .set(bearer(t.adminToken))
      .send({ name: 'Поверка счётчиков', text: 'Срок {{dueDate}}' })
      .expect(200);
    expect(patched.body).toMatchObject({ name: 'Поверка счётчиков', text: 'Срок {{dueDate}}' });
    await t.http
      .patch(`/api/v1/answer-templates/${other.id}`)
      .set(bearer(t.adminToken))
      .send({ text: '{{x}}' })
      .expect(422);
    await t.http
      .delete(`/api/v1/answer-templates/${other.id}`)
      .set(bearer(t.adminToken))
      .expect(204);
    await t.http
      .delete(`/api/v1/answer-templates/${other.id}`)
      .set(bearer(t.adminToken))
      .expect(404);
    const audited = await t.db.query(
      "SELECT action FROM audit_events WHERE entity_type = 'answertemplates' ORDER BY id",
    );
    expect(audited.map((r: { action: string }) => r.action)).toEqual([
      'answertemplates.create',
      'answertemplates.create',
      'answertemplates.create',
      'answertemplates.update',
      'answertemplates.remove',
    ]);
  });

  it('renders a template for an appeal the officer sees; others get 404', async () => {
    const [tpl] = (
      await t.http
        .get('/api/v1/answer-templates?topicCode=billing')
        .set(bearer(officer.token))
        .expect(200)
    ).body.items as Template[];
    const appeal = (
      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web', { topicCode: 'billing' }))
        .expect(201)
    ).body as { id: string; regNumber: string; dueDate: string; assigneeId: string };
    expect(appeal.assigneeId).toBe(officer.id);
    const path = `/api/v1/appeals/${appeal.id}/answer-templates/${tpl.id}/render`;
    const res = await t.http.get(path).set(bearer(officer.token)).expect(200);
    const due = appeal.dueDate.split('-').reverse().join('.');
    expect(res.body).toEqual({
      templateId: tpl.id,
      appealId: appeal.id,
      text:
        `Уважаемый(ая) Пётр Сергеевич! На Ваше обращение № ${appeal.regNumber} ` +
        `от 10.04.2026 сообщаем: перерасчёт выполнен (срок ответа — ${due}).`,
    });
    // The greeting names the applicant as the notices do; reading the appeal is audited.
    const read = await t.db.query(
      "SELECT 1 FROM audit_events WHERE action = 'appeal.read' AND entity_id = $1 AND actor_user_id = $2",
      [appeal.id, officer.id],
    );
    expect(read).toHaveLength(1);
    await t.http.get(path).set(bearer(otherOfficer.token)).expect(404);
    await t.http
      .get(`/api/v1/appeals/${appeal.id}/answer-templates/${appeal.id}/render`)
      .set(bearer(officer.token))
      .expect(404)
      .expect((r) => expect(r.body.code).toBe('ANSWER_TEMPLATE_NOT_FOUND'));
  });
});
