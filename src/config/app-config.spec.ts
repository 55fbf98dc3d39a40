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

  it("reads the organisation's ГИС ЖКХ answerer, a GUID or nothing", () => {
    expect(sut({}).gis.answererGuid).toBeNull();
    expect(
      sut({ GIS_ZHKH_ANSWERER_GUID: '0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D' }).gis,
    ).toMatchObject({
      answererGuid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    });
    expect(() => sut({ GIS_ZHKH_ANSWERER_GUID: 'сотрудник' })).toThrow(/GIS_ZHKH_ANSWERER_GUID/);
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
});
