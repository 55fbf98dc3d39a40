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

  it('refuses to start in production with the development JWT secret', () => {
    expect(() => sut({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => sut({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).not.toThrow();
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
  ])('refuses %s=%s', (key, value) => {
    expect(() => sut({ [key]: value })).toThrow(new RegExp(key));
  });
});
