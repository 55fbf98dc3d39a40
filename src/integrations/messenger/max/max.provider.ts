import { Logger } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type IncomingFileRef,
  type IncomingUpdate,
  type MessengerProvider,
  MessengerSendError,
  type MessengerSendFailure,
  type OutgoingFile,
  type OutgoingMessage,
} from '../messenger-provider';
import { MaxRateLimiter } from './max-rate-limiter';

/*
 * The MAX Bot API over plain HTTP (https://dev.max.ru/docs-api; OpenAPI schema
 * github.com/max-messenger/api-schema). Production base URL: https://platform-api2.max.ru (MAX
 * moved bots there from platform-api.max.ru; its certificate chain needs the Минцифры root CA in
 * NODE_EXTRA_CA_CERTS). The token goes in the `Authorization` header: the `access_token` query
 * parameter is no longer accepted.
 */

export interface MaxProviderOptions {
  token: string;
  /** Sent as `secret` with the subscription; MAX echoes it in `X-Max-Bot-Api-Secret`. */
  webhookSecret: string | null;
  apiUrl: string;
  /** Per HTTP request (a long poll adds its own wait). */
  timeoutMs?: number;
  /**
   * `GET /updates` long-poll wait, seconds (MAX allows 0–90). Default 0: the `messenger-poll`
   * job is the cadence, and a long wait would hold its lock (and delay the other provider).
   */
  pollTimeoutSeconds?: number;
  /** First pause when MAX says an uploaded attachment is still being processed. */
  attachmentRetryDelayMs?: number;
  /** Per-process limiter; MAX allows 30 requests per second per bot. */
  limiter?: MaxRateLimiter;
}

/** MAX's limit on a message's text (NewMessageBody.text, 4000 characters). */
export const MAX_TEXT_LIMIT = 4000;
/** Update types our dialogue uses; others are not subscribed to. */
export const MAX_UPDATE_TYPES = ['message_created', 'message_callback', 'bot_started'] as const;
/** MAX error codes that mean the person is out of reach for good (blocked, left, chat gone). */
const BLOCKED_CODES = new Set(['chat.denied', 'user.blocked', 'bot.blocked', 'chat.not.found']);
const ATTACHMENT_NOT_READY = 'attachment.not.ready';
const ATTACHMENT_RETRIES = 5;
const DEFAULT_RETRY_AFTER_SECONDS = 1;
/** A chat id we only know as a user (a callback without its message): sent with `user_id`. */
const USER_PREFIX = 'user:';

export const MAX_SECRET_HEADER = 'x-max-bot-api-secret';

/** Over the caller's limit; the same detail as the Telegram provider's, for the dialogue. */
const tooLarge = () => new MessengerSendError('permanent', 'file_too_large');

/** Maps a refused MAX call to the provider-neutral failure (status and code only). */
export function maxFailure(status: number, code: string | undefined): MessengerSendFailure {
  if (status === 403 || (code !== undefined && BLOCKED_CODES.has(code))) return 'blocked';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'transient';
  return 'permanent';
}

type Json = Record<string, unknown>;

export class MaxProvider implements MessengerProvider {
  readonly code = 'max' as const;
  private readonly logger = new Logger(MaxProvider.name);
  private readonly apiUrl: string;
  private readonly timeoutMs: number;
  private readonly pollTimeoutSeconds: number;
  private readonly attachmentRetryDelayMs: number;
  private readonly limiter: MaxRateLimiter;
  private readonly secretDigest: Buffer | null;

  constructor(private readonly options: MaxProviderOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.pollTimeoutSeconds = options.pollTimeoutSeconds ?? 0;
    this.attachmentRetryDelayMs = options.attachmentRetryDelayMs ?? 500;
    this.limiter = options.limiter ?? new MaxRateLimiter(30, 1000);
    this.secretDigest = options.webhookSecret ? digest(options.webhookSecret) : null;
  }

  verifyWebhook(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
    if (!this.secretDigest) return false;
    const key = Object.keys(headers).find((k) => k.toLowerCase() === MAX_SECRET_HEADER);
    const value = key === undefined ? undefined : headers[key];
    if (typeof value !== 'string' || value === '') return false;
    // Digests have equal length, so the comparison takes the same time whatever was sent.
    return timingSafeEqual(digest(value), this.secretDigest);
  }

