import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULES, ruleSettingKey, type RuleName } from '../rules/rule-registry';
import type { RuleSetting } from '../rules/rule.types';
import { isRegionCode, type RegionCode } from '../sla/regions';
import { parseTopicKinds, type TopicKinds } from '../integrations/gis-zhkh/gis-topic-kinds';
import {
  parseGisGatewayConfig,
  parseGisSignerConfig,
  type GisGatewayConfig,
  type GisSignerConfig,
} from './gis-signer-config';
import { parseOrganization, type OrganizationConfig } from './organization';
import { parseMessengerConfig, type MessengerConfig } from './messenger-config';
import { parseQualityConfig, type QualityConfig } from './quality-config';

/** Typed configuration, read from the environment once at start (fail fast, list every bad key). */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  /** Unset: an embedded PostgreSQL is started (see src/database/embedded-postgres.ts). */
  databaseUrl: string | undefined;
  embeddedPg: { dataDir: string; port: number };
  bootstrapAdmin: { login: string; password: string | undefined };
  jwt: {
    /**
     * HS256 secret of staff tokens: JWT_SECRET, or null until bootstrap reads or creates
     * `secretFile` (src/config/jwt-secret.ts). There is no built-in secret (issue 17).
     */
    secret: string | null;
    /** Where the generated secret is kept when JWT_SECRET is unset; null when it is set. */
    secretFile: string | null;
    ttlSeconds: number;
  };
  timeZone: string;
  smtpUrl: string | undefined;
  regNumberTemplate: string;
  letterNumberTemplate: string;
  /** The letterhead of the print forms (ORG_*; src/config/organization.ts). */
  organization: OrganizationConfig;
  /** The messenger bots (issue 24; src/config/messenger-config.ts). */
  messenger: MessengerConfig;
  /** Quality-violation reports (issue 23; src/config/quality-config.ts). */
  quality: QualityConfig;
  /** maxAttachmentBytes: the most an e-mail notice's files may weigh together (answer files). */
  mail: { from: string; maxAttempts: number; maxAttachmentBytes: number };
  bodyLimit: string;
  /** Express 'trust proxy': set behind a reverse proxy so rate limits see client addresses. */
  trustProxy: string | false;
  /**
   * Strict-Transport-Security max-age, seconds; 0 sends none: only a deployment knows that it is
   * reached over TLS alone, and HSTS on a plain-HTTP origin locks browsers out of it.
   */
  hstsMaxAgeSeconds: number;
  importBodyLimit: string;
  logLevel: string;
  defaultDepartmentCode: string;
  login: {
    rateLimitPerMinute: number;
    /**
     * Attempts in a row without a success, from any address, after which a login is locked
     * (issue 17); each further series of as many locks it again for twice as long.
     */
    accountMaxFailures: number;
    accountLockSeconds: number;
    accountMaxLockSeconds: number;
  };
  intake: { rateLimitPerMinute: number };
  /**
   * Registrations of this instance that may wait for the year's counter in PostgreSQL at once;
   * the rest wait here (issue 10: a long queue of backends on one row lock costs PostgreSQL CPU
   * per hand-over without adding throughput — docs/benchmarks.md).
   */
  numbering: { concurrency: number };
  /**
   * Where the rate limits count: `postgres` (default) shares the counters between instances,
   * `memory` keeps them per process (a single instance; N instances allow N times the limit).
   */
  rateLimitStore: 'postgres' | 'memory';
  /**
   * How long an instance trusts an API key it looked up (0 = every request asks PostgreSQL).
   * Revocation is immediate on the instance that revokes, within this many seconds elsewhere.
   */
  apiKeys: { cacheSeconds: number };
  attachments: { maxFileBytes: number; maxFiles: number };
  rules: RulesConfig;
  scheduler: {
    /** Off in tests, which run jobs on demand. */
    enabled: boolean;
    slaSweepIntervalSeconds: number;
    notificationsIntervalSeconds: number;
  };
  /** Default warning ladder, working days before the due date (a policy may set its own). */
  slaWarnDaysBefore: number[];
  /** The ladder of the seven-day clocks (59-ФЗ ст. 8 ч. 3, ст. 11), working days before. */
  slaClockWarnDaysBefore: number[];
  /** The production calendar (issue 19, docs/sla.md). */
  calendar: {
    /** The organisation's region (ISO 3166-2:RU): its overlay's days off count; null: none. */
    region: RegionCode | null;
    /** Appeals a calendar change recomputes per read-and-write round in its transaction. */
    recomputeBatch: number;
    /** How often the `calendar-check` job looks for missing years (default daily). */
    checkIntervalSeconds: number;
  };
  /** Personal reception by appointment (issue 22, docs/reception.md). */
  reception: {
    /** Active (booked, not yet held) bookings one applicant may hold at once. */
    maxActiveBookings: number;
    /** How often the `reception-reminders` job looks for tomorrow's bookings. */
    reminderIntervalSeconds: number;
  };
  instanceId: string;
  /** GET /metrics: with a token, only `Authorization: Bearer <token>` may scrape. */
  metrics: { token: string | null };
  shutdown: {
    /** How long in-flight requests and a running job may take after SIGTERM. */
    timeoutMs: number;
    /** /health/ready answers 503 this long before the listener closes (load balancer catch-up). */
    readinessDelayMs: number;
  };
  email: {
    /** Our own address: mail from it is a loop and is ignored. */
    mailbox: string | null;
    /** The largest raw message POST /intake/email accepts. */
    maxMessageBytes: string;
    /** imap(s)://user:password@host:port — unset: no polling. */
    imapUrl: string | null;
    imapFolder: string;
    /** Where processed messages are moved; null: they are only flagged \\Seen. */
    imapProcessedFolder: string | null;
    pollIntervalSeconds: number;
    /**
     * Transient failures of one message (retried with a growing wait) before the poller sets it
     * aside for a person, as it does at once with a message that can never be registered.
     */
    imapMaxAttempts: number;
  };
  gis: {
    /** The AppealsAsync endpoint (behind the ГОСТ TLS gateway) — unset: no sync. */
    endpoint: string | null;
    orgPPAGUID: string | null;
    /** AnswererGUID for actions of the organisation and of staff not mapped to ГИС employees. */
    answererGuid: string | null;
    syncIntervalSeconds: number;
    /** getState polling waits, ms. */
    pollBackoffMs: number[];
    /** How far back the first export looks, days. */
    initialWindowDays: number;
    requestTimeoutMs: number;
    /** НСИ 220 code → the kind of an imported appeal (GIS_ZHKH_TOPIC_KINDS); unmapped: statement. */
    topicKinds: TopicKinds;
    /**
     * The REST file store (`…/ext-bus-file-store-service/rest`, no trailing slash); null without
     * an endpoint. Default: the endpoint's origin, as ГИС ЖКХ and its gateways publish both.
     */
    fileStoreUrl: string | null;
    /** The file store context of the appeals subsystem (Альбом ТФФ, перечень контекстов). */
    fileContext: string;
    /** The ГОСТ hash of AttachmentHASH (GIS_ZHKH_ATTACHMENT_HASH): gost2012 (default) or gost94. */
    attachmentHash: 'gost2012' | 'gost94';
    /** GIS_ZHKH_SIGNER and its key, certificate or service (./gis-signer-config.ts). */
    signer: GisSignerConfig;
    /** Headers and TLS files of the ГОСТ TLS gateway connection. */
    gateway: GisGatewayConfig;
    /**
     * Validate every outgoing message against the XSD before signing (GIS_ZHKH_VALIDATE_OUTGOING,
     * default true); false only in an emergency (docs/integrations/gis-zhkh.md).
     */
    validateOutgoing: boolean;
    /**
     * OrgRegistryCommonAsync (exportOrgRegistry); null without an endpoint. Default: the
     * endpoint's origin with the WSDL's path.
     */
    orgRegistryEndpoint: string | null;
    /** Cached registry entries older than this are fetched again when next needed. */
    orgCacheDays: number;
  };
}

