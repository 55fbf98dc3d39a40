import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

/** A real SMTP server on 127.0.0.1 keeping each accepted message's raw bytes. */
class TestSmtp {
  readonly received: { to: string; raw: Buffer }[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.received.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            raw: Buffer.concat(chunks),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

const fixture = (name: string): Buffer =>
  readFileSync(path.join(__dirname, 'fixtures', 'attachments', name));

/**
 * Issue 20, item 2: answers with files. `POST /appeals/{id}/answer` takes multipart (the JSON in
 * part `answer`, files in parts `files`) with intake's limits and sniffing; the files are the
 * answer's (`answer.files`, not the appeal's `attachments`), e-mailed as real attachments and
 * listed in a letter by post; with sign-off they wait with the draft and go on approval.
 */
describe('answers with files', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let key: string;
  let clerk: string;
  let officer: { id: string; token: string };
  let signOfficer: { id: string; token: string };
  let head: { id: string; token: string };
  const pdf = fixture('sample.pdf');

  interface FileMeta {
    id: string;
    fileName: string;
    contentType: string;
    size: number;
  }
  interface AppealBody {
    id: string;
    status: string;
    attachments: FileMeta[];
    answer: { text: string; files: FileMeta[] } | null;
  }

  const bearer = (u: { token: string } | string) => ({
    Authorization: `Bearer ${typeof u === 'string' ? u : u.token}`,
  });
  const etag = async (id: string) =>
    (await t.http.get(`/api/v1/appeals/${id}`).set(bearer(t.adminToken)).expect(200)).headers.etag;
  const register = async (topicCode: string, channel: 'web' | 'post' = 'web') => {
    const req = t.http.post('/api/v1/appeals');
    const res = await (channel === 'web' ? req.set('X-API-Key', key) : req.set(bearer(clerk)))
      .send(appealBody(channel, { topicCode }))
      .expect(201);
    return res.body as AppealBody;
  };
  const answerWithFiles = async (
    id: string,
    who: { token: string },
    files: [Buffer, string][],
    answer: object = { text: 'Перерасчёт выполнен, акт прилагается.', outcome: 'supported' },
  ) => {
    let req = t.http
      .post(`/api/v1/appeals/${id}/answer`)
      .set(bearer(who))
      .set('If-Match', await etag(id))
      .field('answer', JSON.stringify(answer));
    for (const [content, name] of files) req = req.attach('files', content, name);
    return req.then((r) => r);
  };
  const runSender = () =>
    t.http.post('/api/v1/jobs/notifications/run').set(bearer(t.adminToken)).expect(200);
  const answerNotice = async (id: string) =>
    (
      await t.db.query<{ body: string; channel: string; attachment_ids: string[] }[]>(
        "SELECT body, channel, attachment_ids FROM notifications WHERE appeal_id = $1 AND kind = 'answer'",
        [id],
      )
    )[0];

  beforeAll(async () => {
    smtp = new TestSmtp();
    await smtp.start();
    t = await startTestApp({
      now: '2026-04-10T10:00:00+03:00',
      // The smallest cap: a 1.3 KiB .docx is too much for one e-mail, a 329-byte PDF is not.
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_MAX_ATTACHMENT_BYTES: '1024' },
    });
    key = (await t.createApiKey(['web', 'post'])).key;
    clerk = (await t.createStaff(['clerk'])).token;
    const dept = async (code: string, answerApproval: boolean) => {
      const res = await t.http
        .post('/api/v1/departments')
        .set(bearer(t.adminToken))
        .send({ code, name: `Отдел ${code}`, answerApproval })
        .expect(201);
      const id = (res.body as { id: string }).id;
      await t.http
        .post('/api/v1/topics')
        .set(bearer(t.adminToken))
        .send({ code: `${code}_topic`, name: `Тема ${code}`, departmentId: id })
        .expect(201);
      return id;
    };
    const direct = await dept('afiles', false);
    const signed = await dept('afiles_sign', true);
    officer = await t.createStaff(['officer'], { departmentId: direct });
    signOfficer = await t.createStaff(['officer'], { departmentId: signed });
    head = await t.createStaff(['head'], { departmentId: signed });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop().catch(() => undefined);
  });

  it('e-mails the answer with its PDF as a real attachment; the file is the answer’s, not the appeal’s', async () => {
    const a = await register('afiles_topic');
    const res = await answerWithFiles(a.id, officer, [[pdf, 'Акт проверки.pdf']]);
    expect(res.status).toBe(200);
    const body = res.body as AppealBody;
    expect(body.status).toBe('answered');
    expect(body.attachments).toEqual([]);
    expect(body.answer!.files).toEqual([
      expect.objectContaining({
        fileName: 'Акт проверки.pdf',
        contentType: 'application/pdf',
        size: pdf.length,
      }),
    ]);
    const fileId = body.answer!.files[0].id;
    // Downloadable by staff as any file of the appeal.
    const download = await t.http
      .get(`/api/v1/appeals/${a.id}/attachments/${fileId}`)
      .set(bearer(officer))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);

    const notice = await answerNotice(a.id);
    expect(notice).toMatchObject({ channel: 'email', attachment_ids: [fileId] });
    expect(notice.body).toContain('Приложение (файлы во вложении к письму):\n1. Акт проверки.pdf');

    smtp.received.length = 0;
    await runSender();
    const mails = await Promise.all(smtp.received.map((m) => simpleParser(m.raw)));
    const answerMail = mails.find((m) => m.subject?.startsWith('Ответ на обращение'));
    expect(answerMail).toBeDefined();
    expect(answerMail!.attachments).toHaveLength(1);
    const [att] = answerMail!.attachments;
    expect(att.filename).toBe('Акт проверки.pdf');
    expect(att.contentType).toBe('application/pdf');
    expect(Buffer.compare(att.content, pdf)).toBe(0);
  });

