import { fromBuffer } from 'file-type';
import { TextDecoder } from 'node:util';

/**
 * The formats SPEC §9 allows, as file-type names them (extension → what we store and serve).
 * `null`: keep the MIME type file-type reports (HEIC has four: heic/heif, still/sequence).
 */
const ALLOWED: Readonly<Record<string, string | null>> = {
  pdf: 'application/pdf',
  // An Illustrator file is a PDF with private data: still a PDF to us.
  ai: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  // An animated PNG is a PNG.
  apng: 'image/png',
  tif: 'image/tiff',
  heic: null,
  // DOC is an OLE2 compound file; file-type cannot tell it from XLS or MSG (see ADR 0006).
  cfb: 'application/x-cfb',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  rtf: 'application/rtf',
};

export const ALLOWED_TYPES_TEXT = 'PDF, JPEG, PNG, TIFF, HEIC, DOC, DOCX, ODT, RTF, TXT';

/** What the first bytes of a file say. `text` is only a candidate until every byte is seen. */
export type HeadVerdict =
  | { kind: 'allowed'; contentType: string }
  | { kind: 'refused'; detected: string }
  | { kind: 'text' };

/**
 * Classifies a file by its first bytes (magic numbers), never by its name or declared type.
 * `head` should be generous (we pass the first 256 KiB chunk): zip-based formats are told apart
 * by the names of their first entries.
 */
export async function sniffHead(head: Buffer): Promise<HeadVerdict> {
  let found: { ext: string; mime: string } | undefined;
  try {
    found = await fromBuffer(head);
  } catch {
    // file-type 16 lets "end of buffer" escape for some truncated formats: nothing recognised.
    found = undefined;
  }
  if (!found) return { kind: 'text' };
  if (!(found.ext in ALLOWED)) return { kind: 'refused', detected: found.ext };
  return { kind: 'allowed', contentType: ALLOWED[found.ext] ?? found.mime };
}

/**
 * Decides, chunk by chunk, whether a file with no magic number is plain text. Text has no NUL or
 * other control bytes (tab, LF, CR and FF aside) and is either valid UTF-8 or windows-1251, in
 * which every byte but 0x98 is a character — so any 8-bit Cyrillic or Latin text passes as
 * windows-1251; the bytes are kept as sent, only the charset label could be wrong.
 */
export class TextSniffer {
  private utf8: TextDecoder | null = new TextDecoder('utf-8', { fatal: true });
  private binary = false;
  // 0x98 is valid inside UTF-8 but undefined in windows-1251: remembered in case UTF-8 fails later.
  private saw0x98 = false;

  /** Feeds the next chunk; false once the file cannot be text (the caller may stop early). */
  push(chunk: Uint8Array): boolean {
    if (this.binary) return false;
    for (const b of chunk) {
      if ((b < 0x20 && !TEXT_CONTROLS.has(b)) || b === 0x7f) {
        this.binary = true;
        return false;
      }
    }
    if (this.utf8) {
      try {
        this.utf8.decode(chunk, { stream: true });
      } catch {
        this.utf8 = null;
      }
    }
    if (chunk.includes(0x98)) this.saw0x98 = true;
    if (!this.utf8 && this.saw0x98) this.binary = true;
    return !this.binary;
  }

  /** The content type to store, or null when the whole file turned out not to be text. */
  end(): string | null {
    if (this.binary) return null;
    if (this.utf8) {
      try {
        this.utf8.decode(); // a multi-byte sequence cut off at the end is not UTF-8
        return 'text/plain; charset=utf-8';
      } catch {
        this.utf8 = null;
      }
    }
    return this.saw0x98 ? null : 'text/plain; charset=windows-1251';
  }
}

const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);

/**
 * The content type of a whole file in memory (e-mail attachments), or null when it is not one
 * of the allowed formats. Streamed uploads do the same chunk by chunk (ChunkedStorageEngine).
 */
export async function detectContentType(
  content: Buffer,
  windowBytes = 256 * 1024,
): Promise<string | null> {
  const head = await sniffHead(content.subarray(0, windowBytes));
  if (head.kind === 'allowed') return head.contentType;
  if (head.kind === 'refused') return null;
  const text = new TextSniffer();
  return text.push(content) ? text.end() : null;
}
