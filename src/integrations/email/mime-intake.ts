/*
 * Raw RFC 822 bytes → InboundEmail: the pure half of the e-mail channel (SPEC §10). No database,
 * no Nest; the IMAP poller and the push endpoint both call parseInboundEmail.
 *
 * Notes (decisions and mailparser 3.9.31 quirks; mailparser is pinned, see package.json):
 * - Attached messages (message/rfc822) are kept as `.eml` attachments. By default mailsplit
 *   unpacks a message/rfc822 part with `Content-Disposition: inline` into the parent: its text
 *   and headers are appended to our text and its attachments become ours. `ignoreEmbedded`
 *   (passed through to mailsplit, missing from @types/mailparser) keeps every one as a file.
 * - mailparser turns an unparseable Date header into "now"; we read the raw header instead and
 *   give null, so a broken date never looks like a receipt time.
 * - mailparser only converts HTML to text when the HTML is the root part; a multipart/mixed with
 *   HTML and attachments but no text/plain gets no text. Both cases go through htmlToText below,
 *   which also works around html-to-text's defaults that damage appeal text (lines wrapped at 80
 *   columns, layout-table cells glued together, upper-cased headings, image alt texts).
 * - Message-ID: mailparser appends '>' blindly, so `<a@b> (comment)` becomes `<a@b> (comment)>`;
 *   dedupKey takes the first <…> token.
 * - `keepCidLinks` keeps `cid:` references in the HTML (otherwise images are inlined as data:
 *   URLs), so we can tell inline images from real attachments.
 * - contentHash leaves out the headers that every hop or delivery adds or rewrites (trace,
 *   authentication, spam-filter, mbox status) and normalises line endings, so the same message
 *   delivered to two of our addresses, re-fetched over IMAP or pushed by the MTA hashes the same.
 *   DKIM-Signature and ARC-* are left out as well: relays and forwarders add their own per hop,
 *   and the originator's signature only repeats what the kept headers and body already say.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';

export type EmailClassification = 'appeal' | 'auto_reply' | 'bounce' | 'bulk';

export interface InboundAttachment {
  fileName: string;
  contentType: string;
  size: number;
  content: Buffer;
  /** an image shown inside the HTML body (its Content-ID is referenced as cid:) */
  inline: boolean;
  /** Content-ID without angle brackets, as used in cid: URLs */
  contentId: string | null;
}

export interface InboundEmail {
  /** Message-ID as received (mailparser form, with angle brackets); null when absent */
  messageId: string | null;
  /** sha256 hex of the raw message without per-delivery transport headers */
  contentHash: string;
  /** `<local@domain>` with the domain lower-cased, else 'sha256:' + contentHash */
  dedupKey: string;
  from: { address: string | null; name: string | null };
  subject: string | null;
  /** plain text (HTML converted), LF line ends, trimmed; quoted replies are kept */
  text: string;
  date: Date | null;
  inReplyTo: string | null;
  references: string[];
  attachments: InboundAttachment[];
  classification: EmailClassification;
  /** short, fixed wording (never the sender's data) for the log and the mail log table */
  classificationReason: string | null;
  /** a registration number found in the subject: the mail may belong to that appeal */
  replyToRegNumber: string | null;
}

export interface ParseInboundOptions {
  /** our own mailbox address: mail from it is never an appeal (loop guard) */
  mailbox?: string;
  /** registration number in subjects; default matches the `{year}-{seq:6}` template */
  regNumberPattern?: RegExp;
}

export const DEFAULT_REG_NUMBER_PATTERN = /\b(20\d{2}-\d{6})\b/;

export async function parseInboundEmail(
  raw: Buffer,
  opts: ParseInboundOptions = {},
): Promise<InboundEmail> {
  // ignoreEmbedded is read by mailsplit's Splitter, which gets the same options object.
  const parserOptions = { keepCidLinks: true, ignoreEmbedded: true };
  const mail = await simpleParser(raw, parserOptions);

  const contentHash = hashWithoutTransportHeaders(raw);
  const messageId = clean(mail.messageId);
  const normalizedId = normalizeMessageId(messageId);
  const from = firstAddress(mail.from);
  const subject = clean(stripNul(mail.subject ?? ''));
  const html = typeof mail.html === 'string' ? mail.html : null;
  const verdict = classify(mail, from.address, subject, opts.mailbox);

  return {
    messageId,
    contentHash,
    dedupKey: normalizedId ?? `sha256:${contentHash}`,
    from,
    subject,
    text: await bodyText(mail, html),
    date: headerDate(mail),
    inReplyTo: clean(mail.inReplyTo),
    references: toList(mail.references),
    attachments: mail.attachments.map((a, i) => toAttachment(a, i + 1, html)),
    classification: verdict.classification,
    classificationReason: verdict.reason,
    replyToRegNumber: findRegNumber(subject, opts.regNumberPattern),
  };
}

