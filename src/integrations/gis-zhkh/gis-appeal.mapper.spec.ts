import { answerFilePlaceholder, longAnswerNote, longAnswerPlaceholder } from './gis-answer-files';
import {
  LEGAL_CAUSES,
  UNKNOWN_RECEIVER,
  answererGuidFor,
  answererTable,
  eventToActions,
  resolveAnswerers,
  gisAppealToCreateBody,
  startOfLocalDay,
  type MirroredAppeal,
  type MirroredEvent,
} from './gis-appeal.mapper';
import { transportGuidFor } from './gis-messages';
import type { GisAppeal } from './gis-types';

const GUID = '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a01';
const appeal: MirroredAppeal = {
  appealGuid: GUID,
  assigneeId: 'u-1',
  answerText: 'Ответ по существу.',
  rejectionReason: null,
};
const event = (over: Partial<MirroredEvent>): MirroredEvent => ({
  id: '42',
  type: 'status_changed',
  toStatus: null,
  reason: null,
  actorUserId: 'u-2',
  data: {},
  performerBefore: true,
  ...over,
});

describe('gisAppealToCreateBody', () => {
  const gis: GisAppeal = {
    appealGuid: GUID,
    appealNumber: '28-2026-000123',
    createdOn: '2026-04-08',
    applicant: {
      kind: 'person',
      surname: 'Смирнова',
      firstName: 'Ольга',
      email: 'not an e-mail',
      phone: 'звоните',
      postAddress: 'ул. Садовая, д. 5',
    },
    topic: { kind: 'nsi', code: '1', guid: GUID },
    oktmo: { code: '40000000' },
    text: '  Нет отопления.  ',
    attachments: [],
    history: [],
    status: 'Send',
    rolledOver: false,
    answerIsNotRequired: false,
    fromMobile: false,
    collective: false,
    neighbours: [],
    executionEndDate: '2026-04-24',
  };

  it('maps GUID, number, applicant, topic, text and the creation day', () => {
    const sut = gisAppealToCreateBody(gis, 'Europe/Moscow', new Date('2026-04-10T06:00:00Z'));
    expect(sut).toEqual({
      channel: 'gis_zhkh',
      replyChannel: 'gis_zhkh',
      applicant: {
        type: 'individual',
        lastName: 'Смирнова',
        firstName: 'Ольга',
        middleName: null,
        postalAddress: 'ул. Садовая, д. 5',
        // Values our API would refuse with 422 are dropped: the appeal is registered anyway.
        email: null,
        phone: null,
      },
      subject: 'Тема 1',
      text: 'Нет отопления.',
      receivedAt: '2026-04-07T21:00:00.000Z',
      externalRefs: {
        appealGuid: GUID,
        appealNumber: '28-2026-000123',
        executionEndDate: '2026-04-24',
      },
    });
  });

  it('names an organisation by its registry GUID, so the anonymous rule does not fire', () => {
    const sut = gisAppealToCreateBody(
      { ...gis, applicant: { kind: 'organization', orgRootEntityGuid: GUID } },
      'Europe/Moscow',
      new Date('2026-04-10T06:00:00Z'),
    );
    expect(sut.applicant).toMatchObject({
      type: 'legal_entity',
      organizationName: `Организация ГИС ЖКХ ${GUID}`,
    });
  });

  it('keeps the neighbours of a collective appeal as co-applicants (59-ФЗ ст. 4 п. 1)', () => {
    const sut = gisAppealToCreateBody(
      {
        ...gis,
        collective: true,
        neighbours: [
          {
            kind: 'person',
            surname: ' Иванов ',
            firstName: 'Пётр',
            patronymic: 'Ильич',
            email: 'ivanov@example.ru',
            phone: 'звоните',
            postAddress: 'ул. Садовая, д. 5',
            apartmentNumber: '7',
          },
          { kind: 'organization', orgRootEntityGuid: GUID, email: 'not an e-mail' },
          { kind: 'hcs' },
        ],
      },
      'Europe/Moscow',
      new Date('2026-04-10T06:00:00Z'),
    );
    expect(sut.coApplicants).toEqual([
      {
        type: 'individual',
        lastName: 'Иванов',
        firstName: 'Пётр',
        middleName: 'Ильич',
        organizationName: null,
        postalAddress: 'ул. Садовая, д. 5, кв. 7',
        email: 'ivanov@example.ru',
        phone: null,
      },
      // ГИС ЖКХ itself is no signatory; an organisation is named as the applicant is.
      expect.objectContaining({
        type: 'legal_entity',
        organizationName: expect.stringContaining(GUID) as unknown,
        email: null,
      }),
    ]);
  });

  it('adds no co-applicants to an appeal of one applicant', () => {
    const sut = gisAppealToCreateBody(gis, 'Europe/Moscow', new Date('2026-04-10T06:00:00Z'));
    expect(sut).not.toHaveProperty('coApplicants');
  });

  it('starts the local day in the organisation zone', () => {
    expect(startOfLocalDay('2026-01-01', 'Asia/Vladivostok').toISOString()).toBe(
      '2025-12-31T14:00:00.000Z',
    );
  });
});

