import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';
import { flatText, pdfText } from './support/pdf-text';

/**
 * Issue 20, item 4: the sender's covering letter (incoming number and date, postmark, delivery
 * method, sheets) as first-class fields — on create, in the appeal, as a list filter, in the
 * registration journal (JSON, CSV, XLSX, with the applicant's address) and on the card.
 */
describe('incoming-letter details', () => {
  let t: TestApp;
  let clerk: { id: string; token: string };
  let supervisor: { id: string; token: string };
  const bearer = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
  const letter = {
    number: ' 01-12/345 ',
    date: '2026-04-06',
    postmarkDate: '2026-04-07',
    deliveryMethod: 'registered_post',
    sheets: 2,
    attachmentSheets: 5,
  };
  const stored = { ...letter, number: '01-12/345' };
  const binary = (res: Response, cb: (e: Error | null, b: unknown) => void): void => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };
  const create = (body: Record<string, unknown>) =>
    t.http.post('/api/v1/appeals').set(bearer(clerk)).send(appealBody('post', body));

  beforeAll(async () => {
    t = await startTestApp();
    clerk = await t.createStaff(['clerk']);
    supervisor = await t.createStaff(['supervisor']);
  });
  afterAll(() => t.close());

  let id: string;
  let address: string;

  it('is recorded on create and shown in the appeal', async () => {
    const res = await create({ incomingLetter: letter }).expect(201);
    id = res.body.id;
    address = res.body.applicant.postalAddress;
    expect(res.body.incomingLetter).toEqual(stored);
    const read = await t.http.get(`/api/v1/appeals/${id}`).set(bearer(supervisor)).expect(200);
    expect(read.body.incomingLetter).toEqual(stored);
    // Partial details: the rest is null; none at all: no letter.
    const partial = await create({ incomingLetter: { deliveryMethod: 'hand' } }).expect(201);
    expect(partial.body.incomingLetter).toEqual({
      number: null,
      date: null,
      postmarkDate: null,
      deliveryMethod: 'hand',
      sheets: null,
      attachmentSheets: null,
    });
    expect((await create({}).expect(201)).body.incomingLetter).toBeNull();
    expect((await create({ incomingLetter: {} }).expect(201)).body.incomingLetter).toBeNull();
  });

  it.each([
    [{ date: '2026-04-11' }, 'incomingLetter.date', 'IN_FUTURE'],
    [{ postmarkDate: '2026-04-11' }, 'incomingLetter.postmarkDate', 'IN_FUTURE'],
    [
      { date: '2026-04-06', postmarkDate: '2026-04-05' },
      'incomingLetter.postmarkDate',
      'BEFORE_LETTER',
    ],
    [{ date: '2026-02-30' }, 'incomingLetter.date', 'INVALID_DATE'],
    [{ sheets: 0 }, 'incomingLetter.sheets', null],
    [{ sheets: 1.5 }, 'incomingLetter.sheets', null],
    [{ attachmentSheets: -1 }, 'incomingLetter.attachmentSheets', null],
    [{ deliveryMethod: 'pigeon' }, 'incomingLetter.deliveryMethod', null],
  ])('refuses %j with 422 (%s) and registers nothing', async (bad, field, code) => {
    const [{ n: before }] = await t.db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM appeals',
    );
    const res = await create({ incomingLetter: { ...letter, ...bad } }).expect(422);
    const errors = res.body.errors as { field: string; code: string }[];
    expect(errors.map((e) => e.field)).toContain(field);
    if (code) expect(errors).toContainEqual(expect.objectContaining({ field, code }));
    const [{ n: after }] = await t.db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM appeals',
    );
    expect(after).toBe(before);
  });

  it('filters the list by the incoming number', async () => {
    const res = await t.http
      .get('/api/v1/appeals?incomingNumber=01-12%2F345')
      .set(bearer(supervisor))
      .expect(200);
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([id]);
    const none = await t.http
      .get('/api/v1/appeals?incomingNumber=01-12')
      .set(bearer(supervisor))
      .expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('is in the registration journal with the applicant’s address: JSON, CSV and XLSX', async () => {
    const period = 'from=2026-04-01&to=2026-04-30';
    const json = await t.http
      .get(`/api/v1/reports/journal?${period}&limit=500`)
      .set(bearer(supervisor))
      .expect(200);
    const item = json.body.items.find((i: { appealId: string }) => i.appealId === id);
    expect(item).toMatchObject({ applicantAddress: address, incomingLetter: stored });

    const csv = await t.http
      .get(`/api/v1/reports/journal?${period}&format=csv`)
      .set(bearer(supervisor))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const lines = (csv.body as Buffer).toString('utf8').slice(1).trim().split('\r\n');
    const header = lines[0].split(';');
    // Found by title: later issues append columns after these (issue 22: «Дополнительные сведения»).
    const from = header.indexOf('Адрес заявителя');
    expect(header.slice(from, from + 7)).toEqual([
      'Адрес заявителя',
      'Номер письма отправителя',
      'Дата письма отправителя',
      'Дата почтового штемпеля',
      'Способ доставки',
      'Листов',
      'Листов приложений',
    ]);
    const row = lines.find((l) => l.includes('01-12/345'));
    expect(row).toBeDefined();
    const cells = row!.split(';');
    expect(cells.slice(from + 1, from + 7)).toEqual([
      '01-12/345',
      '2026-04-06',
      '2026-04-07',
      'Заказное почтовое отправление',
      '2',
      '5',
    ]);
    expect(row).toContain(address);

    const xlsx = await t.http
      .get(`/api/v1/reports/journal?${period}&format=xlsx`)
      .set(bearer(supervisor))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ExcelJS.Buffer);
    const sheet = wb.worksheets[0];
    const titles = (sheet.getRow(1).values as unknown[]).slice(1);
    const numberCol = titles.indexOf('Номер письма отправителя') + 1;
    expect(numberCol).toBeGreaterThan(0);
    const values: unknown[] = [];
    sheet.eachRow((r, n) => {
      if (n > 1) values.push(r.getCell(numberCol).value);
    });
    expect(values).toContain('01-12/345');
  });

  it('is printed on the registration card', async () => {
    const res = await t.http
      .get(`/api/v1/appeals/${id}/registration-card.pdf`)
      .set(bearer(supervisor))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const text = flatText(await pdfText(res.body as Buffer));
    expect(text).toContain('Письмо отправителя');
    expect(text).toContain('№ 01-12/345 от 06.04.2026');
    expect(text).toContain('Заказное почтовое отправление');
  });
});
