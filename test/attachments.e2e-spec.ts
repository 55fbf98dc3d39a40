import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Response } from 'supertest';
import type { Test } from 'supertest';
import { STAGING_TTL_MS, AttachmentsService } from '../src/attachments/attachments.service';
import { CHUNK_BYTES } from '../src/attachments/attachment-chunk.entity';
import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

const FIXTURES = path.join(__dirname, 'fixtures', 'attachments');
const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const pdfOf = (size: number): Buffer =>
  Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);

/** Who calls: a staff member's token or an integration client's key. */
type Caller = { token: string } | { key: string };
const as = (req: Test, who: Caller): Test =>
  'token' in who ? req.auth(who.token, { type: 'bearer' }) : req.set('X-API-Key', who.key);

/** Collects a binary body whatever its type (supertest would decode text). */
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => cb(null, Buffer.concat(parts)));
};

interface FileMeta {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

type Upload = [fileName: string, content: Buffer, declaredType?: string];

describe('attachments', () => {
  let t: TestApp;
  let clerk: { id: string; token: string };
  let billingOfficer: { id: string; token: string };
  let otherDepartment: { id: string; token: string };
  let supervisor: { id: string; token: string };
  let client: { key: string };
  let otherClient: { key: string };

  beforeAll(async () => {
    t = await startTestApp();
    clerk = await t.createStaff(['clerk']);
    billingOfficer = await t.createStaff(['officer'], {
      departmentId: await t.departmentId('billing'),
    });
    otherDepartment = await t.createStaff(['officer'], {
      departmentId: await t.departmentId('technical'),
    });
    supervisor = await t.createStaff(['supervisor']);
    client = { key: (await t.createApiKey(['web'])).key };
    otherClient = { key: (await t.createApiKey(['web'])).key };
  });
  afterAll(() => t?.close());

  const register = (who: Caller, files: Upload[], body = appealBody('post')): Test => {
    let req = as(t.http.post('/api/v1/appeals'), who).field('appeal', JSON.stringify(body));
    for (const [filename, content, contentType] of files) {
      req = req.attach('files', content, {
        filename,
        contentType: contentType ?? 'application/octet-stream',
      });
    }
    return req;
  };
  const addFiles = (who: Caller, appealId: string, files: Upload[]): Test => {
    let req = as(t.http.post(`/api/v1/appeals/${appealId}/attachments`), who);
    for (const [filename, content, contentType] of files) {
      req = req.attach('files', content, {
        filename,
        contentType: contentType ?? 'application/octet-stream',
      });
    }
    return req;
  };
  const download = (who: Caller, appealId: string, attachmentId: string): Test =>
    as(t.http.get(`/api/v1/appeals/${appealId}/attachments/${attachmentId}`), who)
      .buffer(true)
      .parse(binary);
  const counts = async (): Promise<Record<string, number>> => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM appeals) AS appeals,
              (SELECT count(*)::int FROM attachments) AS attachments,
              (SELECT count(*)::int FROM attachments WHERE status = 'staging') AS staging,
              (SELECT count(*)::int FROM attachment_chunks) AS chunks`,
    );
    return row as Record<string, number>;
  };

  describe('types, checked by content', () => {
    it.each([
      ['sample.pdf', 'application/pdf'],
      ['sample.jpg', 'image/jpeg'],
      ['sample.png', 'image/png'],
      ['sample.tif', 'image/tiff'],
      ['sample.heic', 'image/heic'],
      ['sample.doc', 'application/x-cfb'],
      ['sample.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['sample.odt', 'application/vnd.oasis.opendocument.text'],
      ['sample.rtf', 'application/rtf'],
      ['sample-utf8.txt', 'text/plain; charset=utf-8'],
      ['sample-cp1251.txt', 'text/plain; charset=windows-1251'],
    ])('accepts %s and stores the detected type %s', async (name, type) => {
      const content = fixture(name);
      // Declared as something else on purpose: only the bytes count.
      const res = await register(clerk, [[name, content, 'application/x-whatever']]).expect(201);
      expect(res.body.attachments).toEqual([
        expect.objectContaining({
          fileName: name,
          contentType: type,
          size: content.length,
          sha256: sha256(content),
        }),
      ]);
      const got = await download(clerk, res.body.id, res.body.attachments[0].id).expect(200);
      expect(got.headers['content-type']).toBe(type);
      expect(Buffer.compare(got.body as Buffer, content)).toBe(0);
    });

    it('refuses a renamed executable with 422, storing nothing and registering nothing', async () => {
      const before = await counts();
      const res = await register(clerk, [
        ['письмо.pdf', fixture('sample.pdf'), 'application/pdf'],
        ['scan.pdf', fixture('scan.pdf'), 'application/pdf'],
      ]).expect(422);
      expect(res.body).toMatchObject({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED', fileName: 'scan.pdf' });
      expect(res.body.detail).toContain('scan.pdf');
      // The good file streamed in first is gone too.
      expect(await counts()).toEqual(before);
    });

    it('refuses an executable added later, and binary content with no known signature', async () => {
      const appeal = await register(clerk, []).expect(201);
      const before = await counts();
      const exe = await addFiles(clerk, appeal.body.id, [['scan.pdf', fixture('scan.pdf')]]);
      expect(exe.status).toBe(422);
      expect(exe.body.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
      const blob = await addFiles(clerk, appeal.body.id, [
        ['notes.txt', Buffer.from([0x41, 0x42, 0x00, 0x01, 0x02]), 'text/plain'],
      ]);
      expect(blob.status).toBe(422);
      expect(blob.body.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
      expect(await counts()).toEqual(before);
    });

    it('refuses an empty file', async () => {
      const before = await counts();
      const res = await register(clerk, [['empty.pdf', Buffer.alloc(0)]]).expect(422);
      expect(res.body.code).toBe('ATTACHMENT_EMPTY');
      expect(await counts()).toEqual(before);
    });
  });

  describe('download', () => {
    it('returns the exact bytes with type, length, the UTF-8 name and nosniff', async () => {
      const content = fixture('sample.pdf');
      const name = 'Заявление №5 (копия).pdf';
      const created = await register(clerk, [[name, content]]).expect(201);
      const file = created.body.attachments[0] as FileMeta;
      const res = await download(clerk, created.body.id, file.id).expect(200);
      expect(Buffer.compare(res.body as Buffer, content)).toBe(0);
      expect(res.headers).toMatchObject({
        'content-type': 'application/pdf',
        'content-length': String(content.length),
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
        'content-disposition':
          `attachment; filename="Zaiavlenie _5 (kopiia).pdf"; ` +
          `filename*=UTF-8''${encodeURIComponent(name).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
      });
      const audit = await t.db.query(
        `SELECT action FROM audit_events WHERE entity_id = $1 AND action = 'attachment.read'`,
        [created.body.id],
      );
      expect(audit).toHaveLength(1);
    });

    it('lets staff who see the appeal and the creating client download; others get 404', async () => {
      const content = fixture('sample.png');
      const created = await register(client, [['photo.png', content]], appealBody('web')).expect(
        201,
      );
      const id = created.body.id as string;
      const fileId = created.body.attachments[0].id as string;
      await download(client, id, fileId).expect(200);
      await download(supervisor, id, fileId).expect(200);
      await download(billingOfficer, id, fileId).expect(200); // topic billing → that department
      const foreignStaff = await download(otherDepartment, id, fileId).expect(404);
      expect(foreignStaff.headers['content-type']).toMatch(/problem\+json/);
      await download(otherClient, id, fileId).expect(404);
    });

    it('ends the download name with the extension of the detected type (issue 17)', async () => {
      const content = fixture('sample.pdf');
      const created = await register(clerk, [
        ['scan.pdf.exe', content],
        ['run.bat', Buffer.from('@echo off\r\nformat c:\r\n')],
      ]).expect(201);
      const files = created.body.attachments as FileMeta[];
      const pdf = files.find((f) => f.fileName === 'scan.pdf.exe')!;
      const text = files.find((f) => f.fileName === 'run.bat')!;
      // The record keeps the name as sent; only the name offered for saving changes.
      expect(pdf).toMatchObject({ fileName: 'scan.pdf.exe', contentType: 'application/pdf' });
      const res = await download(clerk, created.body.id, pdf.id).expect(200);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="scan.pdf.exe.pdf"; filename*=UTF-8''scan.pdf.exe.pdf`,
      );
      expect(Buffer.compare(res.body as Buffer, content)).toBe(0);
      const script = await download(clerk, created.body.id, text.id).expect(200);
      expect(script.headers['content-disposition']).toBe(
        `attachment; filename="run.bat.txt"; filename*=UTF-8''run.bat.txt`,
      );
    });

    it('answers 404 ATTACHMENT_NOT_FOUND for a file of another appeal', async () => {
      const a = await register(clerk, [['a.txt', Buffer.from('файл обращения А')]]).expect(201);
      const b = await register(clerk, []).expect(201);
      const res = await download(clerk, b.body.id, a.body.attachments[0].id).expect(404);
      expect(JSON.parse((res.body as Buffer).toString())).toMatchObject({
        code: 'ATTACHMENT_NOT_FOUND',
      });
    });
  });

  describe('adding files later', () => {
    it('links the files, writes history and audit, and shows them on the appeal', async () => {
      const created = await register(clerk, [['first.txt', Buffer.from('первый файл')]]).expect(
        201,
      );
      const id = created.body.id as string;
      const res = await addFiles(clerk, id, [
        ['квитанция.jpg', fixture('sample.jpg'), 'image/jpeg'],
        ['договор.docx', fixture('sample.docx')],
      ]).expect(201);
      expect(res.body.items.map((f: FileMeta) => [f.fileName, f.contentType])).toEqual([
        ['квитанция.jpg', 'image/jpeg'],
        ['договор.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ]);
      const appeal = await t.http
        .get(`/api/v1/appeals/${id}`)
        .auth(clerk.token, { type: 'bearer' })
        .expect(200);
      expect(appeal.body.attachments).toHaveLength(3);

      const history = await t.http
        .get(`/api/v1/appeals/${id}/history`)
        .auth(supervisor.token, { type: 'bearer' })
        .expect(200);
      const added = history.body.items.filter(
        (e: { type: string }) => e.type === 'attachments_added',
      );
      expect(added).toHaveLength(1);
      expect(added[0].data).toEqual({
        attachmentIds: res.body.items.map((f: FileMeta) => f.id),
        count: 2,
      });
      expect(added[0].actorUserId).toBe(clerk.id);
      const audit = await t.db.query(
        `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'attachment.add'`,
        [id],
      );
      expect(audit).toEqual([{ data: { attachmentIds: added[0].data.attachmentIds } }]);
    });

    it('lets the creating client add files; another client and another department get 404', async () => {
      const created = await register(client, [], appealBody('web')).expect(201);
      const id = created.body.id as string;
      const before = await counts();
      await addFiles(otherClient, id, [['x.pdf', fixture('sample.pdf')]]).expect(404);
      await addFiles(otherDepartment, id, [['x.pdf', fixture('sample.pdf')]]).expect(404);
      expect(await counts()).toEqual(before);
      const res = await addFiles(client, id, [['x.pdf', fixture('sample.pdf')]]).expect(201);
      expect(res.body.items).toHaveLength(1);
    });

    it('keeps the same file once and answers with the existing one', async () => {
      const content = fixture('sample.odt');
      const created = await register(clerk, [['письмо.odt', content]]).expect(201);
      const id = created.body.id as string;
      const existing = created.body.attachments[0] as FileMeta;
      const events = async () =>
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM appeal_events WHERE appeal_id = $1 AND type = 'attachments_added'`,
            [id],
          )
        )[0].n as number;
      const before = await counts();
      const res = await addFiles(clerk, id, [
        ['копия письма.odt', content],
        ['ещё копия.odt', content],
      ]).expect(201);
      expect(res.body.items.map((f: FileMeta) => f.id)).toEqual([existing.id, existing.id]);
      expect(res.body.items[0].fileName).toBe('письмо.odt');
      expect(await counts()).toEqual(before);
      expect(await events()).toBe(0);
    });

    it('answers 422 without files or with files in other parts', async () => {
      const created = await register(clerk, []).expect(201);
      const none = await as(
        t.http.post(`/api/v1/appeals/${created.body.id}/attachments`),
        clerk,
      ).field('comment', 'без файлов');
      expect(none.status).toBe(422);
      expect(none.body.errors[0]).toMatchObject({ field: 'files', code: 'REQUIRED' });
      const before = await counts();
      const wrongPart = await as(
        t.http.post(`/api/v1/appeals/${created.body.id}/attachments`),
        clerk,
      ).attach('scan', fixture('sample.pdf'), 'scan.pdf');
      expect(wrongPart.status).toBe(422);
      expect(wrongPart.body.errors[0]).toMatchObject({ field: 'scan', code: 'UNKNOWN_FIELD' });
      expect(await counts()).toEqual(before);
    });

    it('answers 404 for an appeal that does not exist and 422 for a malformed id', async () => {
      await addFiles(clerk, '00000000-0000-4000-8000-000000000000', [
        ['x.pdf', fixture('sample.pdf')],
      ]).expect(404);
      const bad = await addFiles(clerk, 'not-a-uuid', [['x.pdf', fixture('sample.pdf')]]);
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0]).toMatchObject({ field: 'id', code: 'INVALID_UUID' });
    });
  });

  describe('the duplicate rule', () => {
    it("gives the open case the duplicate's files, sharing their bytes", async () => {
      const person = { lastName: 'Орлова', firstName: 'Вера', email: 'vera.orlova@example.ru' };
      const text =
        'С начала месяца в квартире по ул. Полевой, д. 3, кв. 7 нет горячей воды. ' +
        'Прошу восстановить подачу горячей воды и сделать перерасчёт платы.';
      const first = await as(t.http.post('/api/v1/appeals'), client)
        .send(appealBody('web', { applicant: person, accountNumber: '31-07', text }))
        .expect(201);
      const scan = fixture('sample.tif');
      const second = await register(
        clerk,
        [['скан.tif', scan]],
        appealBody('post', {
          applicant: { ...person, postalAddress: 'ул. Полевая, 3-7' },
          accountNumber: '31-07',
          text: `${text} Жду ответа.`,
        }),
      ).expect(201);
      expect(second.body).toMatchObject({ status: 'duplicate', duplicateOfId: first.body.id });

      const original = await t.http
        .get(`/api/v1/appeals/${first.body.id}`)
        .auth(supervisor.token, { type: 'bearer' })
        .expect(200);
      const copy = original.body.attachments[0] as FileMeta;
      expect(copy).toMatchObject({ fileName: 'скан.tif', sha256: sha256(scan) });
      expect(copy.id).not.toBe(second.body.attachments[0].id);
      const [row] = await t.db.query(
        `SELECT content_of_id, (SELECT count(*)::int FROM attachment_chunks WHERE attachment_id = $1) AS own
         FROM attachments WHERE id = $1`,
        [copy.id],
      );
      expect(row).toEqual({ content_of_id: second.body.attachments[0].id, own: 0 });
      const got = await download(client, first.body.id, copy.id).expect(200);
      expect(Buffer.compare(got.body as Buffer, scan)).toBe(0);
    });
  });

  describe('a 20 MiB upload', () => {
    it('round-trips with the right sha256, written as 256 KiB chunks while it streamed', async () => {
      const content = pdfOf(t.config.attachments.maxFileBytes); // exactly the default limit
      expect(content.length).toBe(20 * 1024 * 1024);
      const res = await register(clerk, [['большой скан.pdf', content]]).expect(201);
      const file = res.body.attachments[0] as FileMeta;
      expect(file).toMatchObject({ size: content.length, sha256: sha256(content) });

      // Structural evidence of streaming: the bytes sit in fixed-size rows, never in one value.
      const [chunks] = await t.db.query(
        `SELECT count(*)::int AS n, max(octet_length(data))::int AS largest, min(seq) AS first,
                max(seq) AS last, sum(octet_length(data))::bigint AS total
         FROM attachment_chunks WHERE attachment_id = $1`,
        [file.id],
      );
      expect(chunks).toEqual({
        n: content.length / CHUNK_BYTES,
        largest: CHUNK_BYTES,
        first: 0,
        last: content.length / CHUNK_BYTES - 1,
        total: String(content.length),
      });

      const got = await download(clerk, res.body.id, file.id).expect(200);
      expect(got.headers['content-length']).toBe(String(content.length));
      expect(sha256(got.body as Buffer)).toBe(sha256(content));
    });
  });

  describe('cleanup', () => {
    it('leaves no staging rows after a failed or replayed registration', async () => {
      const invalid = appealBody('post', { kind: 'poem' });
      await register(clerk, [['a.pdf', fixture('sample.pdf')]], invalid).expect(422);
      const body = appealBody('post');
      const first = await register(clerk, [['a.pdf', fixture('sample.pdf')]], body)
        .set('Idempotency-Key', 'attachments-replay')
        .expect(201);
      const again = await register(clerk, [['a.pdf', fixture('sample.pdf')]], body)
        .set('Idempotency-Key', 'attachments-replay')
        .expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      expect((await counts()).staging).toBe(0);
      const orphans = await t.db.query(
        `SELECT 1 FROM attachment_chunks c LEFT JOIN attachments a ON a.id = c.attachment_id
         WHERE a.id IS NULL`,
      );
      expect(orphans).toEqual([]);
    });

    it('deletes staging rows older than an hour, also on the next upload request', async () => {
      const service = t.app.get(AttachmentsService);
      const now = t.clock.now();
      t.clock.set(new Date(now.getTime() - STAGING_TTL_MS - 60_000));
      const stale = await service.begin({
        fileName: 'забытый.pdf',
        contentType: 'application/pdf',
        uploader: undefined,
      });
      await service.writeChunk(stale, 0, fixture('sample.pdf'));
      t.clock.set(now);
      const fresh = await service.begin({
        fileName: 'идёт загрузка.pdf',
        contentType: 'application/pdf',
        uploader: undefined,
      });

      await register(clerk, [['a.rtf', fixture('sample.rtf')]]).expect(201);
      const left = await t.db.query(`SELECT id FROM attachments WHERE status = 'staging'`);
      expect(left).toEqual([{ id: fresh }]);
      const chunks = await t.db.query(
        'SELECT count(*)::int AS n FROM attachment_chunks WHERE attachment_id = $1',
        [stale],
      );
      expect(chunks[0].n).toBe(0);
      expect(await service.deleteStaleStaging(new Date(now.getTime() + 1))).toBe(1);
      expect((await counts()).staging).toBe(0);
    });
  });
});