  parseWebhook(body: unknown): IncomingUpdate[] {
    // MAX posts one Update per request; a batch (`{updates: [...]}`, as /updates returns) is taken too.
    if (isObject(body) && Array.isArray(body.updates)) {
      return body.updates.flatMap((u) => this.parseWebhook(u));
    }
    const update = parseUpdate(body);
    return update ? [update] : [];
  }

  async poll(cursor: string | null): Promise<{ updates: IncomingUpdate[]; cursor: string | null }> {
    const query: Record<string, string> = {
      limit: '100',
      timeout: String(this.pollTimeoutSeconds),
      types: MAX_UPDATE_TYPES.join(','),
    };
    if (cursor !== null) query.marker = cursor;
    const res = await this.call('GET', '/updates', query, undefined, {
      timeoutMs: this.timeoutMs + this.pollTimeoutSeconds * 1000,
    });
    const updates = Array.isArray(res.updates) ? res.updates : [];
    const marker = res.marker;
    return {
      updates: updates.flatMap((u) => this.parseWebhook(u)),
      cursor: typeof marker === 'number' || typeof marker === 'string' ? String(marker) : cursor,
    };
  }

  async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    const attachments: Json[] = [];
    for (const file of message.files ?? []) attachments.push(await this.upload(file));
    const keyboard: Json[] =
      message.buttons && message.buttons.length > 0
        ? [
            {
              type: 'inline_keyboard',
              payload: {
                buttons: message.buttons.map((row) =>
                  row.map((b) => ({ type: 'callback', text: b.text, payload: b.data })),
                ),
              },
            },
          ]
        : [];
    const chunks = splitText(message.text, MAX_TEXT_LIMIT);
    const query: Record<string, string> = message.chatId.startsWith(USER_PREFIX)
      ? { user_id: message.chatId.slice(USER_PREFIX.length) }
      : { chat_id: message.chatId };
    let messageId = '';
    for (let i = 0; i < chunks.length; i++) {
      const last = i === chunks.length - 1;
      // Files and buttons ride on the last part, so the buttons stay under the whole text.
      const body: Json = { text: chunks[i] === '' ? null : chunks[i] };
      if (last && attachments.length + keyboard.length > 0) {
        body.attachments = [...attachments, ...keyboard];
      }
      const res = await this.sendOne(query, body, last && attachments.length > 0);
      const mid = isObject(res.message) && isObject(res.message.body) ? res.message.body.mid : '';
      messageId = typeof mid === 'string' ? mid : '';
    }
    return { messageId };
  }

  async answerCallback(callbackId: string): Promise<void> {
    // MAX wants a message or a notification in the answer; a short toast is the least intrusive.
    await this.call('POST', '/answers', { callback_id: callbackId }, { notification: 'Принято' });
  }

  async setWebhook(url: string): Promise<void> {
    const body: Json = { url, update_types: [...MAX_UPDATE_TYPES] };
    if (this.options.webhookSecret) body.secret = this.options.webhookSecret;
    await this.call('POST', '/subscriptions', {}, body);
  }

  async downloadFile(
    ref: IncomingFileRef,
    maxBytes: number,
  ): Promise<{ content: Buffer; fileName: string }> {
    if (!ref.url) throw new MessengerSendError('permanent', 'file_unavailable');
    if (ref.size !== undefined && ref.size > maxBytes) throw tooLarge();
    // The URL is signed by MAX and may point at its CDN: the bot token is not sent there.
    let res: Response;
    try {
      res = await fetch(ref.url, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new MessengerSendError('transient', `download: ${errorName(err)}`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new MessengerSendError(maxFailure(res.status, undefined), `download: ${res.status}`);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel();
      throw tooLarge();
    }
    const content = await readLimited(res, maxBytes);
    return {
      content,
      fileName:
        ref.fileName ??
        dispositionName(res.headers.get('content-disposition')) ??
        fallbackName(res.headers.get('content-type')),
    };
  }

  /** POST /messages, waiting while MAX still processes a just-uploaded attachment. */
  private async sendOne(
    query: Record<string, string>,
    body: Json,
    hasUploads: boolean,
  ): Promise<Json> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.call('POST', '/messages', query, body);
      } catch (err) {
        const notReady =
          hasUploads &&
          err instanceof MessengerSendError &&
          err.detail.endsWith(ATTACHMENT_NOT_READY) &&
          attempt < ATTACHMENT_RETRIES - 1;
        if (!notReady) throw err;
        await delay(this.attachmentRetryDelayMs * 2 ** attempt);
      }
    }
  }

  /** POST /uploads for an upload URL, then the bytes to it; returns the attachment to send. */
  private async upload(file: OutgoingFile): Promise<Json> {
    const type = file.contentType.startsWith('image/') ? 'image' : 'file';
    const slot = await this.call('POST', '/uploads', { type });
    if (typeof slot.url !== 'string') throw new MessengerSendError('permanent', 'uploads: no url');
    const form = new FormData();
    form.append(
      'data',
      new Blob([new Uint8Array(file.content)], { type: file.contentType }),
      file.fileName,
    );
    let res: Response;
    try {
      res = await fetch(slot.url, {
        method: 'POST',
        body: form,
        signal: AbortSignal.timeout(this.timeoutMs * 3),
      });
    } catch (err) {
      throw new MessengerSendError('transient', `upload: ${errorName(err)}`);
    }
    const result = await readJson(res);
    if (!res.ok || !isObject(result)) {
      throw new MessengerSendError(maxFailure(res.status, undefined), `upload: ${res.status}`);
    }
    // An image upload answers with `photos`, a file upload with `token` (some types give the
    // token already with the upload URL).
    if (type === 'image' && isObject(result.photos))
      return { type, payload: { photos: result.photos } };
    const token = typeof result.token === 'string' ? result.token : slot.token;
    if (typeof token !== 'string') throw new MessengerSendError('permanent', 'upload: no token');
    return { type, payload: { token } };
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string>,
    body?: Json,
    opts: { timeoutMs?: number } = {},
  ): Promise<Json> {
    await this.limiter.acquire();
    const url = new URL(this.apiUrl + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const headers: Record<string, string> = { authorization: this.options.token };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? this.timeoutMs),
      });
    } catch (err) {
      this.logger.warn(`MAX ${method} ${path} failed: ${errorName(err)}`);
      throw new MessengerSendError('transient', `${path}: ${errorName(err)}`);
    }
    const data = await readJson(res);
    const json: Json = isObject(data) ? data : {};
    if (res.ok) return json;
    const code = typeof json.code === 'string' ? json.code : undefined;
    const failure = maxFailure(res.status, code);
    // Codes only: MAX's `message` may quote ids or text.
    const detail = `${path}: ${res.status} ${code ?? ''}`.trim();
    this.logger.warn(`MAX ${method} ${path} refused: ${res.status} ${code ?? '-'}`);
    if (failure === 'rate_limited') {
      throw new MessengerSendError(failure, detail, retryAfter(res.headers.get('retry-after')));
    }
    throw new MessengerSendError(failure, detail);
  }
}

