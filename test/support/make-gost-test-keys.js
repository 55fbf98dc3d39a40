/*
 * Makes a throw-away ГОСТ Р 34.10-2012/256 key pair and self-signed certificate with
 * crypto-gost-js and writes them as PEM to the directory given. Run as a child process by
 * gost-test-keys.ts: inside jest's sandbox the library's `instanceof ArrayBuffer` checks fail
 * across realms while it builds a certificate.
 *   node make-gost-test-keys.js <dir> <commonName> <password>
 */
const { writeFileSync } = require('fs');
const { join } = require('path');
const { CryptoGost } = require('@wavesenterprise/crypto-gost-js');

// The library draws the PBES2 salt from a global it never defines (getSeed → gostCrypto): only
// encrypting a key needs it, which production never does.
globalThis.gostCrypto = CryptoGost;

async function main([dir, commonName, password]) {
  const cert = new CryptoGost.cert.X509({
    subject: { commonName, organizationName: 'ООО "Тест", ГИС ЖКХ', countryName: 'RU' },
    days: 30,
  });
  const key = await cert.generate('TC-256');
  await cert.sign(key);
  const encrypted = await new CryptoGost.keys.PKCS8Encrypted().setKey(key, password);
  writeFileSync(join(dir, 'signer.crt'), cert.encode('PEM'));
  writeFileSync(join(dir, 'signer.key'), new CryptoGost.keys.PKCS8(key).encode('PEM'));
  writeFileSync(join(dir, 'signer-encrypted.key'), encrypted.encode('PEM'));
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