/** The first registration number in a subject («Re: Обращение № 2026-000123»), else null. */
export function findRegNumber(
  subject: string | null | undefined,
  pattern: RegExp = DEFAULT_REG_NUMBER_PATTERN,
): string | null {
  if (!subject) return null;
  // a fresh, non-global copy: a /g pattern would carry lastIndex between calls
  const m = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).exec(subject);
  if (!m) return null;
  return m[1] ?? m[0];
}

/** `<Local@Example.RU>` → `<Local@example.ru>`: the local part is case-sensitive, the domain not. */
export function normalizeMessageId(value: string | null | undefined): string | null {
  if (!value) return null;
  const bracketed = /<([^<>]*)>/.exec(value);
  const id = (bracketed ? bracketed[1] : value).replace(/\s+/g, '');
  if (id === '') return null;
  const at = id.lastIndexOf('@');
  const normalized = at < 0 ? id : id.slice(0, at + 1) + id.slice(at + 1).toLowerCase();
  return `<${normalized}>`;
}

// --- content hash ---------------------------------------------------------------------------

// Added or rewritten on the way in (trace, authentication, filtering, mailbox state).
const TRANSPORT_HEADERS = new Set([
  'received',
  'x-received',
  'return-path',
  'delivered-to',
  'x-original-to',
  'envelope-to',
  'x-envelope-from',
  'x-envelope-to',
  'x-forwarded-to',
  'x-forwarded-for',
  'received-spf',
  'authentication-results',
  'dkim-signature',
  'x-google-dkim-signature',
  'domainkey-signature',
  'x-virus-scanned',
  'x-virus-status',
  'status',
  'x-status',
  'x-uid',
  'x-keywords',
  'x-mozilla-status',
  'x-mozilla-status2',
  'content-length',
  'lines',
]);
const TRANSPORT_PREFIXES = [
  'arc-',
  'x-spam-',
  'x-rspamd-',
  'x-yandex-',
  'x-ms-exchange-',
  'x-microsoft-antispam',
  'x-forefront-antispam',
];

const isTransportHeader = (name: string): boolean =>
  TRANSPORT_HEADERS.has(name) || TRANSPORT_PREFIXES.some((p) => name.startsWith(p));

/** sha256 of the message with line ends normalised and transport headers dropped. */
export function hashWithoutTransportHeaders(raw: Buffer): string {
  // latin1 maps bytes 1:1, so 8-bit bodies in any charset survive the round trip
  let s = raw.toString('latin1').replace(/\r\n?/g, '\n');
  // an mbox envelope line ("From sender date") written by some delivery agents
  if (s.startsWith('From ')) s = s.slice(s.indexOf('\n') + 1);
  const end = s.indexOf('\n\n');
  const head = end < 0 ? s : s.slice(0, end + 1);
  const body = end < 0 ? '' : s.slice(end + 1);
  const kept: string[] = [];
  let keep = true;
  for (const line of head.split('\n')) {
    if (line === '') continue;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (keep) kept.push(line);
      continue;
    }
    const name = line
      .slice(0, Math.max(line.indexOf(':'), 0))
      .trim()
      .toLowerCase();
    keep = !isTransportHeader(name);
    if (keep) kept.push(line);
  }
  const normalized = kept.join('\n') + '\n' + body.replace(/\n+$/, '');
  return createHash('sha256').update(Buffer.from(normalized, 'latin1')).digest('hex');
}

// --- classification (SPEC §10: no mail loops) -----------------------------------------------

interface Verdict {
  classification: EmailClassification;
  reason: string | null;
}

// Only well-known prefixes at the start: a false positive would silently drop an appeal.
const AUTO_REPLY_SUBJECT =
  /^\s*(автоответ|автоматический ответ|auto:|auto[- ]?reply|automatic reply|autoresponse|out of (the )?office)/iu;
const BOUNCE_SUBJECT =
  /^\s*(undelivered mail returned to sender|delivery status notification|недоставленное сообщение|mail delivery failed|returned mail:|undeliverable:|не доставлено:)/iu;
const DAEMON_SENDER = /^(mailer-daemon|postmaster)@/i;
const AUTO_REPLY_HEADERS = ['x-autoreply', 'x-autorespond'];
const AUTO_SUBMITTED = ['auto-generated', 'auto-replied', 'auto-notified'];
const BULK_PRECEDENCE = ['bulk', 'junk', 'list'];

