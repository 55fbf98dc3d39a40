import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';
import type { Channel } from '../src/appeals/appeal.enums';
import { CHANNELS, describeChannel } from '../src/channels/channel.registry';

const count = async (t: TestApp, sql = 'SELECT count(*)::int AS n FROM appeals'): Promise<number> =>
  (await t.db.query(sql))[0].n as number;

describe('POST /appeals', () => {
  let t: TestApp;
  let clerk: { id: string; token: string };
  let clientKey: string;

  beforeAll(async () => {
    // 2026-04-10 12:00 Moscow: the spec's example date.
    t = await startTestApp({ now: '2026-04-10T12:00:00+03:00' });
    clerk = await t.createStaff(['clerk']);
    clientKey = (await t.createApiKey(['web', 'personal_account', 'email', 'gis_zhkh'])).key;
  });
  afterAll(() => t.close());

  const asClient = (body: object) =>
    t.http.post('/api/v1/appeals').set('X-API-Key', clientKey).send(body);
  const asClerk = (body: object) =>
    t.http.post('/api/v1/appeals').auth(clerk.token, { type: 'bearer' }).send(body);

  describe('every channel', () => {
    const cases: [Channel, 'client' | 'clerk'][] = [
      ['web', 'client'],
      ['personal_account', 'client'],
      ['email', 'client'],
      ['gis_zhkh', 'client'],
      ['post', 'clerk'],
      ['office', 'clerk'],
    ];
    for (const [channel, who] of cases) {
      it(`registers a complete ${channel} appeal with number, deadline, department and history`, async () => {
        const res = await (
          who === 'client' ? asClient(appealBody(channel)) : asClerk(appealBody(channel))
        ).expect(201);
        const a = res.body;
        expect(a).toMatchObject({
          channel,
          status: 'registered',
          kind: 'complaint',
          dueDate: '2026-05-08', // 2026-04-10 + 30 = Sunday 2026-05-10 → backward 2026-05-08
          validationIssues: [],
          extensions: [],
          rejection: null,
          answer: null,
          overdue: false,
          departmentId: await t.departmentId('billing'),
        });
        expect(a.regNumber).toMatch(/^2026-\d{6}$/);
        expect(
          a.checks.map((c: { rule: string; verdict: string }) => `${c.rule}:${c.verdict}`),
        ).toEqual(['anonymous:pass', 'abusive:pass', 'duplicate:pass', 'repeated:pass']);
        expect(res.headers.etag).toBe(`"${a.id}.1"`);
        expect(res.headers.location).toBe(`/api/v1/appeals/${a.id}`);
        const events = await t.db.query(
          'SELECT type, to_status FROM appeal_events WHERE appeal_id = $1',
          [a.id],
        );
        expect(events).toEqual([{ type: 'registered', to_status: 'registered' }]);
        const audit = await t.db.query('SELECT action FROM audit_events WHERE entity_id = $1', [
          a.id,
        ]);
        expect(audit).toEqual([{ action: 'appeal.create' }]);
      });
    }

    it('answers by the channel it came from unless replyChannel says otherwise', async () => {
      const web = await asClient(appealBody('web')).expect(201);
      expect(web.body.replyChannel).toBe('email');
      const post = await asClerk(appealBody('post')).expect(201);
      expect(post.body.replyChannel).toBe('post');
      const chosen = await asClerk(
        appealBody('post', {
          replyChannel: 'email',
          applicant: {
            lastName: 'Иванов',
            firstName: 'Пётр',
            email: 'p@example.ru',
            postalAddress: 'адрес',
          },
        }),
      ).expect(201);
      expect(chosen.body.replyChannel).toBe('email');
    });

    it('replies by e-mail to a letter that gives only an e-mail address', async () => {
      const res = await asClerk(
        appealBody('post', {
          applicant: { lastName: 'Иванов', firstName: 'Пётр', email: 'p@example.ru' },
        }),
      ).expect(201);
      expect(res.body.replyChannel).toBe('email');
      expect(res.body.validationIssues).toEqual([]);
    });

    it('normalises e-mail and account number for lookups but keeps what was written', async () => {
      const res = await asClient(
        appealBody('web', {
          accountNumber: '12-345 678',
          applicant: { lastName: 'Иванов', firstName: 'Пётр', email: 'Petr.Ivanov@Example.ru' },
        }),
      ).expect(201);
      expect(res.body.applicant.email).toBe('Petr.Ivanov@Example.ru');
      expect(res.body.accountNumber).toBe('12-345 678');
      const [row] = await t.db.query(
        'SELECT applicant_email_norm, account_number_norm FROM appeals WHERE id = $1',
        [res.body.id],
      );
      expect(row).toEqual({
        applicant_email_norm: 'petr.ivanov@example.ru',
        account_number_norm: '12345678',
      });
    });

    it('routes to the default department when there is no topic', async () => {
      const res = await asClient(appealBody('web', { topicCode: undefined })).expect(201);
      expect(res.body.departmentId).toBe(await t.departmentId('general'));
    });

    it("gives a topic's own shorter term when it is earlier (ПП 354: 3 working days)", async () => {
      const res = await asClient(appealBody('web', { topicCode: 'service_quality' })).expect(201);
      // Friday 2026-04-10 + 3 working days = Wednesday 2026-04-15
      expect(res.body.dueDate).toBe('2026-04-15');
      expect(res.body.departmentId).toBe(await t.departmentId('technical'));
    });

    it('keeps receivedAt apart from registeredAt', async () => {
      const res = await asClerk(
        appealBody('post', { receivedAt: '2026-04-07T10:00:00+03:00' }),
      ).expect(201);
      expect(res.body.receivedAt).toBe('2026-04-07T07:00:00.000Z');
      expect(res.body.registeredAt).toBe('2026-04-10T09:00:00.000Z');
    });
  });

  describe('mandatory fields', () => {
    const empty = { channel: 'web', applicant: {}, text: '   ' };

    it.each(['web', 'personal_account'])(
      'bounces an incomplete %s appeal with 422 listing every gap, storing nothing',
      async (channel) => {
        const before = await count(t);
        const res = await asClient({ ...empty, channel }).expect(422);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors).toEqual([
          { field: 'applicant.lastName', code: 'REQUIRED', message: 'Укажите фамилию' },
          { field: 'applicant.firstName', code: 'REQUIRED', message: 'Укажите имя' },
          {
            field: 'applicant.email',
            code: 'REQUIRED',
            message: 'Укажите адрес электронной почты для ответа',
          },
          {
            field: 'accountNumber',
            code: 'REQUIRED',
            message: 'Укажите лицевой счёт или номер договора',
          },
          {
            field: 'serviceAddress',
            code: 'REQUIRED',
            message: 'Укажите адрес, по которому предоставляется услуга',
          },
          { field: 'text', code: 'REQUIRED', message: 'Изложите суть обращения' },
        ]);
        expect(await count(t)).toBe(before);
      },
    );

    it('asks a legal entity for its name, not a person’s', async () => {
      const res = await asClient(
        appealBody('web', { applicant: { type: 'legal_entity', email: 'org@example.ru' } }),
      ).expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'applicant.organizationName',
      ]);
    });

    it.each([
      ['post', 'clerk', 'applicant.postalAddress'],
      ['office', 'clerk', 'applicant.postalAddress'],
      ['email', 'client', 'applicant.email'],
      ['gis_zhkh', 'client', 'applicant.email'],
    ] as const)(
      'registers an incomplete %s appeal anyway, recording the gaps',
      async (channel, who, replyField) => {
        const body = { channel, applicant: {}, text: '' };
        const res = await (who === 'clerk' ? asClerk(body) : asClient(body)).expect(201);
        // Registered and numbered; with no name or address the anonymous rule then rejects it.
        expect(res.body).toMatchObject({ status: 'rejected', rejection: { reason: 'anonymous' } });
        expect(res.body.regNumber).toMatch(/^2026-/);
        expect(res.body.text).toBe('');
        expect(res.body.validationIssues.map((e: { field: string }) => e.field)).toEqual([
          'applicant.lastName',
          'applicant.firstName',
          replyField,
          'accountNumber',
          'serviceAddress',
          'text',
        ]);
        const [row] = await t.db.query('SELECT validation_issues FROM appeals WHERE id = $1', [
          res.body.id,
        ]);
        expect(row.validation_issues).toHaveLength(6);
      },
    );

    // Issue 18: the channel's descriptor, not a list elsewhere, decides (a new channel included).
    it.each(CHANNELS)(
      '%s: the descriptor’s mode decides — interactive: 422 and nothing stored; physical: registered with the gaps',
      async (channel) => {
        const { key } = await t.createApiKey([channel]);
        const before = await count(t);
        const res = await t.http
          .post('/api/v1/appeals')
          .set('X-API-Key', key)
          .send({ channel, applicant: { lastName: 'Иванов' }, text: 'Суть' });
        if (describeChannel(channel).mode === 'interactive') {
          expect(res.status).toBe(422);
          expect(await count(t)).toBe(before);
        } else {
          expect(res.status).toBe(201);
          expect(res.body.validationIssues.map((e: { field: string }) => e.field)).toContain(
            `applicant.${describeChannel(channel).replyAddressFirst}`,
          );
          expect(await count(t)).toBe(before + 1);
        }
      },
    );
  });

  describe('structural errors are 422 on every channel', () => {
    it.each([
      ['wrong type', { text: 42 }, 'text', 'INVALID_TYPE'],
      ['unknown enum value', { kind: 'praise' }, 'kind', 'INVALID_VALUE'],
      ['oversize field', { subject: 'я'.repeat(501) }, 'subject', 'TOO_LONG'],
      [
        'malformed e-mail',
        { applicant: { lastName: 'И', firstName: 'И', email: 'not-an-email', postalAddress: 'a' } },
        'applicant.email',
        'INVALID_EMAIL',
      ],
      ['unknown field', { colour: 'red' }, 'colour', 'UNKNOWN_FIELD'],
      [
        'unknown nested field',
        { applicant: { lastName: 'И', nickname: 'x' } },
        'applicant.nickname',
        'UNKNOWN_FIELD',
      ],
      ['unknown topic', { topicCode: 'astrology' }, 'topicCode', 'UNKNOWN_TOPIC'],
      ['receipt in the future', { receivedAt: '2026-05-01T00:00:00Z' }, 'receivedAt', 'IN_FUTURE'],
      ['bad receipt date', { receivedAt: '10.04.2026' }, 'receivedAt', 'INVALID_DATE'],
    ])('%s on a paper letter', async (_name, patch, field, code) => {
      const before = await count(t);
      const res = await asClerk(appealBody('post', patch)).expect(422);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, code })]),
      );
      expect(await count(t)).toBe(before);
    });

    it('rejects an unknown channel', async () => {
      const res = await asClient(appealBody('web', { channel: 'pigeon' })).expect(422);
      expect(res.body.errors[0]).toMatchObject({ field: 'channel', code: 'INVALID_VALUE' });
    });

    it('answers malformed JSON with 400 MALFORMED_JSON and no stack trace', async () => {
      const res = await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', clientKey)
        .set('Content-Type', 'application/json')
        .send('{"channel": "web",')
        .expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'MALFORMED_JSON', status: 400 });
      expect(res.body.requestId).toEqual(expect.any(String));
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
    });

    it('answers an oversize body with 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await asClient(appealBody('web', { text: 'х'.repeat(1_100_000) })).expect(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers a non-JSON body with 415', async () => {
      const res = await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', clientKey)
        .set('Content-Type', 'text/plain')
        .send('hello')
        .expect(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers a JSON array with 422', async () => {
      const res = await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', clientKey)
        .send([appealBody('web')])
        .expect(422);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('multipart', () => {
    it('takes the appeal JSON from part "appeal" and files from parts "files"', async () => {
      const res = await t.http
        .post('/api/v1/appeals')
        .auth(clerk.token, { type: 'bearer' })
        .field('appeal', JSON.stringify(appealBody('post')))
        .attach('files', Buffer.from('%PDF-1.4 скан письма'), {
          filename: 'Скан письма.pdf',
          contentType: 'application/pdf',
        })
        .attach('files', Buffer.from('второй файл'), {
          filename: 'конверт.txt',
          contentType: 'text/plain',
        })
        .expect(201);
      expect(res.body.attachments).toHaveLength(2);
      expect(res.body.attachments.map((a: { fileName: string }) => a.fileName).sort()).toEqual([
        'Скан письма.pdf',
        'конверт.txt',
      ]);
      expect(res.body.attachments[0].sha256).toMatch(/^[0-9a-f]{64}$/);
      const [{ n }] = await t.db.query(
        'SELECT count(*)::int AS n FROM attachments WHERE appeal_id = $1',
        [res.body.id],
      );
      expect(n).toBe(2);
    });

    it('stores the same file attached twice once', async () => {
      const file = Buffer.from('одинаковое содержимое');
      const res = await t.http
        .post('/api/v1/appeals')
        .auth(clerk.token, { type: 'bearer' })
        .field('appeal', JSON.stringify(appealBody('post')))
        .attach('files', file, 'a.txt')
        .attach('files', file, 'b.txt')
        .expect(201);
      expect(res.body.attachments).toHaveLength(1);
    });

    it('validates the appeal part like a JSON body', async () => {
      const before = await count(t);
      const res = await t.http
        .post('/api/v1/appeals')
        .auth(clerk.token, { type: 'bearer' })
        .field('appeal', JSON.stringify(appealBody('post', { kind: 'poem' })))
        .attach('files', Buffer.from('x'), 'x.txt')
        .expect(422);
      expect(res.body.errors[0]).toMatchObject({ field: 'kind', code: 'INVALID_VALUE' });
      expect(await count(t)).toBe(before);
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM attachments');
      expect(n).toBeGreaterThan(0); // from earlier tests only: nothing orphaned by this one
      const orphans = await t.db.query(
        'SELECT 1 FROM attachments x LEFT JOIN appeals a ON a.id = x.appeal_id WHERE a.id IS NULL',
      );
      expect(orphans).toEqual([]);
    });

    it('requires the appeal part and refuses other parts', async () => {
      const missing = await t.http
        .post('/api/v1/appeals')
        .auth(clerk.token, { type: 'bearer' })
        .attach('files', Buffer.from('x'), 'x.txt')
        .expect(422);
      expect(missing.body.errors[0]).toMatchObject({ field: 'appeal', code: 'REQUIRED' });
      const wrongPart = await t.http
        .post('/api/v1/appeals')
        .auth(clerk.token, { type: 'bearer' })
        .field('appeal', JSON.stringify(appealBody('post')))
        .attach('scan', Buffer.from('x'), 'x.txt')
        .expect(422);
      expect(wrongPart.body.errors[0]).toMatchObject({ field: 'scan', code: 'UNKNOWN_FIELD' });
    });

    it('answers a broken appeal part with 400 MALFORMED_JSON', async () => {
      const res = await t.http
        .post('/api/v1/appeals')
        .auth(clerk.token, { type: 'bearer' })
        .field('appeal', '{"channel":')
        .expect(400);
      expect(res.body.code).toBe('MALFORMED_JSON');
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the first response again for the same key and body, creating nothing', async () => {
      const body = appealBody('web', { text: 'Идемпотентность: первый запрос' });
      const first = await asClient(body).set('Idempotency-Key', 'form-123').expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const before = await count(t);
      // Same body with keys in another order is the same request.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const again = await asClient(reordered).set('Idempotency-Key', 'form-123').expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await count(t)).toBe(before);
    });

    it('replays the first response byte for byte, with its headers (issue 17)', async () => {
      const body = appealBody('web', { text: 'Идемпотентность: те же байты', topicCode: 'meters' });
      const first = await asClient(body).set('Idempotency-Key', 'bytes-1').expect(201);
      const again = await asClient(body).set('Idempotency-Key', 'bytes-1').expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.text).toBe(first.text);
      expect(again.headers['content-type']).toBe(first.headers['content-type']);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.headers.location).toBe(first.headers.location);
    });

    it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
      await asClient(appealBody('web', { text: 'Первый текст' }))
        .set('Idempotency-Key', 'form-456')
        .expect(201);
      const before = await count(t);
      const res = await asClient(appealBody('web', { text: 'Другой текст' }))
        .set('Idempotency-Key', 'form-456')
        .expect(422);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await count(t)).toBe(before);
    });

    it('answers IDEMPOTENCY_KEY_REUSED even when the other body is invalid', async () => {
      await asClient(appealBody('web', { text: 'Ещё один текст' }))
        .set('Idempotency-Key', 'form-789')
        .expect(201);
      const res = await asClient({ channel: 'web' }).set('Idempotency-Key', 'form-789').expect(422);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('keeps keys of different callers apart', async () => {
      const other = (await t.createApiKey(['web'])).key;
      const body = appealBody('web', { text: 'Два клиента, один ключ' });
      const a = await asClient(body).set('Idempotency-Key', 'shared').expect(201);
      const b = await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', other)
        .set('Idempotency-Key', 'shared')
        .send(body)
        .expect(201);
      expect(b.body.id).not.toBe(a.body.id);
    });

    it('creates exactly one appeal when the same request races itself', async () => {
      const body = appealBody('web', { text: 'Гонка одинаковых запросов' });
      const before = await count(t);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => asClient(body).set('Idempotency-Key', 'race-1')),
      );
      expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(await count(t)).toBe(before + 1);
    });

    it('rejects a malformed key', async () => {
      const res = await asClient(appealBody('web')).set('Idempotency-Key', 'has space').expect(422);
      expect(res.body.errors[0].field).toBe('Idempotency-Key');
    });
  });
});
