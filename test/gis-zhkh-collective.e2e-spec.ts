import { GisAppealsStandIn } from './support/gis-standin';
import type { GisAppeal, GisImportAction } from '../src/integrations/gis-zhkh/gis-types';
import { validateEnvelopes } from './fixtures/gis-zhkh/gis-xsd';
import {
  appealAsAdmin,
  assignToNewOfficer,
  gisSync,
  importedAppealId,
  ORG_ANSWERER,
  receivedActions,
  scriptedGisAppeal,
  sentEnvelopes,
  startGisTestApp,
  stopGisTestApp,
} from './support/gis-e2e';
import type { TestApp } from './support/test-app';

// Issue 21, item 5: collective appeals, the kind from the ГИС topic, and the statuses mirrored.
const GUID_COLLECTIVE = '5a1f0c3e-2b4d-4e6f-8a1b-3c5d7e9f0a01';
const GUID_CLAIM = '5a1f0c3e-2b4d-4e6f-8a1b-3c5d7e9f0a02';
const GUID_DUPLICATE = '5a1f0c3e-2b4d-4e6f-8a1b-3c5d7e9f0a03';
const TOPIC_GUID = '6b2e1d4f-3c5e-4f70-9b2c-4d6e8f0a1b02';
const ROOF_TEXT =
  'Жильцы дома просят отремонтировать кровлю над третьим подъездом: после каждого дождя ' +
  'протекает потолок в квартирах верхнего этажа.';

const scripted = (over: Partial<GisAppeal> & Pick<GisAppeal, 'appealGuid'>): GisAppeal =>
  scriptedGisAppeal({
    appealNumber: '28-2026-000501',
    applicant: { kind: 'person', surname: 'Петрова', firstName: 'Анна' },
    topic: { kind: 'other', text: 'Ремонт кровли' },
    text: ROOF_TEXT,
    ...over,
  });

const COLLECTIVE = scripted({
  appealGuid: GUID_COLLECTIVE,
  appealNumber: '28-2026-000501',
  applicant: {
    kind: 'person',
    surname: 'Смирнова',
    firstName: 'Ольга',
    postAddress: '190000, г. Санкт-Петербург, ул. Садовая, д. 5',
    apartmentNumber: '12',
    email: 'o.smirnova@example.ru',
  },
  collective: true,
  neighbours: [
    {
      kind: 'person',
      surname: 'Иванов',
      firstName: 'Пётр',
      patronymic: 'Ильич',
      postAddress: '190000, г. Санкт-Петербург, ул. Садовая, д. 5',
      apartmentNumber: '14',
      email: 'ivanov@example.ru',
    },
    { kind: 'person', surname: 'Орлова', firstName: 'Нина', email: 'orlova@example.ru' },
  ],
});
const CLAIM = scripted({
  appealGuid: GUID_CLAIM,
  appealNumber: '28-2026-000502',
  createdOn: '2026-04-09',
  applicant: { kind: 'person', surname: 'Кузнецов', firstName: 'Игорь', email: 'ik@example.ru' },
  topic: { kind: 'nsi', code: '2', guid: TOPIC_GUID, name: 'Возмещение ущерба' },
  text: 'Прошу возместить ущерб от залива квартиры из-за протечки кровли.',
});
// The same applicant's same question while the collective appeal is open: a duplicate.
const DUPLICATE = scripted({
  ...COLLECTIVE,
  appealGuid: GUID_DUPLICATE,
  appealNumber: '28-2026-000503',
  createdOn: '2026-04-10',
  collective: false,
  neighbours: [],
});

