import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from './app-config';
import { readOrCreateSecretFile, resolveJwtSecret } from './jwt-secret';

const posix = process.platform !== 'win32';

describe('the generated JWT secret (JWT_SECRET unset)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jwt-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is created on the first start with mode 0600 and reused on the second', () => {
    const file = path.join(dir, 'nested', 'jwt-secret');
    const first = readOrCreateSecretFile(file);
    expect(first.created).toBe(true);
    expect(first.secret).toMatch(/^[\w-]{64}$/); // 48 random bytes, base64url
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = readOrCreateSecretFile(file);
    expect(second).toEqual({ secret: first.secret, created: false });
    // Nothing is left behind by the atomic write.
    expect(readFileSync(file, 'utf8').trim()).toBe(first.secret);
  });

  it('differs between installations', () => {
    const a = readOrCreateSecretFile(path.join(dir, 'a'));
    const b = readOrCreateSecretFile(path.join(dir, 'b'));
    expect(a.secret).not.toBe(b.secret);
  });

  it('refuses a file too short to be a secret rather than signing with it', () => {
    const file = path.join(dir, 'jwt-secret');
    writeFileSync(file, 'short\n', { mode: 0o600 });
    expect(() => readOrCreateSecretFile(file)).toThrow(/shorter than 32/);
  });

  (posix ? it : it.skip)('closes a secret file that others may read to its owner', () => {
    const file = path.join(dir, 'jwt-secret');
    writeFileSync(file, `${'s'.repeat(40)}\n`, { mode: 0o644 });
    expect(readOrCreateSecretFile(file)).toEqual({ secret: 's'.repeat(40), created: false });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('is kept beside the embedded data directory, and JWT_SECRET wins over it', () => {
    const config = loadConfig({ EMBEDDED_PG_DIR: path.join(dir, 'pg') });
    expect(config.jwt).toMatchObject({ secret: null, secretFile: path.join(dir, 'jwt-secret') });
    const resolved = resolveJwtSecret(config, () => undefined);
    expect(resolved.jwt.secret).toBe(readFileSync(path.join(dir, 'jwt-secret'), 'utf8').trim());
    const given = loadConfig({ EMBEDDED_PG_DIR: path.join(dir, 'pg'), JWT_SECRET: 'x'.repeat(40) });
    expect(resolveJwtSecret(given, () => undefined).jwt.secret).toBe('x'.repeat(40));
  });
});
