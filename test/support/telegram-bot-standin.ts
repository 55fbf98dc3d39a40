import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message the bot sent, as the stand-in received it. */
export interface SentTelegramMessage {
  method: string;
  chatId: string;
  text?: string;
  buttons?: { text: string; callback_data: string }[][];
  fileName?: string;
}

type Failure = { status: number; retryAfter?: number };

/**
 * A stand-in for the Telegram Bot API on 127.0.0.1 (issue 24): the subset the provider uses —
 * sendMessage (inline keyboards), sendPhoto/sendDocument (multipart), answerCallbackQuery,
 * getFile and `/file/bot<token>/<path>`, setWebhook, getUpdates with an offset. Failures are
 * scripted: `failNext(500 | 429 | 403)` fails the next send.
 */
export class TelegramBotStandin {
  readonly sent: SentTelegramMessage[] = [];
  readonly callbacksAnswered: string[] = [];
  readonly calls: string[] = [];
  webhook: { url: string; secretToken?: string } | null = null;
  private readonly failures: Failure[] = [];
  private readonly files = new Map<string, { path: string; content: Buffer }>();
  private readonly queued: Record<string, unknown>[] = [];
  private server: Server | null = null;
  url = '';

  constructor(readonly token = '123456:TEST-token') {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** The next send (sendMessage, sendPhoto, sendDocument) fails with this status. */
  failNext(status: number, retryAfter?: number): void {
    this.failures.push({ status, retryAfter });
  }

  addFile(fileId: string, content: Buffer, path = `photos/${fileId}.jpg`): void {
    this.files.set(fileId, { path, content });
  }

  /** An update for getUpdates (the polling fallback). */
  queueUpdate(update: Record<string, unknown>): void {
    this.queued.push(update);
  }

  messagesTo(chatId: string): SentTelegramMessage[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const filePrefix = `/file/bot${this.token}/`;
    if (req.method === 'GET' && url.pathname.startsWith(filePrefix)) {
      const path = url.pathname.slice(filePrefix.length);
      const file = [...this.files.values()].find((f) => f.path === path);
      if (!file) return this.reply(res, 404, { ok: false, error_code: 404 });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(file.content);
      return;
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!m || m[1] !== this.token) {
      return this.reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    const method = m[2];
    this.calls.push(method);
    const raw = await readBody(req);
    const type = req.headers['content-type'] ?? '';
    const body: Record<string, unknown> = type.startsWith('application/json')
      ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>)
      : multipartFields(raw, type);
    if (['sendMessage', 'sendPhoto', 'sendDocument'].includes(method)) {
      const failure = this.failures.shift();
      if (failure) {
        return this.reply(res, failure.status, {
          ok: false,
          error_code: failure.status,
          description: 'scripted failure',
          ...(failure.retryAfter !== undefined
            ? { parameters: { retry_after: failure.retryAfter } }
            : {}),
        });
      }
      const markup = body.reply_markup as
        { inline_keyboard: { text: string; callback_data: string }[][] } | undefined;
      this.sent.push({
        method,
        chatId: String(body.chat_id),
        ...(typeof body.text === 'string' ? { text: body.text } : {}),
        ...(markup ? { buttons: markup.inline_keyboard } : {}),
        ...(typeof body.fileName === 'string' ? { fileName: body.fileName } : {}),
      });
      return this.reply(res, 200, { ok: true, result: { message_id: this.sent.length } });
    }
    switch (method) {
      case 'answerCallbackQuery':
        this.callbacksAnswered.push(String(body.callback_query_id));
        return this.reply(res, 200, { ok: true, result: true });
      case 'getFile': {
        const f = this.files.get(String(body.file_id));
        if (!f) return this.reply(res, 400, { ok: false, error_code: 400 });
        return this.reply(res, 200, {
          ok: true,
          result: { file_id: body.file_id, file_size: f.content.length, file_path: f.path },
        });
      }
      case 'setWebhook':
        this.webhook = {
          url: String(body.url),
          ...(typeof body.secret_token === 'string' ? { secretToken: body.secret_token } : {}),
        };
        return this.reply(res, 200, { ok: true, result: true });
      case 'getUpdates': {
        const offset = typeof body.offset === 'number' ? body.offset : 0;
        const result = this.queued.filter((u) => (u.update_id as number) >= offset);
        return this.reply(res, 200, { ok: true, result });
      }
      default:
        return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    }
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The text fields of a multipart body, and the file part's name as `fileName` (enough here). */
function multipartFields(raw: Buffer, type: string): Record<string, unknown> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (!boundary) return {};
  const out: Record<string, unknown> = {};
  for (const part of raw.toString('latin1').split(`--${boundary[1] ?? boundary[2]}`)) {
    const name = /name="([^"]+)"/.exec(part);
    if (!name) continue;
    const file = /filename="([^"]*)"/.exec(part);
    if (file) {
      out.fileName = Buffer.from(file[1], 'latin1').toString('utf8');
      continue;
    }
    const value = part.split('\r\n\r\n')[1]?.replace(/\r\n$/, '');
    if (value !== undefined) out[name[1]] = Buffer.from(value, 'latin1').toString('utf8');
  }
  return out;
}
