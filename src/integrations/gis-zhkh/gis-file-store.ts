import { createHash } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import { GisError } from './gis-error';
import { gostR341194, streebog256 } from './gost/crypto-gost';
import type { Guid } from './gis-types';

/**
 * Client of the ГИС ЖКХ REST file store, `…/ext-bus-file-store-service/rest/{context}`
 * (Альбом ТФФ, «Описание протокола обмена файлами с внешними системами»):
 * - a file up to the part size (5 MiB) goes in one `PUT {context}`;
 * - a bigger one: `POST {context}/?upload` (X-Upload-Length, X-Upload-Part-Count) opens an
 *   upload, `PUT {context}/{id}` with X-Upload-Partnumber sends each part, `POST
 *   {context}/{id}?completed` closes it;
 * - every request names our organisation (X-Upload-OrgPPAGUID); every body carries Content-MD5;
 * - the answer's X-Upload-UploadID is the file's AttachmentGUID in messages;
 * - `HEAD {context}/{guid}` gives X-Upload-Length, `GET {context}/{guid}?getfile` the bytes
 *   (with `Range` parts of at most 5 MiB for bigger files);
 * - a refusal names its reason in X-Upload-Error (FieldValidationException, FileNotFoundException…).
 */

/** The protocol's largest part (and single upload): 5 MiB. */
export const GIS_FILE_PART_BYTES = 5 * 1024 * 1024;

export interface GisFileStoreOptions {
  /** `…/ext-bus-file-store-service/rest`, no trailing slash. */
  baseUrl: string;
  /** The subsystem's store (`appeals`). */
  context: string;
  orgPPAGuid: Guid;
  timeoutMs?: number;
  /** Part size; tests make it small. */
  partBytes?: number;
  /** Extra headers the ГОСТ TLS gateway wants (as for the SOAP calls). */
  headers?: Readonly<Record<string, string>>;
  agent?: http.Agent;
  /** The ГОСТ hash of AttachmentHASH (default ГОСТ Р 34.11-2012). */
  hashAlgorithm?: GisAttachmentHashAlgorithm;
}

export interface UploadedGisFile {
  attachmentGuid: Guid;
  /** AttachmentHASH: ГОСТ Р 34.11-2012 (256 bit) of the bytes, hex. */
  hash: string;
  size: number;
}

export interface DownloadedGisFile {
  size: number;
  /** Null when the file is over `maxBytes`: it was not downloaded. */
  content: Buffer | null;
}

/**
 * The ГОСТ hash of AttachmentHASH. The schema says only «по алгоритму ГОСТ»: ГОСТ Р 34.11-2012
 * (256 bit) is the default; some published ГИС ЖКХ clients still use ГОСТ Р 34.11-94, so a
 * deployment can switch (GIS_ZHKH_ATTACHMENT_HASH) after checking on the ГИС test stand.
 */
export const GIS_ATTACHMENT_HASHES = ['gost2012', 'gost94'] as const;
export type GisAttachmentHashAlgorithm = (typeof GIS_ATTACHMENT_HASHES)[number];

/**
 * AttachmentHASH of a file: «хэш-тег вложения по алгоритму ГОСТ в binhex» (hcs-base.xsd,
 * AttachmentType), lower-case hex.
 */
export function gisAttachmentHash(
  content: Uint8Array,
  algorithm: GisAttachmentHashAlgorithm = 'gost2012',
): string {
  return (algorithm === 'gost94' ? gostR341194(content) : streebog256(content)).toString('hex');
}

/** Characters the store refuses in names (Windows-forbidden ones and `%`). */
const FORBIDDEN_IN_NAME = /[<>?:|*%\\"/]/g;

/**
 * X-Upload-Filename: the protocol wants the name MIME-encoded (RFC 2047), so Cyrillic survives
 * an HTTP header; forbidden characters become `_`.
 */
export function encodeUploadFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(FORBIDDEN_IN_NAME, '_').replace(/[\u0000-\u001f\u007f]/g, '');
  return `=?utf-8?B?${Buffer.from(clean || 'file', 'utf8').toString('base64')}?=`;
}

/** The name back from an RFC 2047 encoded-word (B or Q, UTF-8 or windows-1251), or as is. */
export function decodeUploadFileName(value: string): string {
  const m = /^=\?([^?]+)\?([BbQq])\?([^?]*)\?=$/.exec(value.trim());
  if (!m) return value;
  const charset = m[1].toLowerCase();
  const raw =
    m[2].toUpperCase() === 'B'
      ? Buffer.from(m[3], 'base64')
      : Buffer.from(
          m[3]
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        );
  return new TextDecoder(charset === 'windows-1251' ? 'windows-1251' : 'utf-8', {
    fatal: true,
  }).decode(raw);
}