describe('attachment limits', () => {
  let t: TestApp;
  let clerk: { token: string };
  const MAX_BYTES = 600 * 1024; // more than two chunks: a refused file was partly written
  const MAX_FILES = 3;

  beforeAll(async () => {
    t = await startTestApp({
      env: { ATTACHMENT_MAX_BYTES: String(MAX_BYTES), ATTACHMENT_MAX_FILES: String(MAX_FILES) },
    });
    clerk = await t.createStaff(['clerk']);
  });
  afterAll(() => t?.close());

  const register = (files: Buffer[]): Test => {
    let req = t.http
      .post('/api/v1/appeals')
      .auth(clerk.token, { type: 'bearer' })
      .field('appeal', JSON.stringify(appealBody('post')));
    for (const [i, f] of files.entries()) req = req.attach('files', f, `file-${i}.pdf`);
    return req;
  };
  const add = (appealId: string, files: Buffer[]): Test => {
    let req = t.http
      .post(`/api/v1/appeals/${appealId}/attachments`)
      .auth(clerk.token, { type: 'bearer' });
    for (const [i, f] of files.entries()) req = req.attach('files', f, `more-${i}.pdf`);
    return req;
  };
  const counts = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*)::int FROM appeals) AS appeals,
                (SELECT count(*)::int FROM attachments) AS attachments,
                (SELECT count(*)::int FROM attachment_chunks) AS chunks`,
      )
    )[0] as Record<string, number>;

  it('accepts a file of exactly the limit', async () => {
    const res = await register([pdfOf(MAX_BYTES)]).expect(201);
    expect(res.body.attachments[0].size).toBe(MAX_BYTES);
  });

  it('answers one byte over with 413 ATTACHMENT_TOO_LARGE, keeping nothing', async () => {
    const before = await counts();
    const res = await register([pdfOf(1000), pdfOf(MAX_BYTES + 1)]).expect(413);
    expect(res.body).toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
      maxBytes: MAX_BYTES,
      fileName: 'file-1.pdf',
    });
    expect(res.body.detail).toContain('600 КиБ');
    expect(await counts()).toEqual(before);
  });

  it('answers too large when adding later too', async () => {
    const created = await register([]).expect(201);
    const before = await counts();
    const res = await add(created.body.id, [pdfOf(MAX_BYTES + 1)]).expect(413);
    expect(res.body.code).toBe('ATTACHMENT_TOO_LARGE');
    expect(await counts()).toEqual(before);
  });

  it('answers more files in one request than an appeal may have with 422', async () => {
    const before = await counts();
    const res = await register([pdfOf(100), pdfOf(100), pdfOf(100), pdfOf(100)]).expect(422);
    expect(res.body.code).toBe('ATTACHMENT_LIMIT_EXCEEDED');
    expect(await counts()).toEqual(before);
  });

  it('counts the files the appeal already has when adding later', async () => {
    const created = await register([pdfOf(100), pdfOf(100)]).expect(201);
    const id = created.body.id as string;
    const before = await counts();
    const res = await add(id, [pdfOf(100), pdfOf(100)]).expect(422);
    expect(res.body).toMatchObject({ code: 'ATTACHMENT_LIMIT_EXCEEDED', maxFiles: MAX_FILES });
    expect(res.body.detail).toContain('уже приложено 2');
    expect(await counts()).toEqual(before);

    const third = pdfOf(100);
    await add(id, [third]).expect(201);
    // A file the appeal already has is not a new one, even at the limit.
    const again = await add(id, [third]).expect(201);
    expect(again.body.items).toHaveLength(1);
    await add(id, [pdfOf(100)]).expect(422);
  });
});
