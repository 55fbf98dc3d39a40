import { createHash } from 'crypto';
import { GisError } from './gis-error';
import type {
  GisAnswerInput,
  GisAppealRef,
  GisAttachmentRef,
  GisExportFilter,
  GisImportAction,
  GisNsiRef,
  GisSignedAttachmentRef,
  GisStatusFilter,
  Guid,
  IsoDate,
} from './gis-types';

/** targetNamespaces of the 14.4.0.1 schemas; prefixes are ours, the URIs are not negotiable. */
export const NS = {
  soapenv: 'http://schemas.xmlsoap.org/soap/envelope/',
  base: 'http://dom.gosuslugi.ru/schema/integration/base/',
  ap: 'http://dom.gosuslugi.ru/schema/integration/appeals/',
  nsi: 'http://dom.gosuslugi.ru/schema/integration/nsi-base/',
  org: 'http://dom.gosuslugi.ru/schema/integration/organizations-registry-base/',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

export type GisOperation = 'exportAppeal' | 'getState' | 'importAnswer';

/** soap:operation/@soapAction of AppealsAsyncBinding (hcs-appeals-service-async.wsdl). */
export const SOAP_ACTIONS: Record<GisOperation, string> = {
  exportAppeal: 'urn:exportAppeal',
  getState: 'urn:getState',
  importAnswer: 'urn:importAnswer',
};

/**
 * `base:version` values. The XSD lists the versions each element accepts: exportAppealRequest
 * up to 14.4.0.1, importAnswerRequest up to 13.2.1.0; getStateResult is fixed at 12.2.0.5.
 */
export const EXPORT_APPEAL_VERSION = '14.4.0.1';
export const IMPORT_ANSWER_VERSION = '13.2.1.0';
export const GET_STATE_RESULT_VERSION = '12.2.0.5';

/**
 * Id of the element the signer must sign (enveloped XAdES). Only elements derived from
 * base:BaseType (exportAppealRequest, importAnswerRequest) may carry Id and ds:Signature.
 */
export const SIGNED_ELEMENT_ID = 'signed-data-container';

/** Limits from the XSD (maxOccurs="1000" on AppealGUID, AnswerAction, AppealAction…). */
export const MAX_ITEMS_PER_REQUEST = 1000;

export interface GisRequestHeader {
  /** base:Date, xs:dateTime. */
  date: Date;
  /** base:MessageGUID: our id of this message; the ack echoes it as RequesterMessageGUID. */
  messageGuid: Guid;
  /** base:orgPPAGUID: the organisation's identifier in ГИС ЖКХ (the sender). */
  orgPPAGuid: Guid;
  /** IsOperatorSignature: the message is signed by the operator of our information system. */
  isOperatorSignature?: boolean;
  /** ISCreator: name of our information system and its operator. */
  isCreator?: { isName: string; isOperatorName: string };
}

// ---------------------------------------------------------------------------------------------
// XML primitives
// ---------------------------------------------------------------------------------------------

// XML 1.0 forbids most C0 controls even when escaped; citizens' texts pasted from Word carry them.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(value: string): string {
  return value
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `<qname>content</qname>` with content already XML; nothing when content is undefined. */
function el(qname: string, content: string | undefined, attrs = ''): string {
  if (content === undefined) return '';
  return `<${qname}${attrs}>${content}</${qname}>`;
}

function text(qname: string, value: string | undefined): string {
  return value === undefined ? '' : el(qname, xmlEscape(value));
}

function invalid(description: string): GisError {
  return new GisError('invalid-request', 'INVALID_REQUEST', description);
}

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const NSI_CODE_RE = /^(A?\d{1,4}\.?)+$/;

function guid(value: Guid, field: string): string {
  if (!GUID_RE.test(value)) throw invalid(`${field} is not a GUID`);
  return value;
}

function date(value: IsoDate, field: string): string {
  if (!DATE_RE.test(value)) throw invalid(`${field} must be YYYY-MM-DD`);
  return value;
}

/** Length bounds of the XSD's string types; the message says which field, never its content. */
function str(value: string, field: string, min: number, max: number): string {
  const length = [...value].length;
  if (length < min || length > max) {
    throw invalid(`${field} must be ${min}..${max} characters long, got ${length}`);
  }
  return value;
}

function count<T>(items: readonly T[], field: string, min: number, max: number): readonly T[] {
  if (items.length < min || items.length > max) {
    throw invalid(`${field} must have ${min}..${max} items, got ${items.length}`);
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Envelope and header
// ---------------------------------------------------------------------------------------------

function requestHeader(h: GisRequestHeader): string {
  return el(
    'base:RequestHeader',
    [
      text('base:Date', h.date.toISOString()),
      text('base:MessageGUID', guid(h.messageGuid, 'MessageGUID')),
      text('base:orgPPAGUID', guid(h.orgPPAGuid, 'orgPPAGUID')),
      h.isOperatorSignature ? text('base:IsOperatorSignature', 'true') : '',
      h.isCreator
        ? el(
            'base:ISCreator',
            text('base:ISName', str(h.isCreator.isName, 'ISName', 1, 255)) +
              text(
                'base:ISOperatorName',
                str(h.isCreator.isOperatorName, 'ISOperatorName', 1, 255),
              ),
          )
        : '',
    ].join(''),
  );
}

function envelope(header: GisRequestHeader, body: string): string {
  const xmlns = (Object.keys(NS) as Array<keyof typeof NS>)
    .filter((prefix) => prefix !== 'ds')
    .map((prefix) => ` xmlns:${prefix}="${NS[prefix]}"`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope${xmlns}>` +
    `<soapenv:Header>${requestHeader(header)}</soapenv:Header>` +
    `<soapenv:Body>${body}</soapenv:Body>` +
    '</soapenv:Envelope>'
  );
}

// ---------------------------------------------------------------------------------------------
// getStateRequest
// ---------------------------------------------------------------------------------------------

/** base:getStateRequest: just the MessageGUID from the ack. Not a BaseType, so never signed. */
export function buildGetStateRequest(header: GisRequestHeader, messageGuid: Guid): string {
  return envelope(
    header,
    el('base:getStateRequest', text('base:MessageGUID', guid(messageGuid, 'MessageGUID'))),
  );
}

// ---------------------------------------------------------------------------------------------
// exportAppealRequest
// ---------------------------------------------------------------------------------------------

const STATUS_ORDER: readonly GisStatusFilter[] = ['Sent', 'InWork', 'Executed', 'Withdrawn'];

function nsiRef(qname: string, ref: GisNsiRef): string {
  if (!NSI_CODE_RE.test(ref.code) || ref.code.length > 20)
    throw invalid(`${qname} code is invalid`);
  return el(
    qname,
    text('nsi:Code', ref.code) +
      text('nsi:GUID', guid(ref.guid, `${qname} GUID`)) +
      (ref.name === undefined ? '' : text('nsi:Name', str(ref.name, `${qname} Name`, 0, 1200))),
  );
}

function exportFilter(filter: GisExportFilter): string {
  switch (filter.by) {
    case 'appealGuid':
      return count(filter.appealGuids, 'AppealGUID', 1, MAX_ITEMS_PER_REQUEST)
        .map((g) => text('ap:AppealGUID', guid(g, 'AppealGUID')))
        .join('');
    case 'appealNumber':
      return (
        count(filter.appealNumbers, 'AppealNumber', 1, MAX_ITEMS_PER_REQUEST)
          .map((n) => text('ap:AppealNumber', str(n, 'AppealNumber', 1, 30)))
          .join('') + (filter.includeHcsAppeals ? text('ap:IncludeHCSAppeals', 'true') : '')
      );
    case 'period': {
      const { startDate, endDate } = filter;
      if (startDate !== undefined && endDate !== undefined && startDate > endDate) {
        throw invalid('StartDate is after EndDate');
      }
      const statuses = filter.statuses ?? [];
      return [
        startDate === undefined ? '' : text('ap:StartDate', date(startDate, 'StartDate')),
        endDate === undefined ? '' : text('ap:EndDate', date(endDate, 'EndDate')),
        filter.theme ? nsiRef('ap:AppealTheme', filter.theme) : '',
        (filter.fiasHouseGuids ?? [])
          .map((g) => text('ap:FIASHouseGuid', guid(g, 'FIASHouseGuid')))
          .join(''),
        // StatusOfAppeal is a sequence of optional flags: emit them in schema order.
        statuses.length > 0
          ? el(
              'ap:StatusOfAppeal',
              STATUS_ORDER.filter((s) => statuses.includes(s))
                .map((s) => text(`ap:${s}`, 'true'))
                .join(''),
            )
          : '',
        filter.includeHcsAppeals ? text('ap:IncludeHCSAppeals', 'true') : '',
      ].join('');
    }
  }
}

/**
 * ap:exportAppealRequest. The creation-date window is `StartDate`/`EndDate` (xs:date, both
 * inclusive, both optional) inside the «business attributes» branch of the selection choice,
 * next to AppealTheme, FIASHouseGuid and StatusOfAppeal.
 */
export function buildExportAppealRequest(
  header: GisRequestHeader,
  filter: GisExportFilter,
): string {
  return envelope(
    header,
    el(
      'ap:exportAppealRequest',
      exportFilter(filter),
      ` Id="${SIGNED_ELEMENT_ID}" base:version="${EXPORT_APPEAL_VERSION}"`,
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// importAnswerRequest
// ---------------------------------------------------------------------------------------------

function attachment(qname: string, a: GisAttachmentRef): string {
  return el(
    qname,
    text('base:Name', str(a.name, 'Attachment Name', 1, 1024)) +
      text('base:Description', str(a.description, 'Attachment Description', 1, 500)) +
      el('base:Attachment', text('base:AttachmentGUID', guid(a.attachmentGuid, 'AttachmentGUID'))) +
      (a.hash === undefined
        ? ''
        : text('base:AttachmentHASH', str(a.hash, 'AttachmentHASH', 1, 512))),
  );
}

function attachments(qname: string, list: readonly GisAttachmentRef[] | undefined): string {
  return (list ?? []).map((a) => attachment(qname, a)).join('');
}

function signedAttachment(s: GisSignedAttachmentRef): string {
  count(s.signatures, 'SignedAttachments Signature', 1, Number.MAX_SAFE_INTEGER);
  const signatures = s.signatures.map((sig) =>
    el(
      'base:Signature',
      text('base:Name', str(sig.name, 'Signature Name', 1, 1024)) +
        (sig.description === undefined
          ? ''
          : text('base:Description', str(sig.description, 'Signature Description', 0, 500))) +
        el(
          'base:Attachment',
          text('base:AttachmentGUID', guid(sig.attachmentGuid, 'Signature AttachmentGUID')),
        ) +
        (sig.hash === undefined ? '' : text('base:AttachmentHASH', str(sig.hash, 'HASH', 1, 512))),
    ),
  );
  return el(
    'ap:SignedAttachments',
    attachment('base:Attachment', s.attachment) + signatures.join(''),
  );
}

function appealRef(ref: GisAppealRef): string {
  return 'appealGuid' in ref
    ? text('ap:AppealGUID', guid(ref.appealGuid, 'AppealGUID'))
    : text('ap:AppealNumber', str(ref.appealNumber, 'AppealNumber', 1, 30));
}

function answer(a: GisAnswerInput): string {
  if (!a.load && !a.send) throw invalid('Answer needs LoadAnswer, SendAnswer or both');
  return el(
    'ap:Answer',
    [
      text('base:TransportGUID', guid(a.transportGuid, 'Answer TransportGUID')),
      a.answerGuid === undefined ? '' : text('ap:AnswerGUID', guid(a.answerGuid, 'AnswerGUID')),
      text('ap:AnswererGUID', guid(a.answererGuid, 'AnswererGUID')),
      a.load
        ? el(
            'ap:LoadAnswer',
            text('ap:AnswerText', str(a.load.text, 'AnswerText', 1, 10000)) +
              attachments('ap:Attachment', a.load.attachments) +
              (a.load.signedAttachments ?? []).map(signedAttachment).join(''),
          )
        : '',
      a.send ? text('ap:SendAnswer', 'true') : '',
    ].join(''),
  );
}

/** The single optional child of AppealAction that carries this action. */
function appealActionBody(action: Exclude<GisImportAction, { kind: 'answer' }>): string {
  const answerer = () => text('ap:AnswererGUID', guid(action.answererGuid, 'AnswererGUID'));
  switch (action.kind) {
    case 'assign-performer':
      return el(
        'ap:Performer',
        answerer() +
          (action.dateOfAppointment === undefined
            ? ''
            : text('ap:DateOfAppointment', date(action.dateOfAppointment, 'DateOfAppointment'))),
      );
    case 'executed':
      return el('ap:Executed', answerer());
    case 'redirect':
      return count(action.receivers, 'RedirectAppeal', 1, MAX_ITEMS_PER_REQUEST)
        .map((r) =>
          el(
            'ap:RedirectAppeal',
            el(
              'ap:Receiver',
              text(
                'org:orgRootEntityGUID',
                guid(r.orgRootEntityGuid, 'Receiver orgRootEntityGUID'),
              ),
            ) +
              (r.comment === undefined
                ? ''
                : text('ap:Comment', str(r.comment, 'Comment', 0, 1000))) +
              attachments('ap:Attachment', r.attachments) +
              answerer(),
          ),
        )
        .join('');
    case 'roll-over':
      return el(
        'ap:RollOverAppeal',
        text('ap:ExecutionDate', date(action.executionDate, 'ExecutionDate')) +
          // Comment is mandatory here: the extension must be justified to the applicant.
          text('ap:Comment', str(action.comment, 'Comment', 1, 1000)) +
          attachments('ap:Attachment', action.attachments) +
          answerer(),
      );
    case 'answer-not-required':
      return el(
        'ap:AnswerIsNotRequired',
        text('ap:Cause', str(action.cause.trim(), 'Cause', 1, 10000)) + answerer(),
      );
  }
}

function appealKey(ref: GisAppealRef): string {
  return 'appealGuid' in ref
    ? `guid:${ref.appealGuid.toLowerCase()}`
    : `number:${ref.appealNumber}`;
}

/**
 * The xs:key constraints of importAnswerRequest, checked before sending so that a bad batch
 * fails here with a clear message instead of as an opaque ГИС fault.
 */
function checkImportConstraints(actions: readonly GisImportAction[]): void {
  if (actions.length === 0) throw invalid('importAnswerRequest needs at least one action');
  const transport = new Set<string>();
  const answerAppeals = new Set<string>();
  const appealAppeals = new Set<string>();
  const answerGuids = new Set<string>();
  let answers = 0;
  for (const a of actions) {
    const guids =
      a.kind === 'answer' ? [a.transportGuid, a.answer.transportGuid] : [a.transportGuid];
    for (const t of guids) {
      if (transport.has(t.toLowerCase())) throw invalid(`TransportGUID ${t} is used twice`);
      transport.add(t.toLowerCase());
    }
    const keys = a.kind === 'answer' ? answerAppeals : appealAppeals;
    const key = appealKey(a.appeal);
    if (keys.has(key)) {
      throw invalid(`two ${a.kind === 'answer' ? 'AnswerAction' : 'AppealAction'}s for ${key}`);
    }
    keys.add(key);
    if (a.kind === 'answer') {
      answers += 1;
      const ag = a.answer.answerGuid?.toLowerCase();
      if (ag !== undefined) {
        if (answerGuids.has(ag)) throw invalid(`AnswerGUID ${ag} is used twice`);
        answerGuids.add(ag);
      }
    }
  }
  if (answers > MAX_ITEMS_PER_REQUEST || actions.length - answers > MAX_ITEMS_PER_REQUEST) {
    throw invalid(`at most ${MAX_ITEMS_PER_REQUEST} AnswerActions and AppealActions per request`);
  }
}

/**
 * ap:importAnswerRequest: all AnswerActions first, then all AppealActions (the XSD sequence).
 * Each action carries its own base:TransportGUID; results come back per TransportGUID.
 */
export function buildImportAnswerRequest(
  header: GisRequestHeader,
  actions: readonly GisImportAction[],
): string {
  checkImportConstraints(actions);
  const answerActions = actions
    .filter((a): a is Extract<GisImportAction, { kind: 'answer' }> => a.kind === 'answer')
    .map((a) =>
      el(
        'ap:AnswerAction',
        text('base:TransportGUID', guid(a.transportGuid, 'TransportGUID')) +
          appealRef(a.appeal) +
          answer(a.answer),
      ),
    );
  const appealActions = actions
    .filter((a): a is Exclude<GisImportAction, { kind: 'answer' }> => a.kind !== 'answer')
    .map((a) =>
      el(
        'ap:AppealAction',
        text('base:TransportGUID', guid(a.transportGuid, 'TransportGUID')) +
          appealRef(a.appeal) +
          appealActionBody(a),
      ),
    );
  return envelope(
    header,
    el(
      'ap:importAnswerRequest',
      answerActions.join('') + appealActions.join(''),
      ` Id="${SIGNED_ELEMENT_ID}" base:version="${IMPORT_ANSWER_VERSION}"`,
    ),
  );
}

/**
 * Packs actions into as few requests as the xs:key constraints allow: one AppealAction and one
 * AnswerAction per appeal per request, at most 1000 of each. Order within an appeal is kept, so
 * «assign performer» goes out before «executed» for the same appeal.
 */
export function splitImportActions(
  actions: readonly GisImportAction[],
  maxPerElement = MAX_ITEMS_PER_REQUEST,
): GisImportAction[][] {
  const batches: Array<{ actions: GisImportAction[]; keys: Set<string>; answers: number }> = [];
  const last = new Map<string, { batch: number; isAnswer: boolean }>();
  for (const action of actions) {
    const appeal = appealKey(action.appeal);
    const isAnswer = action.kind === 'answer';
    const key = `${isAnswer ? 'answer' : 'appeal'}|${appeal}`;
    // A request lists AnswerActions before AppealActions, so an answer that follows an appeal
    // action of the same appeal must go to a later request to keep the order.
    const prev = last.get(appeal);
    let i = prev === undefined ? 0 : prev.batch + (isAnswer && !prev.isAnswer ? 1 : 0);
    for (; i < batches.length; i++) {
      const b = batches[i];
      const used = isAnswer ? b.answers : b.actions.length - b.answers;
      if (!b.keys.has(key) && used < maxPerElement) break;
    }
    if (i === batches.length) batches.push({ actions: [], keys: new Set(), answers: 0 });
    const batch = batches[i];
    batch.actions.push(action);
    batch.keys.add(key);
    if (isAnswer) batch.answers += 1;
    last.set(appeal, { batch: i, isAnswer });
  }
  return batches.map((b) => b.actions);
}

// An arbitrary fixed namespace: TransportGUIDs of Appeals Desk events are name-based under it.
const TRANSPORT_NAMESPACE = Buffer.from('6f1c3a52b8e94d0f9a7e2c5d8b13f046', 'hex');

/**
 * A stable TransportGUID (UUID v5) for one of our events, e.g. `transportGuidFor('event:123')`.
 * Resending the same event after a crash reuses the GUID, so results map back to the same row.
 */
export function transportGuidFor(name: string): Guid {
  const hash = createHash('sha1').update(TRANSPORT_NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
