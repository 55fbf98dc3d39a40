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

  it('refuses to start in production with the development JWT secret', () => {
    expect(() => sut({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => sut({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).not.toThrow();
  });
});
