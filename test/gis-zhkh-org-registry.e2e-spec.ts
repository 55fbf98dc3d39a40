import type { GisAppeal, GisImportAction } from '../src/integrations/gis-zhkh/gis-types';
import {
  ENTREPRENEUR_ORG as ENTRP,
  LEGAL_ORG as LEGAL,
} from './fixtures/gis-zhkh/gis-organizations';
import {
  appealAsAdmin,
  gisSync,
  importedAppealId,
  receivedActions,
  scriptedGisAppeal,
  startGisTestApp,
  stopGisTestApp,
} from './support/gis-e2e';
import { GisAppealsStandIn } from './support/gis-standin';
import type { TestApp } from './support/test-app';

/** Issue 21, item 4: the ГИС ЖКХ organisations registry (exportOrgRegistry) against the stand-in. */

const scripted = (
  appealGuid: string,
  appealNumber: string,
  orgRootEntityGuid: string,
  createdOn = '2026-04-09',
): GisAppeal =>
  scriptedGisAppeal({
    appealGuid,
    appealNumber,
    createdOn,
    applicant: { kind: 'organization', orgRootEntityGuid, email: 'office@example.ru' },
    topic: { kind: 'other', text: 'Отопление в нежилом помещении' },
    text: 'В помещении нашей организации нет отопления, просим восстановить.',
  });

const A1 = scripted(
  '4a000000-0000-4000-8000-000000000001',
  '28-2026-000901',
  LEGAL.orgRootEntityGuid,
);
const A2 = scripted(
  '4a000000-0000-4000-8000-000000000002',
  '28-2026-000902',
  LEGAL.orgRootEntityGuid,
);
const A3 = scripted(
  '4a000000-0000-4000-8000-000000000003',
  '28-2026-000903',
  ENTRP.orgRootEntityGuid,
);

