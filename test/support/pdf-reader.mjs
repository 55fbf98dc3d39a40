// Reads a PDF from stdin and prints what a reader shows of it as JSON: each page's size and text
// (pdf.js, the PDF engine of Firefox), and the document's title. A separate Node process because
// pdf.js is ES modules only and Jest runs this project as CommonJS (see pdf-text.ts; not named pdf-text.mjs, which Jest would load for pdf-text).
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const data = new Uint8Array(Buffer.concat(chunks));
const pdf = await getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;
const pages = [];
for (let n = 1; n <= pdf.numPages; n++) {
  const page = await pdf.getPage(n);
  const content = await page.getTextContent();
  const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
  const [x0, y0, x1, y1] = page.view;
  pages.push({ width: x1 - x0, height: y1 - y0, text });
}
const { info } = await pdf.getMetadata();
process.stdout.write(JSON.stringify({ title: info?.Title ?? null, pages }));
