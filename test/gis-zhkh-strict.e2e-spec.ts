import * as http from 'http';
import {
  LONG_ANSWER_FILE_NAME,
  longAnswerNote,
} from '../src/integrations/gis-zhkh/gis-answer-files';
import { gisAttachmentHash } from '../src/integrations/gis-zhkh/gis-file-store';
import { SOAP_ACTIONS } from '../src/integrations/gis-zhkh/gis-messages';
import type {
  GisAnswerInput,
  GisAppeal,
  GisImportAction,
} from '../src/integrations/gis-zhkh/gis-types';
import { validateEnvelopes } from './fixtures/gis-zhkh/gis-xsd';
import type { ScriptedOrganization } from './support/gis-org-registry-standin';
import { GisAppealsStandIn } from './support/gis-standin';
import { gostTestKeys } from './support/gost-test-keys';
import { verifyGisSignature } from './support/gost-xmldsig-verifier';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 21, "Done when": the whole ГИС ЖКХ channel against the stand-in in strict mode — every
 * signed request must carry a ГОСТ XAdES-BES signature that verifies (checked by code that shares
 * nothing with the signer, test/support/gost-xmldsig-verifier.ts), files go through the stand-in's
 * file store, legal entities are resolved through its organisations registry.
 */

const ORG_PPA = '0d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a';
const ANSWERER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const APPLICANT_ORG: ScriptedOrganization = {
  orgRootEntityGuid: 'c0ffee00-1111-4222-8333-444455556666',
  orgVersionGuid: 'c0ffee00-1111-4222-8333-000000000001',
  kind: 'legal',
  fullName: 'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ «УПРАВДОМ»',
  shortName: 'ООО «Управдом»',
  ogrn: '1027700132195',
  inn: '7707083893',
  kpp: '773601001',
  isActual: true,
  lastEditedOn: '2026-01-15',
  isRegistered: true,
};
/** The organisation an appeal is forwarded to (59-ФЗ ст. 8 ч. 3). */
const RECEIVER_ORG: ScriptedOrganization = {
  orgRootEntityGuid: 'c0ffee00-2222-4222-8333-444455556666',
  orgVersionGuid: 'c0ffee00-2222-4222-8333-000000000001',
  kind: 'legal',
  fullName: 'АКЦИОНЕРНОЕ ОБЩЕСТВО «ГОРОДСКИЕ ТЕПЛОСЕТИ»',
  shortName: 'АО «Гортеплосети»',
  ogrn: '1037739877295',
  inn: '7705123456',
  kpp: '770501001',
  isActual: true,
  lastEditedOn: '2026-02-01',
  isRegistered: true,
};

const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  Buffer.alloc(300, 5),
]);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

const GUID_LEGAL = '7a000000-0000-4000-8000-000000000001';
const GUID_COLLECTIVE = '7a000000-0000-4000-8000-000000000002';
const GUID_FORWARD = '7a000000-0000-4000-8000-000000000003';

const base = (
  over: Partial<GisAppeal> & Pick<GisAppeal, 'appealGuid' | 'appealNumber'>,
): GisAppeal => ({
  createdOn: '2026-04-09',
  applicant: { kind: 'person', surname: 'Петрова', firstName: 'Анна', email: 'petrova@example.ru' },
  topic: { kind: 'other', text: 'Отопление' },
  oktmo: { code: '40000000' },
  text: 'Нет отопления.',
  attachments: [],
  history: [],
  status: 'Send',
  rolledOver: false,
  answerIsNotRequired: false,
  fromMobile: false,
  collective: false,
  neighbours: [],
  ...over,
});

interface RunBody {
  status: string;
  counts: Record<string, number>;
  error: string | null;
}
interface FileMeta {
  id: string;
  fileName: string;
}

