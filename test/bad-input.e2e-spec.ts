import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Test } from 'supertest';
import { encodeRfc8187 } from '../src/attachments/content-disposition';
import { ErrorCode } from '../src/common/errors/error-codes';
import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/*
 * Bad input (issue 10): every case below must get a 4xx — never a 5xx, never a hang — as
 * application/problem+json with a stable code from the catalogue and a Russian message, with no
 * stack trace or SQL in the body, and must leave the database exactly as it was: every
 * application table (listed from information_schema, so new tables are covered) is checksummed
 * before and after. No table is excluded: reads that succeed write audit rows, but no case here
 * gets as far as a successful read.
 */

const PDF = readFileSync(path.join(__dirname, 'fixtures', 'attachments', 'sample.pdf'));
const BOUNDARY = 'bad-input-boundary-7d1f';

type Who = 'client' | 'clerk' | 'supervisor' | 'admin' | 'nobody';

interface Ctx {
  t: TestApp;
  /** An appeal registered by the clerk, with one PDF attached. */
  appealId: string;
  attachmentId: string;
  supervisorId: string;
  as(req: Test, who: Who): Test;
}

interface BadCase {
  name: string;
  send: (c: Ctx) => Test;
  status: number;
  code: ErrorCode;
  /** Field errors that must be among `errors[]`. */
  errors?: { field: string; code: string }[];
}

// --- request builders

