import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config/app-config';
import { toAppError } from '../errors/problem.filter';

const REQUEST_ID = /^[\w.-]{1,100}$/;

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
  const json = express.json({ limit: config.bodyLimit });
  // Legacy import carries up to 1000 appeals a call: a larger limit on that one route.
  const importJson = express.json({ limit: config.importBodyLimit });
  const xml = express.text({ type: ['application/xml', 'text/xml'], limit: '5mb' });
  // Raw e-mail for POST /intake/email, kept as bytes: charsets are the MIME parser's business.
  const mail = express.raw({ type: 'message/rfc822', limit: config.email.maxMessageBytes });
  app.use((req: Request, res: Response, next: NextFunction) => {
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

/** 'true', a hop count, or a list of addresses/subnets, as Express understands them. */
function trustProxyValue(v: string): boolean | number | string {
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}