describe('eventToActions', () => {
  it('maps an assignment to Performer with a TransportGUID derived from the event id', () => {
    const [sut] = eventToActions(
      event({ toStatus: 'assigned', data: { assigneeId: 'u-3' } }),
      appeal,
    );
    expect(sut.action).toMatchObject({ kind: 'assign-performer', appeal: { appealGuid: GUID } });
    expect(sut.transportGuid).toBe(transportGuidFor('event:42'));
    expect(eventToActions(event({ toStatus: 'assigned' }), appeal)[0].transportGuid).toBe(
      sut.transportGuid,
    );
  });

  it('maps an approved extension to RollOverAppeal, and ignores other due-date changes', () => {
    const ext = event({
      type: 'due_date_changed',
      reason: 'Нужна экспертиза',
      data: { from: '2026-04-24', to: '2026-05-12', extensionId: 'e-1' },
    });
    expect(eventToActions(ext, appeal)[0].action).toMatchObject({
      kind: 'roll-over',
      executionDate: '2026-05-12',
      comment: 'Нужна экспертиза',
    });
    const capped = event({ type: 'due_date_changed', data: { to: '2026-04-24' } });
    expect(eventToActions(capped, appeal)).toEqual([]);
  });

  it('maps a rejection to AnswerIsNotRequired with the legal cause, also at registration', () => {
    const byHead = event({ toStatus: 'rejected', data: { rejectionReason: 'court_decision' } });
    expect(eventToActions(byHead, appeal)[0].action).toMatchObject({
      kind: 'answer-not-required',
      cause: LEGAL_CAUSES.court_decision,
    });
    const byRules = event({ type: 'registered', toStatus: 'rejected' });
    expect(
      eventToActions(byRules, { ...appeal, rejectionReason: 'anonymous' })[0].action,
    ).toMatchObject({ cause: LEGAL_CAUSES.anonymous });
  });

  it('maps an answer to LoadAnswer + SendAnswer followed by Executed', () => {
    const sut = eventToActions(event({ toStatus: 'answered' }), appeal);
    expect(sut.map((d) => d.action.kind)).toEqual(['answer', 'executed']);
    expect(sut[0].action).toMatchObject({
      answer: {
        transportGuid: transportGuidFor('event:42:answer'),
        load: { text: 'Ответ по существу.' },
        send: true,
      },
    });
    expect(sut.every((d) => d.heldBecause === undefined)).toBe(true);
  });

  it('lists the answer’s files as placeholders to upload when the row is sent', () => {
    const files = [{ id: '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', fileName: 'Акт.pdf' }];
    const [sut] = eventToActions(event({ toStatus: 'answered' }), {
      ...appeal,
      answerFiles: files,
    });
    expect(sut.action).toMatchObject({
      answer: {
        load: { text: 'Ответ по существу.', attachments: [answerFilePlaceholder(files[0])] },
      },
    });
  });

  it('sends an answer over 10 000 characters as a file with a short note, not held', () => {
    const long = 'ж'.repeat(12_000);
    const sut = eventToActions(event({ toStatus: 'answered' }), {
      ...appeal,
      answerText: long,
      appealNumber: '28-2026-000123',
    });
    expect(sut.every((d) => d.heldBecause === undefined)).toBe(true);
    expect(sut[0].action).toMatchObject({
      answer: {
        load: {
          text: longAnswerNote('28-2026-000123'),
          attachments: [longAnswerPlaceholder('42')],
        },
      },
    });
  });

  it('holds a redirect: the receiver organisation GUID is not known to us', () => {
    const [sut] = eventToActions(
      event({
        toStatus: 'forwarded',
        reason: 'Не наша компетенция',
        data: { organization: 'ГЖИ' },
      }),
      appeal,
    );
    expect(sut.heldBecause).toMatch(/^RECEIVER_ORG_UNKNOWN/);
    expect(sut.action).toMatchObject({
      kind: 'redirect',
      receivers: [
        { orgRootEntityGuid: UNKNOWN_RECEIVER, comment: 'Направлено в: ГЖИ. Не наша компетенция' },
      ],
    });
  });

  it('sends a redirect at once when the forwarding named the receiver in ГИС ЖКХ', () => {
    const RECEIVER = '9c8b7a65-4321-4fed-8cba-0987654321fe';
    const [sut] = eventToActions(
      event({
        toStatus: 'forwarded',
        reason: 'Не наша компетенция',
        data: { organization: 'ГЖИ', gisReceiverGuid: RECEIVER },
      }),
      appeal,
    );
    expect(sut.heldBecause).toBeUndefined();
    expect(sut.action).toMatchObject({
      kind: 'redirect',
      receivers: [
        { orgRootEntityGuid: RECEIVER, comment: 'Направлено в: ГЖИ. Не наша компетенция' },
      ],
    });
  });

  it('maps a withdrawal to Executed and ignores everything else', () => {
    expect(eventToActions(event({ toStatus: 'withdrawn' }), appeal)[0].action.kind).toBe(
      'executed',
    );
    expect(eventToActions(event({ type: 'email_appended' }), appeal)).toEqual([]);
  });

  it('maps the start of work to Performer only when no Performer was sent for the appeal', () => {
    const [first] = eventToActions(
      event({ toStatus: 'in_progress', performerBefore: false, actorUserId: 'u-1' }),
      { ...appeal, assigneeId: 'u-1' },
    );
    expect(first.transportGuid).toBe(transportGuidFor('event:42'));
    expect(first.action).toEqual({
      kind: 'assign-performer',
      transportGuid: transportGuidFor('event:42'),
      appeal: { appealGuid: GUID },
      answererGuid: answererGuidFor('u-1'),
    });
    // Assigned before (Performer sent then), or back from the head's review: nothing new.
    expect(eventToActions(event({ toStatus: 'in_progress' }), appeal)).toEqual([]);
  });

  it('answers a duplicate in ГИС as our workflow does: joined to the open case, then Executed', () => {
    const sut = eventToActions(
      event({ type: 'registered', toStatus: 'duplicate', actorUserId: null }),
      {
        ...appeal,
        assigneeId: null,
        answerText: null,
        joined: { regNumber: '2026-000017', dueDate: '2026-05-08' },
      },
    );
    expect(sut.map((d) => [d.action.kind, d.transportGuid, d.heldBecause])).toEqual([
      ['answer', transportGuidFor('event:42'), undefined],
      ['executed', transportGuidFor('event:42:executed'), undefined],
    ]);
    expect(sut[0].action).toMatchObject({
      answer: {
        transportGuid: transportGuidFor('event:42:answer'),
        answererGuid: answererGuidFor(null),
        load: {
          text:
            'Обращение содержит те же вопросы, что и ранее поступившее обращение № 2026-000017, ' +
            'которое находится на рассмотрении. Обращения объединены; ответ будет дан в рамках ' +
            'обращения № 2026-000017 в срок до 08.05.2026.',
        },
        send: true,
      },
    });
  });

  it('answers a duplicate the same way when a person marks it later', () => {
    const sut = eventToActions(event({ toStatus: 'duplicate' }), {
      ...appeal,
      joined: { regNumber: '2026-000017', dueDate: null },
    });
    expect(sut.map((d) => d.action.kind)).toEqual(['answer', 'executed']);
    expect(sut[0].action).toMatchObject({
      answer: {
        load: { text: expect.stringMatching(/в рамках обращения № 2026-000017\.$/) as unknown },
      },
    });
  });

  it('sends no action for a due-date change other than an extension (ГИС ЖКХ has none)', () => {
    const correction = event({
      type: 'due_date_changed',
      reason: 'Срок ГИС ЖКХ (ExecutionEndDate)',
      data: { from: '2026-05-08', to: '2026-04-24', executionEndDate: '2026-04-24' },
    });
    expect(eventToActions(correction, appeal)).toEqual([]);
  });
});