/** One MAX Update → IncomingUpdate; null for anything that is not an update. */
function parseUpdate(raw: unknown): IncomingUpdate | null {
  if (!isObject(raw) || typeof raw.update_type !== 'string') return null;
  const type = raw.update_type;
  const timestamp = typeof raw.timestamp === 'number' ? raw.timestamp : Date.now();
  const receivedAt = new Date(timestamp);
  const message = isObject(raw.message) ? raw.message : null;
  const body = message && isObject(message.body) ? message.body : null;
  const mid = body && typeof body.mid === 'string' ? body.mid : null;
  const recipientChat =
    message && isObject(message.recipient) ? idString(message.recipient.chat_id) : undefined;

  switch (type) {
    case 'message_created': {
      const sender = message && isObject(message.sender) ? message.sender : null;
      const userId = sender ? idString(sender.user_id) : undefined;
      const chatId = recipientChat ?? (userId ? USER_PREFIX + userId : undefined);
      if (!chatId || !body) return null;
      return {
        updateId: `${type}:${mid ?? `${chatId}:${timestamp}`}`,
        chatId,
        userId,
        senderName: sender ? displayName(sender) : undefined,
        kind: 'text',
        text: typeof body.text === 'string' ? body.text : undefined,
        files: Array.isArray(body.attachments) ? body.attachments.flatMap(fileRef) : [],
        receivedAt,
      };
    }
    case 'message_callback': {
      const callback = isObject(raw.callback) ? raw.callback : null;
      if (!callback || typeof callback.callback_id !== 'string') return null;
      const user = isObject(callback.user) ? callback.user : null;
      const userId = user ? idString(user.user_id) : undefined;
      const chatId = recipientChat ?? (userId ? USER_PREFIX + userId : undefined);
      if (!chatId) return null;
      return {
        updateId: `${type}:${callback.callback_id}`,
        chatId,
        userId,
        senderName: user ? displayName(user) : undefined,
        kind: 'callback',
        callbackData: typeof callback.payload === 'string' ? callback.payload : undefined,
        callbackId: callback.callback_id,
        files: [],
        receivedAt,
      };
    }
    default: {
      // bot_started and the rest carry chat_id and user at the top level.
      const user = isObject(raw.user) ? raw.user : null;
      const userId = user ? idString(user.user_id) : undefined;
      const chatId =
        idString(raw.chat_id) ?? recipientChat ?? (userId ? USER_PREFIX + userId : undefined);
      if (!chatId) return null;
      return {
        updateId: `${type}:${mid ?? `${chatId}:${timestamp}`}`,
        chatId,
        userId,
        senderName: user ? displayName(user) : undefined,
        kind: type === 'bot_started' ? 'start' : 'other',
        files: [],
        receivedAt,
      };
    }
  }
}

