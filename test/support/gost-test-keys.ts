import { execFile } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';

/** A throw-away ГОСТ Р 34.10-2012/256 key pair and self-signed certificate, as PEM files. */
export interface GostTestKeys {
  dir: string;
  certFile: string;
  keyFile: string;
  /** The same key, PKCS#8 encrypted (PBES2) with `password`. */
  encryptedKeyFile: string;
  password: string;
  certPem: string;
  keyPem: string;
}

const DEFAULT_NAME = 'Appeals Desk test signer';
let made: Promise<GostTestKeys> | undefined;

/** The test signer: made once per test process, in a fresh temporary directory. */
export function gostTestKeys(): Promise<GostTestKeys> {
  return (made ??= makeGostTestKeys(DEFAULT_NAME));
}

/** A new key pair and certificate (e.g. «someone else's» for a wrong-certificate case). */
export async function makeGostTestKeys(commonName: string): Promise<GostTestKeys> {
  const dir = mkdtempSync(join(tmpdir(), 'gost-keys-'));
  const password = 'пароль-для-теста';
  // Outside jest's sandbox: see make-gost-test-keys.js.
  await promisify(execFile)(process.execPath, [
    join(__dirname, 'make-gost-test-keys.js'),
    dir,
    commonName,
    password,
  ]);
  const certFile = join(dir, 'signer.crt');
  const keyFile = join(dir, 'signer.key');
  return {
    dir,
    certFile,
    keyFile,
    encryptedKeyFile: join(dir, 'signer-encrypted.key'),
    password,
    certPem: readFileSync(certFile, 'utf8'),
    keyPem: readFileSync(keyFile, 'utf8'),
  };
}
