import { GisAppealsStandIn } from './support/gis-standin';
import { AppError } from '../src/common/errors/app-error';
import { IntakeService } from '../src/intake/intake.service';
import { LEGAL_CAUSES } from '../src/integrations/gis-zhkh/gis-appeal.mapper';
import type { GisAppeal, GisImportAction } from '../src/integrations/gis-zhkh/gis-types';
import { validateEnvelopes } from './fixtures/gis-zhkh/gis-xsd';
import {
  appealAsAdmin,
  gisSync,
  importedAppealId,
  ORG_ANSWERER,
  ORG_PPA_GUID,
  receivedActions,
  scriptedGisAppeal as scripted,
  sentEnvelopes,
  startGisTestApp,
  stopGisTestApp,
  type GisRunBody,
} from './support/gis-e2e';
import type { TestApp } from './support/test-app';

const GUID_A = '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a01';
const GUID_B = '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a02';

const APPEALS: GisAppeal[] = [
  scripted({
    appealGuid: GUID_A,
    appealNumber: '28-2026-000123',
    createdOn: '2026-04-08',
    applicant: {
      kind: 'person',
      surname: 'Смирнова',
      firstName: 'Ольга',
      patronymic: 'Викторовна',
      postAddress: '190000, г. Санкт-Петербург, ул. Садовая, д. 5',
      apartmentNumber: '12',
      email: 'o.smirnova@example.ru',
      phone: '+7 921 000-11-22',
    },
    topic: { kind: 'other', text: 'Отсутствие отопления' },
    text: 'В квартире нет отопления с 1 апреля. Прошу восстановить.',
    // Earlier than our 30-day term: it caps the due date.
    executionEndDate: '2026-04-24',
  }),
  scripted({
    appealGuid: GUID_B,
    appealNumber: '28-2026-000124',
    createdOn: '2026-04-09',
    applicant: {
      kind: 'person',
      surname: 'Кузнецов',
      firstName: 'Игорь',
      postAddress: '190000, г. Санкт-Петербург, ул. Гороховая, д. 7, кв. 3',
    },
    topic: { kind: 'other', text: 'Уборка подъезда' },
    text: 'Подъезд не убирают две недели.',
    // Later than our term: ours stays.
    executionEndDate: '2026-06-30',
  }),
];

/** The export window's high-water mark. */
const highWaterMark = async (t: TestApp): Promise<string | null> =>
  (
    await t.db.query<{ d: string | null }[]>(
      `SELECT export_high_water::text AS d FROM gis_sync_state WHERE id = 1`,
    )
  )[0].d;

const HEAD_ANSWERER = '5d6e7f80-9a1b-4c2d-8e3f-405162738495';
const LATE_ANSWERER = '7f8e9d0c-1b2a-4394-a5b6-c7d8e9f00112';

