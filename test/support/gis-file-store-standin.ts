import { createHash, randomUUID } from 'crypto';
import type * as http from 'http';
import {
  decodeUploadFileName,
  encodeUploadFileName,
  gisAttachmentHash,
} from '../../src/integrations/gis-zhkh/gis-file-store';
import type { GisAttachmentRef, Guid } from '../../src/integrations/gis-zhkh/gis-types';

/**
 * The ГИС ЖКХ REST file store (`/ext-bus-file-store-service/rest/{context}`, Альбом ТФФ
 * «Описание протокола обмена файлами с внешними системами») for the tests: files in memory by
 * GUID. Served by GisAppealsStandIn on the same port. Refusals carry `X-Upload-Error` with the
 * protocol's exception names.
 */

export const FILE_STORE_PREFIX = '/ext-bus-file-store-service/rest/';

export interface StandInFile {
  guid: Guid;
  name: string;
  bytes: Buffer;
  /** X-Upload-OrgPPAGUID of the uploader; null for files preloaded by a test. */
  org: string | null;
  /** 1 for a single PUT, else the number of parts. */
  parts: number;
}

export interface FileStoreRequest {
  method: string;
  /** Path without the query. */
  path: string;
  /** The query's bare word: `upload`, `completed`, `getfile`, or ''. */
  query: string;
  headers: http.IncomingHttpHeaders;
  size: number;
}

export interface GisFileStoreStandInOptions {
  /** When set, X-Upload-OrgPPAGUID must be this GUID (else any GUID is taken). */
  orgPPAGuid?: string;
  /** The store's context; other contexts are answered ContextNotFoundException. */
  context?: string;
  /** Largest part (and single upload) accepted; the protocol's is 5 MiB. */
  partBytes?: number;
}

