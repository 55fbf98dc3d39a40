import { ErrorCode } from '../src/common/errors/error-codes';
import { startTestApp, type TestApp } from './support/test-app';

type Schema = Record<string, unknown>;
interface Media {
  schema?: Schema;
}
interface Response {
  description?: string;
  content?: Record<string, Media>;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, Response>;
  security?: Record<string, string[]>[];
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const PROBLEM = 'application/problem+json';
const PROBLEM_REF = '#/components/schemas/Problem';

/** Every operation of the document, as "METHOD /path". */
function operations(doc: Document): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );
}

const hasSchema = (m: Media): boolean => m.schema !== undefined && Object.keys(m.schema).length > 0;

/**
 * What every operation must document (issue 17, item 8): a schema for each success body, and
 * its errors as RFC 9457 problem documents — the ones any call may get, and those its shape
 * implies (a looked-up id, an If-Match, credentials, input).
 */
function defectsOf(name: string, op: Operation): string[] {
  const out: string[] = [];
  const responses = op.responses ?? {};
  const statuses = Object.keys(responses);
  const success = statuses.filter((s) => /^2\d\d$/.test(s));
  if (success.length === 0) out.push(`${name}: no success response`);
  for (const s of success) {
    const content = responses[s].content ?? {};
    if (s === '204') {
      if (Object.keys(content).length > 0) out.push(`${name}: 204 with a body`);
      continue;
    }
    const media = Object.entries(content);
    if (media.length === 0) out.push(`${name}: ${s} without a schema`);
    for (const [type, m] of media) {
      if (!hasSchema(m)) out.push(`${name}: ${s} ${type} without a schema`);
    }
  }
  for (const s of statuses.filter((x) => /^[45]\d\d$/.test(x) || x === 'default')) {
    const content = responses[s].content ?? {};
    const ref = content[PROBLEM]?.schema?.$ref;
    if (Object.keys(content).join() !== PROBLEM || ref !== PROBLEM_REF) {
      out.push(`${name}: ${s} is not ${PROBLEM} with $ref ${PROBLEM_REF}`);
    }
  }
  const params = op.parameters ?? [];
  const required = new Set(['500']);
  if ((op.security ?? []).some((r) => Object.keys(r).length > 0)) required.add('401');
  if (op.requestBody) ['413', '415', '422'].forEach((s) => required.add(s));
  const bodyTypes = Object.keys(op.requestBody?.content ?? {});
  if (bodyTypes.some((m) => m === 'application/json' || m === 'multipart/form-data')) {
    required.add('400'); // MALFORMED_JSON, MALFORMED_MULTIPART
  }
  if (params.some((p) => p.in === 'query' || p.in === 'path')) required.add('422');
  if (params.some((p) => p.in === 'path' && /(^id$|Id$)/.test(p.name))) required.add('404');
  if (params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match')) {
    required.add('412');
  }
  const missing = [...required].filter((s) => !statuses.includes(s)).sort();
  if (missing.length > 0) out.push(`${name}: no ${missing.join(', ')} problem responses`);
  for (const p of params.filter((x) => x.in === 'header' && x.required)) {
    out.push(`${name}: header ${p.name} marked required`);
  }
  return out;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/docs-json').expect(200)).body as Document;
  });
  afterAll(() => t.close());

  it('documents a success schema and problem+json errors on every operation', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(50);
    // One line per defect, naming the operation: the list is the failure message.
    expect(ops.flatMap(([name, op]) => defectsOf(name, op))).toEqual([]);
  });

  it('describes the problem document the filter sends (RFC 9457)', () => {
    const problem = doc.components.schemas.Problem as {
      properties: Record<string, Schema>;
      required: string[];
    };
    expect(problem).toBeDefined();
    expect(Object.keys(problem.properties).sort()).toEqual(
      ['code', 'detail', 'errors', 'requestId', 'status', 'title', 'type'].sort(),
    );
    expect([...problem.required].sort()).toEqual(['code', 'detail', 'status', 'title', 'type']);
    expect([...(problem.properties.code.enum as string[])].sort()).toEqual(
      Object.values(ErrorCode).sort(),
    );
    const fieldError = doc.components.schemas.FieldError as { properties: Schema };
    expect(Object.keys(fieldError.properties).sort()).toEqual(['code', 'field', 'message']);
  });

  it('marks Idempotency-Key and If-Match optional', () => {
    const headers = operations(doc).flatMap(([name, op]) =>
      (op.parameters ?? [])
        .filter((p) => p.in === 'header')
        .map((p) => `${name} ${p.name.toLowerCase()} ${p.required ? 'required' : 'optional'}`),
    );
    expect(headers).toContain('POST /api/v1/appeals idempotency-key optional');
    expect(headers).toContain('POST /api/v1/appeals/{id}/answer if-match optional');
    expect(headers.filter((h) => h.endsWith(' required'))).toEqual([]);
    // One parameter per header: the same name in two spellings is two parameters to a client.
    const idem = doc.paths['/api/v1/appeals'].post.parameters!.filter(
      (p) => p.name.toLowerCase() === 'idempotency-key',
    );
    expect(idem).toHaveLength(1);
  });

  it('documents the answer with files: JSON or multipart (part `answer`, files in `files`)', () => {
    const body = doc.paths['/api/v1/appeals/{id}/answer'].post.requestBody!.content!;
    expect(Object.keys(body).sort()).toEqual(['application/json', 'multipart/form-data']);
    const [, multipart] = (body['multipart/form-data'].schema as { oneOf: Schema[] }).oneOf;
    expect(multipart).toMatchObject({
      properties: { answer: { type: 'string' }, files: { type: 'array' } },
    });
    const answer = doc.components.schemas.AnswerDto as { properties: Record<string, Schema> };
    expect(answer.properties.files).toMatchObject({ type: 'array' });
  });

  it('includes GET /metrics (Prometheus text, optional bearer token)', () => {
    const op = doc.paths['/metrics']?.get;
    expect(op).toBeDefined();
    expect(Object.keys(op.responses!['200'].content!)).toEqual(['text/plain']);
    expect(op.responses!['401']).toBeDefined();
    expect(op.security).toEqual(expect.arrayContaining([{}, { 'metrics-token': [] }]));
    expect(doc.components.securitySchemes['metrics-token']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('declares report exports and file downloads with their content types', () => {
    const overdue = doc.paths['/api/v1/reports/overdue'].get.responses!['200'].content!;
    expect(Object.keys(overdue).sort()).toEqual(
      [
        'application/json',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'text/csv',
      ].sort(),
    );
    expect(overdue['text/csv'].schema).toMatchObject({ type: 'string' });
    const download =
      doc.paths['/api/v1/appeals/{id}/attachments/{attachmentId}'].get.responses!['200'];
    expect(Object.values(download.content!)[0].schema).toMatchObject({
      type: 'string',
      format: 'binary',
    });
  });
});
