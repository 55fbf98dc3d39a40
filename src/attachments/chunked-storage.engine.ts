import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Principal } from '../common/auth/principal';
import { emptyFile, invalidFileName, typeNotAllowed } from './attachment-errors';
import { CHUNK_BYTES } from './attachment-chunk.entity';
import { TextSniffer, sniffHead, type HeadVerdict } from './content-sniffing';
import { fileNameProblem } from './file-name';

/** Where the engine puts what it receives (AttachmentsService; a fake in unit specs). */
export interface StagingSink {
  /** Creates the staging row, once the first chunk has shown the file's type. */
  begin(file: {
    fileName: string;
    contentType: string;
    uploader: Principal | undefined;
  }): Promise<string>;
  writeChunk(attachmentId: string, seq: number, data: Buffer): Promise<void>;
  finish(
    attachmentId: string,
    result: { size: number; sha256: string; contentType: string },
  ): Promise<void>;
  discard(attachmentIds: string[]): Promise<void>;
}

/** What the engine adds to multer's file object. */
export interface StagedUpload {
  stagingId: string;
  sha256: string;
  size: number;
  contentType: string;
  /** The sha256 digest, not the content: see IncomingFile.buffer. */
  buffer: Buffer;
}

/**
 * A multer storage engine that writes each upload to the database while it streams in: the type
 * is sniffed from the first chunk (refused before anything is stored), sha256 is computed on the
 * way, and the bytes go out in CHUNK_BYTES pieces, one at a time, with the request paused while a
 * piece is written. At most about one chunk of a file is in memory; nothing is ever concatenated
 * beyond that. The result is a staging row that the handling request links to an appeal or
 * discards; on any failure the engine deletes what it wrote.
 */
export class ChunkedStorageEngine implements StorageEngine {
  constructor(
    private readonly sink: StagingSink,
    /** Another list of formats (a call's recording, issue 23): its sniffer and refusal. */
    private readonly formats: {
      sniff: (head: Buffer) => Promise<HeadVerdict>;
      refuse: (fileName: string) => Error;
    } = { sniff: sniffHead, refuse: typeNotAllowed },
  ) {}

  _handleFile(
    req: Request,
    file: Express.Multer.File,
    callback: (error?: unknown, info?: Partial<Express.Multer.File>) => void,
  ): void {
    const uploader = (req as Request & { user?: Principal }).user;
    // Names arrive with their path (multer's preservePath): refused before a byte is stored.
    const problem = fileNameProblem(file.originalname);
    if (problem) {
      file.stream.resume();
      return callback(invalidFileName(file.originalname, problem));
    }
    this.receive(file.stream, file.originalname, uploader).then(
      (info) => callback(null, info),
      (err: unknown) => {
        // Let the parser move on past the rest of this part.
        file.stream.resume();
        callback(err);
      },
    );
  }

  _removeFile(
    _req: Request,
    file: Express.Multer.File & Partial<StagedUpload>,
    callback: (error: Error | null) => void,
  ): void {
    if (!file.stagingId) return callback(null);
    this.sink.discard([file.stagingId]).then(
      () => callback(null),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
    );
  }

  async receive(
    stream: Readable,
    fileName: string,
    uploader: Principal | undefined,
  ): Promise<StagedUpload> {
    const hash = createHash('sha256');
    const text = new TextSniffer();
    let textCandidate = false;
    let contentType = '';
    let id: string | null = null;
    let seq = 0;
    let size = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;

    const write = async (chunk: Buffer): Promise<void> => {
      if (id === null) {
        const head = await this.formats.sniff(chunk);
        if (head.kind === 'refused') throw this.formats.refuse(fileName);
        textCandidate = head.kind === 'text';
        contentType = head.kind === 'allowed' ? head.contentType : 'text/plain';
        if (textCandidate && !text.push(chunk)) throw typeNotAllowed(fileName);
        id = await this.sink.begin({ fileName, contentType, uploader });
      } else if (textCandidate && !text.push(chunk)) {
        throw typeNotAllowed(fileName);
      }
      await this.sink.writeChunk(id, seq++, chunk);
    };

    try {
      // Async iteration pulls the next piece only after the previous write: backpressure.
      for await (const piece of stream) {
        const buf = piece as Buffer;
        hash.update(buf);
        size += buf.length;
        pending.push(buf);
        pendingBytes += buf.length;
        while (pendingBytes >= CHUNK_BYTES) {
          // Joins the few parser pieces (≤ 64 KiB each) that make up one chunk, no more.
          const joined = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
          const rest = joined.subarray(CHUNK_BYTES);
          pending = rest.length > 0 ? [rest] : [];
          pendingBytes = rest.length;
          await write(joined.subarray(0, CHUNK_BYTES));
        }
      }
      // Cut at the size limit: multer reports ATTACHMENT_TOO_LARGE; keep nothing of it.
      if ((stream as Readable & { truncated?: boolean }).truncated) {
        throw new Error('File truncated at the size limit');
      }
      if (pendingBytes > 0) await write(Buffer.concat(pending, pendingBytes));
      if (id === null) throw emptyFile(fileName);
      if (textCandidate) {
        const type = text.end();
        if (!type) throw typeNotAllowed(fileName);
        contentType = type;
      }
      const digest = hash.digest();
      const sha256 = digest.toString('hex');
      await this.sink.finish(id, { size, sha256, contentType });
      return { stagingId: id, sha256, size, contentType, buffer: digest };
    } catch (e) {
      if (id !== null) await this.sink.discard([id]).catch(() => undefined);
      throw e;
    }
  }
}
