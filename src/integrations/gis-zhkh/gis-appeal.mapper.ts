import { isEmail } from 'class-validator';
import type { RejectionReason } from '../../appeals/appeal.enums';
import { MAX_CO_APPLICANTS } from '../../appeals/co-applicant';
import { isValidOgrn } from '../../common/ogrn';
import { localDateInZone } from '../../common/time/local-date';
import { REJECTION_REASONS, rejectionReason } from '../../rules/rejection-reasons';
import {
  MAX_ANSWER_TEXT,
  answerFilePlaceholder,
  longAnswerNote,
  longAnswerPlaceholder,
} from './gis-answer-files';
import { transportGuidFor } from './gis-messages';
import type { GisAppeal, GisApplicant, GisImportAction, Guid, IsoDate } from './gis-types';

// Limits of CreateAppealDto: a ГИС appeal is registered anyway (SPEC §2, «as email»), so the
// body must never fail structural validation because of what ГИС sent.
const MAX_NAME = 100;
const MAX_ORG = 500;
const MAX_ADDRESS = 1000;
const MAX_SUBJECT = 500;
const MAX_TEXT = 100_000;
const MAX_REF = 200;
const PHONE_RE = /^[0-9+()\-\s.]{5,30}$/;

/** XSD limits of importAnswerRequest. */
const MAX_COMMENT = 1000;

const cut = (value: string | undefined, max: number): string | null => {
  const v = value?.trim();
  if (!v) return null;
  const chars = [...v];
  return chars.length > max ? chars.slice(0, max).join('') : v;
};

/** The instant the local day starts in the organisation's zone (AppealCreateDate is a day). */
export function startOfLocalDay(day: IsoDate, timeZone: string): Date {
  // Zones are within UTC-12..+14: walk from the earliest candidate in 15-minute steps.
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  for (let t = utcMidnight - 14 * 3600_000; t <= utcMidnight + 12 * 3600_000; t += 900_000) {
    if (localDateInZone(new Date(t), timeZone) === day) return new Date(t);
  }
  return new Date(utcMidnight);
}

/** A legal-entity applicant as the ГИС ЖКХ organisations registry names it (gis_organizations). */
export interface RegistryApplicant {
  name: string;
  ogrn: string | null;
  inn: string | null;
}

export interface GisCreateBodyOptions {
  /** Registry entries by orgRootEntityGUID (lower case); an applicant not in it is a placeholder. */
  organizations?: ReadonlyMap<string, RegistryApplicant>;
}

const NO_ORGANIZATIONS: ReadonlyMap<string, RegistryApplicant> = new Map();

/** The name a legal-entity applicant has until the registry resolves its orgRootEntityGUID. */
export function orgPlaceholderName(orgRootEntityGuid: Guid): string {
  return `Организация ГИС ЖКХ ${orgRootEntityGuid}`;
}

function applicantOf(
  a: GisApplicant,
  organizations: ReadonlyMap<string, RegistryApplicant> = NO_ORGANIZATIONS,
): Record<string, unknown> {
  if (a.kind === 'hcs') {
    return { type: 'legal_entity', organizationName: 'ГИС ЖКХ' };
  }
  const address = a.postAddress
    ? a.apartmentNumber
      ? `${a.postAddress}, кв. ${a.apartmentNumber}`
      : a.postAddress
    : undefined;
  const email = a.email && a.email.length <= 254 && isEmail(a.email) ? a.email : null;
  const phone = a.phone && PHONE_RE.test(a.phone) ? a.phone : null;
  const contacts = { postalAddress: cut(address, MAX_ADDRESS), email, phone };
  if (a.kind === 'person') {
    return {
      type: 'individual',
      lastName: cut(a.surname, MAX_NAME),
      firstName: cut(a.firstName, MAX_NAME),
      middleName: cut(a.patronymic, MAX_NAME),
      ...contacts,
    };
  }
  // ГИС names the organisation by its registry GUID only: the name, ОГРН and ИНН come from the
  // registry (exportOrgRegistry). Unresolved, a placeholder the sync replaces later — without a
  // name the «anonymous» rule would reject it. Values our API would refuse are dropped.
  const org = organizations.get(a.orgRootEntityGuid.toLowerCase());
  return {
    type: 'legal_entity',
    organizationName: cut(org?.name ?? orgPlaceholderName(a.orgRootEntityGuid), MAX_ORG),
    ...(org?.ogrn && isValidOgrn(org.ogrn) ? { ogrn: org.ogrn } : {}),
    ...(org?.inn && /^(\d{10}|\d{12})$/.test(org.inn) ? { inn: org.inn } : {}),
    ...contacts,
  };
}

/** The fields of a co-applicant (CoApplicantDto); an applicant's others are not kept for them. */
const CO_APPLICANT_FIELDS = [
  'type',
  'lastName',
  'firstName',
  'middleName',
  'organizationName',
  'postalAddress',
  'email',
  'phone',
] as const;

