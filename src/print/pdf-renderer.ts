import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Block, FieldRow, PrintForm } from './print-form';
import { requisiteLines } from './print-form';

/** Points per millimetre (1 pt = 1/72 inch). */
const MM = 72 / 25.4;

/**
 * Margins of ГОСТ Р 7.0.97-2016 (at least 20 mm left, 10 mm right, 20 mm top and bottom),
 * with room to bind on the left.
 */
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 25 * MM, right: 15 * MM };

const TEXT_SIZE = 12;
const SMALL_SIZE = 9;
const REQUISITES_SIZE = 11;
const FIELD_SIZE = 10.5;
const GREY = '#555555';

/**
 * DejaVu Serif from the `dejavu-fonts-ttf` package (free licence, full Cyrillic): the standard
 * PDF fonts have no Cyrillic. Read once per process and embedded as a subset (only the glyphs
 * used), so a letter is tens of kilobytes. Nothing is fetched at run time.
 */
let fonts: { regular: Buffer; bold: Buffer } | null = null;
function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf')),
  };
  return fonts;
}

/** The form as an A4 PDF. `createdAt` is the PDF's creation date (the injected clock's now). */
export function renderPdf(form: PrintForm, createdAt: Date): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    lang: 'ru-RU',
    displayTitle: true,
    // Without it pdfkit loads Helvetica first, which has no Cyrillic and is never used here.
    font: regular as unknown as string,
    info: {
      Title: form.title,
      Producer: 'Appeals Desk',
      Creator: 'Appeals Desk',
      CreationDate: createdAt,
    },
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const page = new PageWriter(doc);
  for (const block of form.blocks) page.block(block);
  page.numberPages();
  doc.end();
  return done;
}

/** Lays blocks down the page, starting a new page where the next one does not fit. */
class PageWriter {
  private readonly left: number;
  private readonly width: number;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.left = MARGINS.left;
    this.width = doc.page.width - MARGINS.left - MARGINS.right;
  }

  block(b: Block): void {
    const doc = this.doc;
    switch (b.kind) {
      case 'letterhead': {
        doc.font('bold').fontSize(13).fillColor('black');
        doc.text(b.org.name, this.left, doc.y, { width: this.width, align: 'center' });
        doc.font('regular').fontSize(SMALL_SIZE);
        for (const line of requisiteLines(b.org)) {
          doc.text(line, this.left, doc.y, { width: this.width, align: 'center' });
        }
        doc.moveDown(0.3);
        this.rule();
        doc.moveDown(1);
        return;
      }
      case 'letter-requisites': {
        const top = doc.y;
        const half = this.width / 2;
        doc.font('regular').fontSize(REQUISITES_SIZE);
        for (const line of b.left) doc.text(line, this.left, doc.y, { width: half - 5 * MM });
        const leftBottom = doc.y;
        doc.y = top;
        doc.fontSize(TEXT_SIZE);
        // The addressee in the upper right (ГОСТ Р 7.0.97-2016).
        for (const line of b.addressee) {
          doc.text(line, this.left + half, doc.y, { width: half });
        }
        doc.y = Math.max(leftBottom, doc.y);
        doc.moveDown(1.5);
        return;
      }
      case 'title':
        doc.font('bold').fontSize(14);
        doc.text(b.text, this.left, doc.y, { width: this.width, align: 'center' });
        if (b.subtitle) {
          doc.font('regular').fontSize(TEXT_SIZE);
          doc.text(b.subtitle, this.left, doc.y, { width: this.width, align: 'center' });
        }
        doc.moveDown(1);
        return;
      case 'heading':
        this.keepWithNext(2 * TEXT_SIZE * 2);
        doc.font('bold').fontSize(TEXT_SIZE);
        doc.text(b.text, this.left, doc.y, { width: this.width });
        doc.moveDown(0.4);
        return;
      case 'text':
        doc.font('regular').fontSize(TEXT_SIZE);
        for (const paragraph of b.text.split(/\n\s*\n/)) {
          doc.text(paragraph.trim(), this.left, doc.y, {
            width: this.width,
            align: 'justify',
            lineGap: 2,
          });
          doc.moveDown(0.6);
        }
        return;
      case 'fields':
        this.fields(b.rows);
        doc.moveDown(0.8);
        return;
      case 'enclosures':
        doc.font('regular').fontSize(TEXT_SIZE);
        doc.text(
          b.items.length === 1
            ? `Приложение: ${b.items[0]}`
            : `Приложения:\n${b.items.map((item, i) => `${i + 1}. ${item}`).join('\n')}`,
          this.left,
          doc.y,
          { width: this.width },
        );
        doc.moveDown(1);
        return;
      case 'signature': {
        doc.moveDown(1.5);
        this.keepWithNext(3 * TEXT_SIZE);
        doc.font('regular').fontSize(TEXT_SIZE);
        const top = doc.y;
        doc.text(b.position, this.left, top, { width: this.width * 0.55 });
        const bottom = doc.y;
        doc.text(b.fullName, this.left + this.width * 0.6, top, {
          width: this.width * 0.4,
          align: 'right',
        });
        doc.y = Math.max(bottom, doc.y);
        doc.moveDown(1);
        return;
      }
      case 'note':
        doc.moveDown(1);
        doc.font('regular').fontSize(SMALL_SIZE).fillColor(GREY);
        doc.text(b.text, this.left, doc.y, { width: this.width });
        doc.fillColor('black');
        return;
    }
  }

  /** Label and value side by side, a hairline under each row; a row never splits across pages. */
  private fields(rows: FieldRow[]): void {
    const doc = this.doc;
    const labelWidth = this.width * 0.36;
    const gap = 4 * MM;
    const valueWidth = this.width - labelWidth - gap;
    doc.fontSize(FIELD_SIZE);
    for (const row of rows) {
      const value = row.value === null || row.value === '' ? '—' : row.value;
      const height = Math.max(
        doc.font('regular').heightOfString(row.label, { width: labelWidth }),
        doc.font('regular').heightOfString(value, { width: valueWidth }),
      );
      this.keepWithNext(height + 6);
      const top = doc.y + 3;
      doc.font('regular').fillColor(GREY).text(row.label, this.left, top, { width: labelWidth });
      doc.fillColor('black').text(value, this.left + labelWidth + gap, top, { width: valueWidth });
      doc.y = top + height + 3;
      this.rule('#bbbbbb');
    }
  }

  /** A new page unless `height` points still fit above the bottom margin. */
  private keepWithNext(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGINS.bottom) this.doc.addPage();
  }

  private rule(color = 'black'): void {
    const y = this.doc.y;
    this.doc
      .save()
      .lineWidth(0.5)
      .strokeColor(color)
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .stroke()
      .restore();
  }

  /** Page numbers from the second page on, centred in the top margin (ГОСТ Р 7.0.97-2016). */
  numberPages(): void {
    const doc = this.doc;
    const { start, count } = doc.bufferedPageRange();
    if (count < 2) return;
    for (let i = start + 1; i < start + count; i++) {
      doc.switchToPage(i);
      // Writing inside the margin would otherwise make pdfkit start a new page.
      const top = doc.page.margins.top;
      doc.page.margins.top = 0;
      doc
        .font('regular')
        .fontSize(SMALL_SIZE)
        .fillColor('black')
        .text(String(i - start + 1), this.left, 10 * MM, { width: this.width, align: 'center' });
      doc.page.margins.top = top;
    }
  }
}
