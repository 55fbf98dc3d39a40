import { timingSafeEqual } from 'node:crypto';
import {
  MessengerSendError,
  type IncomingFileRef,
  type IncomingUpdate,
  type MessengerProvider,
  type OutgoingMessage,
} from '../messenger-provider';

export interface TelegramOptions {
  token: string;
  webhookSecret: string | null;
  apiUrl: string;
  timeoutMs?: number;
}

/** Telegram's own limit on a message's text (Bot API, sendMessage). */
export const TELEGRAM_TEXT_LIMIT = 4096;

interface TgFile {
  file_id: string;
  file_unique_id?: string;
  file_size?: number;
  file_name?: string;
  mime_type?: string;
}
interface TgMessage {
  message_id: number;
  date?: number;
  chat: { id: number | string };
  from?: { id: number; first_name?: string; last_name?: string };
  text?: string;
  caption?: string;
  photo?: TgFile[];
  document?: TgFile;
}
export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  callback_query?: {
    id: string;
    from: { id: number; first_name?: string };
    data?: string;
    message?: TgMessage;
  };
}
interface TgAnswer<T> {
  ok: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/**
 * The Telegram Bot API over plain HTTP (https://core.telegram.org/bots/api): sendMessage with
 * inline keyboards, sendPhoto/sendDocument (multipart), getFile and the file download,
 * setWebhook with `secret_token`, getUpdates with an offset as the fallback. 429 carries
 * `parameters.retry_after`; 403 means the person blocked the bot.
 */
export class TelegramProvider implements MessengerProvider {
  readonly code = 'telegram' as const;
  private readonly timeoutMs: number;