/** Refusals that a later attempt may not get: maintenance (INT002029) and virus check pending. */
const RETRYABLE_UPLOAD_ERRORS = new Set(['INT002029', 'FileVirusNotCheckedException']);

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export class GisFileStoreClient {
  private readonly partBytes: number;
  private readonly timeoutMs: number;
  private readonly base: string;

  constructor(private readonly options: GisFileStoreOptions) {
    if (!/^https?:\/\//.test(options.baseUrl)) {
      throw new GisError('invalid-request', 'BAD_ENDPOINT', 'file store must be http(s)');
    }
    this.base = `${options.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(options.context)}`;
    this.partBytes = options.partBytes ?? GIS_FILE_PART_BYTES;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Uploads the bytes; the AttachmentGUID and AttachmentHASH to put in a message. */
  async upload(content: Buffer, fileName: string): Promise<UploadedGisFile> {
    if (content.length === 0) {
      throw new GisError('invalid-request', 'EMPTY_FILE', 'the file store refuses empty files');
    }
    const name = encodeUploadFileName(fileName);
    let guid: string;
    if (content.length <= this.partBytes) {
      const res = await this.call('PUT', this.base, content, { 'X-Upload-Filename': name });
      guid = uploadIdOf(res);
    } else {
      const count = Math.ceil(content.length / this.partBytes);
      const opened = await this.call('POST', `${this.base}/?upload`, null, {
        'X-Upload-Filename': name,
        'X-Upload-Length': String(content.length),
        'X-Upload-Part-Count': String(count),
      });
      guid = uploadIdOf(opened);
      for (let n = 1; n <= count; n++) {
        const part = content.subarray((n - 1) * this.partBytes, n * this.partBytes);
        await this.call('PUT', `${this.base}/${guid}`, part, { 'X-Upload-Partnumber': String(n) });
      }
      await this.call('POST', `${this.base}/${guid}?completed`, null, {});
    }
    return {
      attachmentGuid: guid,
      hash: gisAttachmentHash(content, this.options.hashAlgorithm),
      size: content.length,
    };
  }

  /**
   * Downloads a file: its length first (HEAD), then one GET or ranged parts. Over `maxBytes`
   * nothing is downloaded. With `expectedHash` (AttachmentHASH from the message) the bytes must
   * have it: a mismatch is a damaged transfer, retryable.
   */
  async download(
    guid: Guid,
    opts: { maxBytes?: number; expectedHash?: string } = {},
  ): Promise<DownloadedGisFile> {
    const url = `${this.base}/${encodeURIComponent(guid)}`;
    const head = await this.call('HEAD', url, null, {});
    const size = Number(
      one(head.headers['x-upload-length']) ?? one(head.headers['content-length']),
    );
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new GisError('protocol', 'NO_LENGTH', 'HEAD gave no X-Upload-Length');
    }
    if (opts.maxBytes !== undefined && size > opts.maxBytes) return { size, content: null };
    let content: Buffer;
    if (size <= this.partBytes) {
      content = (await this.call('GET', `${url}?getfile`, null, {})).body;
    } else {
      const parts: Buffer[] = [];
      for (let from = 0; from < size; from += this.partBytes) {
        const to = Math.min(from + this.partBytes, size) - 1;
        const part = await this.call('GET', `${url}?getfile`, null, {
          Range: `bytes=${from}-${to}`,
        });
        if (part.body.length !== to - from + 1) {
          throw new GisError('transport', 'SHORT_PART', `part ${from}-${to}: ${part.body.length}`);
        }
        parts.push(part.body);
      }
      content = Buffer.concat(parts);
    }
    if (content.length !== size) {
      throw new GisError('transport', 'SHORT_FILE', `${content.length} of ${size} bytes`);
    }
    if (
      opts.expectedHash &&
      gisAttachmentHash(content, this.options.hashAlgorithm) !== opts.expectedHash.toLowerCase()
    ) {
      throw new GisError(
        'transport',
        'ATTACHMENT_HASH_MISMATCH',
        `file ${guid}: ГОСТ hash differs from AttachmentHASH`,
      );
    }
    return { size, content };
  }

  private call(
    method: string,
    target: string,
    body: Buffer | null,
    headers: Record<string, string>,
  ): Promise<Answer> {
    const url = new URL(target);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<Answer>((resolve, reject) => {
      let settled = false;
      const finish = (error: GisError | null, answer?: Answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(answer!);
      };
      const req = transport.request(
        url,
        {
          method,
          agent: this.options.agent,
          headers: {
            ...this.options.headers,
            ...headers,
            'X-Upload-OrgPPAGUID': this.options.orgPPAGuid,
            ...(body
              ? {
                  'Content-Type': 'application/octet-stream',
                  'Content-Length': body.length,
                  'Content-MD5': createHash('md5').update(body).digest('base64'),
                }
              : method === 'POST' || method === 'PUT'
                ? { 'Content-Length': 0 }
                : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              return finish(null, { status, headers: res.headers, body: Buffer.concat(chunks) });
            }
            finish(refusal(status, one(res.headers['x-upload-error'])));
          });
          res.on('error', (e) => finish(transportError(e)));
        },
      );
      const timer = setTimeout(() => {
        finish(new GisError('timeout', 'TIMEOUT', `no answer within ${this.timeoutMs} ms`));
        req.destroy();
      }, this.timeoutMs);
      req.on('error', (e) => finish(transportError(e)));
      req.end(body ?? undefined);
    });
  }
}

/**
 * A 5xx, a gateway's bare error and maintenance are worth retrying (`http`); a refusal with
 * X-Upload-Error is ГИС's verdict on the request (`fault`, its code the exception's name).
 */
function refusal(status: number, uploadError: string | undefined): GisError {
  if (!uploadError || status >= 500 || RETRYABLE_UPLOAD_ERRORS.has(uploadError)) {
    return new GisError(
      'http',
      uploadError && status < 500 ? uploadError : `HTTP_${status}`,
      `HTTP ${status} from the file store${uploadError ? ` (${uploadError})` : ''}`,
    );
  }
  return new GisError('fault', uploadError, `HTTP ${status} from the file store`);
}

const transportError = (e: Error) =>
  new GisError('transport', 'TRANSPORT_ERROR', (e as NodeJS.ErrnoException).code ?? e.name);

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function uploadIdOf(res: Answer): Guid {
  const id = one(res.headers['x-upload-uploadid'])?.trim();
  if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new GisError('protocol', 'NO_UPLOAD_ID', 'the answer has no X-Upload-UploadID');
  }
  return id.toLowerCase();
}
