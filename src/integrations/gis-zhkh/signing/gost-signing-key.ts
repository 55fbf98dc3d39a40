import { X509Certificate } from 'node:crypto';
import {
  CryptoGost,
  GOST_2012_256_SIGNATURE,
  type GostCryptoKey,
  type GostPrivateKeyInfo,
} from '../gost/crypto-gost';

/** ГОСТ Р 34.10-2012/256 keys (id-tc26-gost3410-12-256 and its agreement variant). */
const GOST_2012_256_KEYS = new Set([
  'id-tc26-gost3410-12-256',
  'id-tc26-agreement-gost-3410-12-256',
]);

/** A private key with its certificate, checked to belong together. */
export interface GostSigningKey {
  /** ГОСТ Р 34.10-2012/256 over Стрибог-256 of `data`: s‖r, big-endian (RFC 4491 §2.2.2). */
  sign(data: Uint8Array): Promise<Buffer>;
  certificateDer: Buffer;
  /** RFC 4514 string of the issuer (xades:IssuerSerial/ds:X509IssuerName). */
  issuerName: string;
  /** Decimal, as ds:X509SerialNumber wants it. */
  serialNumber: string;
  /** notAfter, to warn before the certificate expires. */
  validTo: Date;
}

export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

/**
 * Reads a PEM PKCS#8 key (encrypted when a password is given) and a PEM X.509 certificate, and
 * proves they match by signing a probe and verifying it with the certificate's key: a wrong
 * file, password or pair fails here, at start, not on the first message.
 */
export async function loadGostSigningKey(input: {
  keyPem: string;
  certPem: string;
  password?: string | null;
}): Promise<GostSigningKey> {
  let keyInfo: GostPrivateKeyInfo;
  const encrypted = input.keyPem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----');
  try {
    if (encrypted) {
      if (!input.password) throw new SigningKeyError('the key is encrypted: a password is needed');
      keyInfo = await new CryptoGost.keys.PKCS8Encrypted(input.keyPem).getKey(input.password);
    } else {
      keyInfo = new CryptoGost.keys.PKCS8(input.keyPem);
    }
  } catch (e) {
    if (e instanceof SigningKeyError) throw e;
    throw new SigningKeyError(
      encrypted
        ? 'cannot decrypt the key: wrong password or not a PKCS#8 key'
        : 'not a PEM PKCS#8 private key',
    );
  }
  if (!GOST_2012_256_KEYS.has(keyInfo.privateKeyAlgorithm.id)) {
    throw new SigningKeyError(
      `the key is ${keyInfo.privateKeyAlgorithm.id}, ГИС ЖКХ wants ГОСТ Р 34.10-2012 (256 bits)`,
    );
  }
  let cert;
  let x509: X509Certificate;
  try {
    cert = new CryptoGost.cert.X509(input.certPem);
    // Node reads names, serial and dates of any certificate; the ГОСТ key stays with the library.
    x509 = new X509Certificate(input.certPem);
  } catch {
    throw new SigningKeyError('not a PEM X.509 certificate');
  }
  if (!GOST_2012_256_KEYS.has(cert.subjectPublicKeyInfo.algorithm.id)) {
    throw new SigningKeyError('the certificate is not for a ГОСТ Р 34.10-2012 (256 bits) key');
  }
  const privateKey: GostCryptoKey = await keyInfo.getPrivateKey();
  const publicKey = await cert.getPublicKey();
  const sign = async (data: Uint8Array) =>
    Buffer.from(await CryptoGost.subtle.sign(GOST_2012_256_SIGNATURE, privateKey, data));
  const probe = Buffer.from('appeals-desk key check');
  if (
    !(await CryptoGost.subtle.verify(GOST_2012_256_SIGNATURE, publicKey, await sign(probe), probe))
  ) {
    throw new SigningKeyError('the key does not belong to the certificate');
  }
  return {
    sign,
    certificateDer: x509.raw,
    issuerName: rfc4514(x509.issuer),
    serialNumber: BigInt(`0x${x509.serialNumber}`).toString(10),
    validTo: new Date(x509.validTo),
  };
}

/** Node prints a name one RDN a line, first RDN first; RFC 4514 lists them last first. */
function rfc4514(nodeName: string): string {
  return nodeName.split('\n').reverse().join(',');
}
