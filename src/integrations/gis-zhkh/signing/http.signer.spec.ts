import * as http from 'http';
import type { AddressInfo } from 'net';
import { FakeSigner } from '../../../../test/fixtures/gis-zhkh/fake-signer';
import { GisError } from '../gis-error';
import { HttpSigner } from './http.signer';

const XML =
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
  '<ap:exportAppealRequest xmlns:ap="urn:a" Id="signed-data-container"></ap:exportAppealRequest>' +
  '</soapenv:Body></soapenv:Envelope>';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

describe('HttpSigner', () => {
  let server: http.Server;
  let handler: Handler;
  let url: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sign`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the envelope with the configured Authorization and returns the signed one', async () => {
    let seen: { auth?: string; type?: string; body?: string } = {};
    handler = (req, body, res) => {
      seen = { auth: req.headers.authorization, type: req.headers['content-type'], body };
      void new FakeSigner().sign(body).then((signed) => res.end(signed));
    };
    const sut = new HttpSigner({ url, auth: 'Bearer s3cret', timeoutMs: 2000 });

    const signed = await sut.sign(XML);

    expect(seen).toEqual({ auth: 'Bearer s3cret', type: 'text/xml; charset=utf-8', body: XML });
    expect(signed).toContain('<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"');
  });

  it.each<[string, Handler, string, string]>([
    ['a 5xx', (_q, _b, res) => res.writeHead(503).end('busy'), 'http', 'SIGNER_HTTP_503'],
    ['an answer without ds:Signature', (_q, b, res) => res.end(b), 'http', 'SIGNER_NO_SIGNATURE'],
    ['no answer in time', () => undefined, 'timeout', 'SIGNER_TIMEOUT'],
  ])('turns %s into a retryable error', async (_name, h, kind, code) => {
    handler = h;
    const sut = new HttpSigner({ url, auth: null, timeoutMs: 300 });

    const error = (await sut.sign(XML).catch((e: unknown) => e)) as GisError;

    expect(error).toBeInstanceOf(GisError);
    expect(error).toMatchObject({ kind, code, retryable: true });
  });

  it('turns a refused connection into a retryable error', async () => {
    const sut = new HttpSigner({ url: 'http://127.0.0.1:9/sign', auth: null, timeoutMs: 2000 });

    await expect(sut.sign(XML)).rejects.toMatchObject({
      kind: 'transport',
      code: 'SIGNER_UNREACHABLE',
      retryable: true,
    });
  });
});
