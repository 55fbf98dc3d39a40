import { rawEmail, encodedWord } from './fixtures/email/email-fixtures';
import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/** Values that identify a citizen, or a credential: none may reach a log line (SPEC §15). */
const PERSON = {
  lastName: 'Ксенофонтова',
  firstName: 'Евпраксия',
  middleName: 'Тимофеевна',
  email: 'Evpraksia.Ks@example.org',
  phone: '+7 (912) 345-67-89',
  postalAddress: '190121, г. Санкт-Петербург, ул. Потайная, д. 77, кв. 13',
  serviceAddress: 'г. Санкт-Петербург, ул. Потайная, д. 77, кв. 13',
  account: '98-765 43210',
  text: 'Прошу проверить счётчик: показания завышены втрое после замены прибора учёта.',
};
const MAIL = {
  from: 'agafya.lukinichna@example.net',
  name: 'Агафья Лукинична',
  subject: 'Протекает крыша',
  body: 'Над квартирой Лукиничной протекает крыша, вода на потолке в детской.',
};
const PASSWORD = 'Секретный-Пароль-42!';

describe('logs carry no personal data', () => {
  const lines: string[] = [];
  const other: string[] = [];
  const restore: (() => void)[] = [];
  const requestIds: string[] = [];
  let t: TestApp;
  let secrets: string[];
  let n = 0;
  const rid = (): string => {
    const id = `logs-test-${++n}`;
    requestIds.push(id);
    return id;
  };

  beforeAll(async () => {
    // Anything written outside pino (console, raw stdout/stderr) is captured too.
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = (chunk: string | Uint8Array, ...rest: never[]) => {
        other.push(String(chunk));
        return write(chunk, ...rest);
      };
      restore.push(() => (stream.write = write));
    }
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const spy = jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        other.push(args.map(String).join(' '));
      });
      restore.push(() => spy.mockRestore());
    }
    t = await startTestApp({
      env: { LOG_LEVEL: 'trace' },
      logStream: { write: (line: string) => void lines.push(line) },
    });
  });
  afterAll(async () => {
    await t.close();
    for (const r of restore) r();
  });

  it('logs requests of every kind as JSON lines with their ids and nothing personal', async () => {
    const webKey = (await t.createApiKey(['web'])).key;
    const mailKey = (await t.createApiKey(['email'])).key;
    const clerk = await t.createStaff(['clerk'], { login: 'clerk-logs' });

    // A web registration with every personal field, through an API key.
    const applicant = {
      type: 'individual',
      lastName: PERSON.lastName,
      firstName: PERSON.firstName,
      middleName: PERSON.middleName,
      email: PERSON.email,
      phone: PERSON.phone,
      postalAddress: PERSON.postalAddress,
    };
    const body = appealBody('web', {
      applicant,
      accountNumber: PERSON.account,
      serviceAddress: PERSON.serviceAddress,
      text: PERSON.text,
    });
    const created = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', webKey)
      .set('X-Request-Id', rid())
      .send(body)
      .expect(201);

    // A failed login with a password.
    await t.http
      .post('/api/v1/auth/login')
      .set('X-Request-Id', rid())
      .send({ login: 'clerk-logs', password: PASSWORD })
      .expect(401);

    // Staff reads with a JWT: the appeal, and a list filtered by e-mail in the query string.
    await t.http
      .get(`/api/v1/appeals/${created.body.id as string}`)
      .auth(t.adminToken, { type: 'bearer' })
      .set('X-Request-Id', rid())
      .expect(200);
    await t.http
      .get('/api/v1/appeals')
      .query({ applicantEmail: PERSON.email, q: PERSON.lastName })
      .auth(t.adminToken, { type: 'bearer' })
      .set('X-Request-Id', rid())
      .expect(200);

    // An e-mail pushed by the mail gateway.
    await t.http
      .post('/api/v1/intake/email')
      .set('X-API-Key', mailKey)
      .set('Content-Type', 'message/rfc822')
      .set('X-Request-Id', rid())
      .send(
        rawEmail(
          [
            `From: ${encodedWord(MAIL.name)} <${MAIL.from}>`,
            `Subject: ${encodedWord(MAIL.subject)}`,
            'Message-ID: <logs-test-1@example.net>',
          ],
          MAIL.body,
        ),
      )
      .expect(202);

    // Validation errors that echo nothing of the input.
    await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', webKey)
      .set('X-Request-Id', rid())
      .send({ ...body, applicant: { ...applicant, email: `${PERSON.lastName}@@` } })
      .expect(422);
    await t.http
      .post('/api/v1/appeals')
      .auth(clerk.token, { type: 'bearer' })
      .set('Content-Type', 'application/json')
      .set('X-Request-Id', rid())
      .send(`{"applicant": {"lastName": "${PERSON.lastName}"`)
      .expect(400);

    // An unexpected database error (500) while storing an appeal full of personal data: the
    // row PostgreSQL reports back ("Failing row contains …") must stay out of the log.
    await t.db.query(
      `ALTER TABLE appeals ADD CONSTRAINT logs_test_boom CHECK (position('ОБРУШЕНИЕ' in text) = 0) NOT VALID`,
    );
    try {
      const failed = await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', webKey)
        .set('X-Request-Id', rid())
        .send(appealBody('web', { applicant, text: `ОБРУШЕНИЕ. ${PERSON.text}` }));
      expect(failed.status).toBe(500);
      expect(failed.body.code).toBe('INTERNAL_ERROR');
    } finally {
      await t.db.query('ALTER TABLE appeals DROP CONSTRAINT logs_test_boom');
    }

    secrets = [
      PERSON.lastName,
      PERSON.firstName,
      PERSON.middleName,
      PERSON.email,
      PERSON.email.toLowerCase(),
      'Evpraksia',
      // The phone as written and as digits; not a bare '912', which a timestamp or an id
      // contains by chance.
      '(912)',
      '345-67-89',
      '9123456789',
      'Потайная',
      '98-765',
      '9876543210',
      'счётчик',
      MAIL.from,
      MAIL.name,
      'Лукинич',
      'крыша',
      PASSWORD,
      webKey,
      mailKey,
      t.adminToken,
      clerk.token,
      // A JWT's header is the same for every token; its signature part alone would do too.
      t.adminToken.split('.')[2],
    ];

    expect(lines.length).toBeGreaterThan(10);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const all = [...lines, ...other].join('\n');
    for (const s of secrets)
      expect({ leaked: s, found: all.includes(s) }).toEqual({ leaked: s, found: false });

    // Every request is logged once it completes, identified by its request id.
    const loggedIds = new Set(
      records.map((r) => (r.req as { id?: string } | undefined)?.id ?? r.requestId),
    );
    for (const id of requestIds) expect(loggedIds).toContain(id);
    // The 500 is logged with its request id and the PostgreSQL code, not the row.
    const unhandled = records.find((r) => r.msg === 'Unhandled error');
    expect(unhandled).toMatchObject({
      requestId: requestIds[requestIds.length - 1],
      err: { pgCode: '23514', constraint: 'logs_test_boom', table: 'appeals' },
    });
  });
});