describe('ГИС ЖКХ organisations registry (exportOrgRegistry against the stand-in)', () => {
  let standIn: GisAppealsStandIn;
  let t: TestApp;

  beforeAll(async () => {
    standIn = await GisAppealsStandIn.start({ appeals: [A1], organizations: [LEGAL, ENTRP] });
    t = await startGisTestApp(standIn);
  });
  afterAll(() => stopGisTestApp(t, standIn));

  const sync = () => gisSync(t);
  const appealIdOf = (guid: string) => importedAppealId(t, guid);
  const applicantOf = async (id: string) =>
    (await appealAsAdmin<{ applicant: Record<string, unknown> }>(t, id)).applicant;
  const stored = async (id: string) =>
    (
      await t.db.query<{ name: string; ogrn: string | null; inn: string | null }[]>(
        `SELECT applicant_organization_name AS name, applicant_ogrn AS ogrn, applicant_inn AS inn
           FROM appeals WHERE id = $1`,
        [id],
      )
    )[0];
  const registryRequests = () => standIn.orgRegistry.exports.length;

  it('an imported appeal of a legal entity gets the registry’s name, ОГРН and ИНН', async () => {
    expect(await sync()).toMatchObject({ status: 'ok', counts: { imported: 1 } });
    expect(standIn.orgRegistry.exports).toEqual([
      [{ by: 'orgRootEntityGuid', guid: LEGAL.orgRootEntityGuid }],
    ]);
    const id = await appealIdOf(A1.appealGuid);
    expect(await applicantOf(id)).toMatchObject({
      type: 'legal_entity',
      organizationName: 'ООО «Управдом»',
      ogrn: '1027700132195',
      inn: '7707083893',
      email: 'office@example.ru',
    });
    expect(await stored(id)).toEqual({
      name: 'ООО «Управдом»',
      ogrn: '1027700132195',
      inn: '7707083893',
    });
    const [cached] = await t.db.query<Record<string, unknown>[]>(
      'SELECT kind, name, short_name, ogrn, kpp, is_actual FROM gis_organizations',
    );
    expect(cached).toEqual({
      kind: 'legal',
      name: LEGAL.fullName,
      short_name: 'ООО «Управдом»',
      ogrn: '1027700132195',
      kpp: '773601001',
      is_actual: true,
    });
  });

  it('the cache is used on the next import of the same organisation: no registry request', async () => {
    standIn.setAppeals([A1, A2]);
    expect(await sync()).toMatchObject({ status: 'ok', counts: { imported: 1 } });
    expect(registryRequests()).toBe(1);
    expect(await stored(await appealIdOf(A2.appealGuid))).toMatchObject({
      name: 'ООО «Управдом»',
      ogrn: '1027700132195',
    });
  });

  it('registry down: imported with the placeholder, resolved by a later run with an event', async () => {
    standIn.setAppeals([A1, A2, A3]);
    // The import's export and the same run's pending-resolution step both fail.
    standIn.orgRegistry.failNext(2, { kind: 'http', status: 503 });
    expect(await sync()).toMatchObject({
      status: 'ok',
      counts: { imported: 1, applicantsResolved: 0 },
    });
    const id = await appealIdOf(A3.appealGuid);
    expect(await stored(id)).toEqual({
      name: `Организация ГИС ЖКХ ${ENTRP.orgRootEntityGuid}`,
      ogrn: null,
      inn: null,
    });

    expect(await sync()).toMatchObject({ status: 'ok', counts: { applicantsResolved: 1 } });
    expect(await stored(id)).toEqual({
      name: 'ИП Соколов П. А.',
      ogrn: '304500116000157',
      inn: '500100732259',
    });
    expect(await applicantOf(id)).toMatchObject({ organizationName: 'ИП Соколов П. А.' });
    const events = await t.db.query<{ data: Record<string, string> }[]>(
      `SELECT data FROM appeal_events WHERE appeal_id = $1 AND type = 'applicant_resolved'`,
      [id],
    );
    expect(events).toEqual([
      { data: expect.objectContaining({ orgRootEntityGuid: ENTRP.orgRootEntityGuid }) },
    ]);
    // Nothing is pending any more: a further run asks the registry nothing.
    const before = registryRequests();
    expect(await sync()).toMatchObject({ counts: { applicantsResolved: 0 } });
    expect(registryRequests()).toBe(before);
  });

  it('searches the registry by ОГРН for admins and heads: 404 unknown, 503 unreachable, 422 bad', async () => {
    const search = (q: string, token = t.adminToken) =>
      t.http.get(`/api/v1/integrations/gis-zhkh/organizations?${q}`).auth(token, {
        type: 'bearer',
      });
    const found = await search('ogrn=304500116000157').expect(200);
    expect(found.body).toEqual({
      items: [
        expect.objectContaining({
          orgRootEntityGuid: ENTRP.orgRootEntityGuid,
          kind: 'entrepreneur',
          shortName: 'ИП Соколов П. А.',
          isActual: true,
        }),
      ],
    });
    const { token: head } = await t.createStaff(['head']);
    await search('ogrn=1027700132195', head).expect(200);
    const { token: officer } = await t.createStaff(['officer']);
    await search('ogrn=1027700132195', officer).expect(403);
    const unknown = await search('ogrn=1037739010891').expect(404);
    expect(unknown.body.code).toBe('GIS_ORGANIZATION_NOT_FOUND');
    await search('ogrn=1027700132196').expect(422);
    standIn.orgRegistry.failNext(1, { kind: 'http', status: 502 });
    const down = await search('ogrn=1027700132195').expect(503);
    expect(down.body).toMatchObject({ code: 'GIS_ZHKH_UNAVAILABLE' });
    expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('the directory lookup fills gisOrgGuid, and a forward then sends RedirectAppeal at once', async () => {
    const created = await t.http
      .post('/api/v1/organizations')
      .auth(t.adminToken, { type: 'bearer' })
      .send({ name: 'ООО «Управдом»', kind: 'utility', email: 'priem@upravdom.example.ru' })
      .expect(201);
    const orgId = (created.body as { id: string }).id;
    await t.http
      .post('/api/v1/organizations/3f1e2d3c-0000-4000-8000-000000000000/gis-lookup')
      .auth(t.adminToken, { type: 'bearer' })
      .send({ ogrn: '1027700132195' })
      .expect(404);
    const res = await t.http
      .post(`/api/v1/organizations/${orgId}/gis-lookup`)
      .auth(t.adminToken, { type: 'bearer' })
      .send({ ogrn: '1027700132195', kpp: '773601001' })
      .expect(200);
    expect(res.body).toMatchObject({
      organization: { id: orgId, gisOrgGuid: LEGAL.orgRootEntityGuid },
      registry: { orgRootEntityGuid: LEGAL.orgRootEntityGuid, ogrn: '1027700132195' },
    });

    const appealId = await appealIdOf(A1.appealGuid);
    await sync(); // mirrors the routing's assignments first
    const before = receivedActions(standIn).length;
    // A supervisor sees every department's appeals (a head only their own).
    const { token: supervisor } = await t.createStaff(['supervisor']);
    await t.http
      .post(`/api/v1/appeals/${appealId}/forward`)
      .auth(supervisor, { type: 'bearer' })
      .send({ organizationId: orgId, reason: 'Вопрос компетенции управляющей организации' })
      .expect(200);
    expect(await sync()).toMatchObject({ status: 'ok' });
    const redirects = receivedActions(standIn)
      .slice(before)
      .filter((a): a is Extract<GisImportAction, { kind: 'redirect' }> => a.kind === 'redirect');
    expect(redirects).toEqual([
      expect.objectContaining({
        receivers: [expect.objectContaining({ orgRootEntityGuid: LEGAL.orgRootEntityGuid })],
      }),
    ]);
    const [row] = await t.db.query<{ status: string }[]>(
      "SELECT status FROM gis_outbox WHERE appeal_id = $1 AND action = 'redirect'",
      [appealId],
    );
    expect(row.status).toBe('sent');
  });
});
