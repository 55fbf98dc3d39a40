import { randomUUID } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

/**
 * A stand-in MAX Bot API (https://dev.max.ru/docs-api, schema github.com/max-messenger/api-schema)
 * on 127.0.0.1 for the tests: the subset the MAX provider uses — `POST /messages`, `POST /answers`,
 * `POST /uploads` plus the upload URL, `GET /updates` with `marker`, `POST|GET /subscriptions` —
 * and the webhook side: `deliver(update)` posts an update to the subscribed URL with the
 * `X-Max-Bot-Api-Secret` header, as MAX does. Every API call must carry the token in the
 * `Authorization` header (the `access_token` query parameter is refused: MAX dropped it).
 */

export interface MaxStandInFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export interface MaxSentMessage {
  chatId: string | null;
  userId: string | null;
  text: string | null;
  /** Inline keyboard rows as `{text, payload}` (callback buttons only). */
  buttons: Array<Array<{ text: string; payload: string }>>;
  /** The non-keyboard attachments as sent (`{type, payload}`). */
  attachments: Array<{ type: string; payload: Record<string, unknown> }>;
  /** The uploaded files those attachments point at (by token), in order. */
  files: MaxStandInFile[];
  mid: string;
}

export interface MaxStandInRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
}

export interface MaxScriptedFailure {
  status: number;
  code: string;
  message?: string;
  /** Sent as the `Retry-After` header (seconds). */
  retryAfter?: number;
}

/** A MAX `Update` object as the Bot API sends it. */
export type MaxUpdate = Record<string, unknown> & { update_type: string; timestamp: number };

interface Subscription {
  url: string;
  secret: string | null;
  update_types: string[] | null;
}

export class MaxBotStandIn {
  readonly sent: MaxSentMessage[] = [];
  readonly answers: Array<{ callbackId: string; body: Record<string, unknown> }> = [];
  readonly requests: MaxStandInRequest[] = [];
  readonly subscriptions: Subscription[] = [];
  /** Downloads of served files, with whatever Authorization header came along. */
  readonly downloads: Array<{ id: string; authorization: string | undefined }> = [];
  private readonly sendFailures: MaxScriptedFailure[] = [];
  private readonly files = new Map<string, MaxStandInFile & { chunked: boolean }>();
  private readonly uploads = new Map<string, MaxStandInFile>();
  private readonly pendingUploads = new Map<string, string>();
  private readonly updates: MaxUpdate[] = [];
  private readonly waiters: Array<() => void> = [];
  private attachmentNotReady = 0;
  private seq = 0;
  private server: http.Server | null = null;
  private base = '';

  constructor(readonly token = 'max-test-token') {}

