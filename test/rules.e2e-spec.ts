import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

describe('rejection rules at registration', () => {
  let t: TestApp;
  let key: string;
  let clerk: string;
  let head: { id: string; token: string };
  let otherHead: string;
  let supervisor: string;
  let officer: string;

  const person = (over: Record<string, unknown> = {}) => ({
    lastName: 'Соколова',
    firstName: 'Анна',
    email: 'anna.sokolova@example.ru',
    ...over,
  });
  const heatingText =
    'В квартире по адресу ул. Лесная, д. 5, кв. 12 с начала ноября холодные батареи, температура 15 градусов. ' +
    'Прошу восстановить отопление и сделать перерасчёт платы за отопление за ноябрь.';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-04-10T10:00:00+03:00' });
    key = (await t.createApiKey(['web', 'email'])).key;
    clerk = (await t.createStaff(['clerk'])).token;
    const billing = await t.departmentId('billing');
    head = await t.createStaff(['head'], { departmentId: billing });
    otherHead = (await t.createStaff(['head'], { departmentId: await t.departmentId('technical') }))
      .token;
    supervisor = (await t.createStaff(['supervisor'])).token;
    officer = (await t.createStaff(['officer'], { departmentId: billing })).token;
  });
  afterAll(() => t.close());

  const post = (body: object) =>
    t.http.post('/api/v1/appeals').set('X-API-Key', key).send(body).expect(201);
  const notices = (id: string) =>
    t.db.query(
      'SELECT kind, channel, recipient, subject, body, status FROM notifications WHERE appeal_id = $1 ORDER BY created_at',
      [id],
    );
  const check = (
    appeal: { checks: { rule: string; verdict: string; detail: string }[] },
    rule: string,
  ) => appeal.checks.find((c) => c.rule === rule)!;

  it('runs every rule on a clean appeal and records a pass for each, with an acknowledgement', async () => {
    const res = await post(
      appealBody('web', {
        applicant: person({ email: 'clean@example.ru' }),
        accountNumber: 'A-1',
        text: heatingText,
      }),
    );
    expect(res.body.status).toBe('assigned');
    expect(
      res.body.checks.map((c: { rule: string; verdict: string }) => `${c.rule}:${c.verdict}`),
    ).toEqual(['anonymous:pass', 'abusive:pass', 'duplicate:pass', 'repeated:pass']);
    const n = await notices(res.body.id);
    expect(n).toEqual([
      expect.objectContaining({
        kind: 'acknowledgement',
        channel: 'email',
        recipient: 'clean@example.ru',
        status: 'pending',
      }),
    ]);
    expect(n[0].body).toContain(res.body.regNumber);
  });

  describe('anonymous', () => {
    it('registers, numbers and keeps an anonymous letter, rejected, with no notice', async () => {
      const res = await t.http
        .post('/api/v1/appeals')
        .auth(clerk, { type: 'bearer' })
        .send(appealBody('post', { applicant: { firstName: 'Аноним' } }))
        .expect(201);
      expect(res.body).toMatchObject({
        status: 'rejected',
        rejection: { reason: 'anonymous' },
        dueDate: null,
      });
      expect(res.body.regNumber).toMatch(/^2026-\d{6}$/);
      expect(check(res.body, 'anonymous')).toMatchObject({ verdict: 'reject' });
      expect(check(res.body, 'anonymous').detail).toContain('фамилия');
      expect(await notices(res.body.id)).toEqual([]);
      const [row] = await t.db.query('SELECT status FROM appeals WHERE id = $1', [res.body.id]);
      expect(row.status).toBe('rejected');
    });

    it('sends an anonymous letter reporting a crime to a state body, once (ст. 11 ч. 1)', async () => {
      const text =
        'Сообщаю, что в подвале дома 7 по ул. Лесной неизвестные срезают трубы и вывозят их ночью.';
      const anon = await t.http
        .post('/api/v1/appeals')
        .auth(clerk, { type: 'bearer' })
        .send(appealBody('post', { applicant: { firstName: 'Житель' }, text }))
        .expect(201);
      expect(anon.body).toMatchObject({
        status: 'rejected',
        crimeReport: false,
        forwardedTo: null,
      });
      const url = `/api/v1/appeals/${anon.body.id}/crime-report`;
      const organization = 'ОМВД России по Центральному району г. Твери';

      // Officers cannot; a head of another department does not see it; a stale ETag is 412.
      await t.http.post(url).auth(officer, { type: 'bearer' }).send({ organization }).expect(403);
      await t.http.post(url).auth(otherHead, { type: 'bearer' }).send({ organization }).expect(404);
      await t.http
        .post(url)
        .auth(supervisor, { type: 'bearer' })
        .set('If-Match', '"999"')
        .send({ organization })
        .expect(412);
      await t.http.post(url).auth(supervisor, { type: 'bearer' }).send({}).expect(422);

      const res = await t.http
        .post(url)
        .auth(supervisor, { type: 'bearer' })
        .send({ organization, comment: 'Сведения о хищении общедомового имущества' })
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'rejected',
        rejection: { reason: 'anonymous' },
        crimeReport: true,
        forwardedTo: organization,
      });
      // A letter by post to the state body, numbered for the print queue, with the text.
      const letters = await t.db.query(
        `SELECT l.number, l.address, l.subject, l.body, n.audience, n.kind
           FROM outgoing_letters l JOIN notifications n ON n.id = l.notification_id
          WHERE l.appeal_id = $1`,
        [anon.body.id],
      );
      expect(letters).toEqual([
        expect.objectContaining({
          address: organization,
          audience: 'authority',
          kind: 'crime_report',
        }),
      ]);
      expect(letters[0].number).toMatch(/\d/);
      expect(letters[0].subject).toContain(anon.body.regNumber);
      expect(letters[0].body).toContain('ч. 1 ст. 11');
      expect(letters[0].body).toContain(text);
      expect(letters[0].body).toContain('Сведения о хищении');
      const history = await t.http
        .get(`/api/v1/appeals/${anon.body.id}/history`)
        .auth(supervisor, { type: 'bearer' })
        .expect(200);
      const items = (history.body.items ?? history.body) as { type: string; data: object }[];
      expect(items.find((e) => e.type === 'crime_reported')).toMatchObject({
        data: { organization },
      });
      // Still no notice to the (unknown) applicant; a second report is refused.
      expect(
        (await notices(anon.body.id)).filter((n: { kind: string }) => n.kind !== 'crime_report'),
      ).toEqual([]);
      const again = await t.http
        .post(url)
        .auth(supervisor, { type: 'bearer' })
        .send({ organization: 'Прокуратура' })
        .expect(409);
      expect(again.body.code).toBe('CRIME_REPORT_NOT_ALLOWED');
    });

    it('refuses a crime report on an appeal that is not rejected as anonymous', async () => {
      const named = await post(
        appealBody('web', { applicant: person({ email: 'named@example.ru' }), text: heatingText }),
      );
      const res = await t.http
        .post(`/api/v1/appeals/${named.body.id}/crime-report`)
        .auth(supervisor, { type: 'bearer' })
        .send({ organization: 'ОМВД' })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'CRIME_REPORT_NOT_ALLOWED' });
      expect(res.body.detail).toMatch(/анонимн/);
      const [row] = await t.db.query('SELECT crime_report FROM appeals WHERE id = $1', [
        named.body.id,
      ]);
      expect(row.crime_report).toBe(false);
    });
  });

  describe('abusive', () => {
    it('sends an abusive appeal to review, explaining what matched', async () => {
      const res = await post(
        appealBody('web', {
          text: 'Вы там все идиоты, б л я т ь, когда почините трубу?!',
          applicant: person({ email: 'rude@example.ru' }),
        }),
      );
      expect(res.body.status).toBe('under_review');
      expect(check(res.body, 'abusive').verdict).toBe('review');
      expect(check(res.body, 'abusive').detail.length).toBeGreaterThan(10);
      const queue = await t.http
        .get('/api/v1/appeals?status=under_review')
        .auth(supervisor, { type: 'bearer' })
        .expect(200);
      expect(queue.body.items.map((a: { id: string }) => a.id)).toContain(res.body.id);
    });

    it('does not flag a bill complaint full of ordinary words', async () => {
      const res = await post(
        appealBody('web', {
          text: 'Требую пересчитать 350 рублей: как потребитель я оплатил употребление воды, а ваша команда ошиблась.',
        }),
      );
      expect(res.body.status).toBe('assigned');
      expect(check(res.body, 'abusive').verdict).toBe('pass');
    });
  });

  describe('duplicate and repeated', () => {
    let originalId: string;
    let originalNumber: string;
    let originalDue: string;

    it('makes a repeat of an open appeal by the same person a duplicate of it, with a notice and no deadline', async () => {
      const first = await post(
        appealBody('web', { applicant: person(), accountNumber: '55-01', text: heatingText }),
      );
      originalId = first.body.id;
      originalNumber = first.body.regNumber;
      originalDue = first.body.dueDate;
      expect(first.body.status).toBe('assigned');

      // Same person by e-mail written differently, text with small changes, sent by post with a scan.
      const second = await t.http
        .post('/api/v1/appeals')
        .auth(clerk, { type: 'bearer' })
        .field(
          'appeal',
          JSON.stringify(
            appealBody('post', {
              applicant: person({
                email: 'Anna.Sokolova@EXAMPLE.ru',
                postalAddress: 'ул. Лесная, 5-12',
              }),
              accountNumber: '77-77',
              text: heatingText.replace('15 градусов', '14 градусов') + ' Жду ответа.',
            }),
          ),
        )
        .attach('files', Buffer.from('скан второго письма'), 'скан.pdf')
        .expect(201);
      expect(second.body).toMatchObject({
        status: 'duplicate',
        duplicateOfId: originalId,
        dueDate: null,
      });
      const dup = check(second.body, 'duplicate');
      expect(dup.verdict).toBe('reject');
      expect(dup.detail).toContain(originalNumber);
      expect(dup.detail).toMatch(/сходство текста 0,\d\d/);
      expect(dup.detail).toContain('e-mail');

      const n = await notices(second.body.id);
      expect(n).toHaveLength(1);
      expect(n[0]).toMatchObject({ kind: 'duplicate', channel: 'post' });
      expect(n[0].body).toContain(originalNumber);

      // The original's history and files show the duplicate joined it.
      const history = await t.http
        .get(`/api/v1/appeals/${originalId}/history`)
        .auth(supervisor, { type: 'bearer' })
        .expect(200);
      expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
        'registered',
        'status_changed',
        'duplicate_joined',
      ]);
      const original = await t.http
        .get(`/api/v1/appeals/${originalId}`)
        .auth(supervisor, { type: 'bearer' })
        .expect(200);
      expect(original.body.attachments.map((a: { fileName: string }) => a.fileName)).toEqual([
        'скан.pdf',
      ]);
      expect(original.body.dueDate).toBe(originalDue);
    });

    it('finds the same person by account number, and by name with service address', async () => {
      const byAccount = await post(
        appealBody('web', {
          applicant: person({ email: 'other1@example.ru' }),
          accountNumber: '55 01',
          text: heatingText,
        }),
      );
      expect(byAccount.body.status).toBe('duplicate');
      expect(check(byAccount.body, 'duplicate').detail).toContain('лицевой счёт');
      const first = await post(
        appealBody('web', {
          applicant: person({ lastName: 'Орлов', firstName: 'Олег', email: 'o1@example.ru' }),
          accountNumber: 'X-1',
          serviceAddress: 'г. Тверь, ул. Лесная, д. 7, кв. 3',
          text: 'Течёт крыша над подъездом номер два, вода заливает лестницу, прошу срочно отремонтировать кровлю.',
        }),
      );
      const second = await post(
        appealBody('web', {
          applicant: person({ lastName: 'ОРЛОВ', firstName: 'Олег', email: 'o2@example.ru' }),
          accountNumber: 'X-2',
          serviceAddress: 'город Тверь, улица Лесная, дом 7, квартира 3',
          text: 'Течёт крыша над подъездом номер два, вода заливает лестницу, прошу срочно отремонтировать кровлю!',
        }),
      );
      expect(second.body).toMatchObject({ status: 'duplicate', duplicateOfId: first.body.id });
      expect(check(second.body, 'duplicate').detail).toContain('ФИО и адрес');
    });

    it('registers a different question of the same person normally', async () => {
      const res = await post(
        appealBody('web', {
          applicant: person(),
          accountNumber: '55-01',
          text: 'Прошу заменить счётчик горячей воды: истёк срок поверки, пломба сорвана при ремонте.',
        }),
      );
      expect(res.body.status).toBe('assigned');
      expect(check(res.body, 'duplicate').verdict).toBe('pass');
    });

    it('sends a repeat of an answered appeal to review by default', async () => {
      const answeredText =
        'Прошу объяснить, почему в квитанции за март начислено за вывоз мусора на пять человек, а прописан один.';
      const imported = await t.http
        .post('/api/v1/appeals/import')
        .auth(t.adminToken, { type: 'bearer' })
        .send({
          appeals: [
            {
              ...appealBody('email', {
                applicant: person({ email: 'repeat@example.ru' }),
                accountNumber: 'R-1',
                text: answeredText,
              }),
              regNumber: 'OLD-77',
              registeredAt: '2026-03-01T10:00:00+03:00',
              status: 'answered',
              answer: {
                text: 'Начисление по нормативу, см. п. 148(34) ПП 354',
                outcome: 'explained',
                answeredAt: '2026-03-20T10:00:00+03:00',
              },
            },
          ],
        })
        .expect(201);
      const res = await post(
        appealBody('web', {
          applicant: person({ email: 'repeat@example.ru' }),
          accountNumber: 'R-1',
          text: answeredText,
        }),
      );
      expect(res.body.status).toBe('under_review');
      const rep = check(res.body, 'repeated');
      expect(rep.verdict).toBe('review');
      expect(rep.detail).toContain('OLD-77');
      expect(rep.detail).toContain(imported.body.items[0].answer.answeredAt.slice(0, 10));
    });
  });

  describe('head decisions', () => {
    let flaggedId: string;

    beforeEach(async () => {
      const res = await post(
        appealBody('web', {
          topicCode: 'billing',
          text: 'Вы там все идиоты! Почините счётчик наконец.',
        }),
      );
      expect(res.body.status).toBe('under_review');
      flaggedId = res.body.id;
    });

    it('accepting sends the appeal on as a normal one, recorded in history', async () => {
      const res = await t.http
        .post(`/api/v1/appeals/${flaggedId}/accept`)
        .auth(head.token, { type: 'bearer' })
        .send({ comment: 'Грубость не адресована сотруднику' })
        .expect(200);
      // Accepted, then routed like any appeal: the billing officer gets it.
      expect(res.body.status).toBe('assigned');
      expect(res.headers.etag).toBe(`"${flaggedId}.3"`);
      const history = await t.http
        .get(`/api/v1/appeals/${flaggedId}/history`)
        .auth(head.token, { type: 'bearer' })
        .expect(200);
      expect(history.body.items[1]).toMatchObject({
        type: 'status_changed',
        fromStatus: 'under_review',
        toStatus: 'registered',
        actorUserId: head.id,
        reason: 'Грубость не адресована сотруднику',
      });
      // Accepting twice is not a transition.
      const again = await t.http
        .post(`/api/v1/appeals/${flaggedId}/accept`)
        .auth(head.token, { type: 'bearer' })
        .send({})
        .expect(409);
      expect(again.body.code).toBe('INVALID_TRANSITION');
    });

    it('rejecting as abusive records the decision and queues the legal notice', async () => {
      const res = await t.http
        .post(`/api/v1/appeals/${flaggedId}/reject`)
        .auth(head.token, { type: 'bearer' })
        .send({ reason: 'abusive' })
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'rejected',
        rejection: { reason: 'abusive', decidedBy: head.id },
      });
      const n = await notices(flaggedId);
      expect(n.map((x: { kind: string }) => x.kind)).toEqual(['acknowledgement', 'rejection']);
      expect(n[1].body).toContain('недопустимости злоупотребления правом');
      expect(n[1].body).toContain('ч. 3 ст. 11');
    });

    it.each(['illegible', 'essence_unclear', 'court_decision', 'repeated'] as const)(
      'rejects with reason %s, with its notice',
      async (reason) => {
        await t.http
          .post(`/api/v1/appeals/${flaggedId}/reject`)
          .auth(supervisor, { type: 'bearer' })
          .send({ reason })
          .expect(200);
        const n = await notices(flaggedId);
        expect(n.at(-1)).toMatchObject({ kind: 'rejection' });
      },
    );

    it('rejecting as anonymous queues no notice', async () => {
      await t.http
        .post(`/api/v1/appeals/${flaggedId}/reject`)
        .auth(head.token, { type: 'bearer' })
        .send({ reason: 'anonymous' })
        .expect(200);
      expect((await notices(flaggedId)).map((x: { kind: string }) => x.kind)).toEqual([
        'acknowledgement',
      ]);
    });

    it('refuses an unknown reason, a stale If-Match, a head of another department and an officer', async () => {
      const bad = await t.http
        .post(`/api/v1/appeals/${flaggedId}/reject`)
        .auth(head.token, { type: 'bearer' })
        .send({ reason: 'boring' })
        .expect(422);
      expect(bad.body.errors[0]).toMatchObject({ field: 'reason', code: 'INVALID_VALUE' });
      const stale = await t.http
        .post(`/api/v1/appeals/${flaggedId}/reject`)
        .auth(head.token, { type: 'bearer' })
        .set('If-Match', `"${flaggedId}.0"`)
        .send({ reason: 'abusive' })
        .expect(412);
      expect(stale.body.code).toBe('PRECONDITION_FAILED');
      await t.http
        .post(`/api/v1/appeals/${flaggedId}/reject`)
        .auth(otherHead, { type: 'bearer' })
        .send({ reason: 'abusive' })
        .expect(404);
      await t.http
        .post(`/api/v1/appeals/${flaggedId}/accept`)
        .auth(officer, { type: 'bearer' })
        .send({})
        .expect(403);
      const [row] = await t.db.query('SELECT status FROM appeals WHERE id = $1', [flaggedId]);
      expect(row.status).toBe('under_review');
    });

    it('accepts a matching If-Match', async () => {
      await t.http
        .post(`/api/v1/appeals/${flaggedId}/accept`)
        .auth(head.token, { type: 'bearer' })
        .set('If-Match', `"${flaggedId}.1"`)
        .send({})
        .expect(200);
    });

    it('cannot reject a closed appeal', async () => {
      await t.http
        .post(`/api/v1/appeals/${flaggedId}/reject`)
        .auth(head.token, { type: 'bearer' })
        .send({ reason: 'abusive' })
        .expect(200);
      const res = await t.http
        .post(`/api/v1/appeals/${flaggedId}/reject`)
        .auth(head.token, { type: 'bearer' })
        .send({ reason: 'illegible' })
        .expect(409);
      expect(res.body.code).toBe('INVALID_TRANSITION');
    });
  });

  describe('POST /rules/check', () => {
    it('evaluates a draft without storing anything', async () => {
      const before = (await t.db.query('SELECT count(*)::int AS n FROM appeals'))[0].n;
      const res = await t.http
        .post('/api/v1/rules/check')
        .set('X-API-Key', key)
        .send(appealBody('web', { applicant: person(), accountNumber: '55-01', text: heatingText }))
        .expect(200);
      expect(res.body.wouldBe).toBe('duplicate');
      // A client learns that it resembles an earlier appeal, not which one (no probing).
      expect(JSON.stringify(res.body.checks)).not.toMatch(/2026-\d{6}/);
      expect(res.body.checks.find((c: { rule: string }) => c.rule === 'duplicate').verdict).toBe(
        'reject',
      );
      expect((await t.db.query('SELECT count(*)::int AS n FROM appeals'))[0].n).toBe(before);
    });

    it('reports missing fields as well', async () => {
      const res = await t.http
        .post('/api/v1/rules/check')
        .auth(officer, { type: 'bearer' })
        .send({ channel: 'web' })
        .expect(200);
      expect(res.body.validationIssues.map((e: { field: string }) => e.field)).toContain('text');
      expect(res.body.checks.find((c: { rule: string }) => c.rule === 'anonymous').verdict).toBe(
        'reject',
      );
    });

    it('reports the topic attributes and the quality report as registration checks them', async () => {
      const check = async (over: Record<string, unknown>) =>
        (
          await t.http
            .post('/api/v1/rules/check')
            .set('X-API-Key', key)
            .send(appealBody('web', over))
            .expect(200)
        ).body.validationIssues.map((e: { field: string; code: string }) => [e.field, e.code]);
      expect(
        await check({ topicCode: 'bill_not_received', attributes: { period: 'март', x: 1 } }),
      ).toEqual([['attributes.x', 'UNKNOWN_ATTRIBUTE']]);
      expect(await check({ topicCode: 'bill_not_received' })).toEqual([
        ['attributes.period', 'REQUIRED'],
      ]);
      expect(await check({ kind: 'quality_report' })).toEqual([['qualityReport', 'REQUIRED']]);
      expect(
        await check({ qualityReport: { service: 'gas', startedAt: '2026-04-10T08:00:00+03:00' } }),
      ).toEqual([['qualityReport', 'NOT_ALLOWED']]);
      expect(await check({ topicCode: 'no_such_topic' })).toEqual([['topicCode', 'UNKNOWN_TOPIC']]);
      // Registration agrees: the same bodies are refused on web.
      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web', { topicCode: 'bill_not_received' }))
        .expect(422);
    });
  });

  it('lists the notices of an appeal for staff', async () => {
    const created = await post(appealBody('web'));
    const res = await t.http
      .get(`/api/v1/appeals/${created.body.id}/notifications`)
      .auth(supervisor, { type: 'bearer' })
      .expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ kind: 'acknowledgement', status: 'pending', attempts: 0 }),
    ]);
  });
});

describe('rule verdicts from configuration', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('rejects abusive appeals outright when RULE_ABUSIVE=reject and ignores duplicates when RULE_DUPLICATE=off', async () => {
    t = await startTestApp({ env: { RULE_ABUSIVE: 'reject', RULE_DUPLICATE: 'off' } });
    const { key } = await t.createApiKey(['web']);
    const abusive = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', key)
      .send(appealBody('web', { text: 'Вы все идиоты.' }))
      .expect(201);
    expect(abusive.body).toMatchObject({ status: 'rejected', rejection: { reason: 'abusive' } });
    const body = appealBody('web');
    await t.http.post('/api/v1/appeals').set('X-API-Key', key).send(body).expect(201);
    const again = await t.http.post('/api/v1/appeals').set('X-API-Key', key).send(body).expect(201);
    expect(again.body.status).toBe('registered');
    expect(
      again.body.checks.find((c: { rule: string }) => c.rule === 'duplicate').detail,
    ).toContain('отключено');
  });
});