  it('lists the files in the outgoing letter of an answer by post', async () => {
    const a = await register('afiles_topic', 'post');
    await answerWithFiles(a.id, officer, [
      [pdf, 'Акт.pdf'],
      [fixture('sample.png'), 'Фото.png'],
    ]).then((r) => expect(r.status).toBe(200));
    const notice = await answerNotice(a.id);
    expect(notice.channel).toBe('post');
    expect(notice.attachment_ids).toEqual([]);
    const letters = (
      await t.http.get('/api/v1/outgoing-letters').set(bearer(t.adminToken)).expect(200)
    ).body.items as { appealId: string; subject: string; body: string }[];
    const letter = letters.find((l) => l.appealId === a.id && l.subject.startsWith('Ответ'));
    // Files of one request share their upload time (a frozen test clock): either order.
    expect(letter?.body).toMatch(/\n\nПриложение:\n1\. .+\n2\. .+\n\nС уважением/);
    expect(letter?.body).toMatch(/\n\d\. Акт\.pdf \(329 байт\)\n/);
    expect(letter?.body).toMatch(/\n\d\. Фото\.png \(67 байт\)\n/);
  });

  it('refuses a file that fails sniffing or is empty with intake’s codes and answers nothing', async () => {
    const a = await register('afiles_topic');
    const fake = await answerWithFiles(a.id, officer, [
      [Buffer.from('MZ\x90\x00 not a document'), 'акт.pdf'],
    ]);
    expect(fake.body).toMatchObject({ status: 422, code: 'ATTACHMENT_TYPE_NOT_ALLOWED' });
    const empty = await answerWithFiles(a.id, officer, [[Buffer.alloc(0), 'пусто.pdf']]);
    expect(empty.body).toMatchObject({ status: 422, code: 'ATTACHMENT_EMPTY' });
    const after = (
      await t.http.get(`/api/v1/appeals/${a.id}`).set(bearer(t.adminToken)).expect(200)
    ).body as AppealBody;
    expect(after).toMatchObject({ status: 'assigned', answer: null });
    expect(await answerNotice(a.id)).toBeUndefined();
    const leftovers = await t.db.query(
      "SELECT 1 FROM attachments WHERE appeal_id = $1 OR status = 'staging'",
      [a.id],
    );
    expect(leftovers).toEqual([]);
  });

