import { accessSync, constants, readFileSync } from 'node:fs';

/**
 * How outgoing ГИС ЖКХ messages are signed (issue 21; docs/integrations/gis-zhkh.md, ADR 0017).
 * `none` exists for the stand-in only: ГИС ЖКХ refuses unsigned messages.
 */
export type GisSignerConfig =
  | { kind: 'none' }
  | { kind: 'local'; keyFile: string; certFile: string; keyPassword: string | null }
  | { kind: 'http'; url: string; auth: string | null; timeoutMs: number };

/** The connection to the ГОСТ TLS gateway (stunnel, nginx-gost…) in front of ГИС ЖКХ. */
export interface GisGatewayConfig {
  /** Sent with every request, e.g. `Host: api.dom.gosuslugi.ru` through a local stunnel. */
  headers: Record<string, string>;
  /** For an https gateway that wants a client certificate, and its CA. */
  tlsCertFile: string | null;
  tlsKeyFile: string | null;
  tlsCaFile: string | null;
}

type Env = Record<string, string | undefined>;

/**
 * The stand-in: an endpoint on this machine (127.0.0.0/8, ::1, localhost). A loopback gateway
 * that forwards to ГИС ЖКХ (stunnel) is not one: it is told apart by its Host header.
 */
export function isLoopbackEndpoint(endpoint: string): boolean {
  let host: string;
  try {
    host = new URL(endpoint).hostname.toLowerCase();
  } catch {
    return false;
  }
  return isLoopbackHost(host);
}

function isLoopbackHost(host: string): boolean {
  // A URL hostname ("[::1]", "localhost") or a Host header value ("[::1]:8080", "host:443").
  const bare = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** True when messages can reach ГИС ЖКХ itself, so they must be signed. */
function reachesGis(endpoint: string, gateway: GisGatewayConfig): boolean {
  if (!isLoopbackEndpoint(endpoint)) return true;
  const host = Object.entries(gateway.headers).find(([name]) => name.toLowerCase() === 'host');
  return host !== undefined && !isLoopbackHost(host[1].toLowerCase());
}

function readable(key: string, file: string, problems: string[]): void {
  try {
    accessSync(file, constants.R_OK);
  } catch {
    problems.push(`${key}: cannot read ${file}`);
  }
}

export function parseGisSignerConfig(
  env: Env,
  endpoint: string | null,
  gateway: GisGatewayConfig,
  problems: string[],
): GisSignerConfig {
  const real = endpoint !== null && reachesGis(endpoint, gateway);
  const kind = env.GIS_ZHKH_SIGNER || (real ? undefined : 'none');
  if (kind === undefined) {
    problems.push(
      'GIS_ZHKH_SIGNER is required with a GIS_ZHKH_ENDPOINT that is not the stand-in ' +
        '(ГИС ЖКХ refuses unsigned messages): local or http',
    );
    return { kind: 'none' };
  }
  switch (kind) {
    case 'none':
      if (real) {
        problems.push(
          'GIS_ZHKH_SIGNER=none is only allowed against the stand-in (a loopback GIS_ZHKH_ENDPOINT)',
        );
      }
      return { kind: 'none' };
    case 'local': {
      const keyFile = env.GIS_ZHKH_SIGNER_KEY_FILE || '';
      const certFile = env.GIS_ZHKH_SIGNER_CERT_FILE || '';
      for (const [key, file] of [
        ['GIS_ZHKH_SIGNER_KEY_FILE', keyFile],
        ['GIS_ZHKH_SIGNER_CERT_FILE', certFile],
      ] as const) {
        if (file) readable(key, file, problems);
        else problems.push(`${key} is required with GIS_ZHKH_SIGNER=local`);
      }
      let keyPassword = env.GIS_ZHKH_SIGNER_KEY_PASSWORD || null;
      const passwordFile = env.GIS_ZHKH_SIGNER_KEY_PASSWORD_FILE;
      if (passwordFile) {
        try {
          keyPassword = readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '');
        } catch {
          problems.push(`GIS_ZHKH_SIGNER_KEY_PASSWORD_FILE: cannot read ${passwordFile}`);
        }
      }
      return { kind: 'local', keyFile, certFile, keyPassword };
    }
    case 'http': {
      const url = env.GIS_ZHKH_SIGNER_URL || '';
      if (!/^https?:\/\/[^/]/.test(url)) {
        problems.push('GIS_ZHKH_SIGNER_URL must be an http(s) URL with GIS_ZHKH_SIGNER=http');
      }
      const rawTimeout = env.GIS_ZHKH_SIGNER_TIMEOUT_MS || '30000';
      const timeoutMs = Number(rawTimeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 300_000) {
        problems.push(
          `GIS_ZHKH_SIGNER_TIMEOUT_MS must be an integer in [100, 300000], got "${rawTimeout}"`,
        );
      }
      return { kind: 'http', url, auth: env.GIS_ZHKH_SIGNER_AUTH || null, timeoutMs };
    }
    default:
      problems.push(`GIS_ZHKH_SIGNER must be local, http or none, got "${kind}"`);
      return { kind: 'none' };
  }
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** GIS_ZHKH_GATEWAY_HEADERS as JSON (`{"Host":"…"}`) or `Name: value; Name: value`. */
export function parseGisGatewayConfig(env: Env, problems: string[]): GisGatewayConfig {
  const headers: Record<string, string> = {};
  const raw = env.GIS_ZHKH_GATEWAY_HEADERS?.trim();
  if (raw) {
    let pairs: [string, unknown][] = [];
    if (raw.startsWith('{')) {
      try {
        pairs = Object.entries(JSON.parse(raw) as Record<string, unknown>);
      } catch {
        problems.push('GIS_ZHKH_GATEWAY_HEADERS: not valid JSON');
      }
    } else {
      pairs = raw
        .split(';')
        .filter((p) => p.trim())
        .map((p) => {
          const at = p.indexOf(':');
          return at < 0 ? [p.trim(), undefined] : [p.slice(0, at).trim(), p.slice(at + 1).trim()];
        });
    }
    for (const [name, value] of pairs) {
      if (!HEADER_NAME.test(name) || typeof value !== 'string' || /[\r\n]/.test(value)) {
        problems.push(`GIS_ZHKH_GATEWAY_HEADERS: bad header "${name}" (expected Name: value; …)`);
      } else headers[name] = value;
    }
  }
  const tlsCertFile = env.GIS_ZHKH_TLS_CERT_FILE || null;
  const tlsKeyFile = env.GIS_ZHKH_TLS_KEY_FILE || null;
  const tlsCaFile = env.GIS_ZHKH_TLS_CA_FILE || null;
  if (tlsCertFile) readable('GIS_ZHKH_TLS_CERT_FILE', tlsCertFile, problems);
  if (tlsKeyFile) readable('GIS_ZHKH_TLS_KEY_FILE', tlsKeyFile, problems);
  if (tlsCaFile) readable('GIS_ZHKH_TLS_CA_FILE', tlsCaFile, problems);
  if (tlsCertFile && !tlsKeyFile) {
    problems.push('GIS_ZHKH_TLS_KEY_FILE is required with GIS_ZHKH_TLS_CERT_FILE');
  }
  return { headers, tlsCertFile, tlsKeyFile, tlsCaFile };
}
