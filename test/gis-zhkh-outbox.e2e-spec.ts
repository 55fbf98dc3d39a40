import { GisXsdValidator } from '../src/integrations/gis-zhkh/gis-xsd-validator';
import type { GisAppeal, GisImportAction } from '../src/integrations/gis-zhkh/gis-types';
import { validateEnvelopes } from './fixtures/gis-zhkh/gis-xsd';
import {
  gisSync,
  importedAppealId,
  receivedActions,
  scriptedGisAppeal,
  sentEnvelopes,
  startGisTestApp,
  stopGisTestApp,
} from './support/gis-e2e';
import { GisAppealsStandIn } from './support/gis-standin';
import type { TestApp } from './support/test-app';
const GUIDS = [
  '7a1b2c3d-0001-4c1e-9b7a-2d4c8e6f1a01',
  '7a1b2c3d-0002-4c1e-9b7a-2d4c8e6f1a02',
  '7a1b2c3d-0003-4c1e-9b7a-2d4c8e6f1a03',
];
const URL = '/api/v1/integrations/gis-zhkh/outbox';

const appeal = (appealGuid: string, n: number): GisAppeal =>
  scriptedGisAppeal({
    appealGuid,
    appealNumber: `28-2026-00050${n}`,
    applicant: { kind: 'person', surname: 'Петрова', firstName: 'Анна', email: `p${n}@example.ru` },
    text: `Из крана идёт ржавая вода, дом ${n}.`,
  });
