import * as path from 'node:path';
import { ConfigError, loadConfig as sut } from './app-config';

describe('loadConfig', () => {
  it('has working defaults for a newcomer', () => {
    const c = sut({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      timeZone: 'Europe/Moscow',
      regNumberTemplate: '{year}-{seq:6}',
    });
    expect(c.attachments).toEqual({ maxFileBytes: 20 * 1024 * 1024, maxFiles: 10 });
  });

  it('turns a messenger bot on by its token; a webhook needs its secret (issue 24)', () => {
    const off = sut({});
    expect(off.messenger).toMatchObject({
      telegram: null,
      max: null,
      dialogueIdleMinutes: 30,
      mode: 'webhook',
    });
    const on = sut({
      TELEGRAM_BOT_TOKEN: '1:abc',
      TELEGRAM_WEBHOOK_SECRET: 'hook_secret-1',
      MAX_BOT_TOKEN: 'max-token',
      MAX_WEBHOOK_SECRET: 'max-secret',
      MAX_API_URL: 'http://127.0.0.1:9/',
      MESSENGER_DIALOGUE_IDLE_MINUTES: '15',
    });
    expect(on.messenger.telegram).toEqual({
      token: '1:abc',
      webhookSecret: 'hook_secret-1',
      apiUrl: 'https://api.telegram.org',
    });
    expect(on.messenger.max).toEqual({
      token: 'max-token',
      webhookSecret: 'max-secret',
      apiUrl: 'http://127.0.0.1:9',
    });
    expect(on.messenger.dialogueIdleMinutes).toBe(15);
    expect(() => sut({ TELEGRAM_BOT_TOKEN: '1:abc' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET must be set/,
    );
    expect(
      sut({ TELEGRAM_BOT_TOKEN: '1:abc', MESSENGER_MODE: 'polling' }).messenger.telegram,
    ).toEqual({
      token: '1:abc',
      webhookSecret: null,
      apiUrl: 'https://api.telegram.org',
    });
    expect(() => sut({ TELEGRAM_WEBHOOK_SECRET: 'bad secret!' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET must be/,
    );
    expect(() => sut({ MESSENGER_MODE: 'push' })).toThrow(
      /MESSENGER_MODE must be webhook or polling/,
    );
    expect(() => sut({ MESSENGER_DIALOGUE_IDLE_MINUTES: '0' })).toThrow(
      /MESSENGER_DIALOGUE_IDLE_MINUTES/,
    );
  });

  it('lists every bad key at once', () => {
    try {
      sut({
        PORT: 'eighty',
        APP_TIMEZONE: 'Mars/Olympus',
        DATABASE_URL: 'mysql://x',
        REG_NUMBER_TEMPLATE: '{year}',
      });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const key of ['PORT', 'APP_TIMEZONE', 'DATABASE_URL', 'REG_NUMBER_TEMPLATE'])
        expect(problems).toContain(key);
    }
  });

  it('puts the ГИС ЖКХ organisations registry beside the endpoint unless given; caches 7 days', () => {
    expect(sut({}).gis).toMatchObject({ orgRegistryEndpoint: null, orgCacheDays: 7 });
    const gis = {
      GIS_ZHKH_ORG_PPA_GUID: '0d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a',
      GIS_ZHKH_ENDPOINT: 'http://127.0.0.1:8080/ext-bus-appeals-service/services/AppealsAsync',
    };
    expect(sut(gis).gis.orgRegistryEndpoint).toBe(
      'http://127.0.0.1:8080/ext-bus-org-registry-common-service/services/OrgRegistryCommonAsync',
    );
    expect(
      sut({
        ...gis,
        GIS_ZHKH_ORG_REGISTRY_ENDPOINT: 'http://gw:9000/org',
        GIS_ZHKH_ORG_CACHE_DAYS: '1',
      }).gis,
    ).toMatchObject({ orgRegistryEndpoint: 'http://gw:9000/org', orgCacheDays: 1 });
    expect(() => sut({ GIS_ZHKH_ORG_REGISTRY_ENDPOINT: 'ftp://x' })).toThrow(
      /GIS_ZHKH_ORG_REGISTRY_ENDPOINT/,
    );
    expect(() => sut({ GIS_ZHKH_ORG_CACHE_DAYS: 'неделя' })).toThrow(/GIS_ZHKH_ORG_CACHE_DAYS/);
  });

  it('maps ГИС ЖКХ topics (НСИ 220 codes) to kinds, none by default, an unknown kind refused', () => {
    expect(sut({}).gis.topicKinds).toEqual(new Map());
    expect([...sut({ GIS_ZHKH_TOPIC_KINDS: '1:complaint,2:claim' }).gis.topicKinds]).toEqual([
      ['1', 'complaint'],
      ['2', 'claim'],
    ]);
    expect(() => sut({ GIS_ZHKH_TOPIC_KINDS: '1:complaint,2:жалоба' })).toThrow(
      /GIS_ZHKH_TOPIC_KINDS: "2:жалоба" — unknown kind/,
    );
  });

  it('refuses a real ГИС ЖКХ endpoint without a signer; the stand-in needs none', () => {
    const gis = { GIS_ZHKH_ORG_PPA_GUID: '0d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a' };
    const real = 'https://api.dom.gosuslugi.ru/ext-bus-appeals-service/services/AppealsAsync';
    expect(() => sut({ ...gis, GIS_ZHKH_ENDPOINT: real })).toThrow(/GIS_ZHKH_SIGNER is required/);
    expect(() => sut({ ...gis, GIS_ZHKH_ENDPOINT: real, GIS_ZHKH_SIGNER: 'none' })).toThrow(
      /only allowed against the stand-in/,
    );
    const standIn = sut({ ...gis, GIS_ZHKH_ENDPOINT: 'http://127.0.0.1:9/x' }).gis;
    expect(standIn.signer).toEqual({ kind: 'none' });
    expect(standIn.gateway.headers).toEqual({});
  });

  it("reads the organisation's ГИС ЖКХ answerer, a GUID or nothing", () => {
    expect(sut({}).gis.answererGuid).toBeNull();
    expect(
      sut({ GIS_ZHKH_ANSWERER_GUID: '0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D' }).gis,
    ).toMatchObject({
      answererGuid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    });
    expect(() => sut({ GIS_ZHKH_ANSWERER_GUID: 'сотрудник' })).toThrow(/GIS_ZHKH_ANSWERER_GUID/);
  });

  it('derives the ГИС ЖКХ file store from the endpoint origin unless it is given', () => {
    const gis = {
      GIS_ZHKH_ENDPOINT: 'https://gw.local:8443/ext-bus-appeals-service/services/AppealsAsync',
      GIS_ZHKH_ORG_PPA_GUID: '0d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a',
      // A real endpoint needs a signer (issue 21).
      GIS_ZHKH_SIGNER: 'http',
      GIS_ZHKH_SIGNER_URL: 'http://signer.local/sign',
    };
    expect(sut(gis).gis).toMatchObject({
      fileStoreUrl: 'https://gw.local:8443/ext-bus-file-store-service/rest',
      fileContext: 'appeals',
    });
    expect(sut({}).gis.fileStoreUrl).toBeNull();
    expect(
      sut({
        ...gis,
        GIS_ZHKH_FILE_STORE_URL: 'https://files.local/ext-bus-file-store-service/rest/',
        GIS_ZHKH_FILE_CONTEXT: 'homemanagement',
      }).gis,
    ).toMatchObject({
      fileStoreUrl: 'https://files.local/ext-bus-file-store-service/rest',
      fileContext: 'homemanagement',
    });
    expect(() => sut({ ...gis, GIS_ZHKH_FILE_STORE_URL: 'ftp://x' })).toThrow(
      /GIS_ZHKH_FILE_STORE_URL/,
    );
    expect(() => sut({ ...gis, GIS_ZHKH_FILE_CONTEXT: '../etc' })).toThrow(/GIS_ZHKH_FILE_CONTEXT/);
  });

  it('hashes ГИС ЖКХ attachments with ГОСТ Р 34.11-2012 unless gost94 is chosen', () => {
    expect(sut({}).gis.attachmentHash).toBe('gost2012');
    expect(sut({ GIS_ZHKH_ATTACHMENT_HASH: 'gost94' }).gis.attachmentHash).toBe('gost94');
    expect(() => sut({ GIS_ZHKH_ATTACHMENT_HASH: 'md5' })).toThrow(/GIS_ZHKH_ATTACHMENT_HASH/);
  });

  it('validates outgoing ГИС ЖКХ messages unless switched off explicitly', () => {
    expect(sut({}).gis.validateOutgoing).toBe(true);
    expect(sut({ GIS_ZHKH_VALIDATE_OUTGOING: 'false' }).gis.validateOutgoing).toBe(false);
    expect(sut({ GIS_ZHKH_VALIDATE_OUTGOING: 'true' }).gis.validateOutgoing).toBe(true);
    expect(() => sut({ GIS_ZHKH_VALIDATE_OUTGOING: 'no' })).toThrow(/GIS_ZHKH_VALIDATE_OUTGOING/);
  });

  it('has no built-in JWT secret: unset, it is to be generated beside the embedded data', () => {
    expect(sut({}).jwt).toMatchObject({
      secret: null,
      secretFile: path.resolve('.data/jwt-secret'),
    });
    expect(sut({ EMBEDDED_PG_DIR: '/srv/appeals/pg' }).jwt.secretFile).toBe(
      '/srv/appeals/jwt-secret',
    );
    // Development on an external database keeps it in the same place.
    expect(sut({ DATABASE_URL: 'postgres://h/db' }).jwt.secret).toBeNull();
    expect(sut({ NODE_ENV: 'production' }).jwt.secret).toBeNull();
    expect(sut({ JWT_SECRET: 'given' }).jwt).toMatchObject({ secret: 'given', secretFile: null });
  });

  it('requires JWT_SECRET in production with an external database, and a long one', () => {
    expect(() => sut({ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db' })).toThrow(
      /JWT_SECRET must be set in production with DATABASE_URL/,
    );
    expect(() => sut({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31) })).toThrow(/32/);
    expect(() =>
      sut({ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db', JWT_SECRET: 'x'.repeat(40) }),
    ).not.toThrow();
  });

  it('gives tests one random in-memory secret per process, never a fixed one', () => {
    const a = sut({ NODE_ENV: 'test' }).jwt;
    expect(a.secretFile).toBeNull();
    expect(a.secret).toMatch(/^[\w-]{64}$/);
    expect(sut({ NODE_ENV: 'test' }).jwt.secret).toBe(a.secret);
  });

  it('trusts a found API key for 5 s by default; 0 turns the cache off', () => {
    expect(sut({}).apiKeys).toEqual({ cacheSeconds: 5 });
    expect(sut({ API_KEY_CACHE_SECONDS: '0' }).apiKeys).toEqual({ cacheSeconds: 0 });
  });

  it('leaves /metrics open and gives shutdown 25 s by default', () => {
    const c = sut({});
    expect(c.metrics).toEqual({ token: null });
    expect(c.shutdown).toEqual({ timeoutMs: 25_000, readinessDelayMs: 0 });
  });

  it('reads the metrics token and the shutdown timings', () => {
    const c = sut({
      METRICS_TOKEN: 'scrape-token-0123456789',
      SHUTDOWN_TIMEOUT_MS: '5000',
      SHUTDOWN_READINESS_DELAY_MS: '3000',
    });
    expect(c.metrics.token).toBe('scrape-token-0123456789');
    expect(c.shutdown).toEqual({ timeoutMs: 5000, readinessDelayMs: 3000 });
  });

  it.each([
    ['METRICS_TOKEN', 'short'],
    ['METRICS_TOKEN', 'has a space in the middle'],
    ['SHUTDOWN_TIMEOUT_MS', '500'],
    ['SHUTDOWN_TIMEOUT_MS', 'soon'],
    ['SHUTDOWN_READINESS_DELAY_MS', '-1'],
    ['API_KEY_CACHE_SECONDS', '301'],
    ['API_KEY_CACHE_SECONDS', 'forever'],
    ['HSTS_MAX_AGE', '-1'],
    ['HSTS_MAX_AGE', '1y'],
    ['HSTS_MAX_AGE', '63072001'],
  ])('refuses %s=%s', (key, value) => {
    expect(() => sut({ [key]: value })).toThrow(new RegExp(key));
  });

  it('reads the calendar region (ISO 3166-2:RU, any case) and refuses an unknown one', () => {
    expect(sut({}).calendar).toEqual({
      region: null,
      recomputeBatch: 500,
      checkIntervalSeconds: 86400,
    });
    expect(sut({ CALENDAR_REGION: 'ru-ta' }).calendar.region).toBe('RU-TA');
    expect(
      sut({ CALENDAR_REGION: 'RU-BA', CALENDAR_RECOMPUTE_BATCH: '50' }).calendar,
    ).toMatchObject({ region: 'RU-BA', recomputeBatch: 50 });
    expect(() => sut({ CALENDAR_REGION: 'RU-XX' })).toThrow(/CALENDAR_REGION/);
    expect(() => sut({ CALENDAR_REGION: 'Татарстан' })).toThrow(/CALENDAR_REGION/);
    expect(() => sut({ CALENDAR_RECOMPUTE_BATCH: '0' })).toThrow(/CALENDAR_RECOMPUTE_BATCH/);
  });

  it('sends HSTS only when HSTS_MAX_AGE is set (the deployment knows it is behind TLS)', () => {
    expect(sut({}).hstsMaxAgeSeconds).toBe(0);
    expect(sut({ HSTS_MAX_AGE: '31536000' }).hstsMaxAgeSeconds).toBe(31536000);
  });

  it('limits active reception bookings to 3 per applicant by default (issue 22)', () => {
    expect(sut({}).reception).toEqual({ maxActiveBookings: 3, reminderIntervalSeconds: 600 });
    expect(sut({ RECEPTION_MAX_ACTIVE_BOOKINGS: '5' }).reception.maxActiveBookings).toBe(5);
    expect(() => sut({ RECEPTION_MAX_ACTIVE_BOOKINGS: '0' })).toThrow(
      /RECEPTION_MAX_ACTIVE_BOOKINGS/,
    );
    expect(() => sut({ RECEPTION_REMINDER_INTERVAL_SECONDS: '5' })).toThrow(
      /RECEPTION_REMINDER_INTERVAL_SECONDS/,
    );
  });

  it('routes quality reports to dispatch with a 2-hour inspection clock by default (issue 23)', () => {
    expect(sut({}).quality).toEqual({
      dispatchDepartmentCode: 'technical',
      inspectionHours: 2,
      inspectionWarnMinutes: 30,
    });
    expect(
      sut({ QUALITY_DISPATCH_DEPARTMENT_CODE: 'ads', QUALITY_INSPECTION_HOURS: '4' }).quality,
    ).toMatchObject({ dispatchDepartmentCode: 'ads', inspectionHours: 4 });
    expect(() => sut({ QUALITY_DISPATCH_DEPARTMENT_CODE: 'Диспетчерская' })).toThrow(
      /QUALITY_DISPATCH_DEPARTMENT_CODE/,
    );
    expect(() => sut({ QUALITY_INSPECTION_HOURS: '0' })).toThrow(/QUALITY_INSPECTION_HOURS/);
    expect(() => sut({ QUALITY_INSPECTION_WARN_MINUTES: '120' })).toThrow(
      /QUALITY_INSPECTION_WARN_MINUTES must be shorter/,
    );
  });
});
