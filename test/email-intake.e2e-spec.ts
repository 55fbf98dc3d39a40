import { ApiKeysService } from '../src/api-keys/api-keys.service';
import { AppError } from '../src/common/errors/app-error';
import { ErrorCode } from '../src/common/errors/error-codes';
import { EmailIntakeService } from '../src/integrations/email/email-intake.service';
import * as mimeIntake from '../src/integrations/email/mime-intake';
import { startTestApp, type TestApp } from './support/test-app';
import {
  OUR_MAILBOX,
  encodedWord,
  rawEmail,
  readEmailFixture,
} from './fixtures/email/email-fixtures';

describe('POST /intake/email', () => {
  let t: TestApp;
  let mailKey: string;
  let webKey: string;

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-04-10T10:00:00+03:00',
      env: { EMAIL_MAILBOX: OUR_MAILBOX },
    });
    mailKey = (await t.createApiKey(['email'])).key;
    webKey = (await t.createApiKey(['web'])).key;
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const push = (raw: Buffer, key = mailKey) =>
    t.http
      .post('/api/v1/intake/email')
      .set('X-API-Key', key)
      .set('Content-Type', 'message/rfc822')
      .send(raw);
  const appeals = async (): Promise<number> =>
    (await t.db.query('SELECT count(*)::int AS n FROM appeals'))[0].n;

  it('registers a windows-1251 letter as an e-mail appeal, decoded', async () => {
    const res = await push(readEmailFixture('cp1251-8bit.eml')).expect(202);
    expect(res.body).toMatchObject({
      result: 'created',
      appealId: expect.any(String),
      regNumber: expect.stringMatching(/^2026-/),
    });
    const a = await t.http
      .get(`/api/v1/appeals/${res.body.appealId}`)
      .auth(t.adminToken, { type: 'bearer' })
      .expect(200);
    expect(a.body).toMatchObject({
      channel: 'email',
      replyChannel: 'email',
      applicant: { email: 'a.petrova@example.net' },
    });
    expect(a.body.subject).toMatch(/^[А-Яа-яЁё]/);
    expect(a.body.text).toMatch(/[А-Яа-яЁё]{5,}/);
    expect(a.body.externalRefs.messageId).toEqual(expect.any(String));
  });

  it('processes the same message delivered twice only once (Message-ID)', async () => {
    const first = await push(readEmailFixture('twice-delivered-a.eml')).expect(202);
    const before = await appeals();
    const second = await push(readEmailFixture('twice-delivered-b.eml')).expect(202);
    expect(first.body.repeated).toBe(false);
    // The second delivery says it was processed before (issue 17), with the same outcome.
    expect(second.body).toEqual({ ...first.body, repeated: true });
    expect(await appeals()).toBe(before);
  });

  it('creates exactly one appeal when the same message races itself', async () => {
    const raw = rawEmail(
      ['Message-ID: <race-1@example.com>', `Subject: ${encodedWord('Гонка')}`],
      'Нет горячей воды третий день.',
    );
    const before = await appeals();
    const results = await Promise.all(Array.from({ length: 5 }, () => push(raw)));
    expect(results.map((r) => r.status)).toEqual(Array(5).fill(202));
    expect(new Set(results.map((r) => r.body.appealId)).size).toBe(1);
    expect(await appeals()).toBe(before + 1);
  });

  it.each([
    'auto-reply.eml',
    'out-of-office-x-autoreply.eml',
    'bounce-dsn.eml',
    'bulk-list.eml',
  ] as const)('ignores %s: no appeal, no answer (no mail loops)', async (fixture) => {
    const before = await appeals();
    const notices = (await t.db.query('SELECT count(*)::int AS n FROM notifications'))[0].n;
    const res = await push(readEmailFixture(fixture)).expect(202);
    expect(res.body).toEqual({ result: 'ignored', repeated: false });
    expect(await appeals()).toBe(before);
    expect((await t.db.query('SELECT count(*)::int AS n FROM notifications'))[0].n).toBe(notices);
  });

  it('ignores mail from our own mailbox', async () => {
    const res = await push(
      rawEmail([`From: ${OUR_MAILBOX}`, 'Message-ID: <loop@x>', 'Subject: Ответ']),
    ).expect(202);
    expect(res.body.result).toBe('ignored');
  });

  it('adds a reply naming our number to that appeal when it comes from the same applicant', async () => {
    const created = await push(
      rawEmail(
        [
          'From: Иван <ivan.reply@example.com>',
          'Message-ID: <orig-1@example.com>',
          `Subject: ${encodedWord('Протечка крыши')}`,
        ],
        'Течёт крыша.',
      ),
    ).expect(202);
    const reply = rawEmail(
      [
        'From: ivan.reply@example.com',
        'Message-ID: <reply-1@example.com>',
        `Subject: ${encodedWord(`Re: Обращение № ${created.body.regNumber}`)}`,
      ],
      'Добавляю: течь усилилась.',
    );
    const before = await appeals();
    const res = await push(reply).expect(202);
    expect(res.body).toEqual({
      result: 'appended',
      appealId: created.body.appealId,
      regNumber: created.body.regNumber,
      repeated: false,
    });
    expect(await appeals()).toBe(before);
    const history = await t.http
      .get(`/api/v1/appeals/${created.body.appealId}/history`)
      .auth(t.adminToken, { type: 'bearer' })
      .expect(200);
    const added = history.body.items.find((e: { type: string }) => e.type === 'email_appended');
    expect(added.data.text).toContain('течь усилилась');

    // The same number from someone else is a new appeal, not an addition to a stranger's case.
    const stranger = rawEmail(
      [
        'From: other@example.com',
        'Message-ID: <reply-2@example.com>',
        `Subject: ${encodedWord(`Re: Обращение № ${created.body.regNumber}`)}`,
      ],
      'Чужое письмо.',
    );
    expect((await push(stranger).expect(202)).body.result).toBe('created');
  });

  it('keeps allowed attachments and names refused ones in the history', async () => {
    const res = await push(readEmailFixture('attachments-cyrillic-names.eml')).expect(202);
    expect(res.body.result).toBe('created');
    const a = await t.http
      .get(`/api/v1/appeals/${res.body.appealId}`)
      .auth(t.adminToken, { type: 'bearer' })
      .expect(200);
    expect(a.body.attachments.length).toBeGreaterThan(0);
    for (const f of a.body.attachments) expect(f.fileName).toMatch(/\S/);
  });

  it('registers an HTML-only message with its text', async () => {
    const res = await push(readEmailFixture('html-only.eml')).expect(202);
    const a = await t.http
      .get(`/api/v1/appeals/${res.body.appealId}`)
      .auth(t.adminToken, { type: 'bearer' })
      .expect(200);
    expect(a.body.text).not.toMatch(/<[a-z]+/i);
    expect(a.body.text.length).toBeGreaterThan(20);
  });

  it('accepts pushes only from a client with the e-mail channel and only as message/rfc822', async () => {
    const raw = rawEmail(['Message-ID: <auth@x>']);
    const denied = await push(raw, webKey).expect(403);
    expect(denied.body.code).toBe('CHANNEL_NOT_ALLOWED');
    await t.http
      .post('/api/v1/intake/email')
      .auth(t.adminToken, { type: 'bearer' })
      .set('Content-Type', 'message/rfc822')
      .send(raw)
      .expect(403);
    const wrongType = await t.http
      .post('/api/v1/intake/email')
      .set('X-API-Key', mailKey)
      .set('Content-Type', 'text/plain')
      .send('hello')
      .expect(415);
    expect(wrongType.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
  describe('a failure that may pass answers 503 with Retry-After, only bad input 4xx (issue 19)', () => {
    const processed = async (dedupKey: string): Promise<number> =>
      (
        await t.db.query('SELECT count(*)::int AS n FROM processed_emails WHERE dedup_key = $1', [
          dedupKey,
        ])
      )[0].n;
    const expectRetryLater = (res: {
      headers: Record<string, string>;
      body: Record<string, unknown>;
    }): void => {
      expect(res.headers['retry-after']).toBe('60');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: 60 });
    };

    it('a database fault: 503, nothing kept, and the next delivery is registered', async () => {
      await t.db.query(`
        CREATE FUNCTION push_deadlock() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.text LIKE 'Сбой при доставке:%' THEN
            RAISE EXCEPTION 'simulated deadlock' USING ERRCODE = '40P01';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER push_deadlock BEFORE INSERT ON appeals
          FOR EACH ROW EXECUTE FUNCTION push_deadlock();`);
      const raw = rawEmail(
        ['From: Житель <push-retry@example.com>', 'Message-ID: <push-retry@example.com>'],
        'Сбой при доставке: в квартире нет отопления.',
      );
      const before = await appeals();
      try {
        expectRetryLater(await push(raw).expect(503));
        expect(await processed('<push-retry@example.com>')).toBe(0);
        expect(await appeals()).toBe(before);
      } finally {
        await t.db.query('DROP TRIGGER push_deadlock ON appeals; DROP FUNCTION push_deadlock();');
      }

      const again = await push(raw).expect(202);

      expect(again.body).toMatchObject({ result: 'created', repeated: false });
      expect(await appeals()).toBe(before + 1);
    });

    it('a verdict that may change (a calendar year not imported yet): 503, not 422', async () => {
      jest
        .spyOn(t.app.get(EmailIntakeService), 'ingest')
        .mockRejectedValueOnce(new AppError(ErrorCode.CALENDAR_YEAR_MISSING));
      expectRetryLater(await push(rawEmail(['Message-ID: <push-calendar@x>'])).expect(503));
    });

    it('a database fault while the key is looked up: 503, not 500', async () => {
      jest
        .spyOn(t.app.get(ApiKeysService), 'principalFor')
        .mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
      expectRetryLater(await push(rawEmail(['Message-ID: <push-auth-db@x>'])).expect(503));
    });

    it('a message that can never be parsed: 422 for good, no Retry-After', async () => {
      jest.spyOn(mimeIntake, 'parseInboundEmail').mockRejectedValueOnce(new TypeError('garbled'));
      const res = await push(rawEmail(['Message-ID: <push-garbled@x>'])).expect(422);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'body', code: 'UNPARSEABLE' }],
      });
      expect(res.headers['retry-after']).toBeUndefined();
    });

    it('a wrong key stays 401 and a wrong body type 415', async () => {
      await push(rawEmail(['Message-ID: <push-bad-key@x>']), 'not-a-key').expect(401);
      await t.http
        .post('/api/v1/intake/email')
        .set('X-API-Key', mailKey)
        .set('Content-Type', 'text/plain')
        .send('hello')
        .expect(415);
    });
  });
});
