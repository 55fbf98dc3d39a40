import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from './app-config';

const MIN_LENGTH = 32;

/**
 * Reads the staff token secret kept in `file`, or creates it: 48 random bytes (base64url), mode
 * 0600. The new file is written under a temporary name and hard-linked into place, so a reader
 * never sees half a secret and two processes starting at once agree on one (the link of the
 * second fails with EEXIST, like an `wx` open, and it reads the first's).
 */
export function readOrCreateSecretFile(file: string): { secret: string; created: boolean } {
  const existing = readSecret(file);
  if (existing !== null) return { secret: existing, created: false };
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${secret}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const theirs = readSecret(file);
    if (theirs === null) throw e;
    return { secret: theirs, created: false };
  } finally {
    unlinkSync(tmp);
  }
  return { secret, created: true };
}

function readSecret(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const secret = text.trim();
  if (secret.length < MIN_LENGTH) {
    throw new Error(
      `The JWT secret file ${file} is shorter than ${MIN_LENGTH} characters: ` +
        'delete it to have a new one generated (signed-in staff must log in again), or set JWT_SECRET',
    );
  }
  // Only the owner may read a signing secret (a copy may have widened the mode).
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return secret;
}

/**
 * The configuration with its JWT secret: JWT_SECRET when set, else the generated one of
 * `jwt.secretFile` (read or created here, at bootstrap, to keep loadConfig free of file IO).
 */
export function resolveJwtSecret(config: AppConfig, log: (message: string) => void): AppConfig {
  if (config.jwt.secret !== null || config.jwt.secretFile === null) return config;
  const file = config.jwt.secretFile;
  const { secret, created } = readOrCreateSecretFile(file);
  log(
    created
      ? `JWT_SECRET is not set: generated a secret for staff tokens in ${file}`
      : `JWT_SECRET is not set: staff tokens are signed with the secret in ${file}`,
  );
  return { ...config, jwt: { ...config.jwt, secret } };
}