function classify(
  mail: ParsedMail,
  fromAddress: string | null,
  subject: string | null,
  mailbox: string | undefined,
): Verdict {
  const contentType = structuredHeader(mail, 'content-type');
  const reportType = (contentType?.params['report-type'] ?? '').toLowerCase();
  const isReport = contentType?.value.toLowerCase() === 'multipart/report';

  // Bounces first: MTAs also mark them Auto-Submitted.
  if (isReport && reportType === 'delivery-status')
    return bounce('multipart/report; report-type=delivery-status');
  if (fromAddress && DAEMON_SENDER.test(fromAddress)) return bounce('sender is mailer-daemon');
  if (subject && BOUNCE_SUBJECT.test(subject)) return bounce('delivery failure subject');

  if (fromAddress && mailbox && fromAddress.toLowerCase() === mailbox.trim().toLowerCase())
    return autoReply('sent from our own mailbox (loop guard)');
  const autoSubmitted = headerText(mail, 'auto-submitted');
  if (autoSubmitted) {
    const token = autoSubmitted.split(';')[0].trim().toLowerCase();
    if (token !== 'no')
      return autoReply(`Auto-Submitted: ${AUTO_SUBMITTED.includes(token) ? token : 'other'}`);
  }
  for (const name of AUTO_REPLY_HEADERS) {
    const v = headerText(mail, name);
    if (v && v.trim().toLowerCase() !== 'no') return autoReply(`${headerLabel(name)} header`);
  }
  if (isReport && reportType === 'disposition-notification')
    return autoReply('read receipt (disposition-notification)');
  if (subject && AUTO_REPLY_SUBJECT.test(subject)) return autoReply('auto-reply subject');
  if (hasNullReturnPath(mail)) return autoReply('null sender (Return-Path: <>)');
  const precedence = headerText(mail, 'precedence')?.trim().toLowerCase();
  if (precedence === 'auto_reply') return autoReply('Precedence: auto_reply');

  if (precedence && BULK_PRECEDENCE.includes(precedence))
    return { classification: 'bulk', reason: `Precedence: ${precedence}` };
  if (hasRawHeader(mail, 'list-id')) return { classification: 'bulk', reason: 'List-Id header' };
  if (hasRawHeader(mail, 'list-unsubscribe'))
    return { classification: 'bulk', reason: 'List-Unsubscribe header' };

  return { classification: 'appeal', reason: null };
}

const bounce = (reason: string): Verdict => ({ classification: 'bounce', reason });
const autoReply = (reason: string): Verdict => ({ classification: 'auto_reply', reason });
const headerLabel = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_m: string, dash: string, c: string) => dash + c.toUpperCase());

function hasNullReturnPath(mail: ParsedMail): boolean {
  return mail.headerLines.some(
    (h) => h.key === 'return-path' && /^[^:]*:\s*<\s*>\s*$/.test(h.line.trim()),
  );
}

// mailparser folds List-* headers into one 'list' object, so look at the raw lines.
const hasRawHeader = (mail: ParsedMail, key: string): boolean =>
  mail.headerLines.some((h) => h.key === key);

function headerText(mail: ParsedMail, key: string): string | null {
  const v: unknown = mail.headers.get(key);
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return null;
}

function structuredHeader(
  mail: ParsedMail,
  key: string,
): { value: string; params: Record<string, string> } | null {
  const v: unknown = mail.headers.get(key);
  if (typeof v !== 'object' || v === null || !('value' in v) || typeof v.value !== 'string')
    return null;
  const params = 'params' in v && typeof v.params === 'object' && v.params !== null ? v.params : {};
  return { value: v.value, params: params as Record<string, string> };
}

// --- fields ---------------------------------------------------------------------------------

function firstAddress(from: AddressObject | undefined): InboundEmail['from'] {
  const first = from?.value.find((a) => a.address) ?? from?.value[0];
  return { address: clean(first?.address), name: clean(stripNul(first?.name ?? '')) };
}

function headerDate(mail: ParsedMail): Date | null {
  const line = mail.headerLines.find((h) => h.key === 'date')?.line;
  if (!line) return null;
  const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ');
  const d = new Date(value.trim());
  return Number.isNaN(d.getTime()) ? null : d;
}

async function bodyText(mail: ParsedMail, html: string | null): Promise<string> {
  const rootType = structuredHeader(mail, 'content-type')?.value.toLowerCase();
  const hasPlain =
    typeof mail.text === 'string' && mail.text.trim() !== '' && rootType !== 'text/html';
  const text = hasPlain ? (mail.text ?? '') : html ? await htmlToText(html) : (mail.text ?? '');
  return stripNul(text.replace(/\r\n?/g, '\n')).trim();
}