/** Bytes exactly as given: no serialisation, and no Content-Type unless one is given. */
const raw = (req: Test, contentType: string | null, body: string | Buffer): Test => {
  const r = contentType === null ? req : req.set('Content-Type', contentType);
  return r
    .serialize((d: unknown) => d as string)
    .send(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
};

const JSON_TYPE = 'application/json';
const json = (req: Test, body: unknown): Test => raw(req, JSON_TYPE, JSON.stringify(body));

interface Part {
  name: string;
  /** Raw bytes of the quoted filename parameter (a string is written as UTF-8). */
  filename?: string | Buffer;
  /** An RFC 8187 `filename*` parameter, written as is. */
  filenameStar?: string;
  contentType?: string;
  body: string | Buffer;
}

/** A multipart/form-data body built byte by byte (supertest would strip directories from names). */
function multipart(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let disposition = Buffer.from(`Content-Disposition: form-data; name="${p.name}"`);
    if (p.filename !== undefined) {
      disposition = Buffer.concat([
        disposition,
        Buffer.from('; filename="'),
        Buffer.isBuffer(p.filename) ? p.filename : Buffer.from(p.filename, 'utf8'),
        Buffer.from('"'),
      ]);
    }
    if (p.filenameStar !== undefined) {
      disposition = Buffer.concat([disposition, Buffer.from(`; filename*=${p.filenameStar}`)]);
    }
    chunks.push(
      Buffer.from(`--${BOUNDARY}\r\n`),
      disposition,
      Buffer.from(
        `\r\nContent-Type: ${p.contentType ?? (p.filename !== undefined || p.filenameStar ? 'application/pdf' : 'text/plain; charset=utf-8')}\r\n\r\n`,
      ),
      typeof p.body === 'string' ? Buffer.from(p.body, 'utf8') : p.body,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}
const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

const filePart = (filename: string | Buffer): Part => ({ name: 'files', filename, body: PDF });
const starPart = (filenameStar: string): Part => ({ name: 'files', filenameStar, body: PDF });

// --- payloads

const SQL = [
  `' OR '1'='1`,
  `1; DROP TABLE appeals; --`,
  `x' UNION SELECT password_hash FROM users--`,
];
const SCRIPT = [
  `<script>alert(1)</script>`,
  `"><img src=x onerror=alert(1)>`,
  `javascript:alert(1)`,
];
const INJECTIONS = [...SQL, ...SCRIPT];
/** One of each kind per endpoint keeps the table fast; the rest go where input is free-form. */
const PROBES = [SQL[0], SQL[1], SCRIPT[0]];

const deepObject = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const deepArray = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);
/** A create body whose `key` holds `inner` (raw JSON text). */
const withRaw = (key: string, inner: string): string => {
  const body = JSON.stringify(appealBody('web', { [key]: '__RAW__' }));
  return body.replace('"__RAW__"', inner);
};
const long = (n: number, ch = 'я'): string => ch.repeat(n);
const UUID = '0b7a7f0e-5c51-4d2c-9a43-0d7f3c1c9e11';

const webBody = (overrides: Record<string, unknown>): Record<string, unknown> =>
  appealBody('web', overrides);
const applicant = (overrides: Record<string, unknown>): Record<string, unknown> => ({
  applicant: {
    ...(appealBody('web').applicant as Record<string, unknown>),
    ...overrides,
  },
});

// --- the table

const post = (c: Ctx, who: Who, p: string): Test => c.as(c.t.http.post(`/api/v1${p}`), who);
const get = (c: Ctx, who: Who, p: string): Test => c.as(c.t.http.get(`/api/v1${p}`), who);
const intake = (c: Ctx, who: Who = 'client'): Test => post(c, who, '/appeals');
const V = ErrorCode.VALIDATION_FAILED;

const malformedJson: BadCase[] = (
  [
    ['truncated', '{"channel":"web","text":"Прошу'],
    ['a trailing comma', '{"channel":"web","text":"x",}'],
    ['single quotes', "{'channel':'web'}"],
    ['a comment', '{/* x */"channel":"web"}'],
    ['NaN', '{"channel":"web","kind":NaN}'],
    ['a top-level string', '"web"'],
    ['a top-level number', '42'],
    ['a top-level null', 'null'],
    ['a raw control character in a string', '{"channel":"web","text":"a\u0001b"}'],
    ['two documents', '{"channel":"web"}{"channel":"web"}'],
  ] as const
).flatMap(([what, body]): BadCase[] => [
  {
    name: `POST /appeals (API key): ${what}`,
    send: (c) => raw(intake(c), JSON_TYPE, body),
    status: 400,
    code: ErrorCode.MALFORMED_JSON,
  },
  {
    name: `POST /auth/login: ${what}`,
    send: (c) => raw(post(c, 'nobody', '/auth/login'), JSON_TYPE, body),
    status: 400,
    code: ErrorCode.MALFORMED_JSON,
  },
]);

const malformedJsonElsewhere: BadCase[] = [
  {
    name: 'POST /appeals (clerk): truncated JSON',
    send: (c) => raw(intake(c, 'clerk'), JSON_TYPE, '{"channel":"post",'),
    status: 400,
    code: ErrorCode.MALFORMED_JSON,
  },
  {
    name: 'POST /rules/check: truncated JSON',
    send: (c) => raw(post(c, 'client', '/rules/check'), JSON_TYPE, '{"channel":'),
    status: 400,
    code: ErrorCode.MALFORMED_JSON,
  },
  {
    name: 'POST /appeals/import: truncated JSON',
    send: (c) => raw(post(c, 'admin', '/appeals/import'), JSON_TYPE, '{"appeals":[{'),
    status: 400,
    code: ErrorCode.MALFORMED_JSON,
  },
  {
    name: 'POST /appeals/{id}/assign: trailing comma',
    send: (c) =>
      raw(post(c, 'supervisor', `/appeals/${c.appealId}/assign`), JSON_TYPE, '{"assigneeId":"x",}'),
    status: 400,
    code: ErrorCode.MALFORMED_JSON,
  },
  {
    name: 'POST /appeals/{id}/answer: truncated JSON',
    send: (c) =>
      raw(post(c, 'supervisor', `/appeals/${c.appealId}/answer`), JSON_TYPE, '{"text":"'),
    status: 400,
    code: ErrorCode.MALFORMED_JSON,
  },
];

/** A JSON array, where an object is expected: one field error on `body`. */
const notAnObject: BadCase[] = [
  ['POST /appeals (API key)', (c: Ctx) => intake(c)],
  ['POST /auth/login', (c: Ctx) => post(c, 'nobody', '/auth/login')],
  ['POST /rules/check', (c: Ctx) => post(c, 'client', '/rules/check')],
  ['POST /appeals/import', (c: Ctx) => post(c, 'admin', '/appeals/import')],
  ['POST /appeals/{id}/assign', (c: Ctx) => post(c, 'supervisor', `/appeals/${c.appealId}/assign`)],
  ['POST /appeals/{id}/answer', (c: Ctx) => post(c, 'supervisor', `/appeals/${c.appealId}/answer`)],
].map(([name, req]): BadCase => ({
  name: `${name as string}: a top-level array`,
  send: (c) =>
    raw((req as (c: Ctx) => Test)(c), JSON_TYPE, `[${JSON.stringify(appealBody('web'))}]`),
  status: 422,
  code: V,
  errors: [{ field: 'body', code: 'INVALID_TYPE' }],
}));

const wrongTypes: BadCase[] = (
  [
    ['channel is a number', { channel: 42 }, 'channel', 'INVALID_VALUE'],
    ['channel is null', { channel: null }, 'channel', 'INVALID_VALUE'],
    ['channel in capitals', { channel: 'WEB' }, 'channel', 'INVALID_VALUE'],
    ['kind out of range', { kind: 'petition' }, 'kind', 'INVALID_VALUE'],
    ['replyChannel out of range', { replyChannel: 'sms' }, 'replyChannel', 'INVALID_VALUE'],
    ['text is a number', { text: 123 }, 'text', 'INVALID_TYPE'],
    ['text is a boolean', { text: true }, 'text', 'INVALID_TYPE'],
    ['text is an array', { text: ['Прошу'] }, 'text', 'INVALID_TYPE'],
    ['text is an operator object', { text: { $ne: '' } }, 'text', 'INVALID_TYPE'],
    ['text is null (required on web)', { text: null }, 'text', 'REQUIRED'],
    ['text is blank (required on web)', { text: '   ' }, 'text', 'REQUIRED'],
    ['accountNumber is a number', { accountNumber: 1234567890 }, 'accountNumber', 'INVALID_TYPE'],
    ['applicant is an array', { applicant: [] }, 'applicant', 'INVALID_TYPE'],
    ['applicant is a string', { applicant: 'Иванов' }, 'applicant', 'INVALID_TYPE'],
    ['applicant is null (required on web)', { applicant: null }, 'applicant.lastName', 'REQUIRED'],
    [
      'applicant.type out of range',
      applicant({ type: 'robot' }),
      'applicant.type',
      'INVALID_VALUE',
    ],
    [
      'applicant.lastName is a number',
      applicant({ lastName: 7 }),
      'applicant.lastName',
      'INVALID_TYPE',
    ],
    [
      'applicant.email is not an address',
      applicant({ email: 'ivanov' }),
      'applicant.email',
      'INVALID_EMAIL',
    ],
    [
      'applicant.email is an array',
      applicant({ email: ['a@b.ru'] }),
      'applicant.email',
      'INVALID_EMAIL',
    ],
    [
      'applicant.inn is not 10 or 12 digits',
      applicant({ inn: '12345' }),
      'applicant.inn',
      'INVALID_FORMAT',
    ],
    ['receivedAt is not a date', { receivedAt: 'вчера' }, 'receivedAt', 'INVALID_DATE'],
    [
      'receivedAt does not exist',
      { receivedAt: '2026-02-30T10:00:00+03:00' },
      'receivedAt',
      'INVALID_DATE',
    ],
    [
      'receivedAt in Russian order',
      { receivedAt: '10.04.2026 10:00' },
      'receivedAt',
      'INVALID_DATE',
    ],
    ['receivedAt is a number', { receivedAt: 1775808000 }, 'receivedAt', 'INVALID_DATE'],
    ['externalRefs is an array', { externalRefs: ['x'] }, 'externalRefs', 'INVALID'],
    [
      'externalRefs with a nested object',
      { externalRefs: { a: { b: 'c' } } },
      'externalRefs',
      'INVALID',
    ],
    ['an unknown field', { isAdmin: true }, 'isAdmin', 'UNKNOWN_FIELD'],
    ['a status set by the caller', { status: 'answered' }, 'status', 'UNKNOWN_FIELD'],
    ['an id set by the caller', { id: UUID }, 'id', 'UNKNOWN_FIELD'],
  ] as const
).map(([what, overrides, field, code]): BadCase => ({
  name: `POST /appeals (API key): ${what}`,
  send: (c) => json(intake(c), webBody(overrides)),
  status: 422,
  code: V,
  errors: [{ field, code }],
}));

const wrongTypesStaff: BadCase[] = (
  [
    ['text is a number', { text: 5 }, 'text', 'INVALID_TYPE'],
    ['channel out of range', { channel: 'pigeon' }, 'channel', 'INVALID_VALUE'],
    [
      'receivedAt does not exist',
      { receivedAt: '2026-13-01T00:00:00Z' },
      'receivedAt',
      'INVALID_DATE',
    ],
  ] as const
).map(([what, overrides, field, code]): BadCase => ({
  name: `POST /appeals (clerk): ${what}`,
  send: (c) => json(intake(c, 'clerk'), appealBody('post', overrides)),
  status: 422,
  code: V,
  errors: [{ field, code }],
}));

/** One character over each field's limit. */
const tooLong: BadCase[] = (
  [
    ['applicant.lastName', applicant({ lastName: long(101) })],
    ['applicant.firstName', applicant({ firstName: long(101) })],
    ['applicant.middleName', applicant({ middleName: long(101) })],
    ['applicant.organizationName', applicant({ organizationName: long(501) })],
    ['applicant.contactPerson', applicant({ contactPerson: long(301) })],
    ['applicant.postalAddress', applicant({ postalAddress: long(1001) })],
    ['applicant.email', applicant({ email: `${long(250, 'a')}@example.ru` })],
    ['accountNumber', { accountNumber: long(51, '1') }],
    ['serviceAddress', { serviceAddress: long(1001) }],
    ['topicCode', { topicCode: long(65, 'b') }],
    ['subject', { subject: long(501) }],
    ['text', { text: long(100_001) }],
  ] as const
).map(([field, overrides]): BadCase => ({
  name: `POST /appeals (API key): ${field} over its limit`,
  send: (c) => json(intake(c), webBody(overrides)),
  status: 422,
  code: V,
  errors: [{ field, code: field === 'applicant.email' ? 'INVALID_EMAIL' : 'TOO_LONG' }],
}));

const tooLarge: BadCase[] = [
  {
    name: 'POST /appeals (API key): a body over BODY_LIMIT',
    send: (c) => json(intake(c), webBody({ text: long(600_000) })),
    status: 413,
    code: ErrorCode.PAYLOAD_TOO_LARGE,
  },
  {
    name: 'POST /auth/login: a body over BODY_LIMIT',
    send: (c) =>
      json(post(c, 'nobody', '/auth/login'), { login: 'admin', password: long(600_000) }),
    status: 413,
    code: ErrorCode.PAYLOAD_TOO_LARGE,
  },
  {
    name: 'POST /appeals/import: a body over IMPORT_BODY_LIMIT',
    send: (c) =>
      json(post(c, 'admin', '/appeals/import'), {
        appeals: [{ ...appealBody('post'), text: long(1_100_000) }],
      }),
    status: 413,
    code: ErrorCode.PAYLOAD_TOO_LARGE,
  },
  {
    name: 'POST /appeals (clerk, multipart): a part appeal over its limit',
    send: (c) =>
      raw(
        intake(c, 'clerk'),
        MULTIPART_TYPE,
        multipart([
          { name: 'appeal', body: JSON.stringify(appealBody('post', { text: long(1_100_000) })) },
        ]),
      ),
    status: 413,
    code: ErrorCode.PAYLOAD_TOO_LARGE,
  },
  {
    name: 'POST /appeals/import: 1001 appeals',
    send: (c) =>
      json(post(c, 'admin', '/appeals/import'), {
        appeals: Array.from({ length: 1001 }, (_, i) => ({
          ...appealBody('post'),
          regNumber: `Л-${i}`,
          registeredAt: '2026-03-01T10:00:00+03:00',
        })),
      }),
    status: 422,
    code: V,
    errors: [{ field: 'appeals', code: 'TOO_MANY' }],
  },
];

/** Nesting far beyond any real body must neither crash the process nor hang it. */
const deep: BadCase[] = [
  ['10,000 levels in an unknown field', () => withRaw('extra', deepObject(10_000))],
  ['10,000 levels in applicant', () => withRaw('applicant', deepObject(10_000))],
  ['100,000 levels of arrays in text', () => withRaw('text', deepArray(100_000))],
  ['a top-level array 100,000 levels deep', () => deepArray(100_000)],
].flatMap(([what, body]): BadCase[] => [
  {
    name: `POST /appeals (API key): ${what as string}`,
    send: (c) => raw(intake(c), JSON_TYPE, (body as () => string)()),
    status: 422,
    code: V,
  },
  {
    name: `POST /appeals (API key, Idempotency-Key): ${what as string}`,
    send: (c) =>
      raw(
        intake(c).set('Idempotency-Key', `deep-${what as string}`.replace(/\W/g, '-')),
        JSON_TYPE,
        (body as () => string)(),
      ),
    status: 422,
    code: V,
  },
  {
    name: `POST /rules/check: ${what as string}`,
    send: (c) => raw(post(c, 'client', '/rules/check'), JSON_TYPE, (body as () => string)()),
    status: 422,
    code: V,
  },
  {
    name: `POST /appeals (clerk, multipart part appeal): ${what as string}`,
    send: (c) =>
      raw(
        intake(c, 'clerk').set('Idempotency-Key', `deep-mp-${what as string}`.replace(/\W/g, '-')),
        MULTIPART_TYPE,
        multipart([{ name: 'appeal', body: (body as () => string)() }]),
      ),
    status: 422,
    code: V,
  },
]);

const INVALID_UTF8 = [
  ['a lone continuation byte', Buffer.from([0x80])],
  ['an overlong slash', Buffer.from([0xc0, 0xaf])],
  ['a UTF-16 surrogate encoded', Buffer.from([0xed, 0xa0, 0x80])],
] as const;

const invalidUtf8: BadCase[] = INVALID_UTF8.flatMap(([what, bytes]): BadCase[] => {
  const [before, after] = JSON.stringify(webBody({ text: '__X__' })).split('__X__');
  const body = Buffer.concat([
    Buffer.from(before),
    Buffer.from('Прошу '),
    bytes,
    Buffer.from(after),
  ]);
  const [pBefore, pAfter] = JSON.stringify(appealBody('post', { text: '__X__' })).split('__X__');
  const part = Buffer.concat([Buffer.from(pBefore), bytes, Buffer.from(pAfter)]);
  return [
    {
      name: `POST /appeals (API key): invalid UTF-8 in a JSON string (${what})`,
      send: (c) => raw(intake(c), JSON_TYPE, body),
      status: 400,
      code: ErrorCode.MALFORMED_JSON,
    },
    {
      name: `POST /auth/login: invalid UTF-8 in the login (${what})`,
      send: (c) =>
        raw(
          post(c, 'nobody', '/auth/login'),
          JSON_TYPE,
          Buffer.concat([Buffer.from('{"login":"adm'), bytes, Buffer.from('in","password":"x"}')]),
        ),
      status: 400,
      code: ErrorCode.MALFORMED_JSON,
    },
    {
      name: `POST /appeals (clerk, multipart): invalid UTF-8 in the part appeal (${what})`,
      send: (c) =>
        raw(intake(c, 'clerk'), MULTIPART_TYPE, multipart([{ name: 'appeal', body: part }])),
      status: 400,
      code: ErrorCode.MALFORMED_JSON,
    },
    {
      name: `POST /appeals (clerk, multipart): invalid UTF-8 in a file name (${what})`,
      send: (c) =>
        raw(
          intake(c, 'clerk'),
          MULTIPART_TYPE,
          multipart([
            { name: 'appeal', body: JSON.stringify(appealBody('post')) },
            filePart(Buffer.concat([Buffer.from('скан'), bytes, Buffer.from('.pdf')])),
          ]),
        ),
      status: 422,
      code: ErrorCode.ATTACHMENT_NAME_INVALID,
    },
  ];
});

const unpairedSurrogate: BadCase[] = [
  {
    name: 'POST /appeals (API key): an unpaired surrogate escape in text',
    send: (c) => raw(intake(c), JSON_TYPE, withRaw('text', '"Прошу \\ud800 сделать"')),
    status: 422,
    code: V,
    errors: [{ field: 'text', code: 'INVALID_CHARACTER' }],
  },
  {
    name: 'POST /appeals (API key): a NUL escape in text',
    send: (c) => raw(intake(c), JSON_TYPE, withRaw('text', '"Прошу\\u0000"')),
    status: 422,
    code: V,
    errors: [{ field: 'text', code: 'INVALID_CHARACTER' }],
  },
  {
    name: 'POST /appeals (API key): a NUL escape in applicant.lastName',
    send: (c) => json(intake(c), webBody(applicant({ lastName: 'Иван\u0000ов' }))),
    status: 422,
    code: V,
    errors: [{ field: 'applicant.lastName', code: 'INVALID_CHARACTER' }],
  },
  {
    name: 'POST /appeals/{id}/answer: a NUL escape in text',
    send: (c) =>
      json(post(c, 'supervisor', `/appeals/${c.appealId}/answer`), {
        text: 'Ответ\u0000',
        outcome: 'explained',
      }),
    status: 422,
    code: V,
    errors: [{ field: 'text', code: 'INVALID_CHARACTER' }],
  },
  {
    name: 'POST /auth/login: a NUL escape in the login',
    send: (c) => json(post(c, 'nobody', '/auth/login'), { login: 'admin\u0000', password: 'x' }),
    status: 422,
    code: V,
    errors: [{ field: 'login', code: 'INVALID_CHARACTER' }],
  },
  {
    name: 'GET /appeals: a NUL in q',
    send: (c) => get(c, 'supervisor', '/appeals?q=%00'),
    status: 422,
    code: V,
    errors: [{ field: 'q', code: 'INVALID_CHARACTER' }],
  },
];

/** SQL and script injection where the value has a fixed shape, so it cannot be valid. */
const injections: BadCase[] = PROBES.flatMap((s): BadCase[] => {
  const q = encodeURIComponent(s);
  return [
    {
      name: `GET /appeals/{id}: ${s}`,
      send: (c) => get(c, 'supervisor', `/appeals/${q}`),
      status: 422,
      code: V,
      errors: [{ field: 'id', code: 'INVALID_UUID' }],
    },
    {
      name: `GET /appeals/{id}/attachments/{attachmentId}: ${s}`,
      send: (c) => get(c, 'supervisor', `/appeals/${c.appealId}/attachments/${q}`),
      status: 422,
      code: V,
      errors: [{ field: 'attachmentId', code: 'INVALID_UUID' }],
    },
    {
      name: `POST /appeals/{id}/answer with id ${s}`,
      send: (c) =>
        json(post(c, 'supervisor', `/appeals/${q}/answer`), {
          text: 'Ответ',
          outcome: 'explained',
        }),
      status: 422,
      code: V,
      errors: [{ field: 'id', code: 'INVALID_UUID' }],
    },
    {
      name: `GET /appeals?status=${s}`,
      send: (c) => get(c, 'supervisor', `/appeals?status=${q}`),
      status: 422,
      code: V,
      errors: [{ field: 'status', code: 'INVALID_VALUE' }],
    },
    {
      name: `GET /appeals?channel=${s}`,
      send: (c) => get(c, 'supervisor', `/appeals?channel=${q}`),
      status: 422,
      code: V,
      errors: [{ field: 'channel', code: 'INVALID_VALUE' }],
    },
    {
      name: `GET /appeals?kind=${s}`,
      send: (c) => get(c, 'supervisor', `/appeals?kind=${q}`),
      status: 422,
      code: V,
      errors: [{ field: 'kind', code: 'INVALID_VALUE' }],
    },
    {
      name: `GET /appeals?departmentId=${s}`,
      send: (c) => get(c, 'supervisor', `/appeals?departmentId=${q}`),
      status: 422,
      code: V,
      errors: [{ field: 'departmentId', code: 'INVALID_UUID' }],
    },
    {
      name: `GET /appeals?registeredFrom=${s}`,
      send: (c) => get(c, 'supervisor', `/appeals?registeredFrom=${q}`),
      status: 422,
      code: V,
      errors: [{ field: 'registeredFrom', code: 'INVALID_FORMAT' }],
    },
    {
      name: `GET /appeals?limit=${s}`,
      send: (c) => get(c, 'supervisor', `/appeals?limit=${q}`),
      status: 422,
      code: V,
      errors: [{ field: 'limit', code: 'INVALID_TYPE' }],
    },
    {
      name: `GET /appeals?cursor=${s}`,
      send: (c) => get(c, 'supervisor', `/appeals?cursor=${q}`),
      status: 422,
      code: ErrorCode.INVALID_CURSOR,
    },
    {
      name: `GET /appeals?sort=${s} (no such parameter)`,
      send: (c) => get(c, 'supervisor', `/appeals?sort=${q}`),
      status: 422,
      code: V,
      errors: [{ field: 'sort', code: 'UNKNOWN_FIELD' }],
    },
    {
      name: `POST /appeals (API key): channel ${s}`,
      send: (c) => json(intake(c), webBody({ channel: s })),
      status: 422,
      code: V,
      errors: [{ field: 'channel', code: 'INVALID_VALUE' }],
    },
    {
      name: `POST /appeals (API key): applicant.email ${s}`,
      send: (c) => json(intake(c), webBody(applicant({ email: s }))),
      status: 422,
      code: V,
      errors: [{ field: 'applicant.email', code: 'INVALID_EMAIL' }],
    },
    {
      name: `POST /appeals (API key): applicant.phone ${s}`,
      send: (c) => json(intake(c), webBody(applicant({ phone: s }))),
      status: 422,
      code: V,
      errors: [{ field: 'applicant.phone', code: 'INVALID_FORMAT' }],
    },
    {
      name: `POST /appeals (API key): topicCode ${s}`,
      send: (c) => json(intake(c), webBody({ topicCode: s })),
      status: 422,
      code: V,
      errors: [{ field: 'topicCode', code: 'UNKNOWN_TOPIC' }],
    },
    {
      name: `POST /appeals (API key): an externalRefs key ${s}`,
      send: (c) => json(intake(c), webBody({ externalRefs: { [s]: 'x' } })),
      status: 422,
      code: V,
      errors: [{ field: 'externalRefs', code: 'INVALID' }],
    },
    {
      name: `POST /appeals/{id}/assign: assigneeId ${s}`,
      send: (c) => json(post(c, 'supervisor', `/appeals/${c.appealId}/assign`), { assigneeId: s }),
      status: 422,
      code: V,
      errors: [{ field: 'assigneeId', code: 'INVALID_UUID' }],
    },
    {
      name: `POST /appeals/{id}/answer: outcome ${s}`,
      send: (c) =>
        json(post(c, 'supervisor', `/appeals/${c.appealId}/answer`), { text: 'Ответ', outcome: s }),
      status: 422,
      code: V,
      errors: [{ field: 'outcome', code: 'INVALID_VALUE' }],
    },
    {
      name: `GET /reports/sla-summary?groupBy=${s}`,
      send: (c) =>
        get(c, 'supervisor', `/reports/sla-summary?from=2026-01-01&to=2026-03-31&groupBy=${q}`),
      status: 422,
      code: V,
      errors: [{ field: 'groupBy', code: 'INVALID_VALUE' }],
    },
    {
      name: `GET /reports/journal?from=${s}`,
      send: (c) => get(c, 'supervisor', `/reports/journal?from=${q}&to=2026-03-31`),
      status: 422,
      code: V,
      errors: [{ field: 'from', code: 'INVALID_FORMAT' }],
    },
    {
      name: `GET /reports/overdue?format=${s}`,
      send: (c) => get(c, 'supervisor', `/reports/overdue?format=${q}`),
      status: 422,
      code: V,
      errors: [{ field: 'format', code: 'INVALID_VALUE' }],
    },
    {
      name: `POST /appeals/import: status ${s}`,
      send: (c) =>
        json(post(c, 'admin', '/appeals/import'), {
          appeals: [
            {
              ...appealBody('post'),
              regNumber: s,
              registeredAt: '2026-03-01T10:00:00+03:00',
              status: s,
            },
          ],
        }),
      status: 422,
      code: V,
      errors: [{ field: 'appeals[0].status', code: 'INVALID_VALUE' }],
    },
    {
      name: `X-API-Key: ${s}`,
      send: (c) => json(c.t.http.post('/api/v1/appeals').set('X-API-Key', s), appealBody('web')),
      status: 401,
      code: ErrorCode.UNAUTHENTICATED,
    },
    {
      name: `Authorization: Bearer ${s}`,
      send: (c) => get(c, 'nobody', '/appeals').set('Authorization', `Bearer ${s}`),
      status: 401,
      code: ErrorCode.UNAUTHENTICATED,
    },
  ];
});

/** A login runs argon2 even for an unknown user (timing): two probes, not one per payload. */
const logins: BadCase[] = [SQL[0], SCRIPT[0]].map((s): BadCase => ({
  name: `POST /auth/login: ${s}`,
  send: (c) => json(post(c, 'nobody', '/auth/login'), { login: s, password: s }),
  status: 401,
  code: ErrorCode.INVALID_CREDENTIALS,
}));

const idempotencyKeys: BadCase[] = [
  `' OR '1'='1`,
  '1; DROP TABLE idempotency_keys; --',
  '<img src=x onerror=alert(1)>',
  'k'.repeat(201),
  'tab\there',
].map((key): BadCase => ({
  name: `POST /appeals: Idempotency-Key ${key.slice(0, 40)}`,
  send: (c) => json(intake(c).set('Idempotency-Key', key), appealBody('web')),
  status: 422,
  code: V,
  errors: [{ field: 'Idempotency-Key', code: 'INVALID_FORMAT' }],
}));

const queries: BadCase[] = (
  [
    ['/appeals?limit=0', 'limit', 'TOO_SMALL'],
    ['/appeals?limit=501', 'limit', 'TOO_LARGE'],
    ['/appeals?limit=-1', 'limit', 'TOO_SMALL'],
    ['/appeals?limit=1.5', 'limit', 'INVALID_TYPE'],
    ['/appeals?limit=1&limit=2', 'limit', 'INVALID_TYPE'],
    ['/appeals?overdue=yes', 'overdue', 'INVALID_TYPE'],
    ['/appeals?registeredFrom=2026-13-45', 'registeredFrom', 'INVALID_DATE'],
    ['/appeals?registeredTo=2026-02-30', 'registeredTo', 'INVALID_DATE'],
    ['/appeals?dueBefore=0000-00-00', 'dueBefore', 'INVALID_DATE'],
    ['/appeals?registeredFrom=10.04.2026', 'registeredFrom', 'INVALID_FORMAT'],
    ['/appeals?dateFrom=2026-01-01', 'dateFrom', 'UNKNOWN_FIELD'],
    ['/appeals?status[]=registered', 'status[]', 'UNKNOWN_FIELD'],
    ['/appeals?assigneeId=..%2F..%2Fetc%2Fpasswd', 'assigneeId', 'INVALID_UUID'],
    [`/appeals?q=${long(201, 'a')}`, 'q', 'TOO_LONG'],
    [`/appeals?applicantEmail=${long(255, 'a')}`, 'applicantEmail', 'TOO_LONG'],
    ['/reports/at-risk?withinDays=-1', 'withinDays', 'TOO_SMALL'],
    ['/reports/at-risk?withinDays=61', 'withinDays', 'TOO_LARGE'],
    ['/reports/at-risk?withinDays=abc', 'withinDays', 'INVALID_TYPE'],
    ['/reports/overdue?departmentId=../../etc/passwd', 'departmentId', 'INVALID_UUID'],
    ['/reports/journal?to=2026-03-31', 'from', 'INVALID_FORMAT'],
    ['/reports/journal?from=2026-02-30&to=2026-03-31', 'from', 'INVALID_DATE'],
    ['/reports/sla-summary?from=2026-01-01&to=2026-13-01', 'to', 'INVALID_DATE'],
    ['/reports/sla-summary?from=2026-03-01&to=2026-01-01', 'from', 'INVALID_PERIOD'],
  ] as const
).map(([url, field, code]): BadCase => ({
  name: `GET ${url.slice(0, 80)}`,
  send: (c) => get(c, 'supervisor', url),
  status: 422,
  code: V,
  errors: [{ field, code }],
}));

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const cursors: BadCase[] = [
  ['not base64 JSON', '%%%'],
  ['JSON of another shape', b64({ x: 1 })],
  ['a non-uuid id', b64({ r: '2026-04-01T10:00:00.000Z', i: `' OR '1'='1` })],
  ['a non-date position', b64({ r: `'; DROP TABLE appeals; --`, i: UUID })],
  ['a number for the date', b64({ r: 0, i: UUID })],
].flatMap(([what, cursor]): BadCase[] => [
  {
    name: `GET /appeals?cursor= ${what}`,
    send: (c) => get(c, 'supervisor', `/appeals?cursor=${encodeURIComponent(cursor)}`),
    status: 422,
    code: ErrorCode.INVALID_CURSOR,
  },
  {
    name: `GET /reports/journal?cursor= ${what}`,
    send: (c) =>
      get(
        c,
        'supervisor',
        `/reports/journal?from=2026-01-01&to=2026-04-30&cursor=${encodeURIComponent(cursor)}`,
      ),
    status: 422,
    code: ErrorCode.INVALID_CURSOR,
  },
  {
    name: `GET /reports/overdue?cursor= ${what}`,
    send: (c) =>
      get(
        c,
        'supervisor',
        `/reports/overdue?cursor=${encodeURIComponent(cursor.replace('"r"', '"d"'))}`,
      ),
    status: 422,
    code: ErrorCode.INVALID_CURSOR,
  },
]);

const paths: BadCase[] = [
  {
    name: 'GET /appeals/{id}: path traversal',
    send: (c) => get(c, 'supervisor', '/appeals/..%2F..%2Fetc%2Fpasswd'),
    status: 422,
    code: V,
    errors: [{ field: 'id', code: 'INVALID_UUID' }],
  },
  {
    name: 'GET /appeals/{id}: broken percent-encoding',
    send: (c) => get(c, 'supervisor', '/appeals/%E0%A4%A'),
    status: 400,
    code: ErrorCode.BAD_REQUEST,
  },
  {
    name: 'GET /appeals/{id}: a NUL byte',
    send: (c) => get(c, 'supervisor', '/appeals/%00'),
    status: 422,
    code: V,
    errors: [{ field: 'id', code: 'INVALID_UUID' }],
  },
  {
    name: 'GET /appeals/{id}: an unknown appeal',
    send: (c) => get(c, 'supervisor', `/appeals/${UUID}`),
    status: 404,
    code: ErrorCode.APPEAL_NOT_FOUND,
  },
  {
    name: 'GET /appeals/{id}/attachments/{attachmentId}: traversal past the id',
    send: (c) =>
      get(c, 'supervisor', `/appeals/${c.appealId}/attachments/..%2F..%2F..%2Fetc%2Fpasswd`),
    status: 422,
    code: V,
    errors: [{ field: 'attachmentId', code: 'INVALID_UUID' }],
  },
  {
    name: 'GET /appeals/{id}/attachments/{attachmentId}: an unknown file',
    send: (c) => get(c, 'supervisor', `/appeals/${c.appealId}/attachments/${UUID}`),
    status: 404,
    code: ErrorCode.ATTACHMENT_NOT_FOUND,
  },
  {
    name: 'GET /appeals/{id}/attachments/{attachmentId}: a file of another appeal id',
    send: (c) => get(c, 'supervisor', `/appeals/${UUID}/attachments/${c.attachmentId}`),
    status: 404,
    code: ErrorCode.APPEAL_NOT_FOUND,
  },
];

const workflowBodies: BadCase[] = [
  ['assign', {}, 'assigneeId', 'INVALID_UUID'],
  ['assign', { assigneeId: null }, 'assigneeId', 'INVALID_UUID'],
  ['assign', { assigneeId: 42 }, 'assigneeId', 'INVALID_UUID'],
  ['assign', { assigneeId: [UUID] }, 'assigneeId', 'INVALID_UUID'],
  ['assign', { assigneeId: UUID, reason: long(2001) }, 'reason', 'TOO_LONG'],
  ['assign', { assigneeId: UUID, reason: { $gt: '' } }, 'reason', 'INVALID_TYPE'],
  ['assign', { assigneeId: UUID, status: 'answered' }, 'status', 'UNKNOWN_FIELD'],
  ['answer', {}, 'text', 'INVALID_TYPE'],
  ['answer', { text: 1, outcome: 'explained' }, 'text', 'INVALID_TYPE'],
  ['answer', { text: '', outcome: 'explained' }, 'text', 'TOO_SHORT'],
  ['answer', { text: 'Ответ', outcome: null }, 'outcome', 'INVALID_VALUE'],
  ['answer', { text: 'Ответ', outcome: 'EXPLAINED' }, 'outcome', 'INVALID_VALUE'],
  ['answer', { text: long(100_001), outcome: 'explained' }, 'text', 'TOO_LONG'],
].map(([action, body, field, code]): BadCase => ({
  name: `POST /appeals/{id}/${action as string} ${JSON.stringify(body).slice(0, 60)}`,
  send: (c) => json(post(c, 'supervisor', `/appeals/${c.appealId}/${action as string}`), body),
  status: 422,
  code: V,
  errors: [{ field: field as string, code: code as string }],
}));

const otherBodies: BadCase[] = [
  {
    name: 'POST /appeals/{id}/assign with an If-Match of another version',
    send: (c) =>
      json(post(c, 'supervisor', `/appeals/${c.appealId}/assign`).set('If-Match', `"' OR 1=1--"`), {
        assigneeId: c.supervisorId,
      }),
    status: 412,
    code: ErrorCode.PRECONDITION_FAILED,
  },
  {
    name: 'POST /auth/login: login is a number',
    send: (c) => json(post(c, 'nobody', '/auth/login'), { login: 1, password: 'x' }),
    status: 422,
    code: V,
    errors: [{ field: 'login', code: 'INVALID_TYPE' }],
  },
  {
    name: 'POST /auth/login: login is an operator object',
    send: (c) =>
      json(post(c, 'nobody', '/auth/login'), { login: { $gt: '' }, password: { $gt: '' } }),
    status: 422,
    code: V,
    errors: [
      { field: 'login', code: 'INVALID_TYPE' },
      { field: 'password', code: 'INVALID_TYPE' },
    ],
  },
  {
    name: 'POST /auth/login: null password',
    send: (c) => json(post(c, 'nobody', '/auth/login'), { login: 'admin', password: null }),
    status: 422,
    code: V,
    errors: [{ field: 'password', code: 'INVALID_TYPE' }],
  },
  {
    name: 'POST /auth/login: a password over its limit',
    send: (c) =>
      json(post(c, 'nobody', '/auth/login'), { login: 'admin', password: long(201, 'p') }),
    status: 422,
    code: V,
    errors: [{ field: 'password', code: 'TOO_LONG' }],
  },
  {
    name: 'POST /auth/login: an empty object',
    send: (c) => json(post(c, 'nobody', '/auth/login'), {}),
    status: 422,
    code: V,
    errors: [{ field: 'login', code: 'INVALID_TYPE' }],
  },
  {
    name: 'POST /rules/check: channel out of range',
    send: (c) => json(post(c, 'client', '/rules/check'), webBody({ channel: 'telegram' })),
    status: 422,
    code: V,
    errors: [{ field: 'channel', code: 'INVALID_VALUE' }],
  },
  {
    name: 'POST /rules/check: text is an object',
    send: (c) => json(post(c, 'client', '/rules/check'), webBody({ text: { a: 1 } })),
    status: 422,
    code: V,
    errors: [{ field: 'text', code: 'INVALID_TYPE' }],
  },
  {
    name: 'POST /rules/check: text over its limit',
    send: (c) => json(post(c, 'supervisor', '/rules/check'), webBody({ text: long(100_001) })),
    status: 422,
    code: V,
    errors: [{ field: 'text', code: 'TOO_LONG' }],
  },
  {
    name: 'POST /appeals/import: appeals is an object',
    send: (c) => json(post(c, 'admin', '/appeals/import'), { appeals: {} }),
    status: 422,
    code: V,
    errors: [{ field: 'appeals', code: 'INVALID_TYPE' }],
  },
  {
    name: 'POST /appeals/import: no appeals',
    send: (c) => json(post(c, 'admin', '/appeals/import'), { appeals: [] }),
    status: 422,
    code: V,
    errors: [{ field: 'appeals', code: 'TOO_FEW' }],
  },
  {
    name: 'POST /appeals/import: registeredAt not a date',
    send: (c) =>
      json(post(c, 'admin', '/appeals/import'), {
        appeals: [{ ...appealBody('post'), regNumber: 'Л-1', registeredAt: 'вчера' }],
      }),
    status: 422,
    code: V,
    errors: [{ field: 'appeals[0].registeredAt', code: 'INVALID_DATE' }],
  },
  {
    name: 'POST /appeals/import: dueDate that does not exist',
    send: (c) =>
      json(post(c, 'admin', '/appeals/import'), {
        appeals: [
          {
            ...appealBody('post'),
            regNumber: 'Л-2',
            registeredAt: '2026-03-01T10:00:00+03:00',
            dueDate: '2026-02-30',
          },
        ],
      }),
    status: 422,
    code: V,
    errors: [{ field: 'appeals[0].dueDate', code: 'INVALID_DATE' }],
  },
  {
    name: 'POST /appeals/import: the second item broken, the first fine (all or nothing)',
    send: (c) =>
      json(post(c, 'admin', '/appeals/import'), {
        appeals: [
          { ...appealBody('post'), regNumber: 'Л-3', registeredAt: '2026-03-01T10:00:00+03:00' },
          {
            ...appealBody('post'),
            regNumber: 'Л-4',
            registeredAt: '2026-03-01T10:00:00+03:00',
            kind: 1,
          },
        ],
      }),
    status: 422,
    code: V,
    errors: [{ field: 'appeals[1].kind', code: 'INVALID_VALUE' }],
  },
  {
    name: 'POST /appeals/import: a __proto__ key',
    send: (c) =>
      raw(
        post(c, 'admin', '/appeals/import'),
        JSON_TYPE,
        '{"appeals":[],"__proto__":{"polluted":"yes"}}',
      ),
    status: 422,
    code: V,
  },
  {
    name: 'POST /appeals (API key): a __proto__ key',
    send: (c) =>
      raw(intake(c), JSON_TYPE, withRaw('__proto__', '{"polluted":"yes","status":"answered"}')),
    status: 422,
    code: V,
    errors: [{ field: '__proto__', code: 'UNKNOWN_FIELD' }],
  },
  {
    name: 'POST /appeals (API key): a constructor.prototype key',
    send: (c) =>
      raw(intake(c), JSON_TYPE, withRaw('constructor', '{"prototype":{"polluted":"yes"}}')),
    status: 422,
    code: V,
    errors: [{ field: 'constructor', code: 'UNKNOWN_FIELD' }],
  },
];

const contentTypes: BadCase[] = [
  ['text/plain', 'text/plain'],
  ['application/xml', 'application/xml'],
  ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
  ['no Content-Type', null],
  ['application/json; charset=latin1', 'application/json; charset=latin1'],
  ['application/json; charset=utf-16le', 'application/json; charset=utf-16le'],
  ['application/octet-stream', 'application/octet-stream'],
].flatMap(([what, type]): BadCase[] => {
  const body = JSON.stringify(appealBody('web'));
  return [
    {
      name: `POST /appeals (API key): ${what as string}`,
      send: (c) => raw(intake(c), type, body),
      status: 415,
      code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    },
    {
      name: `POST /auth/login: ${what as string}`,
      send: (c) => raw(post(c, 'nobody', '/auth/login'), type, '{"login":"admin","password":"x"}'),
      status: 415,
      code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    },
    {
      name: `POST /rules/check: ${what as string}`,
      send: (c) => raw(post(c, 'client', '/rules/check'), type, body),
      status: 415,
      code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    },
    {
      name: `POST /appeals/{id}/answer: ${what as string}`,
      send: (c) =>
        raw(
          post(c, 'supervisor', `/appeals/${c.appealId}/answer`),
          type,
          '{"text":"Ответ","outcome":"explained"}',
        ),
      status: 415,
      code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    },
  ];
});

const encodings: BadCase[] = [
  {
    name: 'POST /appeals (API key): Content-Encoding gzip that is not gzip',
    send: (c) =>
      raw(intake(c).set('Content-Encoding', 'gzip'), JSON_TYPE, JSON.stringify(appealBody('web'))),
    status: 400,
    code: ErrorCode.MALFORMED_JSON,
  },
  {
    name: 'POST /appeals (API key): an unknown Content-Encoding',
    send: (c) =>
      raw(
        intake(c).set('Content-Encoding', 'x-custom'),
        JSON_TYPE,
        JSON.stringify(appealBody('web')),
      ),
    status: 415,
    code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  },
  {
    name: 'POST /auth/login: multipart, where JSON is expected',
    send: (c) =>
      raw(
        post(c, 'nobody', '/auth/login'),
        MULTIPART_TYPE,
        multipart([{ name: 'login', body: 'admin' }]),
      ),
    status: 415,
    code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  },
];

const multipartBodies: BadCase[] = [
  {
    name: 'POST /appeals (clerk): multipart without a boundary',
    send: (c) =>
      raw(intake(c, 'clerk'), 'multipart/form-data', multipart([{ name: 'appeal', body: '{}' }])),
    status: 400,
    code: ErrorCode.MALFORMED_MULTIPART,
  },
  {
    name: 'POST /appeals (clerk): multipart with a boundary that is not in the body',
    send: (c) =>
      raw(
        intake(c, 'clerk'),
        'multipart/form-data; boundary=other',
        multipart([{ name: 'appeal', body: '{}' }]),
      ),
    status: 400,
    code: ErrorCode.MALFORMED_MULTIPART,
  },
  {
    name: 'POST /appeals (clerk): multipart cut off in the middle of a file',
    send: (c) => {
      const body = multipart([
        { name: 'appeal', body: JSON.stringify(appealBody('post')) },
        filePart('скан.pdf'),
      ]);
      return raw(intake(c, 'clerk'), MULTIPART_TYPE, body.subarray(0, body.length - 200));
    },
    status: 400,
    code: ErrorCode.MALFORMED_MULTIPART,
  },
  {
    name: 'POST /appeals (clerk): multipart garbage',
    send: (c) => raw(intake(c, 'clerk'), MULTIPART_TYPE, 'это не multipart'),
    status: 400,
    code: ErrorCode.MALFORMED_MULTIPART,
  },
  {
    name: 'POST /appeals (clerk): multipart, part appeal not JSON',
    send: (c) =>
      raw(
        intake(c, 'clerk'),
        MULTIPART_TYPE,
        multipart([{ name: 'appeal', body: '{channel: post}' }]),
      ),
    status: 400,
    code: ErrorCode.MALFORMED_JSON,
  },
  {
    name: 'POST /appeals (clerk): multipart, part appeal a JSON array',
    send: (c) =>
      raw(intake(c, 'clerk'), MULTIPART_TYPE, multipart([{ name: 'appeal', body: '[]' }])),
    status: 422,
    code: V,
    errors: [{ field: 'body', code: 'INVALID_TYPE' }],
  },
  {
    name: 'POST /appeals (clerk): multipart without the part appeal',
    send: (c) => raw(intake(c, 'clerk'), MULTIPART_TYPE, multipart([filePart('скан.pdf')])),
    status: 422,
    code: V,
    errors: [{ field: 'appeal', code: 'REQUIRED' }],
  },
  {
    name: 'POST /appeals (clerk): multipart with an unknown part',
    send: (c) =>
      raw(
        intake(c, 'clerk'),
        MULTIPART_TYPE,
        multipart([
          { name: 'appeal', body: JSON.stringify(appealBody('post')) },
          { name: 'status', body: 'answered' },
        ]),
      ),
    status: 422,
    code: V,
    errors: [{ field: 'status', code: 'UNKNOWN_FIELD' }],
  },
  {
    name: 'POST /appeals (clerk): multipart, a wrong type inside the part appeal',
    send: (c) =>
      raw(
        intake(c, 'clerk'),
        MULTIPART_TYPE,
        multipart([{ name: 'appeal', body: JSON.stringify(appealBody('post', { text: 5 })) }]),
      ),
    status: 422,
    code: V,
    errors: [{ field: 'text', code: 'INVALID_TYPE' }],
  },
  {
    name: 'POST /appeals/{id}/attachments: multipart garbage',
    send: (c) =>
      raw(post(c, 'clerk', `/appeals/${c.appealId}/attachments`), MULTIPART_TYPE, '--x\r\n\r\n'),
    status: 400,
    code: ErrorCode.MALFORMED_MULTIPART,
  },
  {
    name: 'POST /appeals (clerk): a file part whose filename* is not RFC 8187 (would be skipped)',
    send: (c) =>
      raw(
        intake(c, 'clerk'),
        MULTIPART_TYPE,
        multipart([
          { name: 'appeal', body: JSON.stringify(appealBody('post')) },
          starPart(`UTF-8''${encodeURIComponent('Скан (копия).pdf')}`),
        ]),
      ),
    status: 400,
    code: ErrorCode.MALFORMED_MULTIPART,
  },
  {
    name: 'POST /appeals/{id}/attachments: a part without Content-Disposition',
    send: (c) =>
      raw(
        post(c, 'clerk', `/appeals/${c.appealId}/attachments`),
        MULTIPART_TYPE,
        Buffer.concat([
          multipart([filePart('хороший.pdf')]).subarray(0, -`--${BOUNDARY}--\r\n`.length),
          Buffer.from(`--${BOUNDARY}\r\nContent-Type: application/pdf\r\n\r\n`),
          PDF,
          Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
        ]),
      ),
    status: 400,
    code: ErrorCode.MALFORMED_MULTIPART,
  },
  {
    name: 'POST /appeals/{id}/attachments: JSON instead of multipart',
    send: (c) => json(post(c, 'clerk', `/appeals/${c.appealId}/attachments`), { files: ['x'] }),
    status: 415,
    code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  },
  {
    name: 'POST /appeals/{id}/attachments: no files',
    send: (c) =>
      raw(post(c, 'clerk', `/appeals/${c.appealId}/attachments`), MULTIPART_TYPE, multipart([])),
    status: 422,
    code: V,
    errors: [{ field: 'files', code: 'REQUIRED' }],
  },
];

/** File names with path components, control characters or broken encoding: 422, nothing kept. */
const BAD_NAMES: [string, Part, 400?][] = [
  ['../../etc/passwd', filePart('../../etc/passwd')],
  ['..\\..\\boot.ini', filePart('..\\\\..\\\\boot.ini')],
  ['..\\..\\boot.ini (unescaped, as old browsers send it)', filePart('..\\..\\boot.ini')],
  ['/etc/passwd', filePart('/etc/passwd')],
  ['C:\\Windows\\win.ini', filePart('C:\\Windows\\win.ini')],
  ['\\\\server\\share\\x.pdf', filePart('\\\\server\\share\\x.pdf')],
  ['скан/../../x.pdf', filePart('скан/../../x.pdf')],
  ['..', filePart('..')],
  ['.', filePart('.')],
  ['filename* with ../', starPart("UTF-8''..%2F..%2Fetc%2Fpasswd")],
  ['filename* with a NUL', starPart("UTF-8''scan%00.pdf")],
  ['filename* with a newline', starPart("UTF-8''scan%0A.pdf")],
  ['filename* with DEL', starPart("UTF-8''scan%7F.pdf")],
  ['filename* with a C1 control', starPart("UTF-8''scan%C2%85.pdf")],
  ['filename* with a right-to-left override', starPart("UTF-8''scan%E2%80%AEfdp.exe")],
  ['filename* with invalid UTF-8', starPart("UTF-8''%FF%FE.pdf")],
  ['a tab in the name', filePart('scan\t.pdf')],
  // A raw control byte breaks the part's header itself: the body is malformed (400), not the name.
  ['a raw NUL byte in the quoted name', filePart(Buffer.from('scan\u0000.pdf', 'latin1')), 400],
  ['a raw DEL byte in the quoted name', filePart(Buffer.from('scan\u007f.pdf', 'latin1')), 400],
  ['a name over 255 characters', filePart(`${long(252)}.pdf`)],
];

const fileNames: BadCase[] = BAD_NAMES.flatMap(([what, part, status]): BadCase[] => [
  {
    name: `POST /appeals (clerk, multipart): file name ${what}`,
    send: (c) =>
      raw(
        intake(c, 'clerk'),
        MULTIPART_TYPE,
        multipart([{ name: 'appeal', body: JSON.stringify(appealBody('post')) }, part]),
      ),
    status: status ?? 422,
    code: status ? ErrorCode.MALFORMED_MULTIPART : ErrorCode.ATTACHMENT_NAME_INVALID,
  },
  {
    name: `POST /appeals/{id}/attachments: file name ${what}`,
    send: (c) =>
      raw(
        post(c, 'clerk', `/appeals/${c.appealId}/attachments`),
        MULTIPART_TYPE,
        multipart([filePart('хороший.pdf'), part]),
      ),
    status: status ?? 422,
    code: status ? ErrorCode.MALFORMED_MULTIPART : ErrorCode.ATTACHMENT_NAME_INVALID,
  },
]);

const ALL: BadCase[] = [
  ...malformedJson,
  ...malformedJsonElsewhere,
  ...notAnObject,
  ...wrongTypes,
  ...wrongTypesStaff,
  ...tooLong,
  ...tooLarge,
  ...deep,
  ...invalidUtf8,
  ...unpairedSurrogate,
  ...injections,
  ...logins,
  ...idempotencyKeys,
  ...queries,
  ...cursors,
  ...paths,
  ...workflowBodies,
  ...otherBodies,
  ...contentTypes,
  ...encodings,
  ...multipartBodies,
  ...fileNames,
];

// --- assertions

const CODES = new Set<string>(Object.values(ErrorCode));
const CYRILLIC = /[А-Яа-яЁё]/;
/** What must never reach a client: stack frames, SQL, driver and framework internals. */
const LEAKS = [
  /\bat [\w.<>]+ \(/, // a stack frame
  /\.(ts|js):\d+/,
  /node_modules/,
  /QueryFailedError|TypeORMError|EntityNotFound|SyntaxError|RangeError|TypeError/,
  /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/,
  /\bsyntax error\b|\brelation "|\bcolumn "|violates|duplicate key/,
  /\bUnexpected token\b|\bin JSON at position\b/,
];

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: { field: string; code: string; message: string }[];
}

function expectProblem(
  res: { status: number; headers: Record<string, string>; text: string },
  c: BadCase,
): void {
  if (res.status !== c.status) {
    throw new Error(`expected ${c.status}, got ${res.status}: ${res.text.slice(0, 600)}`);
  }
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as Problem;
  expect(body).toMatchObject({ status: c.status, code: c.code });
  expect(CODES.has(body.code)).toBe(true);
  expect(body.title).toMatch(CYRILLIC);
  expect(body.detail).toMatch(CYRILLIC);
  expect(body.requestId).toBe(res.headers['x-request-id']);
  for (const e of body.errors ?? []) expect(e.message).toMatch(CYRILLIC);
  // Echoed input (a field message may quote the value sent) is not a leak.
  const text = INJECTIONS.reduce(
    (acc, s) => acc.split(JSON.stringify(s).slice(1, -1)).join(''),
    res.text,
  );
  for (const leak of LEAKS) expect(text).not.toMatch(leak);
  if (c.errors) {
    expect(body.errors).toEqual(
      expect.arrayContaining(c.errors.map((e) => expect.objectContaining(e))),
    );
  }
}

describe('bad input', () => {
  let t: TestApp;
  const ctx = {} as Ctx;
  const tokens: Partial<Record<Who, string>> = {};
  let clientKey: string;

  /** One statement: count and md5 of the rows of every table in the schema, listed at start. */
  let snapshotSql = '';
  const snapshot = async (): Promise<Record<string, string>> => {
    const rows: { name: string; sum: string }[] = await t.db.query(snapshotSql);
    return Object.fromEntries(rows.map((r) => [r.name, r.sum]));
  };

  beforeAll(async () => {
    // Small import limit, so going over it costs 2 MB, not 50.
    t = await startTestApp({ env: { IMPORT_BODY_LIMIT: '1mb' } });
    const supervisor = await t.createStaff(['supervisor']);
    const clerk = await t.createStaff(['clerk']);
    clientKey = (await t.createApiKey(['web', 'personal_account'])).key;
    tokens.supervisor = supervisor.token;
    tokens.clerk = clerk.token;
    tokens.admin = t.adminToken;
    Object.assign(ctx, {
      t,
      supervisorId: supervisor.id,
      as: (req: Test, who: Who): Test => {
        if (who === 'nobody') return req;
        if (who === 'client') return req.set('X-API-Key', clientKey);
        return req.auth(tokens[who]!, { type: 'bearer' });
      },
    });
    const tables: { name: string }[] = await t.db.query(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    expect(tables.map((x) => x.name)).toEqual(
      expect.arrayContaining(['appeals', 'attachments', 'attachment_chunks', 'audit_events']),
    );
    // The rate limits count refused requests too (a flood of bad input is still a flood): their
    // counters are the one table a bad request is meant to change.
    snapshotSql = tables
      .filter(({ name }) => name !== 'rate_limit_counters')
      .map(
        ({ name }) =>
          `SELECT '${name}' AS name, count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS sum FROM "${name}" x`,
      )
      .join(' UNION ALL ');
    const created = await t.http
      .post('/api/v1/appeals')
      .auth(clerk.token, { type: 'bearer' })
      .field('appeal', JSON.stringify(appealBody('post')))
      .attach('files', PDF, { filename: 'скан письма.pdf', contentType: 'application/pdf' })
      .expect(201);
    ctx.appealId = created.body.id;
    ctx.attachmentId = created.body.attachments[0].id;
  });
  afterAll(() => t?.close());

  // The database is this file's own and nothing runs in the background (no scheduler in tests),
  // so one case's "after" is the next one's "before": one checksum per case, not two. After a
  // failed case the next one takes a fresh "before".
  let lastSnapshot: Record<string, string> | null = null;
  it.each(ALL.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = lastSnapshot ?? (await snapshot());
    lastSnapshot = null;
    const res = await c
      .send(ctx)
      .timeout({ response: 10_000, deadline: 20_000 })
      .ok(() => true);
    expectProblem(res, c);
    const after = await snapshot();
    expect(after).toEqual(before);
    lastSnapshot = after;
  });

  /*
   * Free text is free: an appeal may quote SQL or HTML (a citizen pasting an error page, a letter
   * about a hacked personal account). Such strings are data, not code: every query binds them
   * as parameters and nothing renders them as HTML, so they are stored and returned exactly as
   * sent. Escaping or stripping them on the way in would alter a legal record (59-ФЗ) and still
   * not make an HTML view safe — escaping belongs where the text is rendered.
   */
  describe('injection strings in free text are accepted and kept byte for byte', () => {
    const FREE = [...INJECTIONS, `'; DELETE FROM appeals WHERE '1'='1`, `\\'\\"%_*?$1`].join(' | ');

    it('treats them in search filters as values: 200 with no match, not every row', async () => {
      for (const filter of [
        `q=${encodeURIComponent(SQL[0])}`,
        `applicantEmail=${encodeURIComponent(SQL[0])}`,
        `regNumber=${encodeURIComponent(SQL[1])}`,
      ]) {
        const res = await ctx.as(t.http.get(`/api/v1/appeals?${filter}`), 'supervisor').expect(200);
        expect(res.body.items).toEqual([]);
      }
    });

    it('stores and returns them unchanged (201), and the database holds the same bytes', async () => {
      const body = webBody({
        subject: FREE.slice(0, 500),
        text: `Прошу проверить: ${FREE}\nСтрока 2\t«кавычки» — эмодзи 🔥, RTL: שלום`,
        serviceAddress: `ул. ${SQL[0]}, д. 1`,
        accountNumber: `12-${SCRIPT[0]}`.slice(0, 50),
        externalRefs: { incomingNumber: SCRIPT[1], note: SQL[2] },
        ...applicant({ lastName: `О'Коннор ${SCRIPT[0]}`.slice(0, 100), middleName: SQL[1] }),
      });
      const created = await json(intake(ctx), body).expect(201);
      const read = await ctx
        .as(t.http.get(`/api/v1/appeals/${created.body.id}`), 'client')
        .expect(200);
      for (const got of [created.body, read.body]) {
        expect(got).toMatchObject({
          subject: body.subject,
          text: body.text,
          serviceAddress: body.serviceAddress,
          accountNumber: body.accountNumber,
          externalRefs: body.externalRefs,
          applicant: expect.objectContaining({
            lastName: (body.applicant as Record<string, unknown>).lastName,
            middleName: SQL[1],
          }),
        });
      }
      const [row] = await t.db.query(
        `SELECT subject, text, service_address, applicant_last_name AS last_name FROM appeals WHERE id = $1`,
        [created.body.id],
      );
      expect(row).toEqual({
        subject: body.subject,
        text: body.text,
        service_address: body.serviceAddress,
        last_name: (body.applicant as Record<string, unknown>).lastName,
      });
    });

    it('keeps a Cyrillic file name with spaces and brackets, plain or in filename*', async () => {
      const name = 'Скан письма от 01.04.2026 (копия) №5.pdf';
      const res = await raw(
        post(ctx, 'clerk', `/appeals/${ctx.appealId}/attachments`),
        MULTIPART_TYPE,
        multipart([
          { name: 'files', filename: name, body: Buffer.concat([PDF, Buffer.from('1')]) },
          {
            name: 'files',
            filenameStar: `UTF-8''${encodeRfc8187(`второй ${name}`)}`,
            body: Buffer.concat([PDF, Buffer.from('2')]),
          },
        ]),
      ).expect(201);
      expect(res.body.items.map((f: { fileName: string }) => f.fileName)).toEqual([
        name,
        `второй ${name}`,
      ]);
    });
  });

  describe('JSON decisions', () => {
    it('accepts a UTF-8 byte order mark before the body (RFC 8259 §8.1 lets a parser ignore it)', async () => {
      const body = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(JSON.stringify(webBody({ subject: 'С BOM' }))),
      ]);
      const res = await raw(intake(ctx), JSON_TYPE, body).expect(201);
      expect(res.body.subject).toBe('С BOM');
    });

    it('accepts duplicate keys, the last one winning, as JSON.parse does (RFC 8259 §4: SHOULD be unique)', async () => {
      const text = JSON.stringify(webBody({ subject: 'первый' })).replace(
        /}$/,
        ',"subject":"второй"}',
      );
      const res = await raw(intake(ctx), JSON_TYPE, text).expect(201);
      expect(res.body.subject).toBe('второй');
    });
  });

  it('leaves Object.prototype alone after __proto__ and constructor keys', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });
});