/** Photos and documents only; stickers, audio, video, contacts, locations are not appeal files. */
function fileRef(a: unknown): IncomingFileRef[] {
  if (!isObject(a) || !isObject(a.payload)) return [];
  const url = typeof a.payload.url === 'string' ? a.payload.url : undefined;
  const token = typeof a.payload.token === 'string' ? a.payload.token : undefined;
  const fileId = token ?? url;
  if (!fileId) return [];
  if (a.type === 'image') return [{ fileId, url }];
  if (a.type === 'file') {
    return [
      {
        fileId,
        url,
        fileName: typeof a.filename === 'string' ? a.filename : undefined,
        size: typeof a.size === 'number' ? a.size : undefined,
      },
    ];
  }
  return [];
}

/** Splits at the last line break within the limit (dropping it), else hard at the limit. */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const nl = rest.lastIndexOf('\n', limit);
    if (nl > 0) {
      parts.push(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
    } else {
      parts.push(rest.slice(0, limit));
      rest = rest.slice(limit);
    }
  }
  parts.push(rest);
  return parts;
}

async function readLimited(res: Response, maxBytes: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  // Leaving the loop early cancels the stream: the rest is never read.
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, total);
}

async function readJson(res: Response): Promise<unknown> {
  try {
    const value: unknown = await res.json();
    return value;
  } catch {
    return {};
  }
}

function dispositionName(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* fall through to the plain parameter */
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1];
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
};

/** MAX image URLs carry no name: `photo.jpg` and the like (the content is sniffed later anyway). */
function fallbackName(contentType: string | null): string {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const ext = EXTENSIONS[type];
  if (ext) return type.startsWith('image/') ? `photo.${ext}` : `file.${ext}`;
  return 'file';
}

function retryAfter(header: string | null): number {
  const n = Number(header);
  return Number.isFinite(n) && n > 0 ? Math.ceil(n) : DEFAULT_RETRY_AFTER_SECONDS;
}

function displayName(user: Json): string | undefined {
  const full = [user.first_name, user.last_name]
    .filter((p) => typeof p === 'string' && p)
    .join(' ');
  if (full) return full;
  return typeof user.name === 'string' ? user.name : undefined;
}

function idString(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v !== '') return v;
  return undefined;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** The error's class name (TimeoutError, TypeError…); fetch errors may come from another realm. */
function errorName(err: unknown): string {
  const name = isObject(err) || err instanceof Error ? (err as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : 'error';
}
