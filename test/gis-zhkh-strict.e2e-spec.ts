import {
  LONG_ANSWER_FILE_NAME,
  longAnswerNote,
} from '../src/integrations/gis-zhkh/gis-answer-files';
import { gisAttachmentHash } from '../src/integrations/gis-zhkh/gis-file-store';
import { SOAP_ACTIONS } from '../src/integrations/gis-zhkh/gis-messages';
import type { GisAppeal, GisImportAction } from '../src/integrations/gis-zhkh/gis-types';
import { LEGAL_ORG } from './fixtures/gis-zhkh/gis-organizations';
import { validateEnvelopes } from './fixtures/gis-zhkh/gis-xsd';
import {
  answerAsNewOfficer,
  answerOf as answerIn,
  appealAsAdmin,
  downloadAttachment,
  gisSync,
  importedAppealId,
  localSignerEnv,
  ORG_PPA_GUID,
  receivedActions,
  SAMPLE_PDF as PDF,
  samplePng,
  scriptedGisAppeal,
  startGisTestApp,
  stopGisTestApp,
  type GisFileMeta,
} from './support/gis-e2e';
import type { ScriptedOrganization } from './support/gis-org-registry-standin';
import { GisAppealsStandIn } from './support/gis-standin';
import { postSoap } from './support/gis-standin-xml';
import { gostTestKeys } from './support/gost-test-keys';
import { verifyGisSignature } from './support/gost-xmldsig-verifier';
import type { TestApp } from './support/test-app';

/**
 * Issue 21, "Done when": the whole ГИС ЖКХ channel against the stand-in in strict mode — every
 * signed request must carry a ГОСТ XAdES-BES signature that verifies (checked by code that shares
 * nothing with the signer, test/support/gost-xmldsig-verifier.ts), files go through the stand-in's
 * file store, legal entities are resolved through its organisations registry.
 */

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

const PNG = samplePng(300, 5);

const GUID_LEGAL = '7a000000-0000-4000-8000-000000000001';
const GUID_COLLECTIVE = '7a000000-0000-4000-8000-000000000002';
const GUID_FORWARD = '7a000000-0000-4000-8000-000000000003';

const base = (
  over: Partial<GisAppeal> & Pick<GisAppeal, 'appealGuid' | 'appealNumber'>,
): GisAppeal =>
  scriptedGisAppeal({
    createdOn: '2026-04-09',
    topic: { kind: 'other', text: 'Отопление' },
    text: 'Нет отопления.',
    ...over,
  });

describe('ГИС ЖКХ in strict mode: signatures required and verified, files stored, registry', () => {
  let standIn: GisAppealsStandIn;
  let t: TestApp;
  const bearer = { type: 'bearer' as const };

  beforeAll(async () => {
    const keys = await gostTestKeys();
    standIn = await GisAppealsStandIn.start({
      organizations: [LEGAL_ORG, RECEIVER_ORG],
      orgPPAGuid: ORG_PPA_GUID,
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
          orgRootEntityGuid: LEGAL_ORG.orgRootEntityGuid,
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
    t = await startGisTestApp(standIn, localSignerEnv(keys));
  });
  afterAll(() => stopGisTestApp(t, standIn));

  const sync = () => gisSync(t);
  const appealIdOf = (guid: string) => importedAppealId(t, guid);
  const getAppeal = (id: string) =>
    appealAsAdmin<Record<string, unknown> & { attachments: GisFileMeta[] }>(t, id);
  const download = (id: string, fileId: string) => downloadAttachment(t, id, fileId);
  const actions = (): GisImportAction[] => receivedActions(standIn);
  const answerOf = (guid: string) => answerIn(standIn, guid);
  const answer = (id: string, text: string, files: [Buffer, string][] = []) =>
    answerAsNewOfficer(t, id, text, files);

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
    const answer = await postSoap(standIn.url, SOAP_ACTIONS.importAnswer, tampered);
    expect(answer.status).toBe(500);
    expect(answer.body).toContain('STANDIN_SIGNATURE');
    expect(standIn.requests.slice(before).every((r) => r.parsed === undefined)).toBe(true);
  });
});
