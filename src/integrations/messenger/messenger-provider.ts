/*
 * The one interface a messenger provider (MAX, Telegram) implements for the `messenger` channel
 * (issue 24). The dialogue, the outbox and the webhooks know only this; each provider maps its
 * Bot API to it. Providers are plain classes configured from AppConfig; tests point `apiUrl` at
 * a stand-in Bot API server on 127.0.0.1.
 */

export type MessengerProviderCode = 'max' | 'telegram';

/** A photo or document in an incoming message, fetched later through the provider's file API. */
export interface IncomingFileRef {
  /** Telegram `file_id`; MAX: the attachment's `payload.token` or URL. */
  fileId: string;
  fileName?: string;
  mimeType?: string;
  size?: number;
  /** MAX gives a direct download URL in the attachment payload. */
  url?: string;
}

/** One provider update, normalised. */
export interface IncomingUpdate {
  /** Unique per provider (Telegram `update_id`; MAX: `timestamp`+message id or the callback id). */
  updateId: string;
  chatId: string;
  /** The person (Telegram `from.id`, MAX `user.user_id`). */
  userId?: string;
  /** Display name the messenger gives (not a verified name). */
  senderName?: string;
  /** `start`: the bot was started (Telegram `/start`, MAX `bot_started`). */
  kind: 'text' | 'callback' | 'start' | 'other';
  text?: string;
  /** Button payload of a `callback` update. */
  callbackData?: string;
  /** Id to acknowledge a button press with (Telegram `callback_query.id`, MAX `callback_id`). */
  callbackId?: string;
  files: IncomingFileRef[];
  receivedAt: Date;
}

/** A button row list: each inner array is one row of inline buttons. */
export type InlineButtons = ReadonlyArray<ReadonlyArray<{ text: string; data: string }>>;

export interface OutgoingFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMessage {
  chatId: string;
  text: string;
  buttons?: InlineButtons;
  files?: readonly OutgoingFile[];
}

/**
 * Why a send failed. `blocked`: the person blocked the bot or left (Telegram 403, MAX
 * `chat.denied`/403) — final, the notice falls back to another reply address. `rate_limited`:
 * 429, retry after `retryAfterSeconds`. `transient`: network, 5xx — retried. `permanent`: any
 * other refusal — final.
 */
export type MessengerSendFailure = 'blocked' | 'rate_limited' | 'transient' | 'permanent';

export class MessengerSendError extends Error {
  constructor(
    readonly failure: MessengerSendFailure,
    /** Codes only, never message content. */
    readonly detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${failure}: ${detail}`);
    this.name = 'MessengerSendError';
  }
}

export interface MessengerProvider {
  readonly code: MessengerProviderCode;
  /** True when the webhook request carries the configured secret (constant-time compare). */
  verifyWebhook(headers: Readonly<Record<string, string | string[] | undefined>>): boolean;
  /** The updates in one webhook body (unknown update types become `kind: 'other'`). */
  parseWebhook(body: unknown): IncomingUpdate[];
  /** Long-polling fallback (Telegram `getUpdates` offset, MAX `marker`); `cursor` is opaque. */
  poll(cursor: string | null): Promise<{ updates: IncomingUpdate[]; cursor: string | null }>;
  /** Sends one message (text, buttons, then its files); throws MessengerSendError. */
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
  /** Acknowledges a button press so the client stops its spinner. */
  answerCallback(callbackId: string): Promise<void>;
  /** Downloads an incoming file; refuses (throws) over `maxBytes` without reading it all. */
  downloadFile(
    ref: IncomingFileRef,
    maxBytes: number,
  ): Promise<{ content: Buffer; fileName: string }>;
  /** Points the provider's webhook at `url` with the secret (Telegram setWebhook, MAX subscriptions). */
  setWebhook(url: string): Promise<void>;
}
