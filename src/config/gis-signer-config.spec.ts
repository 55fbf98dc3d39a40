import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  isLoopbackEndpoint,
  parseGisGatewayConfig,
  parseGisSignerConfig,
} from './gis-signer-config';

const REAL = 'https://api.dom.gosuslugi.ru/ext-bus-appeals-service/services/AppealsAsync';
const STANDIN = 'http://127.0.0.1:8080/ext-bus-appeals-service/services/AppealsAsync';
const dir = mkdtempSync(join(tmpdir(), 'gis-signer-config-'));
const file = (name: string, text = 'x') => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('isLoopbackEndpoint', () => {
  it.each([
    [STANDIN, true],
    ['http://localhost:3001/x', true],
    ['http://[::1]:3001/x', true],
    ['http://127.8.0.1/x', true],
    [REAL, false],
    ['http://10.0.0.5:8080/x', false],
    ['http://127.0.0.1.nip.io/x', false],
  ])('%s → %s', (url, expected) => {
    expect(isLoopbackEndpoint(url)).toBe(expected);
  });
});

describe('parseGisSignerConfig', () => {
  const sut = (env: Record<string, string>, endpoint: string | null = REAL) => {
    const problems: string[] = [];
    const signer = parseGisSignerConfig(env, endpoint, parseGisGatewayConfig(env, []), problems);
    return { signer, problems };
  };

  it('defaults to none against the stand-in and when there is no endpoint', () => {
    expect(sut({}, STANDIN)).toEqual({ signer: { kind: 'none' }, problems: [] });
    expect(sut({}, null)).toEqual({ signer: { kind: 'none' }, problems: [] });
  });

  it('refuses to start against a real endpoint without a signer, or with none', () => {
    expect(sut({}).problems).toEqual([
      expect.stringMatching(/^GIS_ZHKH_SIGNER is required .*local or http/),
    ]);
    expect(sut({ GIS_ZHKH_SIGNER: 'none' }).problems).toEqual([
      expect.stringMatching(/GIS_ZHKH_SIGNER=none is only allowed against the stand-in/),
    ]);
  });

  it('treats a loopback gateway that forwards to another Host (stunnel) as a real endpoint', () => {
    const env = { GIS_ZHKH_GATEWAY_HEADERS: 'Host: api.dom.gosuslugi.ru' };
    expect(sut(env, STANDIN).problems).toEqual([
      expect.stringMatching(/GIS_ZHKH_SIGNER is required/),
    ]);
  });

  it('reads a local signer with its key, certificate and password (or password file)', () => {
    const keyFile = file('k.pem');
    const certFile = file('c.pem');
    const env = { GIS_ZHKH_SIGNER: 'local', GIS_ZHKH_SIGNER_KEY_FILE: keyFile };
    expect(
      sut({ ...env, GIS_ZHKH_SIGNER_CERT_FILE: certFile, GIS_ZHKH_SIGNER_KEY_PASSWORD: 'p' }),
    ).toEqual({ signer: { kind: 'local', keyFile, certFile, keyPassword: 'p' }, problems: [] });
    const passwordFile = file('password', 'из файла\n');
    expect(
      sut({
        ...env,
        GIS_ZHKH_SIGNER_CERT_FILE: certFile,
        GIS_ZHKH_SIGNER_KEY_PASSWORD_FILE: passwordFile,
      }).signer,
    ).toMatchObject({ keyPassword: 'из файла' });
  });

  it('lists a missing or unreadable key or certificate file at start', () => {
    expect(
      sut({ GIS_ZHKH_SIGNER: 'local', GIS_ZHKH_SIGNER_KEY_FILE: join(dir, 'nope.pem') }).problems,
    ).toEqual([
      expect.stringMatching(/^GIS_ZHKH_SIGNER_KEY_FILE: cannot read .*nope\.pem/),
      'GIS_ZHKH_SIGNER_CERT_FILE is required with GIS_ZHKH_SIGNER=local',
    ]);
  });

  it('reads an http signer with its URL, authorization header and timeout', () => {
    expect(
      sut({
        GIS_ZHKH_SIGNER: 'http',
        GIS_ZHKH_SIGNER_URL: 'https://signer.local/sign',
        GIS_ZHKH_SIGNER_AUTH: 'Bearer abc',
        GIS_ZHKH_SIGNER_TIMEOUT_MS: '5000',
      }),
    ).toEqual({
      signer: {
        kind: 'http',
        url: 'https://signer.local/sign',
        auth: 'Bearer abc',
        timeoutMs: 5000,
      },
      problems: [],
    });
    expect(sut({ GIS_ZHKH_SIGNER: 'http' }).problems).toEqual([
      'GIS_ZHKH_SIGNER_URL must be an http(s) URL with GIS_ZHKH_SIGNER=http',
    ]);
    expect(sut({ GIS_ZHKH_SIGNER: 'cryptopro' }).problems).toEqual([
      'GIS_ZHKH_SIGNER must be local, http or none, got "cryptopro"',
    ]);
  });
});

describe('parseGisGatewayConfig', () => {
  const sut = (env: Record<string, string>) => {
    const problems: string[] = [];
    return { gateway: parseGisGatewayConfig(env, problems), problems };
  };

  it('has no headers and no TLS files by default', () => {
    expect(sut({})).toEqual({
      gateway: { headers: {}, tlsCertFile: null, tlsKeyFile: null, tlsCaFile: null },
      problems: [],
    });
  });

  it('reads headers as `Name: value; …` or as JSON, and refuses a bad name', () => {
    expect(
      sut({ GIS_ZHKH_GATEWAY_HEADERS: 'Host: api.dom.gosuslugi.ru; X-Gw: 1' }).gateway.headers,
    ).toEqual({ Host: 'api.dom.gosuslugi.ru', 'X-Gw': '1' });
    expect(
      sut({ GIS_ZHKH_GATEWAY_HEADERS: '{"Host":"api.dom.gosuslugi.ru"}' }).gateway.headers,
    ).toEqual({
      Host: 'api.dom.gosuslugi.ru',
    });
    expect(sut({ GIS_ZHKH_GATEWAY_HEADERS: 'Bad Name: 1' }).problems).toEqual([
      expect.stringMatching(/^GIS_ZHKH_GATEWAY_HEADERS/),
    ]);
  });

  it('checks the TLS files at start; a certificate needs its key', () => {
    const cert = file('tls.crt');
    expect(sut({ GIS_ZHKH_TLS_CERT_FILE: cert }).problems).toEqual([
      'GIS_ZHKH_TLS_KEY_FILE is required with GIS_ZHKH_TLS_CERT_FILE',
    ]);
    expect(sut({ GIS_ZHKH_TLS_CA_FILE: join(dir, 'none.crt') }).problems).toEqual([
      expect.stringMatching(/^GIS_ZHKH_TLS_CA_FILE: cannot read/),
    ]);
  });
});