  constructor(private readonly options: TelegramOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  verifyWebhook(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
    const expected = this.options.webhookSecret;
    const given = headers['x-telegram-bot-api-secret-token'];
    if (!expected || typeof given !== 'string') return false;
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  parseWebhook(body: unknown): IncomingUpdate[] {
    if (!body || typeof body !== 'object' || typeof (body as TgUpdate).update_id !== 'number') {
      return [];
    }
    const u = normalizeUpdate(body as TgUpdate);
    return u ? [u] : [];
  }

  async poll(cursor: string | null): Promise<{ updates: IncomingUpdate[]; cursor: string | null }> {
    const raw = await this.call<TgUpdate[]>('getUpdates', {
      ...(cursor ? { offset: Number(cursor) } : {}),
      timeout: 0,
      allowed_updates: ['message', 'callback_query'],
    });
    const last = raw.reduce((m, u) => Math.max(m, u.update_id), -1);
    return {
      updates: raw.map(normalizeUpdate).filter((u): u is IncomingUpdate => u !== null),
      cursor: last >= 0 ? String(last + 1) : cursor,
    };
  }

  async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    let first: string | null = null;
    const parts = splitText(message.text, TELEGRAM_TEXT_LIMIT);
    for (const [i, text] of parts.entries()) {
      const last = i === parts.length - 1;
      const sent = await this.call<{ message_id: number }>('sendMessage', {
        chat_id: message.chatId,
        text,
        ...(last && message.buttons && message.buttons.length > 0
          ? {
              reply_markup: {
                inline_keyboard: message.buttons.map((row) =>
                  row.map((b) => ({ text: b.text, callback_data: b.data })),
                ),
              },
            }
          : {}),
      });
      first ??= String(sent.message_id);
    }
    for (const file of message.files ?? []) {
      const photo = /^image\/(jpeg|png)$/.test(file.contentType);
      const form = new FormData();
      form.append('chat_id', message.chatId);
      form.append(
        photo ? 'photo' : 'document',
        new Blob([new Uint8Array(file.content)], { type: file.contentType }),
        file.fileName,
      );
      await this.call(photo ? 'sendPhoto' : 'sendDocument', form);
    }
    return { messageId: first ?? '' };
  }

  async answerCallback(callbackId: string): Promise<void> {
    await this.call('answerCallbackQuery', { callback_query_id: callbackId });
  }

  async downloadFile(
    ref: IncomingFileRef,
    maxBytes: number,
  ): Promise<{ content: Buffer; fileName: string }> {
    if (ref.size !== undefined && ref.size > maxBytes) throw tooLarge();
    const file = await this.call<{ file_path?: string; file_size?: number }>('getFile', {
      file_id: ref.fileId,
    });
    if (!file.file_path) throw new MessengerSendError('permanent', 'file_unavailable');
    if (file.file_size !== undefined && file.file_size > maxBytes) throw tooLarge();
    let res: Response;
    try {
      res = await fetch(`${this.options.apiUrl}/file/bot${this.options.token}/${file.file_path}`, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new MessengerSendError('transient', 'network');
    }
    if (!res.ok || !res.body) throw new MessengerSendError('transient', `download_${res.status}`);
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge();
      chunks.push(Buffer.from(chunk));
    }
    const name = ref.fileName ?? file.file_path.split('/').pop() ?? 'file';
    return { content: Buffer.concat(chunks), fileName: name };
  }

  async setWebhook(url: string): Promise<void> {
    await this.call('setWebhook', {
      url,
      ...(this.options.webhookSecret ? { secret_token: this.options.webhookSecret } : {}),
      allowed_updates: ['message', 'callback_query'],
    });
  }

  /** One Bot API method; failures as MessengerSendError (codes only, never the token or text). */
  private async call<T = unknown>(
    method: string,
    body: Record<string, unknown> | FormData,
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.options.apiUrl}/bot${this.options.token}/${method}`, {
        method: 'POST',
        ...(body instanceof FormData
          ? { body }
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new MessengerSendError('transient', `${method}:network`);
    }
    let answer: TgAnswer<T> | null = null;
    try {
      answer = (await res.json()) as TgAnswer<T>;
    } catch {
      answer = null;
    }
    if (res.ok && answer?.ok) return answer.result as T;
    const code = answer?.error_code ?? res.status;
    const detail = `${method}:${code}`;
    if (code === 429) {
      throw new MessengerSendError('rate_limited', detail, answer?.parameters?.retry_after ?? 1);
    }
    if (code === 403) throw new MessengerSendError('blocked', detail);
    if (code >= 500) throw new MessengerSendError('transient', detail);
    throw new MessengerSendError('permanent', detail);
  }
}

const tooLarge = () => new MessengerSendError('permanent', 'file_too_large');

function filesOf(m: TgMessage): IncomingFileRef[] {
  if (m.photo && m.photo.length > 0) {
    // Telegram sends every size; the last is the largest.
    const p = m.photo[m.photo.length - 1];
    return [
      {
        fileId: p.file_id,
        fileName: `photo_${p.file_unique_id ?? m.message_id}.jpg`,
        mimeType: 'image/jpeg',
        ...(p.file_size !== undefined ? { size: p.file_size } : {}),
      },
    ];
  }
  if (m.document) {
    const d = m.document;
    return [
      {
        fileId: d.file_id,
        fileName: d.file_name ?? `document_${m.message_id}`,
        ...(d.mime_type ? { mimeType: d.mime_type } : {}),
        ...(d.file_size !== undefined ? { size: d.file_size } : {}),
      },
    ];
  }
  return [];
}

export function normalizeUpdate(u: TgUpdate): IncomingUpdate | null {
  if (u.callback_query) {
    const cq = u.callback_query;
    if (!cq.message) return null;
    return {
      updateId: String(u.update_id),
      chatId: String(cq.message.chat.id),
      userId: String(cq.from.id),
      kind: 'callback',
      callbackData: cq.data ?? '',
      callbackId: cq.id,
      files: [],
      receivedAt: new Date(),
    };
  }
  const m = u.message;
  if (!m) return null;
  const text = m.text ?? m.caption;
  const files = filesOf(m);
  return {
    updateId: String(u.update_id),
    chatId: String(m.chat.id),
    ...(m.from ? { userId: String(m.from.id) } : {}),
    ...(m.from?.first_name ? { senderName: m.from.first_name } : {}),
    kind: text?.trim().startsWith('/start')
      ? 'start'
      : text !== undefined || files.length > 0
        ? 'text'
        : 'other',
    ...(text !== undefined ? { text } : {}),
    files,
    receivedAt: m.date ? new Date(m.date * 1000) : new Date(),
  };
}

/** Splits a long text at line breaks where it can, each part at most `limit` characters. */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = rest.lastIndexOf('\n', limit);
    const at = cut > limit / 2 ? cut : limit;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  parts.push(rest);
  return parts;
}
