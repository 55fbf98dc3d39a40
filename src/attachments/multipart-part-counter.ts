import type { Readable } from 'node:stream';

/**
 * Counts the parts of a multipart body as it streams past (beside the parser, not instead of
 * it): busboy silently skips a part whose Content-Disposition it cannot read — an unencoded
 * bracket in `filename*`, say — and the request would then succeed without that file. Comparing
 * this count with what the parser delivered turns such a part into a 400 instead.
 */
export class MultipartPartCounter {
  private readonly delimiter: Buffer;
  /** Bytes carried over between chunks; starts with the CRLF the first delimiter lacks. */
  private tail = Buffer.from('\r\n');
  private count = 0;

  constructor(boundary: string) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  /** Taps `stream` (adding a `data` listener next to the parser's pipe, in the same tick). */
  static tap(stream: Readable, boundary: string): MultipartPartCounter {
    const counter = new MultipartPartCounter(boundary);
    stream.on('data', (chunk: Buffer) => counter.push(chunk));
    return counter;
  }

  push(chunk: Buffer): void {
    const buf = Buffer.concat([this.tail, chunk]);
    const d = this.delimiter.length;
    // A delimiter is judged once the two bytes after it are in: `--` closes the body.
    let at = buf.indexOf(this.delimiter);
    while (at !== -1 && at + d + 2 <= buf.length) {
      if (!(buf[at + d] === 0x2d && buf[at + d + 1] === 0x2d)) this.count++;
      at = buf.indexOf(this.delimiter, at + d);
    }
    this.tail = buf.subarray(Math.max(0, buf.length - (d + 1)));
  }

  get parts(): number {
    return this.count;
  }
}

/** The boundary parameter of a multipart Content-Type, quoted or not. */
export function multipartBoundary(contentType: string | undefined): string | null {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2]) : null;
}

/** How many text fields the parser delivered: each one is a string somewhere in req.body. */
export function countFieldValues(body: unknown): number {
  if (typeof body === 'string') return 1;
  if (typeof body !== 'object' || body === null) return 0;
  return Object.values(body as Record<string, unknown>).reduce<number>(
    (n, v) => n + countFieldValues(v),
    0,
  );
}
