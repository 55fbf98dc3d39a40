/**
 * The messenger bots (issue 24, docs/integrations/messengers.md): one block per provider, on
 * when its token is set. Parsed here, like the organisation's requisites, so the main config
 * keeps one line for it.
 */
export interface MessengerProviderConfig {
  token: string;
  /** The webhook's shared secret (Telegram `secret_token`, MAX subscription `secret`). */
  webhookSecret: string | null;
  /** The Bot API's base URL, no trailing slash (a test points it at a stand-in). */
  apiUrl: string;
}

export interface MessengerConfig {
  telegram: MessengerProviderConfig | null;
  max: MessengerProviderConfig | null;
  /** A dialogue idle this long starts over (MESSENGER_DIALOGUE_IDLE_MINUTES). */
  dialogueIdleMinutes: number;
  /**
   * `webhook` (default): updates arrive at POST /intake/messenger/{provider}. `polling`: the
   * `messenger-poll` job asks the providers (Telegram getUpdates, MAX /updates), for an
   * installation without a public URL.
   */
  mode: 'webhook' | 'polling';
  pollIntervalSeconds: number;
  /** Send attempts of a notice to a chat before it fails for good (transient failures). */
  maxAttempts: number;
}

type Env = Record<string, string | undefined>;

const SECRET = /^[A-Za-z0-9_-]{1,256}$/;

export function parseMessengerConfig(
  env: Env,
  problems: string[],
  int: (key: string, fallback: number, min: number, max: number) => number,
): MessengerConfig {
  const mode = env.MESSENGER_MODE || 'webhook';
  if (mode !== 'webhook' && mode !== 'polling') {
    problems.push(`MESSENGER_MODE must be webhook or polling, got "${mode}"`);
  }
  const provider = (prefix: 'TELEGRAM' | 'MAX', defaultUrl: string) => {
    const token = env[`${prefix}_BOT_TOKEN`] || null;
    const secret = env[`${prefix}_WEBHOOK_SECRET`] || null;
    const apiUrl = (env[`${prefix}_API_URL`] || defaultUrl).replace(/\/+$/, '');
    if (!/^https?:\/\//.test(apiUrl)) problems.push(`${prefix}_API_URL must be an http(s) URL`);
    if (secret !== null && !SECRET.test(secret)) {
      // Telegram's own limits on secret_token: 1–256 of A-Z, a-z, 0-9, _ and -.
      problems.push(`${prefix}_WEBHOOK_SECRET must be 1–256 characters of A-Z a-z 0-9 _ -`);
    }
    if (token === null) return null;
    if (mode !== 'polling' && secret === null) {
      // An unauthenticated webhook would let anyone register appeals in a citizen's name.
      problems.push(
        `${prefix}_WEBHOOK_SECRET must be set when ${prefix}_BOT_TOKEN is (webhook mode)`,
      );
    }
    return { token, webhookSecret: secret, apiUrl };
  };
  return {
    telegram: provider('TELEGRAM', 'https://api.telegram.org'),
    max: provider('MAX', 'https://platform-api2.max.ru'),
    dialogueIdleMinutes: int('MESSENGER_DIALOGUE_IDLE_MINUTES', 30, 1, 7 * 24 * 60),
    mode: mode === 'polling' ? 'polling' : 'webhook',
    pollIntervalSeconds: int('MESSENGER_POLL_INTERVAL_SECONDS', 5, 1, 3600),
    maxAttempts: int('MESSENGER_MAX_ATTEMPTS', 10, 1, 100),
  };
}
