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

interface CryptoGostModule {
  GostEngine: {
    getGostDigest(algorithm: object): GostDigestEngine;
    getGostSign(algorithm: object): GostSignEngine;
  };
  /** WebCrypto-style API with PKI helpers (cert, keys, asn1); typed where it is used. */
  CryptoGost: Record<string, unknown>;
}

export const GostEngine = lib.GostEngine;
export const CryptoGost = lib.CryptoGost;

/** ГОСТ Р 34.11-2012, 256 bits (Стрибог). */
export const STREEBOG_256 = { name: 'GOST R 34.11', version: 2012, mode: 'HASH', length: 256 };

/**
 * ГОСТ Р 34.11-2012 (Стрибог-256) of the bytes, in the byte order every implementation emits
 * (OpenSSL's gost engine, CryptoPro): the hash of the empty string is 3f539a21…e1bb.
 */
export function streebog256(data: Uint8Array | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.from(GostEngine.getGostDigest(STREEBOG_256).digest(bytes));
}