/**
 * HTML → text with mailparser's own converter (html-to-text), by parsing a one-part HTML
 * message; the HTML is adjusted first so the text keeps what the person wrote. The regexes are
 * linear (no unbounded scan that can restart at every position): message content is untrusted.
 */
export async function htmlToText(html: string): Promise<string> {
  const prepared = splitOutsidePre(html)
    // Whitespace between tags becomes one no-break space: html-to-text wraps lines at 80
    // columns and cannot be told not to, but it never breaks at a no-break space.
    .map(([part, isPre]) =>
      isPre ? part : part.replace(/>([^<>]*)</g, (_m, t: string) => `>${nbsp(t)}<`),
    )
    .join('')
    .replace(/<img\b[^<>]*>/gi, '') // alt texts and cid: links are noise in an appeal
    .replace(/<(\/?)h[1-6]\b/gi, '<$1p') // headings would be upper-cased
    .replace(/<\/t([dh])>/gi, ' </t$1>') // cells of layout tables would be glued together
    .replace(/<\/tr>/gi, '<br></tr>');
  const raw = Buffer.concat([
    Buffer.from('Content-Type: text/html; charset=utf-8\r\n\r\n'),
    Buffer.from(prepared, 'utf8'),
  ]);
  let text: string;
  try {
    text = (await simpleParser(raw, { keepCidLinks: true })).text ?? '';
  } catch {
    // html-to-text gave up on this HTML: tags out is still better than no appeal text
    text = prepared.replace(/<[^<>]*>/g, ' ');
  }
  return text
    .split('\n')
    .map((line) => line.replace(/[ \u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const nbsp = (t: string): string => t.replace(/[ \t\r\n\f]+/g, '\u00a0');

/** [part, isInsidePre] pieces, found with indexOf so the scan stays linear. */
function splitOutsidePre(html: string): [string, boolean][] {
  const lower = html.toLowerCase();
  const parts: [string, boolean][] = [];
  let pos = 0;
  for (;;) {
    const open = lower.indexOf('<pre', pos);
    const close = open < 0 ? -1 : lower.indexOf('</pre>', open);
    if (close < 0) break;
    parts.push([html.slice(pos, open), false], [html.slice(open, close + 6), true]);
    pos = close + 6;
  }
  parts.push([html.slice(pos), false]);
  return parts;
}

// --- attachments ----------------------------------------------------------------------------

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/tiff': 'tif',
  'image/heic': 'heic',
  'image/bmp': 'bmp',
  'image/webp': 'webp',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/rfc822-headers': 'txt',
  'text/calendar': 'ics',
  'application/rtf': 'rtf',
  'text/rtf': 'rtf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/zip': 'zip',
  'message/rfc822': 'eml',
  'message/delivery-status': 'txt',
};

function toAttachment(a: Attachment, position: number, html: string | null): InboundAttachment {
  const contentType = (a.contentType || 'application/octet-stream').toLowerCase();
  const contentId = clean(a.cid) ?? null;
  return {
    fileName: attachmentName(a.filename, contentType, position),
    contentType,
    size: a.content.length,
    content: a.content,
    inline: contentId !== null && html !== null && referencedCids(html).has(contentId),
    contentId,
  };
}

/** The sender's file name made safe to store and show, or `attachment-N.ext` when there is none. */
export function attachmentName(
  name: string | null | undefined,
  contentType: string,
  position: number,
): string {
  const ext = EXTENSIONS[contentType] ?? 'bin';
  let base = (name ?? '')
    .replace(/^.*[/\\]/, '') // some clients send a full local path
    .replace(/\s+/g, ' ')
    .split('')
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f) // other controls, NUL
    .join('')
    .trim();
  if (base === '' || /^\.+$/.test(base)) base = `attachment-${position}.${ext}`;
  if (contentType === 'message/rfc822' && !/\.eml$/i.test(base)) base += '.eml';
  return truncateKeepingExtension(base, 200);
}

function truncateKeepingExtension(name: string, max: number): string {
  if (name.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return truncate(name.slice(0, name.length - ext.length), max - ext.length) + ext;
}

function referencedCids(html: string): Set<string> {
  const cids = new Set<string>();
  for (const m of html.matchAll(/\bcid:([^'"\s>)]+)/gi)) {
    cids.add(m[1]);
    try {
      cids.add(decodeURIComponent(m[1])); // RFC 2392: cid URLs are %-encoded
    } catch {
      // a stray % in a malformed link: the literal form is already in the set
    }
  }
  return cids;
}

// --- small helpers --------------------------------------------------------------------------

function clean(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t === '' ? null : t;
}

// PostgreSQL text cannot hold NUL.
const stripNul = (s: string): string => s.replaceAll('\u0000', '');

function toList(value: string | string[] | undefined): string[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
}

/** Cuts at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}
