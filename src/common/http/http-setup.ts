import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '../../config/app-config';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-codes';
import { toAppError } from '../errors/problem.filter';
import { MAX_JSON_DEPTH, jsonDepthExceeds, tooDeep } from './json-limits';

const REQUEST_ID = /^[\w.-]{1,100}$/;

/**
 * The API answers data, never pages: nothing may be loaded from a response, framed or submitted
 * to (OWASP REST Security Cheat Sheet, «Security Headers»).
 */
export const API_CSP = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * Swagger UI at /docs: the page loads its scripts, stylesheet and icons from /docs/ (no inline
 * script, so none is allowed); it styles itself inline, draws data: images, and "Try it out"
 * calls the API on this origin. No upgrade-insecure-requests: /docs is often read over plain
 * HTTP inside a network, and upgrading its files to HTTPS there would break it.
 */
export const DOCS_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The browser console at /console (issue 26): its own modules, stylesheet and Chart.js from
 * /console/, and calls to the API on this origin — no inline script or style, no other origin.
 * img-src blob: shows a scan picked for upload; a download is a blob: link, which CSP does not
 * govern.
 */
export const CONSOLE_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The security headers of an API answer as raw header lines, for the answers written to the
 * socket without Express (client-errors.ts); helmet sets the same on every other response.
 */
export function rawSecurityHeaders(config: AppConfig): string[] {
  const policy = Object.entries(API_CSP)
    .map(
      ([name, values]) =>
        `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`,
    )
    .join(';');
  return [
    'X-Content-Type-Options: nosniff',
    'X-Frame-Options: DENY',
    'Referrer-Policy: no-referrer',
    `Content-Security-Policy: ${policy}`,
    ...(config.hstsMaxAgeSeconds > 0
      ? [`Strict-Transport-Security: max-age=${config.hstsMaxAgeSeconds}`]
      : []),
  ];
}

const isDocsPage = (path: string): boolean => path === '/docs' || path.startsWith('/docs/');
const isConsolePage = (path: string): boolean =>
  path === '/console' || path.startsWith('/console/');

/**
 * Security headers on every response, the API's and /docs alike (issue 17): helmet's set with
 * X-Frame-Options DENY, no Referer, a CSP per kind of response, and HSTS only when HSTS_MAX_AGE
 * says the deployment is reached over TLS alone. Mounted before anything that may answer.
 */
export function useSecurityHeaders(app: NestExpressApplication, config: AppConfig): void {
  const common = {
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'no-referrer' as const },
    strictTransportSecurity:
      config.hstsMaxAgeSeconds > 0
        ? { maxAge: config.hstsMaxAgeSeconds, includeSubDomains: false }
        : false,
  };
  const api = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
  });
  const docs = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP },
  });
  const consolePages = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP },
  });
  app.use((req: Request, res: Response, next: NextFunction) =>
    (isDocsPage(req.path) ? docs : isConsolePage(req.path) ? consolePages : api)(req, res, next),
  );
}

/**
 * Express-level set-up that must run before Nest's routing: a request id for every request
 * (errors from body parsing carry it too) and body parsers whose errors become AppErrors.
 */
export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  if (config.trustProxy) app.set('trust proxy', trustProxyValue(config.trustProxy));
  app.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    req.id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    next();
  });
  app.use(requireKnownBodyType);
  const json = express.json({ limit: config.bodyLimit, verify: verifyJson });
  // Legacy import carries up to 1000 appeals a call: a larger limit on that one route.
  const importJson = express.json({ limit: config.importBodyLimit, verify: verifyJson });
  const xml = express.text({ type: ['application/xml', 'text/xml'], limit: '5mb' });
  // Raw e-mail for POST /intake/email, kept as bytes: charsets are the MIME parser's business.
  const mail = express.raw({ type: 'message/rfc822', limit: config.email.maxMessageBytes });
  app.use((req: Request, res: Response, next: NextFunction) => {
    // Most requests (reads) carry no body: no parser needs to look at them.
    if (!hasBody(req)) return next();
    const parse = req.path === IMPORT_PATH ? importJson : json;
    parse(req, res, (err?: unknown) => {
      if (err) return next(toAppError(err));
      xml(req, res, (err2?: unknown) => {
        if (err2) return next(toAppError(err2));
        mail(req, res, (err3?: unknown) => next(err3 ? toAppError(err3) : undefined));
      });
    });
  });
}

const IMPORT_PATH = '/api/v1/appeals/import';

/**
 * The body types each route takes (SPEC §14); every other route takes JSON. A request with a
 * body of another type (or none declared) is 415 before any parser or handler sees it — without
 * this, text/plain or a form would reach a JSON handler as an empty body and come back as a
 * misleading list of missing fields.
 */
const BODY_TYPES: readonly [RegExp, readonly string[]][] = [
  [/^\/api\/v1\/appeals\/?$/, ['application/json', 'multipart/form-data']],
  [/^\/api\/v1\/appeals\/[^/]+\/attachments\/?$/, ['multipart/form-data']],
  // An answer with files (issue 20).
  [/^\/api\/v1\/appeals\/[^/]+\/answer\/?$/, ['application/json', 'multipart/form-data']],
  // A reception booking with the applicant's files (issue 22).
  [/^\/api\/v1\/reception\/bookings\/?$/, ['application/json', 'multipart/form-data']],
  [/^\/api\/v1\/calendar\/import\/?$/, ['application/xml', 'text/xml']],
  [/^\/api\/v1\/calendar\/regions\/[^/]+\/import\/?$/, ['application/xml', 'text/xml']],
  [/^\/api\/v1\/intake\/email\/?$/, ['message/rfc822']],
  // A call, with its recording in part `recording` (issue 23).
  [/^\/api\/v1\/intake\/calls\/?$/, ['application/json', 'multipart/form-data']],
];
const JSON_ONLY = ['application/json'] as const;

function requireKnownBodyType(req: Request, _res: Response, next: NextFunction): void {
  if (!hasBody(req)) return next();
  const accepted = BODY_TYPES.find(([path]) => path.test(req.path))?.[1] ?? JSON_ONLY;
  if (req.is([...accepted])) return next();
  next(
    new AppError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      `Тело запроса передаётся как ${accepted.join(' или ')}` +
        (req.headers['content-type'] ? '' : ' (заголовок Content-Type не указан)'),
    ),
  );
}

/** As type-is decides it (what the body parsers follow): a length other than 0, or chunked. */
const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * Runs on the raw bytes before JSON.parse. JSON is UTF-8 (RFC 8259 §8.1): other charsets are
 * 415, and invalid bytes are refused rather than decoded to U+FFFD and stored altered. Nesting is
 * bounded before parsing (see MAX_JSON_DEPTH). Errors thrown here reach the problem filter as is.
 */
function verifyJson(_req: IncomingMessage, _res: unknown, buf: Buffer, encoding: string): void {
  if (encoding.toLowerCase().replace('-', '') !== 'utf8') {
    throw new AppError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      'JSON принимается только в кодировке UTF-8 (charset=utf-8)',
    );
  }
  if (!isUtf8(buf)) {
    throw new AppError(
      ErrorCode.MALFORMED_JSON,
      'Тело запроса не в кодировке UTF-8: есть недопустимые последовательности байтов',
    );
  }
  if (jsonDepthExceeds(buf, MAX_JSON_DEPTH)) throw tooDeep('body');
}

/** 'true', a hop count, or a list of addresses/subnets, as Express understands them. */
function trustProxyValue(v: string): boolean | number | string {
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}
