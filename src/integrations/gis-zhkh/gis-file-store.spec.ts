import { createHash } from 'crypto';
import { GisAppealsStandIn } from '../../../test/support/gis-standin';
import { GisError } from './gis-error';
import {
  GisFileStoreClient,
  decodeUploadFileName,
  encodeUploadFileName,
  gisAttachmentHash,
  type GisFileStoreOptions,
} from './gis-file-store';

const ORG = '0d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a';
/** Small parts keep the multipart tests fast; the protocol's own part size is 5 MiB. */
const PART = 64 * 1024;

const bytes = (n: number, seed = 1): Buffer => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
};

describe('GisFileStoreClient against the stand-in', () => {
  let standIn: GisAppealsStandIn;

  beforeAll(async () => {
    standIn = await GisAppealsStandIn.start({ orgPPAGuid: ORG, filePartBytes: PART });
  });
  afterAll(async () => {
    await standIn?.stop();
  });

  const sut = (over: Partial<GisFileStoreOptions> = {}) =>
    new GisFileStoreClient({
      baseUrl: standIn.fileStoreUrl,
      context: 'appeals',
      orgPPAGuid: ORG,
      partBytes: PART,
      timeoutMs: 5000,
      ...over,
    });

  it('hashes with ГОСТ Р 34.11-2012 (256 bit) in lower-case hex', () => {
    // The standard's value for the empty message (ГОСТ Р 34.11-2012, 256 bit).
    expect(gisAttachmentHash(Buffer.alloc(0))).toBe(
      '3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb',
    );
  });

  it('hashes with ГОСТ Р 34.11-94 when the deployment chose it', async () => {
    expect(gisAttachmentHash(Buffer.from('тест'), 'gost94')).toBe(
      '048fcd8d361b7a039bdc3b1906d8128fd3bfd968047ea2b7e930159357388269',
    );
    const content = bytes(500, 3);
    const up = await sut({ hashAlgorithm: 'gost94' }).upload(content, 'акт.pdf');
    expect(up.hash).toBe(gisAttachmentHash(content, 'gost94'));
    // A download is checked with the same algorithm: the 2012 hash of the same bytes is refused.
    const client = sut({ hashAlgorithm: 'gost94' });
    await expect(
      client.download(up.attachmentGuid, { expectedHash: gisAttachmentHash(content, 'gost94') }),
    ).resolves.toMatchObject({ size: 500 });
    await expect(
      client.download(up.attachmentGuid, { expectedHash: gisAttachmentHash(content) }),
    ).rejects.toMatchObject({ code: 'ATTACHMENT_HASH_MISMATCH' });
  });

  it('encodes a Cyrillic file name as an RFC 2047 word and back, without forbidden characters', () => {
    const encoded = encodeUploadFileName('Акт: проверки*.pdf');
    expect(encoded).toMatch(/^=\?utf-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    expect(decodeUploadFileName(encoded)).toBe('Акт_ проверки_.pdf');
  });

  it('uploads a small file with one PUT (org header, Content-MD5) and downloads it back', async () => {
    const content = bytes(1000);
    const up = await sut().upload(content, 'фото.jpg');
    expect(up.hash).toBe(gisAttachmentHash(content));
    expect(up.size).toBe(1000);
    const stored = standIn.fileStore.file(up.attachmentGuid)!;
    expect(stored).toMatchObject({ name: 'фото.jpg', org: ORG, parts: 1 });
    expect(stored.bytes.equals(content)).toBe(true);
    const last = standIn.fileStore.requests.at(-1)!;
    expect(last).toMatchObject({ method: 'PUT', path: '/ext-bus-file-store-service/rest/appeals' });
    expect(last.headers['content-md5']).toBe(createHash('md5').update(content).digest('base64'));

    const down = await sut().download(up.attachmentGuid, { expectedHash: up.hash });
    expect(down.size).toBe(1000);
    expect(down.content!.equals(content)).toBe(true);
  });

  it('uploads a file over the part size in parts (?upload, X-Upload-Partnumber, ?completed)', async () => {
    const content = bytes(PART * 2 + 123, 7);
    const before = standIn.fileStore.requests.length;
    const up = await sut().upload(content, 'план.pdf');
    const calls = standIn.fileStore.requests.slice(before);
    expect(calls.map((c) => `${c.method} ${c.query}`)).toEqual([
      'POST upload',
      'PUT ',
      'PUT ',
      'PUT ',
      'POST completed',
    ]);
    expect(calls.slice(1, 4).map((c) => c.headers['x-upload-partnumber'])).toEqual(['1', '2', '3']);
    expect(calls[0].headers['x-upload-length']).toBe(String(content.length));
    expect(calls[0].headers['x-upload-part-count']).toBe('3');
    const stored = standIn.fileStore.file(up.attachmentGuid)!;
    expect(stored.parts).toBe(3);
    expect(stored.bytes.equals(content)).toBe(true);
    expect(up.hash).toBe(gisAttachmentHash(content));
  });

  it('downloads a big file in ranged parts after HEAD gave its length', async () => {
    const content = bytes(PART * 2 + 5, 3);
    const ref = standIn.putFile(content, 'скан.pdf');
    const before = standIn.fileStore.requests.length;
    const down = await sut().download(ref.attachmentGuid, { expectedHash: ref.hash });
    expect(down.content!.equals(content)).toBe(true);
    const calls = standIn.fileStore.requests.slice(before);
    expect(calls.map((c) => `${c.method} ${c.headers.range ?? ''}`)).toEqual([
      'HEAD ',
      `GET bytes=0-${PART - 1}`,
      `GET bytes=${PART}-${2 * PART - 1}`,
      `GET bytes=${2 * PART}-${2 * PART + 4}`,
    ]);
  });

  it('does not download a file over the size limit, only reports its size', async () => {
    const ref = standIn.putFile(bytes(5000), 'большой.pdf');
    const before = standIn.fileStore.requests.length;
    const down = await sut().download(ref.attachmentGuid, { maxBytes: 4999 });
    expect(down).toEqual({ size: 5000, content: null });
    expect(standIn.fileStore.requests.slice(before).map((c) => c.method)).toEqual(['HEAD']);
  });

  it('refuses downloaded bytes whose ГОСТ hash is not the one ГИС gave: a retryable error', async () => {
    const ref = standIn.putFile(bytes(300), 'акт.pdf');
    const err = await sut()
      .download(ref.attachmentGuid, { expectedHash: gisAttachmentHash(bytes(300, 9)) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GisError);
    expect(err).toMatchObject({ code: 'ATTACHMENT_HASH_MISMATCH', retryable: true });
  });

  it('turns 5xx, a dead server and maintenance into retryable errors, a refusal into a final one', async () => {
    standIn.fileStore.failNext(1, 503);
    await expect(sut().upload(bytes(10), 'a.pdf')).rejects.toMatchObject({
      kind: 'http',
      code: 'HTTP_503',
      retryable: true,
    });
    standIn.fileStore.failNext(1, 400, 'INT002029');
    await expect(sut().upload(bytes(10), 'a.pdf')).rejects.toMatchObject({ retryable: true });
    standIn.fileStore.failNext(1, 400, 'ExtensionException');
    await expect(sut().upload(bytes(10), 'a.exe')).rejects.toMatchObject({
      code: 'ExtensionException',
      retryable: false,
    });
    const dead = sut({ baseUrl: 'http://127.0.0.1:1/ext-bus-file-store-service/rest' });
    await expect(dead.upload(bytes(10), 'a.pdf')).rejects.toMatchObject({
      kind: 'transport',
      retryable: true,
    });
  });

  it('is refused by the store without our organisation or with a wrong Content-MD5', async () => {
    await expect(
      sut({ orgPPAGuid: '11111111-2222-4333-8444-555555555555' }).upload(bytes(10), 'a.pdf'),
    ).rejects.toMatchObject({ code: 'DataProviderValidationException', retryable: false });
    standIn.fileStore.corruptNextBody();
    await expect(sut().upload(bytes(10), 'a.pdf')).rejects.toMatchObject({
      code: 'HashConflictException',
    });
    await expect(sut().download('11111111-2222-4333-8444-000000000000')).rejects.toMatchObject({
      code: 'FileNotFoundException',
      retryable: false,
    });
  });
});
