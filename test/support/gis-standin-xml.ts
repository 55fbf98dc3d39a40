import * as http from 'http';
import { xmlEscape } from '../../src/integrations/gis-zhkh/gis-messages';
import type {
  GisErrorMessage,
  GisRequestState,
  Guid,
} from '../../src/integrations/gis-zhkh/gis-types';

/**
 * What the tests' SOAP stand-ins share (GisAppealsStandIn and its OrgRegistryCommonAsync
 * delegate, GisOrgRegistryStandIn): the failures a test can inject, reading a request, and the
 * response XML — envelope, SOAP Fault, AckRequest, getStateResult, ErrorMessage — and, for the
 * tests, a bare SOAP POST to one. Imports no stand-in, so both can import it.
 */

export type StandInFailure =
  /** HTTP 500 with a SOAP Fault whose detail is base:Fault. */
  | { kind: 'fault'; code?: string; message?: string }
  /** The request is acked, its getStateResult carries this ErrorMessage. */
  | { kind: 'error-message'; code?: string; description?: string }
  /** A bare HTTP error, as a gateway in front of ГИС ЖКХ would answer. */
  | { kind: 'http'; status: number };

/** INT002012: what an export that finds nothing answers. */
export const NOTHING_TO_EXPORT: GisErrorMessage = {
  code: 'INT002012',
  description: 'Нет объектов для экспорта',
};

/** The request body as UTF-8; a body over `maxBytes` destroys the request. */
export function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) req.destroy(new Error('request too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendXml(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/xml; charset=utf-8' });
  res.end(body);
}

export function el(qname: string, content: string, attrs = ''): string {
  return `<${qname}${attrs}>${content}</${qname}>`;
}

export function text(qname: string, value: string | undefined): string {
  return value === undefined ? '' : el(qname, xmlEscape(value));
}

export function flag(qname: string, value: boolean | undefined): string {
  return value ? text(qname, 'true') : '';
}

/** A response envelope declaring `namespaces` (prefix → URI, in that order), with a ResultHeader. */
export function responseEnvelope(
  namespaces: Readonly<Record<string, string>>,
  body: string,
  date: Date,
  messageGuid: Guid,
): string {
  const xmlns = Object.entries(namespaces)
    .map(([p, uri]) => ` xmlns:${p}="${uri}"`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope${xmlns}>` +
    `<soapenv:Header>${el(
      'base:ResultHeader',
      text('base:Date', date.toISOString()) + text('base:MessageGUID', messageGuid),
    )}</soapenv:Header>` +
    `<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
  );
}

/** SOAP 1.1 Fault; faultcode/faultstring/detail are unqualified, the detail is base:Fault. */
export function soapFault(code: string, message: string): string {
  return el(
    'soapenv:Fault',
    text('faultcode', 'soapenv:Server') +
      text('faultstring', message) +
      el(
        'detail',
        el('base:Fault', text('base:ErrorCode', code) + text('base:ErrorMessage', message)),
      ),
  );
}

/** base:AckRequest: the answer to every asynchronous request. */
export function ackXml(messageGuid: Guid, requesterMessageGuid: string): string {
  return el(
    'base:AckRequest',
    el(
      'base:Ack',
      text('base:MessageGUID', messageGuid) +
        text('base:RequesterMessageGUID', requesterMessageGuid),
    ),
  );
}

/** A getStateResult element (`qname`: the service's own) of the schema `version`. */
export function getStateResultXml(
  qname: string,
  version: string,
  state: GisRequestState,
  messageGuid: Guid,
  payload: string,
): string {
  return el(
    qname,
    text('base:RequestState', String(state)) + text('base:MessageGUID', messageGuid) + payload,
    ` base:version="${version}"`,
  );
}

/** A bare SOAP POST, so that a stand-in's answers can be inspected as they are. */
export function postSoap(
  url: string,
  soapAction: string | undefined,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'text/xml; charset=utf-8',
          ...(soapAction ? { SOAPAction: `"${soapAction}"` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function errorMessage(e: GisErrorMessage): string {
  return el(
    'base:ErrorMessage',
    text('base:ErrorCode', e.code) + text('base:Description', e.description),
  );
}
