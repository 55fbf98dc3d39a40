/*
 * The one door to the GOST implementation (@wavesenterprise/crypto-gost-js, a maintained fork
 * of Rudolf Nickolaev's WebCrypto GOST; ADR 0017). The package ships no types: the few entry
 * points the product uses are typed here, so the rest of the code never touches `any`.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('@wavesenterprise/crypto-gost-js') as CryptoGostModule;

export interface GostDigestEngine {
  digest(data: ArrayBuffer | Uint8Array): ArrayBuffer;
}

export interface GostSignEngine {
  generateKey(): { privateKey: ArrayBuffer; publicKey: ArrayBuffer };
  sign(privateKey: ArrayBuffer | Uint8Array, data: ArrayBuffer | Uint8Array): ArrayBuffer;
  verify(
    publicKey: ArrayBuffer | Uint8Array,
    signature: ArrayBuffer | Uint8Array,
    data: ArrayBuffer | Uint8Array,
  ): boolean;
}

/** A WebCrypto-style key of the library (opaque: only passed back to `subtle`). */
export interface GostCryptoKey {
  type: 'private' | 'public';
  algorithm: { name: string; namedCurve?: string; id?: string };
}

/** GostASN1.PrivateKeyInfo / GostKeys.PKCS8 (RFC 5208). */
export interface GostPrivateKeyInfo {
  privateKeyAlgorithm: { id: string; namedCurve?: string };
  encode(format?: 'PEM' | 'DER'): string;
  getPrivateKey(): Promise<GostCryptoKey>;
}

/** GostCert.X509: decodes PEM/DER, or builds a new certificate from a template. */
export interface GostX509 {
  serialNumber: number | string;
  subjectPublicKeyInfo: { algorithm: { id: string; namedCurve?: string } };
  encode(format?: 'PEM' | 'DER'): string | ArrayBuffer;
  getPublicKey(): Promise<GostCryptoKey>;
  /** Key pair for a new certificate ('TC-256': ГОСТ Р 34.10-2012/256, CryptoPro curve A). */
  generate(provider: string): Promise<GostPrivateKeyInfo>;
  /** Self-signed when no issuer certificate is given. */
  sign(issuerKey: GostPrivateKeyInfo, issuer?: GostX509): Promise<GostX509>;
}

export interface GostAlgorithm {
  name: string;
  id: string;
}

export interface CryptoGostApi {
  cert: { X509: new (certOrTemplate?: unknown) => GostX509 };
  keys: {
    PKCS8: new (keyInfo?: unknown) => GostPrivateKeyInfo;
    PKCS8Encrypted: new (encrypted?: unknown) => {
      getKey(password: string): Promise<GostPrivateKeyInfo>;
      setKey(key: GostPrivateKeyInfo, password: string): Promise<{ encode(f: 'PEM'): string }>;
    };
  };
  subtle: {
    sign(algorithm: GostAlgorithm, key: GostCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
    verify(
      algorithm: GostAlgorithm,
      key: GostCryptoKey,
      signature: ArrayBuffer | Uint8Array,
      data: Uint8Array,
    ): Promise<boolean>;
  };
  security: { providers: Record<string, { signature: GostAlgorithm }> };
}

interface CryptoGostModule {
  GostEngine: {
    getGostDigest(algorithm: object): GostDigestEngine;
    getGostSign(algorithm: object): GostSignEngine;
  };
  /** WebCrypto-style API with PKI helpers (cert, keys, asn1); typed where it is used. */
  CryptoGost: CryptoGostApi;
}

export const GostEngine = lib.GostEngine;
export const CryptoGost = lib.CryptoGost;

/** ГОСТ Р 34.10-2012/256 with Стрибог-256 (id-tc26-signwithdigest-gost3410-12-256). */
export const GOST_2012_256_SIGNATURE = lib.CryptoGost.security.providers['TC-256'].signature;

/** ГОСТ Р 34.11-2012, 256 bits (Стрибог). */
export const STREEBOG_256 = { name: 'GOST R 34.11', version: 2012, mode: 'HASH', length: 256 };

/**
 * ГОСТ Р 34.11-94 with the CryptoPro S-box (RFC 4357 id-GostR3411-94-CryptoProParamSet), as
 * older ГИС ЖКХ clients compute AttachmentHASH; only used when GIS_ZHKH_ATTACHMENT_HASH=gost94.
 */
export function gostR341194(data: Uint8Array | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.from(
    GostEngine.getGostDigest({ name: 'GOST R 34.11', version: 1994, sBox: 'D-A' }).digest(bytes),
  );
}

/**
 * ГОСТ Р 34.11-2012 (Стрибог-256) of the bytes, in the byte order every implementation emits
 * (OpenSSL's gost engine, CryptoPro): the hash of the empty string is 3f539a21…e1bb.
 */
export function streebog256(data: Uint8Array | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.from(GostEngine.getGostDigest(STREEBOG_256).digest(bytes));
}