describe('ГИС ЖКХ in strict mode: signatures required and verified, files stored, registry', () => {
  let standIn: GisAppealsStandIn;
  let t: TestApp;
  const bearer = { type: 'bearer' as const };

  beforeAll(async () => {
    const keys = await gostTestKeys();
    standIn = await GisAppealsStandIn.start({
      organizations: [APPLICANT_ORG, RECEIVER_ORG],
      orgPPAGuid: ORG_PPA,
      verifySignatures: (xml) => verifyGisSignature(xml).ok,
    });
    const photo = standIn.putFile(PNG, 'Фото батареи.png');
    const act = standIn.putFile(PDF, 'Акт о температуре.pdf');
    standIn.setAppeals([
      base({
        appealGuid: GUID_LEGAL,
        appealNumber: '28-2026-001001',
        applicant: {
          kind: 'organization',
          orgRootEntityGuid: APPLICANT_ORG.orgRootEntityGuid,
          email: 'office@upravdom.example.ru',
        },
        topic: { kind: 'other', text: 'Отопление в нежилом помещении' },
        text: 'В помещении нашей организации +12 °C, просим восстановить отопление.',
        attachments: [photo, act],
      }),
      base({
        appealGuid: GUID_COLLECTIVE,
        appealNumber: '28-2026-001002',
        applicant: {
          kind: 'person',
          surname: 'Смирнова',
          firstName: 'Ольга',
          email: 'smirnova@example.ru',
        },
        topic: { kind: 'other', text: 'Шум от котельной' },
        text: 'Жильцы дома 5 просят устранить шум от котельной по ночам.',
        collective: true,
        neighbours: [
          { kind: 'person', surname: 'Кузнецов', firstName: 'Игорь', email: 'kuz@example.ru' },
          { kind: 'person', surname: 'Орлова', firstName: 'Нина' },
        ],
      }),
      base({
        appealGuid: GUID_FORWARD,
        appealNumber: '28-2026-001003',
        applicant: { kind: 'person', surname: 'Зайцев', firstName: 'Олег', email: 'z@example.ru' },
        topic: { kind: 'other', text: 'Тариф на тепловую энергию' },
        text: 'Прошу разъяснить начисление за тепло по тарифу теплоснабжающей организации.',
      }),
    ]);
    t = await startTestApp({
      now: '2026-04-10T09:00:00+03:00',
      env: {
        GIS_ZHKH_ENDPOINT: standIn.url,
        GIS_ZHKH_ORG_PPA_GUID: ORG_PPA,
        GIS_ZHKH_ANSWERER_GUID: ANSWERER,
        GIS_ZHKH_POLL_BACKOFF_MS: '1,1,1,1,1',
        GIS_ZHKH_SIGNER: 'local',
        GIS_ZHKH_SIGNER_KEY_FILE: keys.encryptedKeyFile,
        GIS_ZHKH_SIGNER_KEY_PASSWORD: keys.password,
        GIS_ZHKH_SIGNER_CERT_FILE: keys.certFile,
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await standIn?.stop();
  });

  const sync = async (): Promise<RunBody> =>
    (await t.http.post('/api/v1/integrations/gis-zhkh/sync').auth(t.adminToken, bearer).expect(200))
      .body as RunBody;
  const appealIdOf = async (guid: string): Promise<string> =>
    (
      await t.db.query<{ appeal_id: string }[]>(
        'SELECT appeal_id FROM gis_imported_appeals WHERE appeal_guid = $1',
        [guid],
      )
    )[0].appeal_id;
  const getAppeal = async (id: string) =>
    (await t.http.get(`/api/v1/appeals/${id}`).auth(t.adminToken, bearer).expect(200))
      .body as Record<string, unknown> & { attachments: FileMeta[] };
  const download = async (id: string, fileId: string): Promise<Buffer> =>
    (
      await t.http
        .get(`/api/v1/appeals/${id}/attachments/${fileId}`)
        .auth(t.adminToken, bearer)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200)
    ).body as Buffer;
  const actions = (): GisImportAction[] =>
    standIn
      .received('importAnswer')
      .flatMap((r) => (r.operation === 'importAnswer' ? r.actions : []));
  const answerOf = (guid: string): GisAnswerInput | undefined =>
    actions()
      .filter((a): a is GisImportAction & { kind: 'answer' } => a.kind === 'answer')
      .find((a) => 'appealGuid' in a.appeal && a.appeal.appealGuid === guid)?.answer;
  const answer = async (id: string, text: string, files: [Buffer, string][] = []) => {
    const departmentId = await t.departmentId(t.config.defaultDepartmentCode);
    const officer = await t.createStaff(['officer'], { departmentId });
    const head = await t.createStaff(['head'], { departmentId });
    await t.http
      .post(`/api/v1/appeals/${id}/assign`)
      .auth(head.token, bearer)
      .send({ assigneeId: officer.id })
      .expect(200);
    let req = t.http
      .post(`/api/v1/appeals/${id}/answer`)
      .auth(officer.token, bearer)
      .field('answer', JSON.stringify({ text, outcome: 'supported' }));
    for (const [content, name] of files) req = req.attach('files', content, name);
    expect((await req).status).toBe(200);
  };

  it('imports a legal entity named by the registry with both of its files, and a collective appeal with its two neighbours', async () => {
    const run = await sync();
    expect(run).toMatchObject({ status: 'ok', counts: { exported: 3, imported: 3 } });

    const legal = await getAppeal(await appealIdOf(GUID_LEGAL));
    expect(legal.applicant).toMatchObject({
      type: 'legal_entity',
      organizationName: 'ООО «Управдом»',
      ogrn: '1027700132195',
      inn: '7707083893',
    });
    const files = [...legal.attachments].sort((a, b) => a.fileName.localeCompare(b.fileName));
    expect(files.map((f) => f.fileName)).toEqual(['Акт о температуре.pdf', 'Фото батареи.png']);
    const id = legal.id as string;
    expect(await download(id, files[0].id)).toEqual(PDF);
    expect(await download(id, files[1].id)).toEqual(PNG);

    const collective = await getAppeal(await appealIdOf(GUID_COLLECTIVE));
    expect(collective).toMatchObject({
      collective: true,
      coApplicants: [
        expect.objectContaining({ lastName: 'Кузнецов', firstName: 'Игорь' }),
        expect.objectContaining({ lastName: 'Орлова', firstName: 'Нина' }),
      ],
    });
  });

  it('answers with a file and with a long text (as a file), and forwards to a registry organisation', async () => {
    const legalId = await appealIdOf(GUID_LEGAL);
    const collectiveId = await appealIdOf(GUID_COLLECTIVE);
    const forwardId = await appealIdOf(GUID_FORWARD);

    await answer(legalId, 'Отопление восстановлено, акт приёмки прилагается.', [
      [PDF, 'Акт приёмки.pdf'],
    ]);
    const longText = `Уважаемые жильцы! ${'Проведены замеры шума у котельной. '.repeat(360)}`;
    expect(longText.length).toBeGreaterThan(12_000);
    await answer(collectiveId, longText);

    // The receiver is found in the registry by its ОГРН: its GUID goes into the directory.
    const created = await t.http
      .post('/api/v1/organizations')
      .auth(t.adminToken, bearer)
      .send({ name: 'АО «Гортеплосети»', kind: 'utility', email: 'office@gts.example.ru' })
      .expect(201);
    const orgId = (created.body as { id: string }).id;
    await t.http
      .post(`/api/v1/organizations/${orgId}/gis-lookup`)
      .auth(t.adminToken, bearer)
      .send({ ogrn: RECEIVER_ORG.ogrn })
      .expect(200);
    const { token: supervisor } = await t.createStaff(['supervisor']);
    await t.http
      .post(`/api/v1/appeals/${forwardId}/forward`)
      .auth(supervisor, bearer)
      .send({ organizationId: orgId, reason: 'Тарифы устанавливает теплоснабжающая организация' })
      .expect(200);

    const run = await sync();
    expect(run).toMatchObject({ status: 'ok', counts: { sendFailed: 0, held: 0 } });

    // The answer's file crossed: uploaded to the store, named in LoadAnswer with its ГОСТ hash.
    const [file] = answerOf(GUID_LEGAL)!.load!.attachments!;
    expect(file).toMatchObject({ name: 'Акт приёмки.pdf', hash: gisAttachmentHash(PDF) });
    expect(standIn.fileStore.file(file.attachmentGuid)?.bytes).toEqual(PDF);

    // The long answer went as a file, whole; AnswerText carries the note.
    const long = answerOf(GUID_COLLECTIVE)!.load!;
    expect(long.text).toBe(longAnswerNote('28-2026-001002'));
    expect(long.attachments).toEqual([expect.objectContaining({ name: LONG_ANSWER_FILE_NAME })]);
    const stored = standIn.fileStore.file(long.attachments![0].attachmentGuid)!.bytes;
    expect(stored.toString('utf8').replace(/^\uFEFF/, '')).toBe(longText.trim());

    const redirects = actions().filter(
      (a): a is Extract<GisImportAction, { kind: 'redirect' }> => a.kind === 'redirect',
    );
    expect(redirects).toEqual([
      expect.objectContaining({
        appeal: { appealGuid: GUID_FORWARD },
        receivers: [expect.objectContaining({ orgRootEntityGuid: RECEIVER_ORG.orgRootEntityGuid })],
      }),
    ]);
    const outbox = await t.db.query<{ status: string; n: number }[]>(
      'SELECT status, count(*)::int AS n FROM gis_outbox GROUP BY status',
    );
    expect(outbox).toEqual([{ status: 'sent', n: expect.any(Number) }]);
  });

  it('sent only XSD-valid messages, each signed request verifying independently', async () => {
    const signed = standIn.requests.filter((r) => r.operation !== 'getState').map((r) => r.body);
    const registry = standIn.orgRegistry.exportBodies;
    expect(signed.length).toBeGreaterThanOrEqual(3);
    expect(registry.length).toBeGreaterThanOrEqual(1);
    for (const xml of [...signed, ...registry]) {
      expect(verifyGisSignature(xml)).toEqual({ ok: true, errors: [] });
    }
    const all = [...standIn.requests.map((r) => r.body), ...registry].map((xml, i) => ({
      name: `#${i}`,
      xml,
    }));
    expect(await validateEnvelopes(all)).toEqual({});
  });

  it('refuses a tampered message: one character of the signed body changed', async () => {
    const original = standIn.requests.find(
      (r) => r.operation === 'importAnswer' && r.body.includes('Отопление восстановлено'),
    )!.body;
    // A Latin «o» for the Cyrillic «о»: the text looks the same, the bytes do not.
    const tampered = original.replace('Отопление восстановлено', 'Отопление восстановленo');
    expect(tampered).not.toBe(original);
    expect(verifyGisSignature(tampered).ok).toBe(false);

    const before = standIn.requests.length;
    const answer = await post(standIn.url, tampered, SOAP_ACTIONS.importAnswer);
    expect(answer.status).toBe(500);
    expect(answer.body).toContain('STANDIN_SIGNATURE');
    expect(standIn.requests.slice(before).every((r) => r.parsed === undefined)).toBe(true);
  });
});

function post(url: string, xml: string, action: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${action}"` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(xml);
  });
}
