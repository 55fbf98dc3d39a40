import { randomBytes } from 'node:crypto';
import { PassThrough, Readable, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  CSV_BOM,
  XLSX_MAX_BACKLOG_BYTES,
  csvLine,
  writeCsv,
  writeXlsx,
  type Column,
} from './report-writers';

const collect = async (s: PassThrough): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
};

describe('report writers', () => {
  const columns: Column<{ n: string; v: number }>[] = [
    { title: 'Номер', value: (r) => r.n },
    { title: 'Значение', value: (r) => r.v },
  ];

  it('quotes separators, quotes and line breaks', () => {
    expect(csvLine(['a;b', 'say "hi"', 'x\ny', null, 5])).toBe('"a;b";"say ""hi""";"x\ny";;5\r\n');
  });

  // OWASP «CSV Injection»: a spreadsheet runs a cell that begins with one of these as a formula.
  it.each([
    [
      '=',
      '=HYPERLINK("http://evil.example/x","Нажмите")',
      `"'=HYPERLINK(""http://evil.example/x"",""Нажмите"")"`,
    ],
    ['+', '+SUM(1+1)', `"'+SUM(1+1)"`],
    ['-', "-2+3+cmd|' /C calc'!A0", `"'-2+3+cmd|' /C calc'!A0"`],
    ['@', '@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['tab', '\t=1+1', `"'\t=1+1"`],
    ['carriage return', '\r=1+1', `"'\r=1+1"`],
  ])('neutralises a text cell that begins with %s', (_name, value, written) => {
    expect(csvLine(['А-1', value])).toBe(`А-1;${written}\r\n`);
  });

  it('leaves text that only contains those characters, and numbers, as they are', () => {
    expect(csvLine(['Иванов-Петров', 'a=b', 'e-mail@x.ru', -3, -0.5, 0])).toBe(
      'Иванов-Петров;a=b;e-mail@x.ru;-3;-0.5;0\r\n',
    );
  });

  it('writes CSV with a BOM and a header, row by row', async () => {
    const out = new PassThrough();
    const done = collect(out);
    const n = await writeCsv(
      Readable.from([
        { n: '2026-000001', v: 1 },
        { n: 'ИСХ;2', v: 2 },
      ]),
      columns,
      out,
    );
    const text = (await done).toString('utf8');
    expect(n).toBe(2);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      'Номер;Значение',
      '2026-000001;1',
      '"ИСХ;2";2',
      '',
    ]);
  });

  it('writes the header even for no rows', async () => {
    const out = new PassThrough();
    const done = collect(out);
    await writeCsv(Readable.from([]), columns, out);
    expect((await done).toString('utf8')).toBe(`${CSV_BOM}Номер;Значение\r\n`);
  });

  it('writes an XLSX workbook that Excel readers open', async () => {
    const out = new PassThrough();
    const done = collect(out);
    await writeXlsx(Readable.from([{ n: 'А-1', v: 10 }]), columns, 'Отчёт', out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await done) as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('Отчёт')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Номер', 'Значение']);
    expect(sheet.getRow(2).values).toEqual([undefined, 'А-1', 10]);
  });

  it('writes a text that looks like a formula as a string cell in XLSX, never as a formula', async () => {
    const out = new PassThrough();
    const done = collect(out);
    const formula = '=HYPERLINK("http://evil.example/x","Нажмите")';
    await writeXlsx(Readable.from([{ n: formula, v: -3 }]), columns, 'Отчёт', out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await done) as unknown as ExcelJS.Buffer);
    const cell = wb.getWorksheet('Отчёт')!.getRow(2).getCell(1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();
    // Unchanged: an XLSX string cell is shown, not evaluated, so no apostrophe is needed there.
    expect(cell.value).toBe(formula);
    expect(wb.getWorksheet('Отчёт')!.getRow(2).getCell(2).value).toBe(-3);
  });

  it('continues on a new sheet past the per-sheet row limit', async () => {
    const out = new PassThrough();
    const done = collect(out);
    const rows = [1, 2, 3, 4, 5].map((v) => ({ n: `А-${v}`, v }));
    expect(await writeXlsx(Readable.from(rows), columns, 'Отчёт', out, 2)).toBe(5);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await done) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Отчёт', 'Отчёт (2)', 'Отчёт (3)']);
    expect(wb.getWorksheet('Отчёт (3)')!.getRow(1).values).toEqual([
      undefined,
      'Номер',
      'Значение',
    ]);
    expect(wb.getWorksheet('Отчёт (3)')!.getRow(2).values).toEqual([undefined, 'А-5', 5]);
  });

  it('stops reading rows while the client does not read the XLSX (flat memory)', async () => {
    let pulled = 0;
    function* many() {
      for (let i = 0; i < 60_000; i++) {
        pulled++;
        yield { n: randomBytes(24).toString('base64'), v: i }; // does not compress away
      }
    }
    // A client that reads nothing until told to.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const out = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk, _enc, cb) {
        void gate.then(() => cb());
      },
    });
    const writing = writeXlsx(Readable.from(many()), columns, 'Отчёт', out);
    const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Wait until the writer stops pulling (no change over half a second; a busy machine only
    // makes it take longer to get there), then check where it stopped.
    let stalled = -1;
    for (let still = 0, i = 0; still < 5 && i < 300; i++) {
      await tick(100);
      still = pulled === stalled ? still + 1 : 0;
      stalled = pulled;
    }
    release();
    expect(await writing).toBe(60_000);
    // The writer stopped pulling rows once the client's buffer was full: without waiting for
    // 'drain' it would have pulled (and buffered) all 60,000 before the client read a byte.
    expect(stalled).toBeGreaterThan(0);
    expect(stalled).toBeLessThan(20_000);
  });
  it('waits for the zip too: uncompressed XML does not pile up before deflate (flat memory)', async () => {
    function* many() {
      for (let i = 0; i < 100_000; i++) yield { n: randomBytes(24).toString('base64'), v: i };
    }
    // A client that reads as fast as it can: only the zip can fall behind.
    const out = new Writable({ write: (_chunk, _enc, cb) => setImmediate(cb) });
    let max = 0;
    const n = await writeXlsx(Readable.from(many()), columns, 'Отчёт', out, undefined, (b) => {
      max = Math.max(max, b);
    });
    expect(n).toBe(100_000);
    // The probe found archiver's input (a shape change in exceljs or archiver would make it 0)…
    expect(max).toBeGreaterThan(0);
    // …and it stayed within the limit plus one batch of rows; without the wait it grew to the
    // whole uncompressed sheet (~6 MB here, ~270 bytes a row in a real journal).
    expect(max).toBeLessThan(XLSX_MAX_BACKLOG_BYTES + 512 * 1024);
  });
});