/**
 * NeighbourInfo of a collective appeal (59-ФЗ ст. 4 п. 1) as co-applicants, each mapped as the
 * applicant is (so an organisation is named the same way); ГИС ЖКХ itself is no signatory.
 */
function coApplicantsOf(
  neighbours: readonly GisApplicant[],
  organizations?: ReadonlyMap<string, RegistryApplicant>,
): Record<string, unknown>[] {
  return neighbours
    .filter((n) => n.kind !== 'hcs')
    .slice(0, MAX_CO_APPLICANTS)
    .map((n) => {
      const a = applicantOf(n, organizations);
      return Object.fromEntries(CO_APPLICANT_FIELDS.map((k) => [k, a[k] ?? null]));
    });
}

/**
 * The create body (channel gis_zhkh) for an exported appeal: GUID and number in externalRefs,
 * the applicant, the topic as subject, the text, and AppealCreateDate as receivedAt.
 */
export function gisAppealToCreateBody(
  appeal: GisAppeal,
  timeZone: string,
  now: Date,
  options: GisCreateBodyOptions = {},
): Record<string, unknown> {
  const refs: Record<string, string> = {
    appealGuid: appeal.appealGuid,
    appealNumber: appeal.appealNumber,
  };
  if (appeal.executionEndDate) refs.executionEndDate = appeal.executionEndDate;
  if (appeal.fiasHouseGuid) refs.fiasHouseGuid = appeal.fiasHouseGuid;
  if (appeal.parentAppealGuid) refs.parentAppealGuid = appeal.parentAppealGuid;
  // Kept to resolve the applicant's name later if the registry could not be asked now.
  if (appeal.applicant.kind === 'organization') {
    refs.applicantOrgGuid = appeal.applicant.orgRootEntityGuid.toLowerCase();
  }
  for (const [k, v] of Object.entries(refs)) if (v.length > MAX_REF) delete refs[k];
  const subject =
    appeal.topic.kind === 'nsi'
      ? (appeal.topic.name ?? `Тема ${appeal.topic.code}`)
      : appeal.topic.text;
  const received = startOfLocalDay(appeal.createdOn, timeZone);
  return {
    channel: 'gis_zhkh',
    replyChannel: 'gis_zhkh',
    applicant: applicantOf(appeal.applicant, options.organizations),
    subject: cut(subject, MAX_SUBJECT),
    text: cut(appeal.text, MAX_TEXT),
    // A creation day ahead of our clock (zone skew) would be refused: then "received now".
    ...(received.getTime() <= now.getTime() ? { receivedAt: received.toISOString() } : {}),
    externalRefs: refs,
    ...(appeal.neighbours.length > 0
      ? { coApplicants: coApplicantsOf(appeal.neighbours, options.organizations) }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Our events → importAnswer actions
// ---------------------------------------------------------------------------------------------

/** Legal ground sent as AnswerIsNotRequired/Cause, by our rejection reason (59-ФЗ ст. 11). */
export const LEGAL_CAUSES = Object.fromEntries(
  REJECTION_REASONS.map((r) => [r, rejectionReason(r).gisCause]),
) as Record<RejectionReason, string>;

/**
 * AnswererGUID placeholder for one of our users (or, for null, the organisation). ГИС ЖКХ knows
 * the organisation's employees by their own GUIDs; the outbox stores this stable placeholder
 * (UUID v5 of the user id) and `resolveAnswerers` puts the employee's GUID in its place when the
 * row is sent, so a mapping made later applies to rows already queued.
 */
export function answererGuidFor(userId: string | null): Guid {
  return transportGuidFor(`answerer:${userId ?? 'organization'}`);
}

/** Held rows whose answerer is not mapped yet carry this code in `last_error`. */
export const ANSWERER_UNKNOWN = 'ANSWERER_UNKNOWN';

/** Placeholder (lower case) → the employee's GUID in ГИС ЖКХ, or null where nobody is known. */
export type AnswererTable = ReadonlyMap<string, Guid | null>;

/**
 * The placeholders of the organisation and of every user, each with the GUID it stands for: the
 * user's own (`users.gis_answerer_guid`), else the organisation's answerer
 * (`GIS_ZHKH_ANSWERER_GUID`), which also answers for staff nobody mapped.
 */
export function answererTable(
  users: readonly { id: string; gisAnswererGuid: Guid | null }[],
  fallback: Guid | null,
): AnswererTable {
  const table = new Map<string, Guid | null>();
  table.set(answererGuidFor(null).toLowerCase(), fallback);
  for (const u of users) {
    table.set(answererGuidFor(u.id).toLowerCase(), u.gisAnswererGuid ?? fallback);
  }
  return table;
}

/**
 * The action with every AnswererGUID placeholder replaced by the GUID it stands for. Returns
 * `unresolved: true` when an answerer has none — ГИС ЖКХ refuses an unknown AnswererGUID, so
 * such a row is held, not sent. Values that are not placeholders are left as they are.
 */
export function resolveAnswerers(
  action: GisImportAction,
  table: AnswererTable,
): { action: GisImportAction; unresolved: boolean } {
  let unresolved = false;
  const walk = (v: unknown, key: string | null): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, null));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    }
    if (key !== 'answererGuid' || typeof v !== 'string' || !table.has(v.toLowerCase())) return v;
    const to = table.get(v.toLowerCase());
    if (!to) unresolved = true;
    return to ?? v;
  };
  return { action: walk(action, null) as GisImportAction, unresolved };
}