describe('ГИС ЖКХ: collective appeals, kinds from the topic, statuses mirrored (issue 21)', () => {
  let standIn: GisAppealsStandIn;
  let t: TestApp;
  /** The officer who works on the collective appeal (assigned in the second test). */
  let officerToken: string;

  beforeAll(async () => {
    standIn = await GisAppealsStandIn.start({ appeals: [COLLECTIVE, CLAIM] });
    t = await startGisTestApp(standIn, { GIS_ZHKH_TOPIC_KINDS: '1:complaint,2:claim' });
  });
  afterAll(() => stopGisTestApp(t, standIn));

  const sync = () => gisSync(t);
  const appealIdOf = (guid: string) => importedAppealId(t, guid);
  const getAppeal = (id: string) => appealAsAdmin(t, id);
  const actionsFor = (guid: string): GisImportAction[] =>
    receivedActions(standIn).filter(
      (a) => 'appealGuid' in a.appeal && a.appeal.appealGuid === guid,
    );

  it('imports a collective appeal with its neighbours as co-applicants, and a claim by its topic', async () => {
    expect(await sync()).toMatchObject({ status: 'ok', counts: { exported: 2, imported: 2 } });

    const collective = await getAppeal(await appealIdOf(GUID_COLLECTIVE));
    expect(collective).toMatchObject({
      collective: true,
      kind: 'statement', // AnotherTopic: nothing says otherwise
      applicant: { lastName: 'Смирнова', email: 'o.smirnova@example.ru' },
      coApplicants: [
        {
          type: 'individual',
          lastName: 'Иванов',
          firstName: 'Пётр',
          middleName: 'Ильич',
          organizationName: null,
          postalAddress: '190000, г. Санкт-Петербург, ул. Садовая, д. 5, кв. 14',
          email: 'ivanov@example.ru',
          phone: null,
        },
        expect.objectContaining({ lastName: 'Орлова', email: 'orlova@example.ru' }),
      ],
      dueDate: '2026-05-08', // 30 days (statement)
    });

    // НСИ 220 code 2 → claim: the claim's 10-day term (ЗоЗПП ст. 31), not the statement's 30.
    const claim = await getAppeal(await appealIdOf(GUID_CLAIM));
    expect(claim).toMatchObject({ kind: 'claim', collective: false, coApplicants: [] });
    // Registered on 10 April: 10 calendar days (a statement's 30 would give 8 May).
    expect(claim.dueDate).toBe('2026-04-20');
  });

  it('mirrors the start of work as no second Performer: the assignment sent it', async () => {
    const id = await appealIdOf(GUID_COLLECTIVE);
    const { officer } = await assignToNewOfficer(t, id);
    await t.http
      .post(`/api/v1/appeals/${id}/start`)
      .auth(officer.token, { type: 'bearer' })
      .expect(200);
    expect(await getAppeal(id)).toMatchObject({ status: 'in_progress' });

    expect(await sync()).toMatchObject({ status: 'ok', counts: { enqueued: 1, sent: 1 } });
    expect(actionsFor(GUID_COLLECTIVE).map((a) => a.kind)).toEqual(['assign-performer']);
    // Run again: the events are re-read, nothing is added.
    expect(await sync()).toMatchObject({ status: 'ok', counts: { enqueued: 0, sent: 0 } });
    expect(actionsFor(GUID_COLLECTIVE)).toHaveLength(1);
    officerToken = officer.token;
  });

  it('answers a duplicate in ГИС as it is decided: joined to the open appeal, then Executed', async () => {
    standIn.setAppeals([COLLECTIVE, CLAIM, DUPLICATE]);
    expect(await sync()).toMatchObject({ status: 'ok', counts: { imported: 1 } });
    const id = await appealIdOf(GUID_DUPLICATE);
    const original = await getAppeal(await appealIdOf(GUID_COLLECTIVE));
    expect(await getAppeal(id)).toMatchObject({ status: 'duplicate', duplicateOfId: original.id });
    // A run mirrors the events before it imports: the next one sends the registration's.
    expect(await sync()).toMatchObject({ status: 'ok', counts: { enqueued: 2, sent: 2 } });

    const sent = actionsFor(GUID_DUPLICATE);
    expect(sent.map((a) => a.kind)).toEqual(['answer', 'executed']);
    expect(sent[0]).toMatchObject({
      answer: {
        load: {
          text:
            'Обращение содержит те же вопросы, что и ранее поступившее обращение ' +
            `№ ${original.regNumber as string}, которое находится на рассмотрении. Обращения ` +
            `объединены; ответ будет дан в рамках обращения № ${original.regNumber as string} ` +
            'в срок до 08.05.2026.',
        },
        send: true,
        answererGuid: ORG_ANSWERER,
      },
    });
    expect(standIn.appeal(GUID_DUPLICATE)).toMatchObject({ status: 'Executed' });
  });

  it('answers the collective appeal once in ГИС, and each co-applicant with an e-mail by e-mail', async () => {
    const id = await appealIdOf(GUID_COLLECTIVE);
    await t.http
      .post(`/api/v1/appeals/${id}/answer`)
      .auth(officerToken, { type: 'bearer' })
      .send({
        text: 'Кровля над третьим подъездом отремонтирована 15.04.2026.',
        outcome: 'supported',
      })
      .expect(200);

    expect(await sync()).toMatchObject({ status: 'ok', counts: { enqueued: 2, sent: 2 } });
    const sent = actionsFor(GUID_COLLECTIVE).slice(1);
    expect(sent.map((a) => a.kind)).toEqual(['answer', 'executed']);
    expect(sent[0]).toMatchObject({
      answer: { load: { text: 'Кровля над третьим подъездом отремонтирована 15.04.2026.' } },
    });

    const notices = await t.db.query<{ channel: string; recipient: string; body: string }[]>(
      `SELECT channel, recipient, body FROM notifications
        WHERE appeal_id = $1 AND kind = 'answer' ORDER BY recipient`,
      [id],
    );
    const { regNumber } = await getAppeal(id);
    expect(notices.map((n) => [n.channel, n.recipient])).toEqual([
      ['gis_zhkh', GUID_COLLECTIVE], // the applicant's, through ГИС ЖКХ
      ['email', 'ivanov@example.ru'],
      ['email', 'orlova@example.ru'],
    ]);
    const copy = notices.find((n) => n.recipient === 'ivanov@example.ru')!.body;
    expect(copy).toMatch(/^Уважаемый\(ая\) Пётр Ильич!/);
    expect(copy).toContain(
      `Ответ на ваше обращение № ${regNumber as string} от 10.04.2026.\n` +
        'Соавторы обращения: Иванов Пётр Ильич; Орлова Нина.\n\n' +
        'Кровля над третьим подъездом отремонтирована 15.04.2026.',
    );
    expect(notices.find((n) => n.recipient === 'orlova@example.ru')!.body).toMatch(
      /^Уважаемый\(ая\) Нина!/,
    );
  });

  it('accepts the signatories of a paper letter and refuses one without a name', async () => {
    const { token } = await t.createStaff(['clerk']);
    const body = {
      channel: 'post',
      applicant: {
        lastName: 'Смирнова',
        postalAddress: '190000, г. Санкт-Петербург, ул. Садовая, д. 5',
      },
      subject: 'Ремонт кровли',
      text: 'Коллективное письмо жильцов о ремонте кровли.',
      coApplicants: [{ lastName: 'Иванов', firstName: 'Пётр' }],
    };
    const created = await t.http
      .post('/api/v1/appeals')
      .auth(token, { type: 'bearer' })
      .send(body)
      .expect(201);
    expect(created.body).toMatchObject({
      collective: true,
      coApplicants: [{ type: 'individual', lastName: 'Иванов', firstName: 'Пётр', email: null }],
    });
    const refused = await t.http
      .post('/api/v1/appeals')
      .auth(token, { type: 'bearer' })
      .send({ ...body, coApplicants: [{ firstName: 'Пётр' }] })
      .expect(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'coApplicants[0].lastName' }),
    ]);
  });

  it('sent only requests that validate against the XSD', async () => {
    const requests = sentEnvelopes(standIn);
    expect(await validateEnvelopes(requests)).toEqual({});
  });
});