interface OutboxItem {
  id: string;
  appealId: string;
  regNumber: string;
  action: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

describe('ГИС ЖКХ outbox: a message that breaks the XSD is held, never sent (issue 21 item 6)', () => {
  let standIn: GisAppealsStandIn;
  let t: TestApp;
  let supervisor: string;
  const ids: string[] = [];

  beforeAll(async () => {
    standIn = await GisAppealsStandIn.start({ appeals: GUIDS.map(appeal) });
    t = await startGisTestApp(standIn);
    ({ token: supervisor } = await t.createStaff(['supervisor']));
    // Routing assigns imported appeals to an officer: each assignment is one outbox action.
    const departmentId = await t.departmentId(t.config.defaultDepartmentCode);
    await t.createStaff(['officer'], { departmentId });
  });
  afterAll(() => stopGisTestApp(t, standIn));

  const sync = () => gisSync(t);
  const sentActions = (): GisImportAction[] => receivedActions(standIn);
  const rowOf = async (appealId: string) =>
    (
      await t.db.query<
        { id: string; status: string; attempts: number; last_error: string | null; tg: string }[]
      >(
        `SELECT id, status, attempts, last_error, transport_guid::text AS tg
           FROM gis_outbox WHERE appeal_id = $1`,
        [appealId],
      )
    )[0];
  const list = async (query: string, token = t.adminToken) =>
    (await t.http.get(`${URL}${query}`).auth(token, { type: 'bearer' }).expect(200)).body as {
      items: OutboxItem[];
      nextCursor: string | null;
    };

  it('holds the one invalid action with XSD_INVALID and sends the others of the same run', async () => {
    expect(await sync()).toMatchObject({ status: 'ok', counts: { imported: 3 } });
    for (const guid of GUIDS) ids.push(await importedAppealId(t, guid));
    // The routing's assignments are enqueued next run; ГИС is down then, so they wait as failed.
    standIn.failNext(2, { kind: 'fault', code: 'INT000001', message: 'Сервис недоступен' });
    expect(await sync()).toMatchObject({ status: 'error' });
    for (const id of ids) expect(await rowOf(id)).toMatchObject({ status: 'failed', attempts: 1 });
    // A date that passes our builder but is no xs:date: the kind of bug the XSD catches.
    await t.db.query(
      `UPDATE gis_outbox SET payload = jsonb_set(payload, '{dateOfAppointment}', '"2026-04-31"')
        WHERE appeal_id = $1`,
      [ids[0]],
    );
    const invalid = await rowOf(ids[0]);

    const run = await sync();

    expect(run).toMatchObject({ status: 'ok', counts: { sent: 2, held: 1, sendFailed: 0 } });
    const held = await rowOf(ids[0]);
    expect(held).toMatchObject({ status: 'held', attempts: 1 });
    expect(held.last_error).toMatch(/^XSD_INVALID: body\[0\] line \d+ DateOfAppointment: /);
    expect(held.last_error).not.toContain('2026-04-31');
    for (const id of ids.slice(1)) expect(await rowOf(id)).toMatchObject({ status: 'sent' });
    const sent = sentActions();
    expect(sent.map((a) => a.transportGuid)).not.toContain(invalid.tg);
    expect(sent).toHaveLength(2);

    // Held rows are not due: the next run sends nothing.
    expect(await sync()).toMatchObject({ status: 'ok', counts: { sent: 0, sendFailed: 0 } });
    expect(sentActions()).toHaveLength(2);
  });

  it('lists held rows for administrators, without the payload', async () => {
    await t.http.get(`${URL}?status=held`).auth(supervisor, { type: 'bearer' }).expect(403);
    await t.http.get(`${URL}?status=lost`).auth(t.adminToken, { type: 'bearer' }).expect(422);

    const page = await list('?status=held');

    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(1);
    const [item] = page.items;
    const { regNumber } = (
      await t.http.get(`/api/v1/appeals/${ids[0]}`).auth(t.adminToken, { type: 'bearer' })
    ).body as { regNumber: string };
    expect(item).toEqual({
      id: expect.stringMatching(/^\d+$/),
      appealId: ids[0],
      regNumber,
      action: 'assign-performer',
      status: 'held',
      attempts: 1,
      lastError: expect.stringMatching(/^XSD_INVALID: /),
      createdAt: expect.any(String),
      sentAt: null,
    });
    // Pages, latest first.
    const first = await list('?status=sent&limit=1');
    expect(first.items).toHaveLength(1);
    const second = await list(`?status=sent&limit=1&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(BigInt(second.items[0].id)).toBeLessThan(BigInt(first.items[0].id));
    expect(second.nextCursor).toBeNull(); // two sent so far
    expect((await list('')).items).toHaveLength(3);
  });

  it('sends a released row once the cause is fixed, with an audit entry', async () => {
    const row = await rowOf(ids[0]);
    await t.http.post(`${URL}/${row.id}/release`).auth(supervisor, { type: 'bearer' }).expect(403);
    await t.http
      .post(`${URL}/999999/release`)
      .auth(t.adminToken, { type: 'bearer' })
      .expect(404)
      .expect((r) => expect(r.body).toMatchObject({ code: 'GIS_OUTBOX_NOT_FOUND' }));
    // The operator fixed the cause (here: the stored date).
    await t.db.query(
      `UPDATE gis_outbox SET payload = payload - 'dateOfAppointment' WHERE id = $1`,
      [row.id],
    );

    const released = await t.http
      .post(`${URL}/${row.id}/release`)
      .auth(t.adminToken, { type: 'bearer' })
      .expect(200);

    expect(released.body).toMatchObject({ id: row.id, status: 'pending', attempts: 0 });
    expect(await rowOf(ids[0])).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
    const audit = await t.db.query<{ action: string; data: Record<string, unknown> }[]>(
      `SELECT action, data FROM audit_events WHERE entity_type = 'gis_outbox' AND entity_id = $1`,
      [row.id],
    );
    expect(audit).toEqual([
      {
        action: 'gis_outbox.release',
        data: { from: 'held', lastError: expect.stringMatching(/^XSD_INVALID: /) },
      },
    ]);
    await t.http
      .post(`${URL}/${row.id}/release`)
      .auth(t.adminToken, { type: 'bearer' })
      .expect(409)
      .expect((r) => expect(r.body).toMatchObject({ code: 'GIS_OUTBOX_NOT_RELEASABLE' }));

    expect(await sync()).toMatchObject({ status: 'ok', counts: { sent: 1, held: 0 } });
    expect(await rowOf(ids[0])).toMatchObject({ status: 'sent' });
    expect(sentActions().map((a) => a.transportGuid)).toContain(row.tg);
  });

  it('makes the run an error when the export request itself is invalid (our bug)', async () => {
    const validator = t.app.get(GisXsdValidator);
    const before = standIn.requests.length;
    const spy = jest
      .spyOn(validator, 'validateEnvelope')
      .mockResolvedValueOnce([
        { part: 'body[0]', line: 1, element: '{urn:x}StartDate', reason: 'facet pattern' },
      ]);
    try {
      const run = await sync();
      expect(run.status).toBe('error');
      expect(run.error).toContain('XSD_INVALID');
      // The export never left: the first request of the run would have been it.
      expect(standIn.requests.slice(before).map((r) => r.operation)).not.toContain('exportAppeal');
    } finally {
      spy.mockRestore();
    }
  });

  it('sent only requests that validate against the XSD', async () => {
    const requests = sentEnvelopes(standIn);
    expect(await validateEnvelopes(requests)).toEqual({});
  });
});