export interface RulesConfig {
  verdicts: Record<RuleName, RuleSetting>;
  /** pg_trgm similarity at or above which two texts are "the same question". */
  similarityThreshold: number;
  /** How far back earlier appeals of the same applicant are compared. */
  lookbackDays: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Tests never persist a secret: one random secret per process serves every app of a test run.
 * Created on first use, so loading a non-test configuration draws no randomness.
 */
let testJwtSecret: string | undefined;

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const str = (key: string, fallback: string): string => {
    const v = env[key];
    return v === undefined || v === '' ? fallback : v;
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const raw = env[key];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${key} must be an integer in [${min}, ${max}], got "${raw}"`);
      return fallback;
    }
    return n;
  };

  const nodeEnv = str('NODE_ENV', 'development');
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const embeddedPgDir = path.resolve(str('EMBEDDED_PG_DIR', '.data/postgres'));
  // Issue 17: a default secret in the source signs tokens anyone can forge. Unset, the secret is
  // generated once and kept beside the embedded data (one installation, one secret); instances
  // sharing an external database in production must share one, so there it must be given.
  let jwtSecret: string | null = env.JWT_SECRET || null;
  let jwtSecretFile: string | null = null;
  if (jwtSecret === null) {
    if (nodeEnv === 'test') {
      jwtSecret = testJwtSecret ??= randomBytes(48).toString('base64url');
    } else if (nodeEnv === 'production' && databaseUrl) {
      problems.push(
        'JWT_SECRET must be set in production with DATABASE_URL (every instance must sign with the same secret)',
      );
    } else {
      jwtSecretFile = path.join(path.dirname(embeddedPgDir), 'jwt-secret');
    }
  } else if (nodeEnv === 'production' && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be a random string of at least 32 characters in production');
  }
  const timeZone = str('APP_TIMEZONE', 'Europe/Moscow');
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
  } catch {
    problems.push(`APP_TIMEZONE must be an IANA time zone, got "${timeZone}"`);
  }
  const regNumberTemplate = str('REG_NUMBER_TEMPLATE', '{year}-{seq:6}');
  if (!regNumberTemplate.includes('{seq')) {
    problems.push('REG_NUMBER_TEMPLATE must contain {seq} or {seq:N}');
  }
  const size = (key: string, fallback: string): string => {
    const v = str(key, fallback);
    if (!/^\d+(b|kb|mb)$/i.test(v)) problems.push(`${key} must look like 512kb or 1mb, got "${v}"`);
    return v;
  };
  const bodyLimit = size('BODY_LIMIT', '1mb');
  const importBodyLimit = size('IMPORT_BODY_LIMIT', '50mb');
  const threshold = Number(str('DUPLICATE_SIMILARITY_THRESHOLD', '0.6'));
  if (!(threshold > 0 && threshold <= 1)) {
    problems.push('DUPLICATE_SIMILARITY_THRESHOLD must be a number in (0, 1]');
  }
  const rateLimitStore = str('RATE_LIMIT_STORE', 'postgres');
  if (rateLimitStore !== 'postgres' && rateLimitStore !== 'memory') {
    problems.push(`RATE_LIMIT_STORE must be postgres or memory, got "${rateLimitStore}"`);
  }
  const loginLock = int('LOGIN_ACCOUNT_LOCK_SECONDS', 60, 1, 86400);
  const loginMaxLock = int('LOGIN_ACCOUNT_MAX_LOCK_SECONDS', 3600, 1, 7 * 86400);
  if (loginMaxLock < loginLock) {
    problems.push(
      'LOGIN_ACCOUNT_MAX_LOCK_SECONDS must not be less than LOGIN_ACCOUNT_LOCK_SECONDS',
    );
  }
  const trustRaw = str('TRUST_PROXY', 'false');
  const trustProxy: string | false = trustRaw === 'false' ? false : trustRaw;
  if (trustProxy && !/^(true|\d+|[\w.:/, -]+)$/.test(trustProxy)) {
    problems.push('TRUST_PROXY must be true, false, a hop count or a list of addresses');
  }
  const schedulerRaw = str('SCHEDULER_ENABLED', nodeEnv === 'test' ? 'false' : 'true');
  if (schedulerRaw !== 'true' && schedulerRaw !== 'false') {
    problems.push(`SCHEDULER_ENABLED must be true or false, got "${schedulerRaw}"`);
  }
  const letterTemplate = str('LETTER_NUMBER_TEMPLATE', 'ИСХ-{year}-{seq:6}');
  if (!letterTemplate.includes('{seq'))
    problems.push('LETTER_NUMBER_TEMPLATE must contain {seq} or {seq:N}');
  const ladderRaw = str('SLA_WARN_DAYS_BEFORE', '5,2,1');
  const ladder = ladderRaw.split(',').map((x) => Number(x.trim()));
  const clockLadderRaw = str('SLA_CLOCK_WARN_DAYS_BEFORE', '2,1');
  const clockLadder = clockLadderRaw.split(',').map((x) => Number(x.trim()));
  if (clockLadder.some((d) => !Number.isInteger(d) || d < 1 || d > 6)) {
    problems.push(
      'SLA_CLOCK_WARN_DAYS_BEFORE must be a comma-separated list of days 1–6, e.g. 2,1',
    );
  }
  if (ladder.some((d) => !Number.isInteger(d) || d < 1 || d > 60)) {
    problems.push('SLA_WARN_DAYS_BEFORE must be a comma-separated list of days, e.g. 5,2,1');
  }
  if (env.IMAP_URL && !/^imaps?:\/\//.test(env.IMAP_URL))
    problems.push('IMAP_URL must be imap:// or imaps://');
  if (env.GIS_ZHKH_ENDPOINT && !/^https?:\/\//.test(env.GIS_ZHKH_ENDPOINT)) {
    problems.push('GIS_ZHKH_ENDPOINT must be an http(s) URL');
  }
  if (
    env.GIS_ZHKH_ANSWERER_GUID &&
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(
      env.GIS_ZHKH_ANSWERER_GUID,
    )
  ) {
    problems.push('GIS_ZHKH_ANSWERER_GUID must be a GUID');
  }
  if (env.GIS_ZHKH_ENDPOINT && !env.GIS_ZHKH_ORG_PPA_GUID) {
    problems.push('GIS_ZHKH_ORG_PPA_GUID is required with GIS_ZHKH_ENDPOINT');
  }
  const gisGateway = parseGisGatewayConfig(env, problems);
  const gisValidateRaw = str('GIS_ZHKH_VALIDATE_OUTGOING', 'true');
  if (gisValidateRaw !== 'true' && gisValidateRaw !== 'false') {
    problems.push(`GIS_ZHKH_VALIDATE_OUTGOING must be true or false, got "${gisValidateRaw}"`);
  }
  const gisSigner = parseGisSignerConfig(env, env.GIS_ZHKH_ENDPOINT || null, gisGateway, problems);
  const topicKinds = parseTopicKinds(env.GIS_ZHKH_TOPIC_KINDS);
  problems.push(...topicKinds.problems);
  if (
    env.GIS_ZHKH_ORG_REGISTRY_ENDPOINT &&
    !/^https?:\/\//.test(env.GIS_ZHKH_ORG_REGISTRY_ENDPOINT)
  ) {
    problems.push('GIS_ZHKH_ORG_REGISTRY_ENDPOINT must be an http(s) URL');
  }
  if (env.GIS_ZHKH_FILE_STORE_URL && !/^https?:\/\//.test(env.GIS_ZHKH_FILE_STORE_URL)) {
    problems.push('GIS_ZHKH_FILE_STORE_URL must be an http(s) URL');
  }
  if (
    env.GIS_ZHKH_ATTACHMENT_HASH &&
    !['gost2012', 'gost94'].includes(env.GIS_ZHKH_ATTACHMENT_HASH)
  ) {
    problems.push('GIS_ZHKH_ATTACHMENT_HASH must be gost2012 or gost94');
  }
  if (env.GIS_ZHKH_FILE_CONTEXT && !/^[a-z][a-z0-9_-]{0,63}$/i.test(env.GIS_ZHKH_FILE_CONTEXT)) {
    problems.push('GIS_ZHKH_FILE_CONTEXT must be a context name such as appeals');
  }
  const calendarRegion = env.CALENDAR_REGION ? env.CALENDAR_REGION.trim().toUpperCase() : null;
  if (calendarRegion !== null && !isRegionCode(calendarRegion)) {
    problems.push(
      `CALENDAR_REGION must be an ISO 3166-2:RU subject code such as RU-TA or RU-BA, got "${env.CALENDAR_REGION}"`,
    );
  }
  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken !== null && !/^[\x21-\x7e]{16,200}$/.test(metricsToken)) {
    problems.push('METRICS_TOKEN must be 16 to 200 printable ASCII characters without spaces');
  }
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl))
    problems.push('SMTP_URL must be smtp:// or smtps://');

  const config: AppConfig = {
    env: nodeEnv as AppConfig['env'],
    port: int('PORT', 3000, 0, 65535),
    databaseUrl,
    embeddedPg: {
      dataDir: embeddedPgDir,
      port: int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
    },
    bootstrapAdmin: {
      login: str('BOOTSTRAP_ADMIN_LOGIN', 'admin'),
      password: env.BOOTSTRAP_ADMIN_PASSWORD || undefined,
    },
    jwt: {
      secret: jwtSecret,
      secretFile: jwtSecretFile,
      ttlSeconds: int('JWT_TTL_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
    },
    timeZone,
    smtpUrl,
    regNumberTemplate,
    letterNumberTemplate: letterTemplate,
    organization: parseOrganization(env, problems),
    messenger: parseMessengerConfig(env, problems, int),
    quality: parseQualityConfig(env, problems, int),
    mail: {
      from: str('MAIL_FROM', 'Appeals Desk <no-reply@appeals-desk.local>'),
      maxAttempts: int('MAIL_MAX_ATTEMPTS', 10, 1, 100),
      maxAttachmentBytes: int(
        'MAIL_MAX_ATTACHMENT_BYTES',
        20 * 1024 * 1024,
        1024,
        1024 * 1024 * 1024,
      ),
    },
    bodyLimit,
    trustProxy,
    hstsMaxAgeSeconds: int('HSTS_MAX_AGE', 0, 0, 63072000),
    importBodyLimit,
    logLevel: str('LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info'),
    defaultDepartmentCode: str('DEFAULT_DEPARTMENT_CODE', 'general'),
    login: {
      rateLimitPerMinute: int('LOGIN_RATE_LIMIT_PER_MINUTE', 10, 1, 100000),
      accountMaxFailures: int('LOGIN_ACCOUNT_MAX_FAILURES', 5, 1, 1000),
      accountLockSeconds: loginLock,
      accountMaxLockSeconds: loginMaxLock,
    },
    intake: { rateLimitPerMinute: int('INTAKE_RATE_LIMIT_PER_MINUTE', 6000, 1, 10000000) },
    numbering: { concurrency: int('NUMBERING_CONCURRENCY', 4, 1, 64) },
    rateLimitStore: rateLimitStore === 'memory' ? 'memory' : 'postgres',
    apiKeys: { cacheSeconds: int('API_KEY_CACHE_SECONDS', 5, 0, 300) },
    attachments: {
      maxFileBytes: int('ATTACHMENT_MAX_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      maxFiles: int('ATTACHMENT_MAX_FILES', 10, 1, 100),
    },
    scheduler: {
      enabled: schedulerRaw === 'true',
      slaSweepIntervalSeconds: int('SLA_SWEEP_INTERVAL_SECONDS', 60, 5, 86400),
      notificationsIntervalSeconds: int('NOTIFICATIONS_INTERVAL_SECONDS', 15, 1, 3600),
    },
    slaWarnDaysBefore: ladder,
    slaClockWarnDaysBefore: clockLadder,
    calendar: {
      region: calendarRegion !== null && isRegionCode(calendarRegion) ? calendarRegion : null,
      recomputeBatch: int('CALENDAR_RECOMPUTE_BATCH', 500, 1, 10000),
      checkIntervalSeconds: int('CALENDAR_CHECK_INTERVAL_SECONDS', 86400, 60, 7 * 86400),
    },
    reception: {
      maxActiveBookings: int('RECEPTION_MAX_ACTIVE_BOOKINGS', 3, 1, 100),
      reminderIntervalSeconds: int('RECEPTION_REMINDER_INTERVAL_SECONDS', 600, 60, 86400),
    },
    email: {
      mailbox: env.EMAIL_MAILBOX ? env.EMAIL_MAILBOX.toLowerCase() : null,
      maxMessageBytes: size('EMAIL_MAX_MESSAGE_SIZE', '40mb'),
      imapUrl: env.IMAP_URL || null,
      imapFolder: str('IMAP_FOLDER', 'INBOX'),
      imapProcessedFolder: env.IMAP_PROCESSED_FOLDER || null,
      pollIntervalSeconds: int('EMAIL_POLL_INTERVAL_SECONDS', 60, 5, 86400),
      imapMaxAttempts: int('IMAP_MAX_ATTEMPTS', 24, 1, 1000),
    },
    gis: {
      endpoint: env.GIS_ZHKH_ENDPOINT || null,
      orgPPAGUID: env.GIS_ZHKH_ORG_PPA_GUID || null,
      answererGuid: env.GIS_ZHKH_ANSWERER_GUID?.toLowerCase() || null,
      syncIntervalSeconds: int('GIS_ZHKH_SYNC_INTERVAL_SECONDS', 300, 10, 86400),
      pollBackoffMs: str('GIS_ZHKH_POLL_BACKOFF_MS', '1000,2000,5000,10000,30000')
        .split(',')
        .map((x) => Number(x.trim())),
      initialWindowDays: int('GIS_ZHKH_INITIAL_WINDOW_DAYS', 30, 1, 365),
      requestTimeoutMs: int('GIS_ZHKH_TIMEOUT_MS', 30000, 1000, 300000),
      topicKinds: topicKinds.kinds,
      fileStoreUrl: fileStoreUrlOf(env.GIS_ZHKH_FILE_STORE_URL, env.GIS_ZHKH_ENDPOINT),
      fileContext: env.GIS_ZHKH_FILE_CONTEXT || 'appeals',
      attachmentHash: env.GIS_ZHKH_ATTACHMENT_HASH === 'gost94' ? 'gost94' : 'gost2012',
      signer: gisSigner,
      gateway: gisGateway,
      validateOutgoing: gisValidateRaw !== 'false',
      orgRegistryEndpoint: orgRegistryEndpointOf(
        env.GIS_ZHKH_ORG_REGISTRY_ENDPOINT,
        env.GIS_ZHKH_ENDPOINT,
      ),
      orgCacheDays: int('GIS_ZHKH_ORG_CACHE_DAYS', 7, 0, 365),
    },
    metrics: { token: metricsToken },
    shutdown: {
      timeoutMs: int('SHUTDOWN_TIMEOUT_MS', 25_000, 1000, 600_000),
      readinessDelayMs: int('SHUTDOWN_READINESS_DELAY_MS', 0, 0, 120_000),
    },
    instanceId: str('INSTANCE_ID', `${os.hostname()}:${process.pid}`),
    rules: {
      // `RULE_<NAME>` for every registered rule; defaults (SPEC §4) are in the registry.
      verdicts: parseRuleVerdicts(env, RULES, problems),
      similarityThreshold: threshold > 0 && threshold <= 1 ? threshold : 0.6,
      lookbackDays: int('DUPLICATE_LOOKBACK_DAYS', 365, 1, 3650),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Each rule's setting from `RULE_<NAME>` (reject | review | off), its own default when unset;
 * a bad value is reported in `problems`. Takes the rules so a spec can add one.
 */
export function parseRuleVerdicts<Name extends string>(
  env: Env,
  rules: readonly { name: Name; defaultSetting: RuleSetting }[],
  problems: string[],
): Record<Name, RuleSetting> {
  const verdicts = {} as Record<Name, RuleSetting>;
  for (const rule of rules) {
    const key = ruleSettingKey(rule.name);
    const v = env[key] || rule.defaultSetting;
    if (v === 'reject' || v === 'review' || v === 'off') {
      verdicts[rule.name] = v;
    } else {
      problems.push(`${key} must be reject, review or off, got "${v}"`);
      verdicts[rule.name] = rule.defaultSetting;
    }
  }
  return verdicts;
}

/**
 * The ГИС ЖКХ REST file store: as given, else at the AppealsAsync endpoint's origin (ГИС ЖКХ
 * publishes `ext-bus-file-store-service` beside the SOAP services; a gateway proxies both).
 */
function fileStoreUrlOf(given: string | undefined, endpoint: string | undefined): string | null {
  if (given) return given.replace(/\/+$/, '');
  if (!endpoint || !/^https?:\/\//.test(endpoint)) return null;
  return `${new URL(endpoint).origin}/ext-bus-file-store-service/rest`;
}

/** OrgRegistryCommonAsync: as given, else at the AppealsAsync endpoint's origin (WSDL path). */
function orgRegistryEndpointOf(
  given: string | undefined,
  endpoint: string | undefined,
): string | null {
  if (given) return given;
  if (!endpoint || !/^https?:\/\//.test(endpoint)) return null;
  return `${new URL(endpoint).origin}/ext-bus-org-registry-common-service/services/OrgRegistryCommonAsync`;
}

/** A random password for the bootstrap admin when none is configured (printed once). */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** The staff token secret; fails loudly if bootstrap did not resolve it (resolveJwtSecret). */
export function jwtSecretOf(config: AppConfig): string {
  if (!config.jwt.secret) {
    throw new Error(
      `The JWT secret is not resolved: call resolveJwtSecret() before creating the app (${config.jwt.secretFile})`,
    );
  }
  return config.jwt.secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
