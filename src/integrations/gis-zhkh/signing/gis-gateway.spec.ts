import * as https from 'https';
import { gisGatewayOptions } from './gis-gateway';
import { gostTestKeys } from '../../../../test/support/gost-test-keys';

describe('gisGatewayOptions', () => {
  it('passes the gateway headers and builds no agent without TLS files', () => {
    const gateway = {
      headers: { Host: 'api.dom.gosuslugi.ru' },
      tlsCertFile: null,
      tlsKeyFile: null,
      tlsCaFile: null,
    };

    expect(gisGatewayOptions(gateway)).toEqual({
      headers: { Host: 'api.dom.gosuslugi.ru' },
      agent: undefined,
    });
  });

  it('builds one https agent with the client certificate, key and CA, once per configuration', async () => {
    // Any PEM files do: the agent keeps them as given (the TLS handshake is the gateway's).
    const keys = await gostTestKeys();
    const gateway = {
      headers: {},
      tlsCertFile: keys.certFile,
      tlsKeyFile: keys.keyFile,
      tlsCaFile: keys.certFile,
    };

    const sut = gisGatewayOptions(gateway);

    expect(sut.agent).toBeInstanceOf(https.Agent);
    expect(sut.agent?.options).toMatchObject({
      cert: Buffer.from(keys.certPem),
      key: Buffer.from(keys.keyPem),
      ca: Buffer.from(keys.certPem),
    });
    expect(gisGatewayOptions(gateway).agent).toBe(sut.agent);
  });
});
