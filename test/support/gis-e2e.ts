import type {
  GisAnswerInput,
  GisAppeal,
  GisImportAction,
} from '../../src/integrations/gis-zhkh/gis-types';
import type { GisAppealsStandIn } from './gis-standin';
import type { GostTestKeys } from './gost-test-keys';
import { startTestApp, type TestApp } from './test-app';

/**
 * What the ГИС ЖКХ e2e specs (test/gis-zhkh*.e2e-spec.ts) share: the organisation's GUIDs, a
 * scripted appeal, an app wired to the stand-in, and the requests and look-ups they all make.
 */

/** The organisation's orgPPAGUID (GIS_ZHKH_ORG_PPA_GUID). */
export const ORG_PPA_GUID = '0d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a';
/** The organisation's answerer (GIS_ZHKH_ANSWERER_GUID): stands in for unmapped staff. */
export const ORG_ANSWERER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** A PDF the file checks accept. */
export const SAMPLE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/** A PNG signature and IHDR start, then `size` bytes of `fill`. */
export function samplePng(size: number, fill: number): Buffer {
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
    Buffer.alloc(size, fill),
  ]);
}

/** An appeal as ГИС ЖКХ exports it: a person's, new (Send), no files; override any part. */
export const scriptedGisAppeal = (
  over: Partial<GisAppeal> & Pick<GisAppeal, 'appealGuid'>,
): GisAppeal => ({
  appealNumber: '28-2026-000001',
  createdOn: '2026-04-08',
  applicant: { kind: 'person', surname: 'Петрова', firstName: 'Анна', email: 'petrova@example.ru' },
  topic: { kind: 'other', text: 'Качество горячей воды' },
  oktmo: { code: '40000000' },
  text: 'Из крана идёт ржавая вода.',
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

/** The app on 10 April 2026, 09:00 Moscow, talking to the stand-in as the organisation. */
export function startGisTestApp(
  standIn: GisAppealsStandIn,
  env: Record<string, string> = {},
): Promise<TestApp> {
  return startTestApp({
    now: '2026-04-10T09:00:00+03:00',
    env: {
      GIS_ZHKH_ENDPOINT: standIn.url,
      GIS_ZHKH_ORG_PPA_GUID: ORG_PPA_GUID,
      GIS_ZHKH_ANSWERER_GUID: ORG_ANSWERER,
      GIS_ZHKH_POLL_BACKOFF_MS: '1,1,1,1,1',
      ...env,
    },
  });
}

/** GIS_ZHKH_SIGNER=local with the test keys. */
export function localSignerEnv(keys: GostTestKeys): Record<string, string> {
  return {
    GIS_ZHKH_SIGNER: 'local',
    GIS_ZHKH_SIGNER_KEY_FILE: keys.encryptedKeyFile,
    GIS_ZHKH_SIGNER_KEY_PASSWORD: keys.password,
    GIS_ZHKH_SIGNER_CERT_FILE: keys.certFile,
  };
}

/** For afterAll: either may be missing when beforeAll failed. */
export async function stopGisTestApp(
  t: TestApp | undefined,
  standIn: GisAppealsStandIn | undefined,
): Promise<void> {
  await t?.close();
  await standIn?.stop();
}

export interface GisRunBody {
  status: string;
  counts: Record<string, number>;
  error: string | null;
}

/** One sync run, started by the admin; its record. */
export async function gisSync(t: TestApp): Promise<GisRunBody> {
  const res = await t.http
    .post('/api/v1/integrations/gis-zhkh/sync')
    .auth(t.adminToken, { type: 'bearer' })
    .expect(200);
  return res.body as GisRunBody;
}

/** Our appeal imported from the ГИС ЖКХ appeal `guid`, if there is one. */
export async function findImportedAppealId(t: TestApp, guid: string): Promise<string | undefined> {
  const rows = await t.db.query<{ appeal_id: string }[]>(
    'SELECT appeal_id FROM gis_imported_appeals WHERE appeal_guid = $1',
    [guid],
  );
  return rows[0]?.appeal_id;
}

/** Our appeal imported from the ГИС ЖКХ appeal `guid`. */
export async function importedAppealId(t: TestApp, guid: string): Promise<string> {
  const id = await findImportedAppealId(t, guid);
  if (id === undefined) throw new Error(`ГИС ЖКХ appeal ${guid} was not imported`);
  return id;
}

/** GET /appeals/:id as the admin. */
export async function appealAsAdmin<T = Record<string, unknown>>(
  t: TestApp,
  id: string,
): Promise<T> {
  return (
    await t.http.get(`/api/v1/appeals/${id}`).auth(t.adminToken, { type: 'bearer' }).expect(200)
  ).body as T;
}

/** Every action of every importAnswer the stand-in accepted, in order. */
export function receivedActions(standIn: GisAppealsStandIn): GisImportAction[] {
  return standIn
    .received('importAnswer')
    .flatMap((r) => (r.operation === 'importAnswer' ? r.actions : []));
}

/** The answer first sent for the ГИС ЖКХ appeal `guid`. */
export function answerOf(standIn: GisAppealsStandIn, guid: string): GisAnswerInput | undefined {
  return receivedActions(standIn)
    .filter((a): a is GisImportAction & { kind: 'answer' } => a.kind === 'answer')
    .find((a) => 'appealGuid' in a.appeal && a.appeal.appealGuid === guid)?.answer;
}

/** Every request the stand-in received, named for validateEnvelopes. */
export function sentEnvelopes(standIn: GisAppealsStandIn): Array<{ name: string; xml: string }> {
  return standIn.requests.map((r, i) => ({ name: `#${i} ${r.operation ?? '?'}`, xml: r.body }));
}

/** An appeal's file, downloaded as the admin. */
export async function downloadAttachment(
  t: TestApp,
  appealId: string,
  fileId: string,
): Promise<Buffer> {
  const res = await t.http
    .get(`/api/v1/appeals/${appealId}/attachments/${fileId}`)
    .auth(t.adminToken, { type: 'bearer' })
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    })
    .expect(200);
  return res.body as Buffer;
}

export interface GisFileMeta {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
}

type Staff = { id: string; token: string };

/** A new officer and head of the default department; the head assigns the appeal to the officer. */
export async function assignToNewOfficer(
  t: TestApp,
  id: string,
): Promise<{ officer: Staff; head: Staff }> {
  const departmentId = await t.departmentId(t.config.defaultDepartmentCode);
  const officer = await t.createStaff(['officer'], { departmentId });
  const head = await t.createStaff(['head'], { departmentId });
  await t.http
    .post(`/api/v1/appeals/${id}/assign`)
    .auth(head.token, { type: 'bearer' })
    .send({ assigneeId: officer.id })
    .expect(200);
  return { officer, head };
}

/** Assigns the appeal to a new officer, who answers it (with files: multipart). */
export async function answerAsNewOfficer(
  t: TestApp,
  id: string,
  text: string,
  files: [Buffer, string][] = [],
): Promise<{ answer: { files: GisFileMeta[] } }> {
  const { officer } = await assignToNewOfficer(t, id);
  let req = t.http
    .post(`/api/v1/appeals/${id}/answer`)
    .auth(officer.token, { type: 'bearer' })
    .field('answer', JSON.stringify({ text, outcome: 'supported' }));
  for (const [content, name] of files) req = req.attach('files', content, name);
  const res = await req;
  expect(res.status).toBe(200);
  return res.body as { answer: { files: GisFileMeta[] } };
}
