import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface PdfText {
  title: string | null;
  /** Each page's size in points and its text as a reader extracts it (lines end with \n). */
  pages: { width: number; height: number; text: string }[];
}

/**
 * What a person sees in a PDF: its text read back by pdf.js (the `pdfjs-dist` dev dependency),
 * not our own parsing of the bytes we wrote. Runs `pdf-reader.mjs` in a child Node process.
 */
export function pdfText(pdf: Buffer): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'pdf-reader.mjs')], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`pdf-reader.mjs exited ${code}: ${Buffer.concat(err).toString()}`));
        return;
      }
      resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as PdfText);
    });
    child.stdin.end(pdf);
  });
}

/** All pages' text with runs of white space made one space: for `toContain` on phrases. */
export const flatText = (t: PdfText): string =>
  t.pages
    .map((p) => p.text)
    .join('\n')
    .replace(/\s+/g, ' ');