describe('ГИС ЖКХ channel (sync job against the SOAP stand-in)', () => {
  let standIn: GisAppealsStandIn;
  let t: TestApp;

  beforeAll(async () => {
    standIn = await GisAppealsStandIn.start({ appeals: APPEALS });
    t = await startGisTestApp(standIn);
  });
  afterAll(() => stopGisTestApp(t, standIn));

  const sync = () => gisSync(t);
  const mark = () => highWaterMark(t);
  const appealIdOf = (guid: string) => importedAppealId(t, guid);
  const getAppeal = (id: string) =>
    appealAsAdmin<Record<string, unknown> & { version?: number }>(t, id);
  const importActions = (): GisImportAction[] => receivedActions(standIn);

  it('is admin-only', async () => {
    const { token } = await t.createStaff(['supervisor']);
    await t.http
      .post('/api/v1/integrations/gis-zhkh/sync')
      .auth(token, { type: 'bearer' })
      .expect(403);
  });

  it('imports the scripted appeals on channel gis_zhkh, due date capped by ExecutionEndDate', async () => {
    const run = await sync();
    expect(run).toMatchObject({ status: 'ok', counts: { exported: 2, imported: 2 } });

    const [exp] = standIn.received('exportAppeal');
    expect(exp.operation === 'exportAppeal' && exp.filter).toEqual({
      by: 'period',
      startDate: '2026-03-11', // initial window: 30 days
      endDate: '2026-04-10',
    });
    expect(exp.header.orgPPAGuid).toBe(ORG_PPA_GUID);

    const a = await getAppeal(await appealIdOf(GUID_A));
    expect(a).toMatchObject({
      channel: 'gis_zhkh',
      replyChannel: 'gis_zhkh',
      status: 'registered',
      subject: 'Отсутствие отопления',
      text: 'В квартире нет отопления с 1 апреля. Прошу восстановить.',
      applicant: {
        type: 'individual',
        lastName: 'Смирнова',
        firstName: 'Ольга',
        middleName: 'Викторовна',
        email: 'o.smirnova@example.ru',
        phone: '+7 921 000-11-22',
        postalAddress: '190000, г. Санкт-Петербург, ул. Садовая, д. 5, кв. 12',
      },
      externalRefs: { appealGuid: GUID_A, appealNumber: '28-2026-000123' },
      dueDate: '2026-04-24',
      receivedAt: '2026-04-07T21:00:00.000Z', // 2026-04-08 00:00 Moscow
    });
    const b = await getAppeal(await appealIdOf(GUID_B));
    expect(b).toMatchObject({
      externalRefs: { appealGuid: GUID_B, appealNumber: '28-2026-000124' },
      dueDate: '2026-05-08', // our 30-day term (backward from Sunday 10 May) is earlier
    });

    const history = (
      (
        await t.http
          .get(`/api/v1/appeals/${a.id as string}/history`)
          .auth(t.adminToken, { type: 'bearer' })
          .expect(200)
      ).body as { items: Array<{ type: string; reason: string | null }> }
    ).items;
    expect(history.map((h) => h.type)).toEqual(
      expect.arrayContaining(['registered', 'due_date_changed']),
    );
    expect(history.find((h) => h.type === 'due_date_changed')?.reason).toBe(
      'Срок ГИС ЖКХ (ExecutionEndDate)',
    );
    const [key] = await t.db.query<{ name: string; channels: string[] }[]>(
      `SELECT name, channels FROM api_keys WHERE prefix = 'gis_zhkh_system'`,
    );
    expect(key).toEqual({ name: 'ГИС ЖКХ', channels: ['gis_zhkh'] });
    expect(await mark()).toBe('2026-04-10');
  });

  it('imports nothing new on the next run (overlapping window, deduplicated by AppealGUID)', async () => {
    const run = await sync();
    expect(run).toMatchObject({
      status: 'ok',
      counts: { exported: 1, imported: 0, alreadyImported: 1 }, // B, created on 9 April
    });
    const last = standIn.received('exportAppeal').at(-1)!;
    expect(last.operation === 'exportAppeal' && last.filter).toMatchObject({
      startDate: '2026-04-09', // the mark minus one day of overlap
      endDate: '2026-04-10',
    });
    const [{ n }] = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM appeals WHERE channel = 'gis_zhkh'`,
    );
    expect(n).toBe(2);
  });

  it('treats INT002012 (nothing to export) as an empty, successful run', async () => {
    standIn.setAppeals([]);
    try {
      const run = await sync();
      expect(run).toMatchObject({ status: 'ok', counts: { exported: 0, imported: 0 } });
    } finally {
      standIn.setAppeals(APPEALS);
    }
  });

  it('records a SOAP fault as a failed run and keeps the high-water mark', async () => {
    t.clock.set('2026-04-11T09:00:00+03:00');
    standIn.failNext(1, { kind: 'fault', code: 'INT000001', message: 'Сервис недоступен' });
    const run = await sync();
    expect(run.status).toBe('error');
    expect(run.error).toContain('INT000001');
    expect(await mark()).toBe('2026-04-10');

    expect(await sync()).toMatchObject({ status: 'ok' });
    expect(await mark()).toBe('2026-04-11');
  });

  it('mirrors assignment, extension, answer and rejection once each, even when run again', async () => {
    const departmentId = await t.departmentId(t.config.defaultDepartmentCode);
    const head = await t.createStaff(['head'], { departmentId });
    const officer = await t.createStaff(['officer'], { departmentId });
    // The head is mapped to their ГИС ЖКХ employee; the officer is not (the organisation's
    // answerer stands in).
    const mapped = await t.http
      .patch(`/api/v1/users/${head.id}`)
      .auth(t.adminToken, { type: 'bearer' })
      .send({ gisAnswererGuid: HEAD_ANSWERER })
      .expect(200);
    expect(mapped.body.gisAnswererGuid).toBe(HEAD_ANSWERER);
    const idA = await appealIdOf(GUID_A);
    const idB = await appealIdOf(GUID_B);
    const before = importActions().length;

    await t.http
      .post(`/api/v1/appeals/${idA}/assign`)
      .auth(head.token, { type: 'bearer' })
      .send({ assigneeId: officer.id })
      .expect(200);
    const ext = await t.http
      .post(`/api/v1/appeals/${idA}/extensions`)
      .auth(head.token, { type: 'bearer' })
      .send({ days: 10, reason: 'Требуется обследование системы отопления' })
      .expect(201);
    expect(ext.body).toMatchObject({ status: 'approved' });
    const newDueDate = (ext.body as { newDueDate: string }).newDueDate;
    await t.http
      .post(`/api/v1/appeals/${idA}/answer`)
      .auth(officer.token, { type: 'bearer' })
      .send({ text: 'Отопление восстановлено 12.04.2026.', outcome: 'supported' })
      .expect(200);
    await t.http
      .post(`/api/v1/appeals/${idB}/reject`)
      .auth(head.token, { type: 'bearer' })
      .send({ reason: 'essence_unclear' })
      .expect(200);

    const run = await sync();
    expect(run).toMatchObject({ status: 'ok', counts: { enqueued: 5, sent: 5, sendFailed: 0 } });
    const sent = importActions().slice(before);
    expect(
      sent.map((a) => `${a.kind}:${'appealGuid' in a.appeal ? a.appeal.appealGuid : ''}`),
    ).toEqual([
      `assign-performer:${GUID_A}`,
      `answer-not-required:${GUID_B}`,
      `roll-over:${GUID_A}`,
      `answer:${GUID_A}`,
      `executed:${GUID_A}`,
    ]);
    const byKind = Object.fromEntries(sent.map((a) => [a.kind, a]));
    expect(byKind['roll-over']).toMatchObject({
      executionDate: newDueDate,
      comment: 'Требуется обследование системы отопления',
    });
    expect(byKind['answer']).toMatchObject({
      answer: { load: { text: 'Отопление восстановлено 12.04.2026.' }, send: true },
    });
    expect(byKind['answer-not-required']).toMatchObject({
      cause: LEGAL_CAUSES.essence_unclear,
      answererGuid: HEAD_ANSWERER,
    });
    // The officer's own actions (assignee, answerer) carry the organisation's answerer.
    expect(byKind['assign-performer']).toMatchObject({ answererGuid: ORG_ANSWERER });
    expect(byKind['answer']).toMatchObject({ answer: { answererGuid: ORG_ANSWERER } });
    // The stand-in applied them.
    expect(standIn.appeal(GUID_A)).toMatchObject({
      status: 'Executed',
      rolledOver: true,
      executionEndDate: newDueDate,
    });
    expect(standIn.appeal(GUID_A)?.history.some((h) => h.event.kind === 'answer')).toBe(true);
    expect(standIn.appeal(GUID_B)).toMatchObject({ answerIsNotRequired: true });

    // Again: the events are re-read (overlap) but map to the same TransportGUIDs.
    const again = await sync();
    expect(again).toMatchObject({ status: 'ok', counts: { enqueued: 0, sent: 0 } });
    expect(importActions().length).toBe(before + 5);
    const rows = await t.db.query<{ status: string; n: number }[]>(
      'SELECT status, count(*)::int AS n FROM gis_outbox GROUP BY status',
    );
    expect(rows).toEqual([{ status: 'sent', n: 5 }]);
  });

  it('retries an action ГИС refused on the next run, then never again', async () => {
    const GUID_C = '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a03';
    const appealC = scripted({ appealGuid: GUID_C, createdOn: '2026-04-11' });
    standIn.setAppeals([...APPEALS, appealC]);
    expect(await sync()).toMatchObject({ status: 'ok', counts: { imported: 1 } });
    const id = await appealIdOf(GUID_C);
    // Routing assigned it to one of the department's officers at registration.
    expect(await getAppeal(id)).toMatchObject({ status: 'assigned' });
    const before = importActions().length;

    // ГИС does not know the appeal for a moment: the action comes back with an error.
    standIn.setAppeals(APPEALS);
    const refused = await sync();
    expect(refused).toMatchObject({
      status: 'ok',
      counts: { enqueued: 1, sent: 0, sendFailed: 1 },
    });
    const [row] = await t.db.query<{ status: string; attempts: number; last_error: string }[]>(
      'SELECT status, attempts, last_error FROM gis_outbox WHERE appeal_id = $1',
      [id],
    );
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toContain('STANDIN_NOT_FOUND');

    standIn.setAppeals([...APPEALS, appealC]);
    expect(await sync()).toMatchObject({ status: 'ok', counts: { enqueued: 0, sent: 1 } });
    expect(await sync()).toMatchObject({ status: 'ok', counts: { enqueued: 0, sent: 0 } });
    const performer = importActions().slice(before);
    expect(performer.map((a) => a.kind)).toEqual(['assign-performer', 'assign-performer']);
    expect(performer[0].transportGuid).toBe(performer[1].transportGuid);
    expect(standIn.appeal(GUID_C)?.status).toBe('InWork');
  });

  it('holds an action whose answerer nobody mapped, and sends it once someone is', async () => {
    const GUID_D = '4f0a2c63-7b1e-4d2f-8c8b-3e5d9f7a2b04';
    const before = importActions().length;
    // Without the organisation's answerer, the officer routing chooses is nobody in ГИС ЖКХ.
    const fallback = t.config.gis.answererGuid;
    t.config.gis.answererGuid = null;
    try {
      const appealD = scripted({
        appealGuid: GUID_D,
        appealNumber: '28-2026-000777',
        createdOn: '2026-04-11',
        applicant: {
          kind: 'person',
          surname: 'Орлов',
          firstName: 'Олег',
          email: 'orlov@example.ru',
        },
        text: 'Не работает лифт во втором подъезде третью неделю.',
      });
      standIn.setAppeals([...APPEALS, appealD]);
      expect(await sync()).toMatchObject({ status: 'ok', counts: { imported: 1 } });
      // The next run mirrors the routing's assignment: held, not sent.
      const held = await sync();
      expect(held).toMatchObject({ status: 'ok', counts: { enqueued: 1, sent: 0, held: 1 } });
      const id = await appealIdOf(GUID_D);
      const { assigneeId } = (await getAppeal(id)) as { assigneeId: string };
      const [row] = await t.db.query<{ status: string; attempts: number; last_error: string }[]>(
        'SELECT status, attempts, last_error FROM gis_outbox WHERE appeal_id = $1',
        [id],
      );
      expect(row).toMatchObject({ status: 'held', attempts: 0 });
      expect(row.last_error).toMatch(/^ANSWERER_UNKNOWN: /);
      expect(importActions().length).toBe(before);
      // Still nobody: held again, nothing sent.
      expect(await sync()).toMatchObject({ status: 'ok', counts: { sent: 0, held: 1 } });

      await t.http
        .patch(`/api/v1/users/${assigneeId}`)
        .auth(t.adminToken, { type: 'bearer' })
        .send({ gisAnswererGuid: LATE_ANSWERER })
        .expect(200);
      expect(await sync()).toMatchObject({ status: 'ok', counts: { sent: 1, held: 0 } });
      expect(importActions().slice(before)).toEqual([
        expect.objectContaining({ kind: 'assign-performer', answererGuid: LATE_ANSWERER }),
      ]);
      // A bad GUID is refused, and null removes the mapping.
      await t.http
        .patch(`/api/v1/users/${assigneeId}`)
        .auth(t.adminToken, { type: 'bearer' })
        .send({ gisAnswererGuid: 'не-guid' })
        .expect(422);
      const cleared = await t.http
        .patch(`/api/v1/users/${assigneeId}`)
        .auth(t.adminToken, { type: 'bearer' })
        .send({ gisAnswererGuid: null })
        .expect(200);
      expect(cleared.body.gisAnswererGuid).toBeNull();
    } finally {
      t.config.gis.answererGuid = fallback;
    }
  });

  it('redirects at once when the forwarding names the receiver in ГИС ЖКХ, holds it otherwise', async () => {
    const RECEIVER = '9c8b7a65-4321-4fed-8cba-0987654321fe';
    const appeals = [
      scripted({
        appealGuid: '5a1b3d74-8c2f-4e30-9d9c-4f6e0a8b3c05',
        appealNumber: '28-2026-000801',
        createdOn: '2026-04-11',
        applicant: {
          kind: 'person',
          surname: 'Лебедев',
          firstName: 'Юрий',
          email: 'lebedev@example.ru',
        },
        text: 'Прошу отремонтировать кровлю над моей квартирой, протекает.',
      }),
      scripted({
        appealGuid: '6b2c4e85-9d30-4f41-8eae-5a7f1b9c4d06',
        appealNumber: '28-2026-000802',
        createdOn: '2026-04-11',
        applicant: {
          kind: 'person',
          surname: 'Зайцева',
          firstName: 'Ольга',
          email: 'zaytseva@example.ru',
        },
        text: 'Во дворе не вывозят мусор уже неделю, контейнеры переполнены.',
      }),
    ];
    standIn.setAppeals([...APPEALS, ...appeals]);
    expect(await sync()).toMatchObject({ status: 'ok', counts: { imported: 2 } });
    await sync(); // mirrors the routing's assignments
    const [withGuid, withoutGuid] = await Promise.all(appeals.map((a) => appealIdOf(a.appealGuid)));
    const before = importActions().length;
    const { token: supervisor } = await t.createStaff(['supervisor']);
    const forward = (id: string, extra: object) =>
      t.http
        .post(`/api/v1/appeals/${id}/forward`)
        .auth(supervisor, { type: 'bearer' })
        .send({
          organization: 'Фонд капитального ремонта',
          reason: 'Капитальный ремонт',
          ...extra,
        });
    await forward(withGuid, { gisReceiverGuid: 'не-guid' }).expect(422);
    await forward(withGuid, { gisReceiverGuid: RECEIVER }).expect(200);
    await forward(withoutGuid, {}).expect(200);
    expect(await sync()).toMatchObject({ status: 'ok', counts: { enqueued: 2, sent: 1 } });
    expect(importActions().slice(before)).toEqual([
      expect.objectContaining({
        kind: 'redirect',
        receivers: [expect.objectContaining({ orgRootEntityGuid: RECEIVER })],
      }),
    ]);
    const [held] = await t.db.query<{ status: string; last_error: string }[]>(
      "SELECT status, last_error FROM gis_outbox WHERE appeal_id = $1 AND action = 'redirect'",
      [withoutGuid],
    );
    expect(held.status).toBe('held');
    expect(held.last_error).toMatch(/^RECEIVER_ORG_UNKNOWN/);
  });

  it('sent only requests that validate against the XSD', async () => {
    const requests = sentEnvelopes(standIn);
    expect(requests.length).toBeGreaterThan(10);
    expect(await validateEnvelopes(requests)).toEqual({});
  });
});

describe('ГИС ЖКХ import: transient versus permanent failures (issue 19)', () => {
  const GUID_OK = '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a03';
  const GUID_REFUSED = '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a04';
  const GUID_FLAKY = '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a05';
  const WINDOW = [
    scripted({ appealGuid: GUID_OK, appealNumber: '28-2026-000301', createdOn: '2026-04-08' }),
    scripted({ appealGuid: GUID_REFUSED, appealNumber: '28-2026-000302', createdOn: '2026-04-09' }),
  ];
  let standIn: GisAppealsStandIn;
  let t: TestApp;
  let register: jest.SpiedFunction<IntakeService['register']>;

  beforeAll(async () => {
    standIn = await GisAppealsStandIn.start({ appeals: WINDOW });
    t = await startGisTestApp(standIn);
  });
  afterAll(() => stopGisTestApp(t, standIn));
  beforeEach(() => {
    // The pipeline refuses one appeal for good (a verdict on its content, as a 422 would be).
    const intake = t.app.get(IntakeService);
    const real = intake.register.bind(intake);
    register = jest.spyOn(intake, 'register').mockImplementation((raw, ...rest) => {
      const refs = (raw as { externalRefs?: { appealGuid?: string } }).externalRefs;
      if (refs?.appealGuid === GUID_REFUSED) {
        return Promise.reject(
          AppError.validation([{ field: 'text', code: 'TOO_LONG', message: 'Слишком длинный' }]),
        );
      }
      return real(raw, ...rest);
    });
  });
  afterEach(() => jest.restoreAllMocks());

  const sync = () => gisSync(t);
  const mark = () => highWaterMark(t);
  const failures = () =>
    t.db.query<
      { guid: string; appeal_number: string; permanent: boolean; attempts: number; error: string }[]
    >(
      `SELECT appeal_guid::text AS guid, appeal_number, permanent, attempts, error
         FROM gis_import_failures ORDER BY appeal_guid`,
    );
  const imported = async (guid: string): Promise<number> =>
    (
      await t.db.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM gis_imported_appeals WHERE appeal_guid = $1',
        [guid],
      )
    )[0].n;
  const refusedCalls = (): number =>
    register.mock.calls.filter(
      ([raw]) =>
        (raw as { externalRefs?: { appealGuid?: string } }).externalRefs?.appealGuid ===
        GUID_REFUSED,
    ).length;

  it('records an appeal refused for good, moves the window past it and skips it from then on', async () => {
    const run = await sync();

    expect(run).toMatchObject({
      status: 'ok',
      counts: { exported: 2, imported: 1, givenUp: 1, setAside: 0 },
    });
    expect(await mark()).toBe('2026-04-10');
    expect(refusedCalls()).toBe(1);
    expect(await imported(GUID_OK)).toBe(1);
    expect(await imported(GUID_REFUSED)).toBe(0);
    expect(await failures()).toEqual([
      {
        guid: GUID_REFUSED,
        appeal_number: '28-2026-000302',
        permanent: true,
        attempts: 1,
        error: 'VALIDATION_FAILED (text:TOO_LONG)',
      },
    ]);

    // The overlapping window exports it again: set aside, not tried again.
    const again = await sync();

    expect(again).toMatchObject({
      status: 'ok',
      counts: { exported: 1, imported: 0, givenUp: 0, setAside: 1 },
    });
    expect(refusedCalls()).toBe(1);
    expect(await failures()).toHaveLength(1);
  });

  it('keeps the window for an appeal that failed transiently and registers it next run', async () => {
    t.clock.set('2026-04-11T09:00:00+03:00');
    standIn.setAppeals([
      ...WINDOW,
      scripted({
        appealGuid: GUID_FLAKY,
        appealNumber: '28-2026-000303',
        createdOn: '2026-04-11',
        text: 'Временный сбой: не работает домофон.',
      }),
    ]);
    // A real fault: PostgreSQL refuses this appeal with a serialization failure.
    await t.db.query(`
      CREATE FUNCTION gis_flaky() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.text LIKE 'Временный сбой:%' THEN
          RAISE EXCEPTION 'simulated serialization failure' USING ERRCODE = '40001';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER gis_flaky BEFORE INSERT ON appeals FOR EACH ROW EXECUTE FUNCTION gis_flaky();`);
    let failed: GisRunBody;
    try {
      failed = await sync();
    } finally {
      await t.db.query('DROP TRIGGER gis_flaky ON appeals; DROP FUNCTION gis_flaky();');
    }

    expect(failed.status).toBe('error');
    expect(failed.error).toContain('IMPORT_INCOMPLETE');
    expect(await mark()).toBe('2026-04-10');
    expect(await imported(GUID_FLAKY)).toBe(0);
    expect(await failures()).toEqual([
      expect.objectContaining({ guid: GUID_REFUSED, permanent: true }),
      {
        guid: GUID_FLAKY,
        appeal_number: '28-2026-000303',
        permanent: false,
        attempts: 1,
        error: 'QueryFailedError 40001',
      },
    ]);

    const next = await sync();

    expect(next).toMatchObject({ status: 'ok', counts: { imported: 1, setAside: 1 } });
    expect(await mark()).toBe('2026-04-11');
    expect(await imported(GUID_FLAKY)).toBe(1);
    // the transient record is gone with its success; the refused one stays for a person
    expect(await failures()).toEqual([expect.objectContaining({ guid: GUID_REFUSED })]);
    expect(refusedCalls()).toBe(0);
  });
});