interface OpenUpload {
  name: string;
  length: number;
  partCount: number;
  org: string;
  parts: Map<number, Buffer>;
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class GisFileStoreStandIn {
  readonly requests: FileStoreRequest[] = [];
  private readonly files = new Map<string, StandInFile>();
  private readonly uploads = new Map<string, OpenUpload>();
  private readonly failures: Array<{ status: number; error?: string }> = [];
  private corruptBody = false;
  private readonly context: string;
  private readonly partBytes: number;

  constructor(private readonly options: GisFileStoreStandInOptions = {}) {
    this.context = options.context ?? 'appeals';
    this.partBytes = options.partBytes ?? 5 * 1024 * 1024;
  }

  static handles(url: string | undefined): boolean {
    return (url ?? '').startsWith(FILE_STORE_PREFIX);
  }

  /** A file «uploaded by ГИС» (an applicant's), for a scripted appeal's `attachments`. */
  putFile(bytes: Buffer, name: string, description = name): GisAttachmentRef {
    const guid = randomUUID();
    this.files.set(guid, { guid, name, bytes: Buffer.from(bytes), org: null, parts: 1 });
    return { name, description, attachmentGuid: guid, hash: gisAttachmentHash(bytes) };
  }

  /** Serves other bytes than were uploaded under this GUID (a corrupted transfer). */
  replaceContent(guid: Guid, bytes: Buffer): void {
    const f = this.files.get(guid.toLowerCase());
    if (f) f.bytes = Buffer.from(bytes);
  }

  file(guid: Guid): StandInFile | undefined {
    return this.files.get(guid.toLowerCase());
  }

  /** Files our side uploaded (not preloaded by a test), in order. */
  uploaded(): StandInFile[] {
    return [...this.files.values()].filter((f) => f.org !== null);
  }

  /** The next `count` requests are answered `status` (with X-Upload-Error when given). */
  failNext(count: number, status: number, error?: string): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, error });
  }

  /** The next upload's body is changed in transit: its Content-MD5 no longer matches. */
  corruptNextBody(): void {
    this.corruptBody = true;
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body = await readAll(req);
    if (this.corruptBody && body.length > 0) {
      this.corruptBody = false;
      body = Buffer.concat([body, Buffer.from([0])]);
    }
    const method = req.method ?? 'GET';
    this.requests.push({
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, '').split('&')[0].split('=')[0],
      headers: req.headers,
      size: body.length,
    });
    const failure = this.failures.shift();
    if (failure) return refuse(res, failure.status, failure.error);

    const rest = url.pathname.slice(FILE_STORE_PREFIX.length).split('/');
    const [context, id = ''] = rest;
    if (context !== this.context) return refuse(res, 404, 'ContextNotFoundException');
    const org = header(req, 'x-upload-orgppaguid');
    if (
      !org ||
      !GUID_RE.test(org) ||
      (this.options.orgPPAGuid && org.toLowerCase() !== this.options.orgPPAGuid.toLowerCase())
    ) {
      return refuse(res, 403, 'DataProviderValidationException');
    }
    const query = this.requests.at(-1)!.query;
    if (method === 'PUT' && id === '') return this.single(req, res, body, org);
    if (method === 'POST' && id === '' && query === 'upload') return this.open(req, res, org);
    if (method === 'PUT' && id !== '') return this.part(req, res, id, body);
    if (method === 'POST' && id !== '' && query === 'completed') return this.complete(res, id);
    if (method === 'HEAD' && id !== '') return this.head(res, id);
    if (method === 'GET' && id !== '' && query === 'getfile') return this.get(req, res, id);
    return refuse(res, 405, 'FieldValidationException');
  }

  private single(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    org: string,
  ): void {
    const name = fileNameOf(req);
    if (!name || body.length === 0) return refuse(res, 400, 'FieldValidationException');
    if (body.length > this.partBytes) return refuse(res, 400, 'InvalidSizeException');
    if (!md5Matches(req, body)) return refuse(res, 400, 'HashConflictException');
    const guid = randomUUID();
    this.files.set(guid, { guid, name, bytes: body, org, parts: 1 });
    res.writeHead(200, { 'X-Upload-UploadID': guid }).end();
  }

  private open(req: http.IncomingMessage, res: http.ServerResponse, org: string): void {
    const name = fileNameOf(req);
    const length = Number(header(req, 'x-upload-length'));
    const partCount = Number(header(req, 'x-upload-part-count'));
    if (!name || !(length > 0) || !(partCount > 0)) {
      return refuse(res, 400, 'FieldValidationException');
    }
    if (Math.ceil(length / this.partBytes) > partCount) {
      return refuse(res, 400, 'InvalidSizeException');
    }
    const guid = randomUUID();
    this.uploads.set(guid, { name, length, partCount, org, parts: new Map() });
    res.writeHead(200, { 'X-Upload-UploadID': guid }).end();
  }

  private part(req: http.IncomingMessage, res: http.ServerResponse, id: string, body: Buffer) {
    const upload = this.uploads.get(id.toLowerCase());
    if (!upload) return refuse(res, 404, 'FileNotFoundException');
    const n = Number(header(req, 'x-upload-partnumber'));
    if (!Number.isInteger(n) || n < 1 || n > upload.partCount) {
      return refuse(res, 400, 'InvalidPartNumberException');
    }
    if (body.length === 0 || body.length > this.partBytes) {
      return refuse(res, 400, 'InvalidSizeException');
    }
    if (!md5Matches(req, body)) return refuse(res, 400, 'HashConflictException');
    upload.parts.set(n, body);
    res.writeHead(200).end();
  }

  private complete(res: http.ServerResponse, id: string): void {
    const upload = this.uploads.get(id.toLowerCase());
    if (!upload) return refuse(res, 404, 'FileNotFoundException');
    const parts: Buffer[] = [];
    for (let n = 1; n <= upload.partCount; n++) {
      const p = upload.parts.get(n);
      if (!p) return refuse(res, 400, 'InvalidStatusException');
      parts.push(p);
    }
    const bytes = Buffer.concat(parts);
    if (bytes.length !== upload.length) return refuse(res, 400, 'InvalidSizeException');
    this.uploads.delete(id.toLowerCase());
    const guid = id.toLowerCase();
    this.files.set(guid, {
      guid,
      name: upload.name,
      bytes,
      org: upload.org,
      parts: upload.partCount,
    });
    res.writeHead(200).end();
  }

  private head(res: http.ServerResponse, id: string): void {
    const f = this.files.get(id.toLowerCase());
    if (!f) return refuse(res, 404, 'FileNotFoundException');
    res
      .writeHead(200, {
        'X-Upload-Length': String(f.bytes.length),
        'X-Upload-Filename': encodeUploadFileName(f.name),
      })
      .end();
  }

  private get(req: http.IncomingMessage, res: http.ServerResponse, id: string): void {
    const f = this.files.get(id.toLowerCase());
    if (!f) return refuse(res, 404, 'FileNotFoundException');
    const range = /^bytes=(\d+)-(\d+)$/.exec(header(req, 'range') ?? '');
    if (!range) {
      if (f.bytes.length > this.partBytes) return refuse(res, 400, 'InvalidSizeException');
      res.writeHead(200, { 'Content-Length': f.bytes.length }).end(f.bytes);
      return;
    }
    const from = Number(range[1]);
    const to = Math.min(Number(range[2]), f.bytes.length - 1);
    if (from > to || to - from + 1 > this.partBytes) {
      return refuse(res, 400, 'InvalidSizeException');
    }
    const slice = f.bytes.subarray(from, to + 1);
    res
      .writeHead(206, {
        'Content-Length': slice.length,
        'Content-Range': `bytes ${from}-${to}/${f.bytes.length}`,
      })
      .end(slice);
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function fileNameOf(req: http.IncomingMessage): string | null {
  const raw = header(req, 'x-upload-filename');
  if (!raw) return null;
  try {
    return decodeUploadFileName(raw);
  } catch {
    return null;
  }
}

function md5Matches(req: http.IncomingMessage, body: Buffer): boolean {
  return header(req, 'content-md5') === createHash('md5').update(body).digest('base64');
}

function refuse(res: http.ServerResponse, status: number, error?: string): void {
  res.writeHead(status, error ? { 'X-Upload-Error': error } : {}).end();
}

function readAll(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
