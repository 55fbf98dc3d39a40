import type { Response } from 'supertest';
import { appealBody } from './support/factories';
import { flatText, pdfText } from './support/pdf-text';
import { startTestApp, type TestApp } from './support/test-app';

/** supertest's parser: a PDF's bytes as a Buffer, a problem document as JSON. */
const pdfOrJson = (res: Response, done: (err: Error | null, body: unknown) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('error', (e: Error) => done(e, null));
  res.on('end', () => {
    const bytes = Buffer.concat(chunks);
    const json = /json/.test(String(res.headers['content-type'] ?? ''));
    done(null, json ? JSON.parse(bytes.toString('utf8')) : bytes);
  });
};

const ORG = {
  ORG_NAME: 'АО «Горводоканал»',
  ORG_ADDRESS: '190000, г. Санкт-Петербург, ул. Садовая, д. 1',
  ORG_PHONE: '+7 (812) 000-00-00',
  ORG_EMAIL: 'office@vodokanal.example',
  ORG_INN: '7830002293',
  ORG_KPP: '780101001',
};

/**
 * Print forms (issue 20, item 8): the outgoing letter and the registration card as PDF, read
 * back as a person's PDF reader shows them, under the rule of who sees the appeal.
 */
describe('print forms', () => {
  let t: TestApp;
  let registrar: string;
  let billingClerk: string;
  let technicalClerk: string;
  let officer: { id: string; token: string };
  let appeal: { id: string; regNumber: string; status: string; assigneeId: string | null };

  beforeAll(async () => {
    t = await startTestApp({ env: ORG });
    const billing = await t.departmentId('billing');
    const technical = await t.departmentId('technical');
    registrar = (await t.createStaff(['clerk'])).token;
    billingClerk = (await t.createStaff(['clerk'], { departmentId: billing })).token;
    technicalClerk = (await t.createStaff(['clerk'], { departmentId: technical })).token;
    officer = await t.createStaff(['officer'], { departmentId: billing });
    // A paper appeal: its acknowledgement is a numbered letter to print (SPEC §7).
    appeal = (
      await t.http
        .post('/api/v1/appeals')
        .auth(registrar, { type: 'bearer' })
        .send(appealBody('post', { topicCode: 'billing' }))
        .expect(201)
    ).body as typeof appeal;
    expect(appeal.assigneeId).toBe(officer.id);
  });
  afterAll(() => t?.close());

  // `writtenOn`: the letter's date is its row's created_at (DEFAULT now(), the database's clock,
  // not the test's), in the organisation's zone.
  const letters = async (): Promise<
    { id: string; number: string; kind: string; writtenOn: string }[]
  > =>
    t.db.query(
      `SELECT l.id, l.number, n.kind,
              to_char(l.created_at AT TIME ZONE 'Europe/Moscow', 'DD.MM.YYYY') AS "writtenOn"
         FROM outgoing_letters l
         JOIN notifications n ON n.id = l.notification_id
        WHERE l.appeal_id = $1 ORDER BY l.created_at`,
      [appeal.id],
    );
  const letterPdf = (id: string, token: string, query = '') =>
    t.http
      .get(`/api/v1/outgoing-letters/${id}/pdf${query}`)
      .auth(token, { type: 'bearer' })
      .buffer(true)
      .parse(pdfOrJson);
  const cardPdf = (id: string, token: string) =>
    t.http
      .get(`/api/v1/appeals/${id}/registration-card.pdf`)
      .auth(token, { type: 'bearer' })
      .buffer(true)
      .parse(pdfOrJson);
  const printedAt = async (id: string): Promise<Date | null> =>
    (
      await t.db.query<{ printed_at: Date | null }[]>(
        'SELECT printed_at FROM outgoing_letters WHERE id = $1',
        [id],
      )
    )[0].printed_at;

  const expectPdfDownload = (res: Response, name: { ascii: string; utf8: string }) => {
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.utf8)}`,
    );
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(Number(res.headers['content-length'])).toBe((res.body as Buffer).length);
    expect((res.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  };

  it("prints the acknowledgement letter on the organisation's letterhead, in Russian", async () => {
    const [ack] = await letters();
    expect(ack.kind).toBe('acknowledgement');
    const res = await letterPdf(ack.id, billingClerk).expect(200);
    expectPdfDownload(res, {
      ascii: `Pismo ${ack.number.replace('ИСХ', 'ISKh')}.pdf`,
      utf8: `Письмо ${ack.number}.pdf`,
    });
    const text = await pdfText(res.body as Buffer);
    expect(text.pages[0]).toMatchObject({ width: expect.closeTo(595.28, 1) });
    const all = flatText(text);
    for (const phrase of [
      'АО «Горводоканал»',
      'ИНН 7830002293, КПП 780101001',
      `${ack.writtenOn} № ${ack.number}`,
      `На № ${appeal.regNumber} от 10.04.2026`,
      'Иванов Пётр Сергеевич',
      `Обращение № ${appeal.regNumber} зарегистрировано`,
      'Уважаемый(ая) Пётр Сергеевич!',
      `Ваше обращение № ${appeal.regNumber} от 10.04.2026 зарегистрировано.`,
    ]) {
      expect(all).toContain(phrase);
    }
  });

  it("prints the answer letter with the officer's answer text", async () => {
    const act = (action: string, body?: object) =>
      t.http
        .post(`/api/v1/appeals/${appeal.id}/${action}`)
        .auth(officer.token, { type: 'bearer' })
        .send(body ?? {});
    await act('start').expect(200);
    await act('answer', {
      text: 'Перерасчёт платы за отопление за январь выполнен: сумма уменьшена на 1 234,56 ₽.',
      outcome: 'supported',
    }).expect(200);
    const answer = (await letters()).find((l) => l.kind === 'answer')!;
    const res = await letterPdf(answer.id, billingClerk).expect(200);
    const all = flatText(await pdfText(res.body as Buffer));
    expect(all).toContain(`№ ${answer.number}`);
    expect(all).toContain(
      'Перерасчёт платы за отопление за январь выполнен: сумма уменьшена на 1 234,56 ₽.',
    );
    expect(all).toContain('АО «Горводоканал»');
  });

  it('changes nothing on download; ?markPrinted=true marks it printed and its notice sent', async () => {
    const [ack] = await letters();
    await letterPdf(ack.id, billingClerk).expect(200);
    expect(await printedAt(ack.id)).toBeNull();
    const bad = await letterPdf(ack.id, billingClerk, '?markPrinted=yes').expect(422);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED' });

    t.clock.set('2026-04-10T15:30:00+03:00');
    await letterPdf(ack.id, billingClerk, '?markPrinted=true').expect(200);
    expect(await printedAt(ack.id)).toEqual(new Date('2026-04-10T15:30:00+03:00'));
    const [notice] = await t.db.query(
      'SELECT n.status FROM notifications n JOIN outgoing_letters l ON l.notification_id = n.id WHERE l.id = $1',
      [ack.id],
    );
    expect(notice.status).toBe('sent');
    // Printed again later (a lost copy): the first print stands.
    t.clock.set('2026-04-11T10:00:00+03:00');
    await letterPdf(ack.id, billingClerk, '?markPrinted=true').expect(200);
    expect(await printedAt(ack.id)).toEqual(new Date('2026-04-10T15:30:00+03:00'));
  });

  it("refuses another department's letter with the 404 of a missing one, and API keys", async () => {
    const [ack, answer] = await letters();
    const refused = await t.http
      .get(`/api/v1/outgoing-letters/${ack.id}/pdf`)
      .auth(technicalClerk, { type: 'bearer' })
      .expect(404);
    const missing = await t.http
      .get('/api/v1/outgoing-letters/00000000-0000-4000-8000-000000000000/pdf')
      .auth(technicalClerk, { type: 'bearer' })
      .expect(404);
    expect(refused.body).toEqual({ ...missing.body, requestId: refused.body.requestId });
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    // Asking to mark it printed changes nothing either.
    await letterPdf(answer.id, technicalClerk, '?markPrinted=true').expect(404);
    expect(await printedAt(answer.id)).toBeNull();
    // Officers do not work the print queue (as GET /outgoing-letters).
    await letterPdf(ack.id, officer.token).expect(403);
    const key = await t.createApiKey(['web']);
    const byKey = await t.http
      .get(`/api/v1/outgoing-letters/${ack.id}/pdf`)
      .set('X-API-Key', key.key)
      .expect(403);
    expect(byKey.body.code).toBe('FORBIDDEN');
  });

  it('prints the registration card of an appeal the caller sees', async () => {
    const res = await cardPdf(appeal.id, billingClerk).expect(200);
    expectPdfDownload(res, {
      ascii: `RKK ${appeal.regNumber}.pdf`,
      utf8: `РКК ${appeal.regNumber}.pdf`,
    });
    const all = flatText(await pdfText(res.body as Buffer));
    for (const phrase of [
      'АО «Горводоканал»',
      'РЕГИСТРАЦИОННО-КОНТРОЛЬНАЯ КАРТОЧКА',
      `Регистрационный номер ${appeal.regNumber}`,
      'Способ поступления Почта',
      'Вид обращения Жалоба',
      'Тематика billing — Начисления и оплата',
      'Фамилия, имя, отчество Иванов Пётр Сергеевич',
      'Тема Перерасчёт за отопление',
      'Прошу сделать перерасчёт платы за отопление за январь',
      'Подразделение Абонентский отдел (начисления и расчёты)',
      `Исполнитель Сотрудник officer-`,
      'Состояние Дан ответ',
      'Ответ дан 10.04.2026, поддержано',
    ]) {
      expect(all).toContain(phrase);
    }
    // Any staff member who sees the appeal: the assignee too.
    await cardPdf(appeal.id, officer.token).expect(200);
    const audit = await t.db.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'appeal.registration_card' AND entity_id = $1",
      [appeal.id],
    );
    expect(audit[0].n).toBe(2);
  });

  it("refuses another department's card with the 404 of a missing appeal, and API keys", async () => {
    const refused = await cardPdf(appeal.id, technicalClerk).expect(404);
    const missing = await cardPdf('00000000-0000-4000-8000-000000000000', technicalClerk).expect(
      404,
    );
    expect(refused.body.code).toBe('APPEAL_NOT_FOUND');
    expect(missing.body.code).toBe('APPEAL_NOT_FOUND');
    const key = await t.createApiKey(['web']);
    await t.http
      .get(`/api/v1/appeals/${appeal.id}/registration-card.pdf`)
      .set('X-API-Key', key.key)
      .expect(403);
    await cardPdf('not-a-uuid', billingClerk).expect(422);
  });

  it('documents both routes as application/pdf downloads with their problems', async () => {
    type Op = { responses: Record<string, { content?: Record<string, { schema?: object }> }> };
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, { get: Op }>;
    };
    const letter = doc.paths['/api/v1/outgoing-letters/{id}/pdf'].get;
    const card = doc.paths['/api/v1/appeals/{id}/registration-card.pdf'].get;
    for (const op of [letter, card]) {
      expect(op.responses['200'].content).toEqual({
        'application/pdf': { schema: { type: 'string', format: 'binary' } },
      });
      for (const status of ['401', '403', '404', '422']) {
        expect(Object.keys(op.responses[status].content!)).toEqual(['application/problem+json']);
      }
    }
  });
});
