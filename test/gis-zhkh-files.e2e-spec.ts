import { GisAppealsStandIn } from './support/gis-standin';
import { gisAttachmentHash } from '../src/integrations/gis-zhkh/gis-file-store';
import { transportGuidFor } from '../src/integrations/gis-zhkh/gis-messages';
import {
  LONG_ANSWER_FILE_NAME,
  longAnswerNote,
} from '../src/integrations/gis-zhkh/gis-answer-files';
import type { GisAppeal, GisImportAction } from '../src/integrations/gis-zhkh/gis-types';
import { validateEnvelopes } from './fixtures/gis-zhkh/gis-xsd';
import {
  answerAsNewOfficer,
  answerOf as answerIn,
  appealAsAdmin,
  downloadAttachment,
  findImportedAppealId,
  gisSync,
  ORG_ANSWERER,
  ORG_PPA_GUID,
  receivedActions,
  SAMPLE_PDF as PDF,
  samplePng,
  scriptedGisAppeal,
  sentEnvelopes,
  startGisTestApp,
  stopGisTestApp,
  type GisFileMeta,
} from './support/gis-e2e';
import type { TestApp } from './support/test-app';

/**
 * Issue 21 item 3: files both ways through the ГИС ЖКХ file store (served by the stand-in on
 * the same port): an exported appeal's attachments become the appeal's files, screened as
 * e-mail attachments are; our answers carry their files and a text over 10 000 characters as
 * `ответ.txt`; every message stays XSD-valid.
 */

const GUID_FILES = '4e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1b01';
const GUID_FORBIDDEN = '4e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1b02';
const GUID_DAMAGED = '4e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1b03';
const GUID_LONG = '4e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1b04';

const PNG = samplePng(200, 7);
const EXE = Buffer.concat([
  Buffer.from('4d5a90000300000004000000ffff0000', 'hex'),
  Buffer.alloc(600),
]);

// Each appeal its own applicant and text: the duplicate rule must not join them.
const scripted = (over: Partial<GisAppeal> & Pick<GisAppeal, 'appealGuid'>): GisAppeal =>
  scriptedGisAppeal({
    appealNumber: '28-2026-000500',
    applicant: {
      kind: 'person',
      surname: 'Петрова',
      firstName: `Анна ${over.appealGuid.slice(-2)}`,
      email: `petrova${over.appealGuid.slice(-2)}@example.ru`,
    },
    topic: { kind: 'other', text: `Протечка кровли ${over.appealGuid.slice(-2)}` },
    text: `Течёт крыша над квартирой ${over.appealGuid.slice(-2)}, подъезд ${over.appealGuid.slice(-1)}.`,
    ...over,
  });

