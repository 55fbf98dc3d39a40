import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Requests refused by Node's HTTP parser before Express sees them still get problem+json with a
 * stable code and a Russian message (SPEC §14), and the connection is closed.
 */
describe('requests the HTTP parser refuses', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp();
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  /** Sends raw bytes and reads everything until the server closes the connection. */
  const send = (bytes: string | Buffer): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });

  const parse = (response: string) => {
    const [head, body] = response.split('\r\n\r\n');
    const [statusLine, ...headers] = head.split('\r\n');
    return {
      status: Number(statusLine.split(' ')[1]),
      headers: headers.map((h) => h.toLowerCase()),
      problem: JSON.parse(body) as { status: number; code: string; title: string; detail: string },
    };
  };

  it.each([
    ['a NUL in a header value', 'X-Note: a\u0000b'],
    ['a bare CR in a header value', 'X-Note: a\rb'],
    ['a header without a colon', 'X-Note'],
    ['a space before the colon', 'X-API-Key : abc'],
  ])('%s: 400 MALFORMED_REQUEST', async (_, header) => {
    const res = parse(
      await send(`GET /api/v1/appeals HTTP/1.1\r\nHost: localhost\r\n${header}\r\n\r\n`),
    );
    expect(res.status).toBe(400);
    expect(res.headers).toContain('content-type: application/problem+json; charset=utf-8');
    expect(res.headers).toContain('connection: close');
    expect(res.problem).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
    expect(res.problem.detail).toMatch(/недопустимые символы/);
  });

  it('a malformed request line: 400 MALFORMED_REQUEST', async () => {
    const res = parse(await send('GET /api/v1/appeals HTTP/9.x\r\n\r\n'));
    expect(res.problem).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
  });

  it('headers over the server limit: 431 HEADERS_TOO_LARGE', async () => {
    const huge = 'x'.repeat(20 * 1024);
    const res = parse(
      await send(`GET /api/v1/appeals HTTP/1.1\r\nHost: localhost\r\nX-Big: ${huge}\r\n\r\n`),
    );
    expect(res.status).toBe(431);
    expect(res.problem).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
    expect(res.problem.title).toBe('Заголовки запроса слишком велики');
  });

  it('the refusal carries the security headers of every other response', async () => {
    const res = parse(await send('GET /api/v1/appeals HTTP/9.x\r\n\r\n'));
    expect(res.headers).toEqual(
      expect.arrayContaining([
        'x-content-type-options: nosniff',
        'x-frame-options: deny',
        'referrer-policy: no-referrer',
        "content-security-policy: default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
      ]),
    );
  });

  it('a well-formed request on the same server is answered as usual', async () => {
    const res = await send('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(res.startsWith('HTTP/1.1 200')).toBe(true);
  });
});