/** The receiver organisation of a redirect is unknown to us: a deployment fills it in. */
export const UNKNOWN_RECEIVER = '00000000-0000-0000-0000-000000000000';

export interface MirroredEvent {
  id: string;
  type: string;
  toStatus: string | null;
  reason: string | null;
  actorUserId: string | null;
  data: Record<string, unknown>;
  /**
   * An earlier event of the same appeal already stood for Performer (an assignment): the start
   * of work then adds nothing, as Performer's DateOfAppointment is «заполняется при первичном
   * назначении».
   */
  performerBefore: boolean;
}

export interface MirroredAppeal {
  appealGuid: Guid;
  assigneeId: string | null;
  answerText: string | null;
  rejectionReason: RejectionReason | null;
  /** A duplicate: the open appeal it joined (SPEC §4), whose answer answers it too. */
  joined?: { regNumber: string; dueDate: string | null } | null;
  /** ГИС's AppealNumber (externalRefs), named in the note of an answer sent as a file. */
  appealNumber?: string | null;
  /** The answer's files (`attachments.purpose = 'answer'`), uploaded when the row is sent. */
  answerFiles?: ReadonlyArray<{ id: string; fileName: string }>;
}

export interface OutboxDraft {
  transportGuid: Guid;
  action: GisImportAction;
  /** Set when the action cannot be sent as is; the row is stored as `held`. */
  heldBecause?: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The ГИС ЖКХ actions one of our appeal events stands for (most events stand for none). Every
 * TransportGUID is derived from the event id, so mapping the same event again gives the same
 * GUIDs and the outbox's unique index drops the repeat.
 */
export function eventToActions(event: MirroredEvent, appeal: MirroredAppeal): OutboxDraft[] {
  const ref = { appealGuid: appeal.appealGuid };
  const tg = (suffix = '') => transportGuidFor(`event:${event.id}${suffix}`);
  const answerer = answererGuidFor(appeal.assigneeId ?? event.actorUserId);
  const plain = (action: GisImportAction): OutboxDraft => ({
    transportGuid: action.transportGuid,
    action,
  });

  if (event.type === 'due_date_changed') {
    const to = str(event.data.to);
    if (!str(event.data.extensionId) || !to) return [];
    const comment =
      cut(event.reason ?? undefined, MAX_COMMENT) ??
      'Срок рассмотрения продлен (ч. 2 ст. 12 Федерального закона от 02.05.2006 № 59-ФЗ)';
    return [
      plain({
        kind: 'roll-over',
        transportGuid: tg(),
        appeal: ref,
        answererGuid: answerer,
        executionDate: to,
        comment,
      }),
    ];
  }
  // An automatic rejection or a duplicate is decided by the rules at registration: ГИС hears of
  // it all the same.
  const atRegistration =
    event.type === 'registered' &&
    (event.toStatus === 'rejected' || event.toStatus === 'duplicate');
  if (event.type !== 'status_changed' && !atRegistration) return [];
  switch (event.toStatus) {
    case 'assigned': {
      const assignee = str(event.data.assigneeId);
      return [
        plain({
          kind: 'assign-performer',
          transportGuid: tg(),
          appeal: ref,
          answererGuid: answererGuidFor(assignee ?? event.actorUserId),
        }),
      ];
    }
    case 'forwarded': {
      const organization = str(event.data.organization);
      // Given with the forwarding (ForwardDto.gisReceiverGuid), else a person fills it in.
      const receiver = str(event.data.gisReceiverGuid);
      const comment = cut(
        [organization && `Направлено в: ${organization}`, event.reason].filter(Boolean).join('. '),
        MAX_COMMENT,
      );
      return [
        {
          transportGuid: tg(),
          ...(receiver
            ? {}
            : {
                heldBecause:
                  'RECEIVER_ORG_UNKNOWN: укажите orgRootEntityGUID организации-получателя и верните статус pending',
              }),
          action: {
            kind: 'redirect',
            transportGuid: tg(),
            appeal: ref,
            answererGuid: answerer,
            receivers: [
              { orgRootEntityGuid: receiver ?? UNKNOWN_RECEIVER, ...(comment ? { comment } : {}) },
            ],
          },
        },
      ];
    }
    case 'rejected': {
      const reason = (str(event.data.rejectionReason) ??
        appeal.rejectionReason) as RejectionReason | null;
      const legal = reason ? LEGAL_CAUSES[reason] : undefined;
      const cause = legal ?? event.reason ?? 'Обращение не подлежит рассмотрению по существу';
      return [
        plain({
          kind: 'answer-not-required',
          transportGuid: tg(),
          appeal: ref,
          answererGuid: answerer,
          cause,
        }),
      ];
    }
    case 'answered': {
      const answererGuid = answererGuidFor(event.actorUserId ?? appeal.assigneeId);
      const text = appeal.answerText?.trim() ?? '';
      const tooLong = [...text].length > MAX_ANSWER_TEXT;
      const files = (appeal.answerFiles ?? []).map(answerFilePlaceholder);
      const attachments = tooLong ? [longAnswerPlaceholder(event.id), ...files] : files;
      const answer: OutboxDraft = {
        transportGuid: tg(),
        ...(text === '' ? { heldBecause: 'ANSWER_EMPTY' } : {}),
        action: {
          kind: 'answer',
          transportGuid: tg(),
          appeal: ref,
          answer: {
            transportGuid: tg(':answer'),
            answererGuid,
            // AnswerText holds 10 000 characters: a longer answer goes whole as a file.
            load: {
              text: tooLong ? longAnswerNote(appeal.appealNumber ?? null) : text,
              ...(attachments.length > 0 ? { attachments } : {}),
            },
            send: true,
          },
        },
      };
      // The answer closes the case: Executed follows it (splitImportActions keeps the order).
      const executed: OutboxDraft = {
        ...plain({ kind: 'executed', transportGuid: tg(':executed'), appeal: ref, answererGuid }),
        ...(answer.heldBecause ? { heldBecause: 'WAITS_FOR_ANSWER' } : {}),
      };
      return [answer, executed];
    }
    case 'withdrawn':
      return [
        plain({ kind: 'executed', transportGuid: tg(), appeal: ref, answererGuid: answerer }),
      ];
    case 'in_progress':
      // Work started by an officer ГИС has not heard of as the performer (normally the
      // assignment told it already, and a draft returned by the head changes nobody).
      return event.performerBefore
        ? []
        : [
            plain({
              kind: 'assign-performer',
              transportGuid: tg(),
              appeal: ref,
              answererGuid: answererGuidFor(appeal.assigneeId ?? event.actorUserId),
            }),
          ];
    case 'duplicate':
      return duplicateToActions(event, appeal, tg);
    default:
      return [];
  }
}

const ruDate = (d: string): string => d.split('-').reverse().join('.');

/**
 * A duplicate (SPEC §4: the same applicant's same question while the first appeal is open) is
 * not left unanswered: our workflow tells the applicant it joined the open case and will be
 * answered in it by its due date (notification `duplicate`, notifications/templates.ts). That
 * is an answer, not a termination of correspondence — 59-ФЗ ст. 11 ч. 5 needs questions already
 * answered on the merits, our `repeated` rule, mirrored as AnswerIsNotRequired — so ГИС ЖКХ gets
 * the same text as an Answer, then Executed: the duplicate is closed with us.
 */
function duplicateToActions(
  event: MirroredEvent,
  appeal: MirroredAppeal,
  tg: (suffix?: string) => Guid,
): OutboxDraft[] {
  const ref = { appealGuid: appeal.appealGuid };
  const answererGuid = answererGuidFor(event.actorUserId);
  const number = appeal.joined?.regNumber ?? '—';
  const by = appeal.joined?.dueDate ? ` в срок до ${ruDate(appeal.joined.dueDate)}` : '';
  const text =
    `Обращение содержит те же вопросы, что и ранее поступившее обращение № ${number}, ` +
    'которое находится на рассмотрении. Обращения объединены; ответ будет дан в рамках ' +
    `обращения № ${number}${by}.`;
  return [
    {
      transportGuid: tg(),
      action: {
        kind: 'answer',
        transportGuid: tg(),
        appeal: ref,
        answer: { transportGuid: tg(':answer'), answererGuid, load: { text }, send: true },
      },
    },
    {
      transportGuid: tg(':executed'),
      action: { kind: 'executed', transportGuid: tg(':executed'), appeal: ref, answererGuid },
    },
  ];
}

/** TransportGUIDs ГИС reports results for: an answer has its own besides the action's. */
export function transportGuidsOf(action: GisImportAction): Guid[] {
  return action.kind === 'answer'
    ? [action.transportGuid, action.answer.transportGuid]
    : [action.transportGuid];
}