describe('ГИС ЖКХ files through the file store', () => {
  let standIn: GisAppealsStandIn;
  let t: TestApp;

  beforeAll(async () => {
    standIn = await GisAppealsStandIn.start({ orgPPAGuid: ORG_PPA_GUID });
    t = await startGisTestApp(standIn);
  });
  afterAll(() => stopGisTestApp(t, standIn));

  const admin = { type: 'bearer' as const };
  // The stand-in answers actions only for appeals it still has: scripts accumulate.
  const all: GisAppeal[] = [];
  const script = (...appeals: GisAppeal[]) => {
    all.push(...appeals);
    standIn.setAppeals(all);
  };
  const sync = () => gisSync(t);
  const appealIdOf = (guid: string) => findImportedAppealId(t, guid);
  const getAppeal = (id: string) => appealAsAdmin<{ attachments: GisFileMeta[] }>(t, id);
  const download = (id: string, fileId: string) => downloadAttachment(t, id, fileId);
  const answerOf = (guid: string) => answerIn(standIn, guid);
  const answer = (id: string, text: string, files: [Buffer, string][] = []) =>
    answerAsNewOfficer(t, id, text, files);

  it('registers an exported appeal with its two files, downloaded and checked by their ГОСТ hash', async () => {
    const photo = standIn.putFile(PNG, 'Фото кровли.png');
    const act = standIn.putFile(PDF, 'Акт осмотра.pdf');
    const forbidden = standIn.putFile(EXE, 'счёт.pdf');
    script(
      scripted({ appealGuid: GUID_FILES, attachments: [photo, act] }),
      scripted({
        appealGuid: GUID_FORBIDDEN,
        appealNumber: '28-2026-000501',
        attachments: [forbidden],
      }),
    );
    const run = await sync();
    expect(run).toMatchObject({ status: 'ok', counts: { exported: 2, imported: 2 } });

    const id = (await appealIdOf(GUID_FILES))!;
    const { attachments } = await getAppeal(id);
    // Registered in one transaction: same created_at, so sorted here by name.
    const byName = [...attachments].sort((x, y) => x.fileName.localeCompare(y.fileName));
    expect(byName.map((a) => [a.fileName, a.contentType, a.size])).toEqual([
      ['Акт осмотра.pdf', 'application/pdf', PDF.length],
      ['Фото кровли.png', 'image/png', PNG.length],
    ]);
    expect((await download(id, byName[0].id)).equals(PDF)).toBe(true);
    expect((await download(id, byName[1].id)).equals(PNG)).toBe(true);
  });

  it('registers an appeal with a forbidden file without it, naming it in the history (as e-mail does)', async () => {
    const id = (await appealIdOf(GUID_FORBIDDEN))!;
    expect((await getAppeal(id)).attachments).toEqual([]);
    const history = (
      (await t.http.get(`/api/v1/appeals/${id}/history`).auth(t.adminToken, admin).expect(200))
        .body as { items: Array<{ type: string; data?: Record<string, unknown> }> }
    ).items;
    expect(history.find((h) => h.type === 'attachments_refused')).toBeDefined();
    const [event] = await t.db.query<{ data: { files: string } }[]>(
      `SELECT data FROM appeal_events WHERE appeal_id = $1 AND type = 'attachments_refused'`,
      [id],
    );
    expect(event.data.files).toBe('счёт.pdf');
  });

  it('does not register an appeal whose file arrives damaged: tried again next run, then registered', async () => {
    const scan = standIn.putFile(PDF, 'Скан.pdf');
    standIn.fileStore.replaceContent(scan.attachmentGuid, Buffer.concat([PDF, Buffer.from('x')]));
    script(
      // Created today: later runs export from the day before the mark.
      scripted({
        appealGuid: GUID_DAMAGED,
        appealNumber: '28-2026-000502',
        createdOn: '2026-04-10',
        attachments: [scan],
      }),
    );
    const failed = await sync();
    expect(failed.status).toBe('error');
    expect(await appealIdOf(GUID_DAMAGED)).toBeUndefined();
    const [row] = await t.db.query<{ permanent: boolean; error: string }[]>(
      'SELECT permanent, error FROM gis_import_failures WHERE appeal_guid = $1',
      [GUID_DAMAGED],
    );
    expect(row).toEqual({ permanent: false, error: 'GisError ATTACHMENT_HASH_MISMATCH' });

    standIn.fileStore.replaceContent(scan.attachmentGuid, PDF);
    expect(await sync()).toMatchObject({ status: 'ok', counts: { imported: 1 } });
    const id = (await appealIdOf(GUID_DAMAGED))!;
    expect((await getAppeal(id)).attachments.map((a) => a.fileName)).toEqual(['Скан.pdf']);
  });

  it('uploads an answer’s file once and lists it in LoadAnswer with its AttachmentGUID and hash', async () => {
    const id = (await appealIdOf(GUID_FILES))!;
    const answered = await answer(id, 'Кровля отремонтирована, акт прилагается.', [
      [PDF, 'Акт выполненных работ.pdf'],
    ]);
    expect(answered.answer.files.map((f) => f.fileName)).toEqual(['Акт выполненных работ.pdf']);
    // The store is down once: the answer and its Executed wait, nothing is sent out of order.
    standIn.fileStore.failNext(1, 503);
    await sync();
    const outbox = async () =>
      (
        await t.db.query<{ action: string; status: string; last_error: string | null }[]>(
          `SELECT action, status, last_error FROM gis_outbox
            WHERE appeal_id = $1 AND action IN ('answer', 'executed') ORDER BY id`,
          [id],
        )
      ).map((r) => [r.action, r.status, r.last_error?.slice(0, 40) ?? null]);
    expect(await outbox()).toEqual([
      ['answer', 'failed', 'FILE_UPLOAD: http HTTP_503: HTTP 503 fro'],
      ['executed', 'pending', null],
    ]);
    expect(answerOf(GUID_FILES)).toBeUndefined();
    expect(
      receivedActions(standIn).some(
        (a) =>
          a.kind === 'executed' && 'appealGuid' in a.appeal && a.appeal.appealGuid === GUID_FILES,
      ),
    ).toBe(false);

    await sync();
    expect(await outbox()).toEqual([
      ['answer', 'sent', null],
      ['executed', 'sent', null],
    ]);
    const sent = answerOf(GUID_FILES)!;
    const [uploaded] = standIn.fileStore.uploaded();
    expect(uploaded.bytes.equals(PDF)).toBe(true);
    expect(uploaded.name).toBe('Акт выполненных работ.pdf');
    expect(sent.load).toEqual({
      text: 'Кровля отремонтирована, акт прилагается.',
      attachments: [
        {
          name: 'Акт выполненных работ.pdf',
          description: 'Акт выполненных работ.pdf',
          attachmentGuid: uploaded.guid,
          hash: gisAttachmentHash(PDF),
        },
      ],
    });
    const [row] = await t.db.query<{ attachment_guid: string; hash: string }[]>(
      'SELECT attachment_guid, hash FROM gis_file_uploads WHERE attachment_id = $1',
      [answered.answer.files[0].id],
    );
    expect(row).toEqual({ attachment_guid: uploaded.guid, hash: gisAttachmentHash(PDF) });
    expect(standIn.fileStore.uploaded()).toHaveLength(1);
  });

  it('sends an answer of 12 000 characters as ответ.txt with a short note, not held', async () => {
    script(
      scripted({ appealGuid: GUID_LONG, appealNumber: '28-2026-000503', createdOn: '2026-04-10' }),
    );
    expect(await sync()).toMatchObject({ status: 'ok', counts: { imported: 1 } });
    const id = (await appealIdOf(GUID_LONG))!;
    const text = `Ответ. ${'Подробное разъяснение начислений. '.repeat(400)}`.slice(0, 12_000);
    await answer(id, text);
    const uploadsBefore = standIn.fileStore.uploaded().length;
    const run = await sync();
    expect(run.counts).toMatchObject({ sendFailed: 0, held: 0 });
    const sent = answerOf(GUID_LONG)!;
    const file = standIn.fileStore.uploaded()[uploadsBefore];
    expect(file.name).toBe(LONG_ANSWER_FILE_NAME);
    expect(file.bytes.subarray(3).toString('utf8')).toBe(text);
    expect(sent.load).toEqual({
      text: longAnswerNote('28-2026-000503'),
      attachments: [
        {
          name: LONG_ANSWER_FILE_NAME,
          description: 'Полный текст ответа',
          attachmentGuid: file.guid,
          hash: gisAttachmentHash(file.bytes),
        },
      ],
    });
    const statuses = await t.db.query<{ status: string }[]>(
      `SELECT o.status FROM gis_outbox o WHERE o.appeal_id = $1 AND o.action IN ('answer', 'executed')`,
      [id],
    );
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'sent']);
  });

  it('releases an answer held as too long by an earlier version, sending it as a file', async () => {
    const id = (await appealIdOf(GUID_DAMAGED))!;
    const text = 'Ш'.repeat(10_500);
    await answer(id, text);
    // What the version before issue 21 stored for this event: held answer, waiting Executed.
    const [ev] = await t.db.query<{ id: string }[]>(
      `SELECT id FROM appeal_events WHERE appeal_id = $1 AND to_status = 'answered'`,
      [id],
    );
    const answerGuid = transportGuidFor(`event:${ev.id}`);
    const executedGuid = transportGuidFor(`event:${ev.id}:executed`);
    const ref = { appealGuid: GUID_DAMAGED };
    const legacy: GisImportAction = {
      kind: 'answer',
      transportGuid: answerGuid,
      appeal: ref,
      answer: {
        transportGuid: transportGuidFor(`event:${ev.id}:answer`),
        answererGuid: ORG_ANSWERER,
        load: { text: text.slice(0, 10_000) },
        send: true,
      },
    };
    await t.db.query(
      `INSERT INTO gis_outbox (appeal_id, event_id, action, payload, transport_guid, status, last_error)
       VALUES ($1, $2, 'answer', $3, $4, 'held', 'ANSWER_TOO_LONG: ответ длиннее 10000 символов, приложите его файлом'),
              ($1, $2, 'executed', $5, $6, 'held', 'WAITS_FOR_ANSWER')`,
      [
        id,
        ev.id,
        legacy,
        answerGuid,
        { kind: 'executed', transportGuid: executedGuid, appeal: ref, answererGuid: ORG_ANSWERER },
        executedGuid,
      ],
    );
    const uploadsBefore = standIn.fileStore.uploaded().length;
    const run = await sync();
    expect(run.counts).toMatchObject({ sendFailed: 0 });
    const rows = await t.db.query<{ status: string }[]>(
      'SELECT status FROM gis_outbox WHERE transport_guid = ANY($1) ORDER BY id',
      [[answerGuid, executedGuid]],
    );
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    const file = standIn.fileStore.uploaded()[uploadsBefore];
    expect(file.bytes.subarray(3).toString('utf8')).toBe(text);
    expect(answerOf(GUID_DAMAGED)!.load).toMatchObject({
      text: longAnswerNote('28-2026-000502'),
      attachments: [{ name: LONG_ANSWER_FILE_NAME, attachmentGuid: file.guid }],
    });
  });

  it('sent only SOAP requests that validate against the XSD', async () => {
    const requests = sentEnvelopes(standIn);
    expect(requests.length).toBeGreaterThan(5);
    expect(await validateEnvelopes(requests)).toEqual({});
  });
});
