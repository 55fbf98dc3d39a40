import { readFileSync } from 'node:fs';
import type { AppConfig } from '../../../config/app-config';
import { ConfigError } from '../../../config/app-config';
import { PassThroughSigner, type Signer } from '../gis-client';
import { loadGostSigningKey, SigningKeyError } from './gost-signing-key';
import { HttpSigner } from './http.signer';
import { LocalXadesSigner } from './local-xades.signer';

/**
 * The signer GIS_ZHKH_SIGNER chooses (docs/integrations/gis-zhkh.md). Runs once at start: a
 * key that cannot be read, decrypted or matched with its certificate stops the start with a
 * ConfigError, so a deployment never finds out at the first message.
 */
export async function createGisSigner(gis: AppConfig['gis']): Promise<Signer> {
  const signer = gis.signer;
  switch (signer.kind) {
    case 'none':
      return new PassThroughSigner();
    case 'http':
      return new HttpSigner({ url: signer.url, auth: signer.auth, timeoutMs: signer.timeoutMs });
    case 'local': {
      try {
        const key = await loadGostSigningKey({
          keyPem: readFileSync(signer.keyFile, 'utf8'),
          certPem: readFileSync(signer.certFile, 'utf8'),
          password: signer.keyPassword,
        });
        return new LocalXadesSigner(key);
      } catch (e) {
        const why = e instanceof SigningKeyError ? e.message : 'cannot read the key or certificate';
        throw new ConfigError([
          `GIS_ZHKH_SIGNER=local: ${why} (GIS_ZHKH_SIGNER_KEY_FILE, GIS_ZHKH_SIGNER_CERT_FILE, GIS_ZHKH_SIGNER_KEY_PASSWORD)`,
        ]);
      }
    }
  }
}
