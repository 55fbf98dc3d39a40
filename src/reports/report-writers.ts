import ExcelJS from 'exceljs';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type Cell = string | number | boolean | null | undefined;

export interface Column<Row> {
  title: string;
  width?: number;
  value: (row: Row) => Cell;
}

/**
 * A spreadsheet opening a CSV runs a cell that begins with one of these as a formula
 * (`=HYPERLINK(…)`, `@SUM(…)`, DDE `-2+3+cmd|…`); OWASP «CSV Injection».
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180 quoting, with ';' as the separator that Russian Excel expects. A text cell that could
 * start a formula is written with a leading apostrophe, quoted (OWASP's advice): names come from
 * applicants and staff. Numbers are never touched — they cannot carry a formula, and a negative
 * one must stay a number.
 */
export function csvLine(cells: Cell[], sep = ';'): string {
  return (
    cells
      .map((c) => {
        if (c === null || c === undefined) return '';
        const s = String(c);
        if (typeof c === 'string' && FORMULA_START.test(s)) return `"'${s.replace(/"/g, '""')}"`;
        return /[";\r\n,]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      })
      .join(sep) + '\r\n'
  );
}

/** UTF-8 with a byte order mark so that Excel reads Cyrillic correctly (SPEC §12). */
export const CSV_BOM = '\uFEFF';

/** Streams rows as CSV into `out`; memory stays flat whatever the number of rows. */
export async function writeCsv<Row>(
  rows: Readable,
  columns: Column<Row>[],
  out: Writable,
): Promise<number> {
  let count = 0;
  let first = true;
  const toCsv = new Transform({
    writableObjectMode: true,
    transform(row: Row, _enc, done) {
      let chunk = '';
      if (first) {
        chunk += CSV_BOM + csvLine(columns.map((c) => c.title));
        first = false;
      }
      count++;
      done(null, chunk + csvLine(columns.map((c) => c.value(row))));
    },
    flush(done) {
      done(null, first ? CSV_BOM + csvLine(columns.map((c) => c.title)) : '');
    },
  });
  await pipeline(rows, toCsv, out);
  return count;
}

/** Streams rows into an XLSX workbook (exceljs streaming writer: rows are committed as they go). */
/** Excel opens at most 1,048,576 rows a sheet; the header takes one. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

/** Uncompressed sheet XML allowed to wait for the zip's deflate before the loop pauses. */
export const XLSX_MAX_BACKLOG_BYTES = 1 << 20;

/**
 * Streams rows into an XLSX workbook. exceljs writes into `out` without waiting for it, so the
 * loop waits whenever the response's buffer is full: a slow client slows the cursor down and
 * memory stays flat. It also waits for the zip: exceljs hands each sheet's XML to archiver's
 * deflate without regard to backpressure, and deflate is slower than building rows, so with a
 * fast client the uncompressed XML piled up in archiver's input (~270 bytes a row: 456–789 MiB
 * for a 1.25 M-row journal, issue 10). Past Excel's row limit the rows continue on a new sheet,
 * «<name> (2)» …. `observe` (tests) is told the zip's backlog at every check.
 */
export async function writeXlsx<Row>(
  rows: AsyncIterable<Row>,
  columns: Column<Row>[],
  sheetName: string,
  out: Writable,
  maxRowsPerSheet = XLSX_MAX_DATA_ROWS,
  observe?: (zipBacklogBytes: number) => void,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const addSheet = (n: number) => {
    const sheet = workbook.addWorksheet(n === 1 ? sheetName : `${sheetName} (${n})`);
    sheet.columns = columns.map((c, i) => ({
      header: c.title,
      key: String(i),
      width: c.width ?? 18,
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    return sheet;
  };
  let sheets = 1;
  let sheet = addSheet(sheets);
  let count = 0;
  let onSheet = 0;
  for await (const row of rows) {
    if (onSheet === maxRowsPerSheet) {
      sheet.commit();
      sheet = addSheet(++sheets);
      onSheet = 0;
    }
    sheet.addRow(columns.map((c) => c.value(row) ?? null)).commit();
    count++;
    onSheet++;
    // exceljs zips asynchronously: let it move what it has into `out` before judging `out`.
    if (count % 500 === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      const zip = zipInput(sheet);
      observe?.(zip?.bytes ?? 0);
      if (zip && zip.bytes > XLSX_MAX_BACKLOG_BYTES) await drained(zip.stream, out);
      if (out.writableNeedDrain) await drained(out);
    }
  }
  sheet.commit();
  await workbook.commit();
  return count;
}

/**
 * The stream archiver reads a sheet's XML from, and how much waits in it: exceljs pipes the
 * sheet's buffer into a PassThrough of archiver's (readable-stream 2, hence `_writableState`).
 * Null if a version of either library is shaped otherwise — the export then runs as before.
 */
function zipInput(sheet: unknown): { stream: Writable; bytes: number } | null {
  const pipes = (sheet as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const stream = pipes?.[0] as (Writable & { _writableState?: { length?: number } }) | undefined;
  const bytes = stream?._writableState?.length;
  return stream && typeof bytes === 'number' ? { stream, bytes } : null;
}

/**
 * Resolves on `stream`'s 'drain'; fails if the client went away instead (stops reading the
 * cursor). `client` is the response when waiting for another stream of the export.
 */
function drained(stream: Writable, client: Writable = stream): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      stream.off('drain', done);
      client.off('close', done);
      if (client.destroyed) reject(new Error('Export stream closed'));
      else resolve();
    };
    stream.on('drain', done);
    client.on('close', done);
  });
}