describe('resolveAnswerers', () => {
  const ref = { appealGuid: '11111111-2222-4333-8444-555555555555' };
  const MAPPED = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
  const ORG = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  const users = [
    { id: 'user-mapped', gisAnswererGuid: MAPPED },
    { id: 'user-unmapped', gisAnswererGuid: null },
  ];
  const performer = (userId: string | null) => ({
    kind: 'assign-performer' as const,
    transportGuid: transportGuidFor(`t:${userId}`),
    appeal: ref,
    answererGuid: answererGuidFor(userId),
  });

  it("puts the user's own ГИС ЖКХ GUID in place of the placeholder", () => {
    expect(resolveAnswerers(performer('user-mapped'), answererTable(users, null))).toEqual({
      action: { ...performer('user-mapped'), answererGuid: MAPPED },
      unresolved: false,
    });
  });

  it("falls back to the organisation's answerer for unmapped staff and the organisation", () => {
    const table = answererTable(users, ORG);
    expect(resolveAnswerers(performer('user-unmapped'), table).action).toMatchObject({
      answererGuid: ORG,
    });
    expect(resolveAnswerers(performer(null), table).action).toMatchObject({ answererGuid: ORG });
    // A mapped user keeps their own even with a fallback.
    expect(resolveAnswerers(performer('user-mapped'), table).action).toMatchObject({
      answererGuid: MAPPED,
    });
  });

  it('reports an answerer nobody mapped, leaving the action unchanged', () => {
    const table = answererTable(users, null);
    for (const who of ['user-unmapped', null]) {
      expect(resolveAnswerers(performer(who), table)).toEqual({
        action: performer(who),
        unresolved: true,
      });
    }
  });

  it('replaces nested answerers (an answer) and leaves GUIDs that are no placeholders', () => {
    const answer = {
      kind: 'answer' as const,
      transportGuid: transportGuidFor('t:answer'),
      appeal: ref,
      answer: {
        transportGuid: transportGuidFor('t:answer:inner'),
        answererGuid: answererGuidFor('user-mapped'),
        load: { text: 'Ответ' },
        send: true,
      },
    };
    const out = resolveAnswerers(answer, answererTable(users, null));
    expect(out.unresolved).toBe(false);
    expect(out.action).toMatchObject({ answer: { answererGuid: MAPPED, load: { text: 'Ответ' } } });
    const already = { ...performer('user-mapped'), answererGuid: MAPPED };
    expect(resolveAnswerers(already, answererTable(users, null))).toEqual({
      action: already,
      unresolved: false,
    });
  });
});
