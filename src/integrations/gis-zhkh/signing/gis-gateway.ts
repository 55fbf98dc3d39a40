import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import type { GisGatewayConfig } from '../../../config/gis-signer-config';

export interface GisGatewayOptions {
  headers: Readonly<Record<string, string>>;
  agent?: https.Agent;
}

const built = new WeakMap<GisGatewayConfig, GisGatewayOptions>();

/**
 * `{ headers, agent }` for the ГИС ЖКХ clients from the gateway settings: the agent (client
 * certificate, CA, keep-alive) only when TLS files are given, built once per configuration.
 */
export function gisGatewayOptions(gateway: GisGatewayConfig): GisGatewayOptions {
  let options = built.get(gateway);
  if (!options) {
    const read = (file: string | null) => (file ? readFileSync(file) : undefined);
    const tls = gateway.tlsCertFile || gateway.tlsKeyFile || gateway.tlsCaFile;
    options = {
      headers: gateway.headers,
      agent: tls
        ? new https.Agent({
            keepAlive: true,
            cert: read(gateway.tlsCertFile),
            key: read(gateway.tlsKeyFile),
            ca: read(gateway.tlsCaFile),
          })
        : undefined,
    };
    built.set(gateway, options);
  }
  return options;
}
