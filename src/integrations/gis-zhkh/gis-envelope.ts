import { XMLParser } from 'fast-xml-parser';
import { GisError } from './gis-error';

/*
 * Reading ГИС ЖКХ XML: the element helpers every parser uses, and the SOAP envelope with its
 * Fault. The responses are read in gis-parsers.ts; requests only by the tests' stand-in
 * (test/support/gis-request-parser.ts).
 */

/**
 * Prefixes differ between ГИС ЖКХ, proxies and our stand-in (`soap:`, `S:`, `ns4:`…), and the
 * schemas never reuse a local name for two things at one level, so local names are enough.
 */
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  // Numeric character references (&#1040;) are legal XML and some senders use them for
  // Cyrillic; this flag is what makes the parser decode them.
  htmlEntities: true,
});

export type XmlNode = Record<string, unknown>;

export function protocol(description: string, messageGuid?: string): GisError {
  return new GisError('protocol', 'MALFORMED_RESPONSE', description, messageGuid);
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An element's children; an empty element (`<x/>`, parsed as '') has none. */
export function node(value: unknown): XmlNode | undefined {
  if (isNode(value)) return value;
  if (value === '') return {};
  return undefined;
}

export function list(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as unknown[]) : [value];
}

export function nodes(value: unknown): XmlNode[] {
  return list(value)
    .map(node)
    .filter((n): n is XmlNode => n !== undefined);
}

export function opt(n: XmlNode, name: string): string | undefined {
  const v = Array.isArray(n[name]) ? (n[name] as unknown[])[0] : n[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isNode(v) && typeof v['#text'] === 'string') return v['#text'];
  return undefined;
}

export function req(n: XmlNode, name: string, where: string): string {
  const v = opt(n, name);
  if (v === undefined) throw protocol(`${where}: ${name} is missing`);
  return v;
}

export function child(n: XmlNode, name: string, where: string): XmlNode {
  const c = node(Array.isArray(n[name]) ? (n[name] as unknown[])[0] : n[name]);
  if (!c) throw protocol(`${where}: ${name} is missing`);
  return c;
}

export function flag(n: XmlNode, name: string): boolean {
  const v = opt(n, name);
  return v === 'true' || v === '1';
}

/** xs:date; Java stacks often add the zone (`2024-03-01+03:00`), the day is what matters. */
export function day(value: string, where: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  if (!m) throw protocol(`${where}: not a date`);
  return m[1];
}

export function optDay(n: XmlNode, name: string, where: string): string | undefined {
  const v = opt(n, name);
  return v === undefined ? undefined : day(v, `${where}/${name}`);
}

export function reqDay(n: XmlNode, name: string, where: string): string {
  return day(req(n, name, where), `${where}/${name}`);
}

/** Drops keys whose value is undefined so results compare cleanly with `toEqual`. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------------------------------------
// Envelope
// ---------------------------------------------------------------------------------------------

export interface GisFaultInfo {
  faultCode: string;
  faultString: string;
  /** base:Fault/ErrorCode from the detail, when ГИС ЖКХ supplied one. */
  errorCode?: string;
  errorMessage?: string;
}

export interface ParsedEnvelope {
  header: XmlNode;
  body: XmlNode;
}

export function parseEnvelope(xml: string): ParsedEnvelope {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    throw protocol('response is not well-formed XML');
  }
  const env = isNode(doc) ? node(doc.Envelope) : undefined;
  const body = env ? node(env.Body) : undefined;
  if (!env || !body) throw protocol('response is not a SOAP envelope');
  return { header: node(env.Header) ?? {}, body };
}

function faultOf(body: XmlNode): GisFaultInfo | undefined {
  const fault = node(body.Fault);
  if (!fault) return undefined;
  const detail = node(fault.detail) ?? {};
  const gis = node(detail.Fault) ?? {};
  return compact({
    faultCode: opt(fault, 'faultcode') ?? 'Server',
    faultString: opt(fault, 'faultstring') ?? '',
    errorCode: opt(gis, 'ErrorCode'),
    errorMessage: opt(gis, 'ErrorMessage'),
  });
}

/** The SOAP Fault in a response, if it is one (ГИС ЖКХ sends them with HTTP 500). */
export function parseSoapFault(xml: string): GisFaultInfo | undefined {
  try {
    return faultOf(parseEnvelope(xml).body);
  } catch {
    return undefined;
  }
}

export function faultToError(fault: GisFaultInfo): GisError {
  return new GisError(
    'fault',
    fault.errorCode ?? fault.faultCode,
    fault.errorMessage ?? fault.faultString,
  );
}

/** The Body of a successful response; a Fault becomes a GisError. */
export function bodyOf(xml: string): XmlNode {
  const { body } = parseEnvelope(xml);
  const fault = faultOf(body);
  if (fault) throw faultToError(fault);
  return body;
}
