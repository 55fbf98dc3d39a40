import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Response } from 'supertest';
import { Organizations1797100000000 } from '../migrations/1797100000000-Organizations';
import { appealBody } from './support/factories';
import { flatText, pdfText } from './support/pdf-text';
import { startTestApp, type TestApp } from './support/test-app';

/** A real SMTP server on 127.0.0.1 that records what it accepted. */
class TestSmtp {
  readonly received: { to: string; raw: string }[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.received.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

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

const GZHI = {
  name: 'Государственная жилищная инспекция Санкт-Петербурга',
  kind: 'housing_inspection',
  email: 'gzhi@gov.spb.example',
  postalAddress: '191023, г. Санкт-Петербург, ул. Садовая, д. 55',
  gisOrgGuid: '0B7C1E1A-9D5C-4E5B-9C1E-1A2B3C4D5E6F',
  region: 'Санкт-Петербург',
};

/**
 * Issue 20, item 3: the directory of receiving bodies, and a forwarding that sends a numbered
 * transmittal letter to the body (e-mail or a letter to print) and names it to the applicant.
 */
describe('organisations and forwarding with a transmittal letter', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let key: string;
  let head: string;
  let supervisor: string;
  let officer: string;

  beforeAll(async () => {
    smtp = new TestSmtp();
    await smtp.start();
    t = await startTestApp({
      now: '2026-04-10T10:00:00+03:00',
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` },
    });
    key = (await t.createApiKey(['web'])).key;
    const technical = await t.departmentId('technical');
    head = (await t.createStaff(['head'], { departmentId: technical })).token;
    supervisor = (await t.createStaff(['supervisor'])).token;
    officer = (await t.createStaff(['officer'], { departmentId: technical })).token;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop().catch(() => undefined);
  });

  const orgs = (token: string) =>
    t.http.get('/api/v1/organizations').auth(token, { type: 'bearer' });
  const createOrg = (body: object, token = t.adminToken) =>
    t.http.post('/api/v1/organizations').auth(token, { type: 'bearer' }).send(body);
  const register = async (over: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web', { topicCode: 'meters', ...over }))
        .expect(201)
    ).body as { id: string; regNumber: string; applicant: { email: string } };
  const forward = (id: string, body: object, token = head) =>
    t.http.post(`/api/v1/appeals/${id}/forward`).auth(token, { type: 'bearer' }).send(body);
  const notices = (appealId: string, kind: string) =>
    t.db.query<{ channel: string; recipient: string; subject: string; body: string }[]>(
      `SELECT channel, recipient, subject, body FROM notifications
        WHERE appeal_id = $1 AND kind = $2 ORDER BY created_at`,
      [appealId, kind],
    );
  const letterCount = async () =>
    (
      await t.db.query<{ n: number }[]>(
        'SELECT coalesce(sum(last_seq), 0)::int AS n FROM letter_counters',
      )
    )[0].n;

  describe('the directory', () => {
    it('is seeded with a placeholder per common federal kind, idempotently', async () => {
      const res = await orgs(t.adminToken).expect(200);
      const kinds = (res.body.items as { kind: string }[]).map((o) => o.kind).sort();
      expect(kinds).toEqual([
        'antimonopoly',
        'consumer_protection',
        'housing_inspection',
        'prosecutor',
      ]);
      expect(res.body.items[0]).toMatchObject({ postalAddress: null, email: null });
      // Run again (a re-applied migration): nothing added, an admin's edits kept.
      const seeded = res.body.items[0] as { id: string };
      await t.http
        .patch(`/api/v1/organizations/${seeded.id}`)
        .auth(t.adminToken, { type: 'bearer' })
        .send({ region: 'Тверская область' })
        .expect(200);
      const runner = t.db.createQueryRunner();
      try {
        await new Organizations1797100000000().up(runner);
      } finally {
        await runner.release();
      }
      const again = await orgs(t.adminToken).expect(200);
      expect(again.body.items).toHaveLength(4);
      expect(again.body.items.find((o: { id: string }) => o.id === seeded.id).region).toBe(
        'Тверская область',
      );
    });

    it('lets the admin add and correct an organisation; heads and supervisors read it', async () => {
      const created = await createOrg(GZHI).expect(201);
      expect(created.body).toMatchObject({
        ...GZHI,
        gisOrgGuid: GZHI.gisOrgGuid.toLowerCase(),
        id: expect.any(String),
      });
      const patched = await t.http
        .patch(`/api/v1/organizations/${created.body.id}`)
        .auth(t.adminToken, { type: 'bearer' })
        .send({ region: 'г. Санкт-Петербург', email: null })
        .expect(200);
      expect(patched.body).toMatchObject({
        name: GZHI.name,
        region: 'г. Санкт-Петербург',
        email: null,
      });
      const audit = await t.db.query<{ action: string }[]>(
        `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`,
        [created.body.id],
      );
      expect(audit.map((e) => e.action)).toEqual(['organizations.create', 'organizations.update']);
      for (const token of [head, supervisor]) {
        const list = await orgs(token).expect(200);
        expect(list.body.items.map((o: { id: string }) => o.id)).toContain(created.body.id);
      }
    });

    it('refuses bad input (422), strangers (403) and unknown ids (404)', async () => {
      const badKind = await createOrg({ ...GZHI, kind: 'police' }).expect(422);
      expect(badKind.body.errors[0]).toMatchObject({ field: 'kind' });
      const badEmail = await createOrg({ ...GZHI, email: 'не почта' }).expect(422);
      expect(badEmail.body.errors[0]).toMatchObject({ field: 'email' });
      const noName = await createOrg({ kind: 'other' }).expect(422);
      expect(noName.body.errors[0]).toMatchObject({ field: 'name' });
      await createOrg(GZHI, head).expect(403);
      await orgs(officer).expect(403);
      const missing = await t.http
        .patch('/api/v1/organizations/00000000-0000-4000-8000-00000000dead')
        .auth(t.adminToken, { type: 'bearer' })
        .send({ name: 'Кто-то' })
        .expect(404);
      expect(missing.body.code).toBe('ORGANIZATION_NOT_FOUND');
    });
  });

  it('forwards by e-mail: a numbered transmittal with the appeal and its files, the applicant told', async () => {
    const org = (await createOrg(GZHI).expect(201)).body as { id: string };
    const a = await register();
    await t.http
      .post(`/api/v1/appeals/${a.id}/attachments`)
      .set('X-API-Key', key)
      .attach(
        'files',
        readFileSync(path.join(__dirname, 'fixtures', 'attachments', 'sample.pdf')),
        'акт.pdf',
      )
      .expect(201);
    const res = await forward(a.id, {
      organizationId: org.id,
      reason: 'Вопрос содержания общего имущества',
    }).expect(200);
    const number = res.body.forwarding?.transmittalNumber as string;
    expect(res.body).toMatchObject({
      status: 'forwarded',
      forwardedTo: GZHI.name,
      forwarding: { to: GZHI.name, organizationId: org.id, transmittalNumber: expect.any(String) },
    });
    const [transmittal] = await notices(a.id, 'transmittal');
    expect(transmittal).toMatchObject({ channel: 'email', recipient: GZHI.email });
    expect(transmittal.subject).toContain(`Исх. № ${number}`);
    expect(transmittal.body).toContain(`обращение № ${a.regNumber} от 10.04.2026`);
    expect(transmittal.body).toContain('батареи были холодными две недели');
    expect(transmittal.body).toContain('Иванов Пётр Сергеевич');
    expect(transmittal.body).toContain('1. акт.pdf');
    // By e-mail nothing goes to the print queue.
    const letters = await t.db.query('SELECT 1 FROM outgoing_letters WHERE appeal_id = $1', [a.id]);
    expect(letters).toHaveLength(0);
    const [applicant] = await notices(a.id, 'forwarding');
    expect(applicant.body).toContain(`направлено для рассмотрения в ${GZHI.name}`);
    expect(applicant.body).toContain(`исх. № ${number}`);
    // ГИС ЖКХ: the organisation's GUID is the receiver of the forwarding.
    const [event] = await t.db.query<{ data: Record<string, string> }[]>(
      `SELECT data FROM appeal_events WHERE appeal_id = $1 AND to_status = 'forwarded'`,
      [a.id],
    );
    expect(event.data).toMatchObject({
      organizationId: org.id,
      transmittalNumber: number,
      gisReceiverGuid: GZHI.gisOrgGuid.toLowerCase(),
    });
    // The outbox sends it to the organisation's address over SMTP.
    await t.http
      .post('/api/v1/jobs/notifications/run')
      .auth(t.adminToken, { type: 'bearer' })
      .expect(200);
    const mail = smtp.received.find((m) => m.to === GZHI.email);
    expect(mail).toBeDefined();
    const parsed = await simpleParser(mail!.raw);
    expect(parsed.subject).toContain(`Исх. № ${number}`);
    const text = parsed.text ?? '';
    expect(text).toContain(`Исх. № ${number}`);
    expect(text).toContain('батареи были холодными две недели');
    // The appeal's files go with it as real attachments (issue 20), read from storage at send time.
    expect(parsed.attachments.map((x) => [x.filename, x.contentType])).toEqual([
      ['акт.pdf', 'application/pdf'],
    ]);
    expect(
      Buffer.compare(
        parsed.attachments[0].content,
        readFileSync(path.join(__dirname, 'fixtures', 'attachments', 'sample.pdf')),
      ),
    ).toBe(0);
    expect(text).toContain('во вложении к письму');
  });

  it('forwards by post: the transmittal is a letter to print under the same number, its PDF readable', async () => {
    const org = (
      await createOrg({
        name: 'Прокуратура Центрального района Санкт-Петербурга',
        kind: 'prosecutor',
        postalAddress: '191011, г. Санкт-Петербург, ул. Караванная, д. 20',
      }).expect(201)
    ).body as { id: string };
    const a = await register();
    const res = await forward(
      a.id,
      { organizationId: org.id, reason: 'Сведения о нарушении закона' },
      supervisor,
    ).expect(200);
    const number = res.body.forwarding.transmittalNumber as string;
    const [transmittal] = await notices(a.id, 'transmittal');
    expect(transmittal).toMatchObject({
      channel: 'post',
      recipient:
        'Прокуратура Центрального района Санкт-Петербурга, 191011, г. Санкт-Петербург, ул. Караванная, д. 20',
    });
    const [letter] = await t.db.query<{ id: string; number: string }[]>(
      'SELECT id, number FROM outgoing_letters WHERE appeal_id = $1',
      [a.id],
    );
    expect(letter.number).toBe(number);
    const pdf = await t.http
      .get(`/api/v1/outgoing-letters/${letter.id}/pdf`)
      .auth(supervisor, { type: 'bearer' })
      .buffer(true)
      .parse(pdfOrJson)
      .expect(200);
    const all = flatText(await pdfText(pdf.body as Buffer));
    for (const phrase of [
      `№ ${number}`,
      'Прокуратура Центрального района Санкт-Петербурга',
      `Исх. № ${number}: направление обращения № ${a.regNumber} по компетенции`,
      'ч. 3 ст. 8',
      'батареи были холодными две недели',
    ]) {
      expect(all).toContain(phrase);
    }
  });

  it('refuses an unknown organisation and one without an address (422), changing nothing', async () => {
    const a = await register();
    const before = await letterCount();
    const unknown = await forward(a.id, {
      organizationId: '00000000-0000-4000-8000-00000000beef',
      reason: 'Не наша компетенция',
    }).expect(422);
    expect(unknown.body.errors[0]).toMatchObject({
      field: 'organizationId',
      code: 'UNKNOWN_ORGANIZATION',
    });
    // A seeded placeholder the admin has not completed yet.
    const placeholder = await forward(a.id, {
      organizationId: '00000000-0000-4000-8000-000000000a02',
      reason: 'Не наша компетенция',
    }).expect(422);
    expect(placeholder.body.errors[0]).toMatchObject({ code: 'ORGANIZATION_WITHOUT_ADDRESS' });
    const both = await forward(a.id, {
      organizationId: '00000000-0000-4000-8000-000000000a02',
      organization: 'ГЖИ',
      reason: 'Не наша компетенция',
    }).expect(422);
    expect(both.body.errors[0]).toMatchObject({ code: 'ONE_RECEIVER' });
    const none = await forward(a.id, { reason: 'Не наша компетенция' }).expect(422);
    expect(none.body.errors[0]).toMatchObject({ field: 'organizationId', code: 'REQUIRED' });
    const after = await t.http
      .get(`/api/v1/appeals/${a.id}`)
      .auth(head, { type: 'bearer' })
      .expect(200);
    expect(after.body.status).not.toBe('forwarded');
    expect(await letterCount()).toBe(before);
    expect(await notices(a.id, 'transmittal')).toHaveLength(0);
  });

  it('still forwards by free text (organization or to), without a transmittal', async () => {
    for (const body of [
      { organization: 'Администрация Центрального района' },
      { to: 'Администрация Центрального района' },
    ]) {
      const a = await register();
      const res = await forward(a.id, { ...body, reason: 'Благоустройство двора' }).expect(200);
      expect(res.body).toMatchObject({
        status: 'forwarded',
        forwardedTo: 'Администрация Центрального района',
        forwarding: {
          to: 'Администрация Центрального района',
          organizationId: null,
          transmittalNumber: null,
        },
      });
      expect(await notices(a.id, 'transmittal')).toHaveLength(0);
      const [applicant] = await notices(a.id, 'forwarding');
      expect(applicant.body).toContain('для рассмотрения в Администрация Центрального района.');
    }
  });
});