  it('keeps the files with a draft under sign-off and sends them on approval', async () => {
    const a = await register('afiles_sign_topic');
    const drafted = await answerWithFiles(a.id, signOfficer, [[pdf, 'Расчёт.pdf']]);
    expect(drafted.status).toBe(200);
    expect(drafted.body).toMatchObject({
      status: 'answer_review',
      answer: { files: [expect.objectContaining({ fileName: 'Расчёт.pdf' })] },
    });
    expect(await answerNotice(a.id)).toBeUndefined();
    const approved = await t.http
      .post(`/api/v1/appeals/${a.id}/answer/approve`)
      .set(bearer(head))
      .set('If-Match', await etag(a.id))
      .expect(200);
    const files = (approved.body as AppealBody).answer!.files;
    expect(files).toHaveLength(1);
    expect((await answerNotice(a.id)).attachment_ids).toEqual([files[0].id]);
    smtp.received.length = 0;
    await runSender();
    const mails = await Promise.all(smtp.received.map((m) => simpleParser(m.raw)));
    const answerMail = mails.find((m) => m.subject?.startsWith('Ответ на обращение'));
    expect(answerMail!.attachments.map((x) => x.filename)).toEqual(['Расчёт.pdf']);
    expect(Buffer.compare(answerMail!.attachments[0].content, pdf)).toBe(0);
  });

  it('refuses files too heavy for one e-mail (MAIL_MAX_ATTACHMENT_BYTES) with 413, answering nothing', async () => {
    const a = await register('afiles_topic');
    const res = await answerWithFiles(a.id, officer, [[fixture('sample.docx'), 'Акт.docx']]);
    expect(res.body).toMatchObject({ status: 413, code: 'ATTACHMENT_TOO_LARGE' });
    const after = (
      await t.http.get(`/api/v1/appeals/${a.id}`).set(bearer(t.adminToken)).expect(200)
    ).body as AppealBody;
    expect(after).toMatchObject({ status: 'assigned', answer: null });
    // By post the same file is only listed: no cap.
    const paper = await register('afiles_topic', 'post');
    const ok = await answerWithFiles(paper.id, officer, [[fixture('sample.docx'), 'Акт.docx']]);
    expect(ok.status).toBe(200);
  });

  it('keeps the files when a draft is returned: the next answer sends them, with any added', async () => {
    const a = await register('afiles_sign_topic');
    expect(
      (
        await answerWithFiles(a.id, signOfficer, [[pdf, 'Расчёт.pdf']], {
          text: 'Черновик.',
          outcome: 'supported',
        })
      ).status,
    ).toBe(200);
    await t.http
      .post(`/api/v1/appeals/${a.id}/answer/return`)
      .set(bearer(head))
      .set('If-Match', await etag(a.id))
      .send({ comment: 'Приложите фото' })
      .expect(200);
    const returned = (
      await t.http.get(`/api/v1/appeals/${a.id}`).set(bearer(t.adminToken)).expect(200)
    ).body as AppealBody;
    expect(returned).toMatchObject({ status: 'in_progress', answer: null });
    t.clock.advance(60_000); // files are listed in the order they came
    const again = await answerWithFiles(a.id, signOfficer, [[fixture('sample.png'), 'Фото.png']]);
    expect((again.body as AppealBody).answer!.files.map((f) => f.fileName)).toEqual([
      'Расчёт.pdf',
      'Фото.png',
    ]);
    await t.http
      .post(`/api/v1/appeals/${a.id}/answer/approve`)
      .set(bearer(head))
      .set('If-Match', await etag(a.id))
      .expect(200);
    expect((await answerNotice(a.id)).attachment_ids).toHaveLength(2);
  });

  it('still takes a JSON answer, and refuses a multipart one without its JSON part', async () => {
    const a = await register('afiles_topic');
    const bad = await t.http
      .post(`/api/v1/appeals/${a.id}/answer`)
      .set(bearer(officer))
      .set('If-Match', await etag(a.id))
      .attach('files', pdf, 'a.pdf');
    expect(bad.status).toBe(422);
    const ok = await t.http
      .post(`/api/v1/appeals/${a.id}/answer`)
      .set(bearer(officer))
      .set('If-Match', await etag(a.id))
      .send({ text: 'Разъяснено.', outcome: 'explained' })
      .expect(200);
    expect((ok.body as AppealBody).answer).toMatchObject({ text: 'Разъяснено.', files: [] });
  });
});