  get url(): string {
    return this.base;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'internal', message: String(err) }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async stop(): Promise<void> {
    this.waiters.splice(0).forEach((wake) => wake());
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /** The messages sent to one chat, in order. */
  messagesTo(chatId: string): MaxSentMessage[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }

  /** The next `POST /messages` calls fail with these, in order (e.g. 500, 429, 403 chat.denied). */
  failNextSend(...failures: MaxScriptedFailure[]): void {
    this.sendFailures.push(...failures);
  }

  /** The next `times` sends with an uploaded attachment get 400 `attachment.not.ready`. */
  attachmentsNotReady(times: number): void {
    this.attachmentNotReady = times;
  }

  /**
   * A file as an incoming attachment carries it: `payload.url` (served here) and `payload.token`.
   * `chunked`: served without Content-Length, so the reader must count.
   */
  putFile(
    bytes: Buffer,
    fileName: string,
    contentType = 'application/octet-stream',
    chunked = false,
  ): { url: string; token: string } {
    const id = randomUUID();
    this.files.set(id, { fileName, contentType, bytes: Buffer.from(bytes), chunked });
    return { url: `${this.base}/files/${id}?sig=${id.slice(0, 8)}`, token: `tok-${id}` };
  }

  /** Queues an update for `GET /updates` (long polling). */
  enqueue(update: MaxUpdate): void {
    this.updates.push(update);
    this.waiters.splice(0).forEach((wake) => wake());
  }

  /**
   * Posts one update to the webhook as MAX does: JSON body, `X-Max-Bot-Api-Secret` from the
   * subscription (or `options.secret`; `null` sends no header).
   */
  async deliver(
    update: MaxUpdate,
    options: { url?: string; secret?: string | null } = {},
  ): Promise<{ status: number; body: string }> {
    const sub = this.subscriptions[this.subscriptions.length - 1];
    const url = options.url ?? sub?.url;
    if (!url) throw new Error('MaxBotStandIn.deliver: no subscription and no url');
    const secret = options.secret !== undefined ? options.secret : (sub?.secret ?? null);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== null) headers['x-max-bot-api-secret'] = secret;
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(update) });
    return { status: res.status, body: await res.text() };
  }

  // --- update builders (shapes of the MAX `Update` schema) ---

  messageCreated(args: {
    chatId: number;
    userId: number;
    text?: string;
    name?: string;
    attachments?: Array<Record<string, unknown>>;
  }): MaxUpdate {
    this.seq += 1;
    const timestamp = Date.now();
    return {
      update_type: 'message_created',
      timestamp,
      message: {
        sender: { user_id: args.userId, first_name: args.name ?? 'Иван', is_bot: false },
        recipient: { chat_id: args.chatId, chat_type: 'dialog' },
        timestamp,
        body: {
          mid: `mid.${randomUUID()}`,
          seq: this.seq,
          text: args.text ?? null,
          attachments: args.attachments ?? null,
        },
      },
      user_locale: 'ru',
    };
  }

  /** An incoming photo attachment for `messageCreated`. */
  imageAttachment(file: { url: string; token: string }): Record<string, unknown> {
    return { type: 'image', payload: { photo_id: Math.floor(Math.random() * 1e9), ...file } };
  }

  /** An incoming document attachment for `messageCreated`. */
  fileAttachment(
    file: { url: string; token: string },
    filename: string,
    size: number,
  ): Record<string, unknown> {
    return { type: 'file', payload: file, filename, size };
  }

  callback(args: { chatId: number; userId: number; payload: string }): MaxUpdate {
    const timestamp = Date.now();
    return {
      update_type: 'message_callback',
      timestamp,
      callback: {
        timestamp,
        callback_id: `cb.${randomUUID()}`,
        payload: args.payload,
        user: { user_id: args.userId, first_name: 'Иван', is_bot: false },
      },
      message: {
        recipient: { chat_id: args.chatId, chat_type: 'dialog' },
        timestamp,
        body: { mid: `mid.${randomUUID()}`, seq: ++this.seq, text: 'меню', attachments: null },
      },
      user_locale: 'ru',
    };
  }

  botStarted(args: { chatId: number; userId: number; payload?: string }): MaxUpdate {
    return {
      update_type: 'bot_started',
      timestamp: Date.now(),
      chat_id: args.chatId,
      user: { user_id: args.userId, first_name: 'Иван', is_bot: false },
      payload: args.payload ?? null,
      user_locale: 'ru',
    };
  }

  // --- the server ---

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const query = Object.fromEntries(url.searchParams.entries());
    const path = url.pathname;
    const body = await readAll(req);

    if (req.method === 'GET' && path.startsWith('/files/')) {
      return this.serveFile(path.slice('/files/'.length), req, res);
    }
    if (req.method === 'POST' && path.startsWith('/upload/')) {
      return this.acceptUpload(path.slice('/upload/'.length), req, body, res);
    }

    this.requests.push({
      method: req.method ?? '',
      path,
      query,
      authorization: req.headers.authorization,
    });
    if (query.access_token !== undefined || req.headers.authorization !== this.token) {
      return json(res, 401, { code: 'verify.token', message: 'Invalid access_token' });
    }
    const route = `${req.method} ${path}`;
    switch (route) {
      case 'POST /messages':
        return this.sendMessage(query, parseJson(body), res);
      case 'POST /answers':
        this.answers.push({ callbackId: query.callback_id ?? '', body: parseJson(body) });
        return json(res, 200, { success: true });
      case 'POST /uploads': {
        const type = query.type ?? '';
        if (!['image', 'video', 'audio', 'file'].includes(type)) {
          return json(res, 400, { code: 'proto.payload', message: 'type' });
        }
        const id = randomUUID();
        this.pendingUploads.set(id, type);
        return json(res, 200, { url: `${this.base}/upload/${id}` });
      }
      case 'GET /updates':
        return this.getUpdates(query, res);
      case 'POST /subscriptions': {
        const b = parseJson(body);
        if (typeof b.url !== 'string' || !b.url) {
          return json(res, 400, { code: 'proto.payload', message: 'url' });
        }
        this.subscriptions.push({
          url: b.url,
          secret: typeof b.secret === 'string' ? b.secret : null,
          update_types: Array.isArray(b.update_types) ? (b.update_types as string[]) : null,
        });
        return json(res, 200, { success: true });
      }
      case 'GET /subscriptions':
        return json(res, 200, {
          subscriptions: this.subscriptions.map((s) => ({
            url: s.url,
            time: 0,
            update_types: s.update_types,
          })),
        });
      default:
        return json(res, 404, { code: 'not.found', message: route });
    }
  }

  private sendMessage(
    query: Record<string, string>,
    body: Record<string, unknown>,
    res: http.ServerResponse,
  ): void {
    const failure = this.sendFailures.shift();
    if (failure) {
      const headers: Record<string, string> = {};
      if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
      return json(
        res,
        failure.status,
        { code: failure.code, message: failure.message ?? failure.code },
        headers,
      );
    }
    if (!query.chat_id && !query.user_id) {
      return json(res, 400, { code: 'proto.payload', message: 'chat_id or user_id' });
    }
    const attachments = Array.isArray(body.attachments)
      ? (body.attachments as Array<{ type: string; payload: Record<string, unknown> }>)
      : [];
    const buttons: MaxSentMessage['buttons'] = [];
    const others: MaxSentMessage['attachments'] = [];
    const files: MaxStandInFile[] = [];
    for (const a of attachments) {
      if (a.type === 'inline_keyboard') {
        const rows = (a.payload?.buttons ?? []) as Array<Array<Record<string, unknown>>>;
        for (const row of rows) {
          buttons.push(row.map((b) => ({ text: String(b.text), payload: String(b.payload) })));
        }
        continue;
      }
      others.push(a);
      const token = uploadToken(a);
      if (token === null) continue;
      const file = this.uploads.get(token);
      if (!file) return json(res, 400, { code: 'attachment.invalid', message: 'unknown token' });
      files.push(file);
    }
    if (files.length > 0 && this.attachmentNotReady > 0) {
      this.attachmentNotReady -= 1;
      return json(res, 400, {
        code: 'attachment.not.ready',
        message: 'Key: errors.process.attachment.file.not.processed',
      });
    }
    const mid = `mid.${randomUUID()}`;
    this.sent.push({
      chatId: query.chat_id ?? null,
      userId: query.user_id ?? null,
      text: typeof body.text === 'string' ? body.text : null,
      buttons,
      attachments: others,
      files,
      mid,
    });
    this.seq += 1;
    return json(res, 200, {
      message: {
        recipient: { chat_id: query.chat_id ? Number(query.chat_id) : null, chat_type: 'dialog' },
        timestamp: Date.now(),
        body: { mid, seq: this.seq, text: body.text ?? null, attachments },
      },
    });
  }

  private async getUpdates(query: Record<string, string>, res: http.ServerResponse): Promise<void> {
    const from = query.marker ? Number(query.marker) : 0;
    const limit = query.limit ? Number(query.limit) : 100;
    const timeout = Math.min(query.timeout ? Number(query.timeout) : 30, 90);
    if (this.updates.length <= from && timeout > 0) {
      // Long polling: hold the request until an update is queued or the timeout passes.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeout * 1000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const batch = this.updates.slice(from, from + limit);
    return json(res, 200, { updates: batch, marker: from + batch.length });
  }

  private serveFile(idAndRest: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    const id = idAndRest.split('?')[0];
    this.downloads.push({ id, authorization: req.headers.authorization });
    const file = this.files.get(id);
    if (!file) {
      res.writeHead(404);
      res.end();
      return;
    }
    const headers: Record<string, string> = {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    };
    if (!file.chunked) headers['content-length'] = String(file.bytes.length);
    res.writeHead(200, headers);
    if (!file.chunked) {
      res.end(file.bytes);
      return;
    }
    // Several writes without a length: transfer-encoding chunked.
    const step = 4096;
    for (let i = 0; i < file.bytes.length; i += step) res.write(file.bytes.subarray(i, i + step));
    res.end();
  }

  private acceptUpload(
    id: string,
    req: http.IncomingMessage,
    body: Buffer,
    res: http.ServerResponse,
  ): void {
    const type = this.pendingUploads.get(id);
    if (!type) return json(res, 404, { code: 'not.found', message: 'upload' });
    const part = parseMultipart(req.headers['content-type'] ?? '', body);
    if (!part) return json(res, 400, { code: 'proto.payload', message: 'multipart field data' });
    this.pendingUploads.delete(id);
    const token = `up-${randomUUID()}`;
    this.uploads.set(token, part);
    // MAX answers an image upload with `photos` and a file upload with `token`.
    if (type === 'image') return json(res, 200, { photos: { [`p${id.slice(0, 6)}`]: { token } } });
    return json(res, 200, { token });
  }
}

function uploadToken(a: { type: string; payload: Record<string, unknown> }): string | null {
  if (typeof a.payload?.token === 'string') return a.payload.token;
  const photos = a.payload?.photos as Record<string, { token?: string }> | undefined;
  if (photos) {
    const first = Object.values(photos)[0];
    if (first && typeof first.token === 'string') return first.token;
  }
  return null;
}

function json(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function readAll(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The `data` field of a multipart/form-data body (enough for one file part). */
function parseMultipart(contentType: string, body: Buffer): MaxStandInFile | null {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) return null;
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const head = part.subarray(0, headerEnd).toString('utf8');
      if (/name="data"/i.test(head)) {
        const fileName = /filename\*?=(?:UTF-8'')?"?([^";\r\n]+)"?/i.exec(head)?.[1] ?? 'file';
        const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream';
        return {
          fileName: decodeURIComponent(fileName),
          contentType: type.trim(),
          bytes: Buffer.from(part.subarray(headerEnd + 4)),
        };
      }
    }
    pos = next;
  }
  return null;
}
