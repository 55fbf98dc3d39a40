import type { Response } from 'supertest';
import { startTestApp, type TestApp } from './support/test-app';

/** The directives of a Content-Security-Policy header, by name. */
function csp(res: Response): Map<string, string> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d): [string, string] => {
        const [name, ...values] = d.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

/** What every response carries, API and /docs alike (issue 17, item 6a). */
function expectSecurityHeaders(res: Response): void {
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(csp(res).get('frame-ancestors')).toBe("'none'");
  expect(res.headers['x-powered-by']).toBeUndefined();
}

/** The API's policy: data, never a page. */
function expectApiPolicy(res: Response): void {
  expectSecurityHeaders(res);
  expect(csp(res).get('default-src')).toBe("'none'");
}

describe('security headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('on an API answer', async () => {
    const res = await t.http.get('/api/v1/auth/me').auth(t.adminToken, { type: 'bearer' });
    expect(res.status).toBe(200);
    expectApiPolicy(res);
  });

  it.each([
    ['an unknown path (404)', () => t.http.get('/api/v1/nowhere')],
    ['no credentials (401)', () => t.http.get('/api/v1/appeals')],
    [
      'a body refused before routing (400)',
      () =>
        t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"login":'),
    ],
  ])('on a problem+json error: %s', async (_name, call) => {
    const res = await call();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expectApiPolicy(res);
  });

  it('on /health, /health/ready, /metrics and /docs-json', async () => {
    for (const path of ['/health', '/health/ready', '/metrics', '/docs-json']) {
      const res = await t.http.get(path);
      expect(res.status).toBe(200);
      expectApiPolicy(res);
    }
  });

  it('on /docs, with a policy Swagger UI works under', async () => {
    const page = await t.http.get('/docs').redirects(1);
    expect(page.status).toBe(200);
    expectSecurityHeaders(page);
    const policy = csp(page);
    // Its scripts are files of ours: no inline script and no eval are allowed.
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(policy.get('connect-src')).toBe("'self'");
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\.\/docs\//); // a file of ours
      expect(body.trim()).toBe('');
    }
    const script = await t.http.get('/docs/swagger-ui-init.js');
    expect(script.status).toBe(200);
    expectSecurityHeaders(script);
  });

  it('sends no HSTS unless HSTS_MAX_AGE is set', async () => {
    for (const path of ['/health', '/api/v1/nowhere', '/docs']) {
      const res = await t.http.get(path);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });
});

describe('security headers with HSTS_MAX_AGE', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { HSTS_MAX_AGE: '31536000' } });
  });
  afterAll(() => t.close());

  it('sends Strict-Transport-Security on every response', async () => {
    for (const path of ['/health', '/api/v1/nowhere', '/docs', '/docs-json']) {
      const res = await t.http.get(path);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    }
  });
});
