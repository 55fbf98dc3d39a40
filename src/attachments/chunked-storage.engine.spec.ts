import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { CHUNK_BYTES } from './attachment-chunk.entity';
import { ChunkedStorageEngine, type StagingSink } from './chunked-storage.engine';

/** Records what the engine writes, as the database would receive it. */
class FakeSink implements StagingSink {
  rows = new Map<
    string,
    { fileName: string; contentType: string; size?: number; sha256?: string }
  >();
  chunks = new Map<string, Buffer[]>();
  discarded: string[] = [];
  private next = 0;

  begin(file: { fileName: string; contentType: string }): Promise<string> {
    const id = `a${++this.next}`;
    this.rows.set(id, { fileName: file.fileName, contentType: file.contentType });
    this.chunks.set(id, []);
    return Promise.resolve(id);
  }
  writeChunk(id: string, seq: number, data: Buffer): Promise<void> {
    const list = this.chunks.get(id)!;
    expect(seq).toBe(list.length);
    list.push(Buffer.from(data)); // a copy: the engine may reuse nothing it has handed over
    return Promise.resolve();
  }
  finish(id: string, r: { size: number; sha256: string; contentType: string }): Promise<void> {
    Object.assign(this.rows.get(id)!, r);
    return Promise.resolve();
  }
  discard(ids: string[]): Promise<void> {
    this.discarded.push(...ids);
    for (const id of ids) {
      this.rows.delete(id);
      this.chunks.delete(id);
    }
    return Promise.resolve();
  }
}

/** A stream delivering `content` in parser-sized pieces (busboy hands out ≤ 64 KiB). */
const piecewise = (content: Buffer, piece = 64 * 1024 - 7): Readable =>
  Readable.from(
    (function* () {
      for (let i = 0; i < content.length; i += piece) yield content.subarray(i, i + piece);
    })(),
  );

const refusedWith = (code: ErrorCode) => expect.objectContaining({ code }) as unknown as AppError;

describe('ChunkedStorageEngine', () => {
  let sink: FakeSink;
  let sut: ChunkedStorageEngine;

  beforeEach(() => {
    sink = new FakeSink();
    sut = new ChunkedStorageEngine(sink);
  });

  it('writes a 20 MiB upload as fixed-size chunks, hashing it on the way', async () => {
    const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(20 * 1024 * 1024 - 9)]);
    const info = await sut.receive(piecewise(content), 'big.pdf', undefined);

    const chunks = sink.chunks.get(info.stagingId)!;
    expect(chunks).toHaveLength(Math.ceil(content.length / CHUNK_BYTES));
    expect(chunks.every((c) => c.length === CHUNK_BYTES)).toBe(true);
    expect(Buffer.concat(chunks).equals(content)).toBe(true);
    expect(info).toMatchObject({
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      contentType: 'application/pdf',
    });
    expect(sink.rows.get(info.stagingId)).toMatchObject({
      size: content.length,
      sha256: info.sha256,
    });
  });

  it('refuses an executable from its first bytes without storing anything', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), randomBytes(3 * CHUNK_BYTES)]);
    await expect(sut.receive(piecewise(exe), 'scan.pdf', undefined)).rejects.toEqual(
      refusedWith(ErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED),
    );
    expect(sink.rows.size).toBe(0);
    expect(sink.discarded).toEqual([]);
  });

  it('deletes what it wrote when a "text" file turns out binary further on', async () => {
    const text = Buffer.alloc(2 * CHUNK_BYTES, 'а'); // two chunks of Cyrillic UTF-8
    const content = Buffer.concat([text, Buffer.from([0, 1, 2])]);
    await expect(sut.receive(piecewise(content), 'notes.txt', undefined)).rejects.toEqual(
      refusedWith(ErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED),
    );
    expect(sink.discarded).toEqual(['a1']);
    expect(sink.rows.size).toBe(0);
  });

  it('keeps nothing of a file cut at the size limit', async () => {
    const stream = piecewise(Buffer.alloc(CHUNK_BYTES + 1, 'x'));
    (stream as Readable & { truncated?: boolean }).truncated = true;
    await expect(sut.receive(stream, 'long.txt', undefined)).rejects.toThrow();
    expect(sink.discarded).toEqual(['a1']);
  });

  it('refuses an empty file', async () => {
    await expect(sut.receive(Readable.from([]), 'empty.pdf', undefined)).rejects.toEqual(
      refusedWith(ErrorCode.ATTACHMENT_EMPTY),
    );
    expect(sink.rows.size).toBe(0);
  });

  it('stores the detected type, not the name or the declared one', async () => {
    const info = await sut.receive(piecewise(Buffer.from('просто текст')), 'photo.jpg', undefined);
    expect(info.contentType).toBe('text/plain; charset=utf-8');
    expect(sink.rows.get(info.stagingId)?.contentType).toBe('text/plain; charset=utf-8');
  });
});
