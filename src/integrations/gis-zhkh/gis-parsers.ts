import { XMLParser } from 'fast-xml-parser';
import { GisError } from './gis-error';
import { SOAP_ACTIONS, type GisOperation, type GisRequestHeader } from './gis-messages';
import type {
  GisAck,
  GisAnswerInput,
  GisAppeal,
  GisAppealRef,
  GisAppealStatus,
  GisApplicant,
  GisAttachmentRef,
  GisErrorMessage,
  GisExportFilter,
  GisHistoryEntry,
  GisHistoryEvent,
  GisImportAction,
  GisImportResult,
  GisNsiRef,
  GisSignedAttachmentRef,
  GisStateResult,
  GisStatusFilter,
  GisTopic,
} from './gis-types';

/** ErrorMessage code meaning «no objects to export»: an empty result, not a failure. */
export const NOTHING_TO_EXPORT_CODE = 'INT002012';

/**
 * Prefixes differ between ГИС ЖКХ, proxies and our stand-in (`soap:`, `S:`, `ns4:`…), and the
 * schemas never reuse a local name for two things at one level, so local names are enough.
 */
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  // Numeric character references (&#1040;) are legal XML and some senders use them for
  // Cyrillic; this flag is what makes the parser decode them.
  htmlEntities: true,
});

type XmlNode = Record<string, unknown>;

function protocol(description: string, messageGuid?: string): GisError {
  return new GisError('protocol', 'MALFORMED_RESPONSE', description, messageGuid);
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An element's children; an empty element (`<x/>`, parsed as '') has none. */
function node(value: unknown): XmlNode | undefined {
  if (isNode(value)) return value;
  if (value === '') return {};
  return undefined;
}

function list(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as unknown[]) : [value];
}

function nodes(value: unknown): XmlNode[] {
  return list(value)
    .map(node)
    .filter((n): n is XmlNode => n !== undefined);
}

function opt(n: XmlNode, name: string): string | undefined {
  const v = Array.isArray(n[name]) ? (n[name] as unknown[])[0] : n[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isNode(v) && typeof v['#text'] === 'string') return v['#text'];
  return undefined;
}

function req(n: XmlNode, name: string, where: string): string {
  const v = opt(n, name);
  if (v === undefined) throw protocol(`${where}: ${name} is missing`);
  return v;
}

function child(n: XmlNode, name: string, where: string): XmlNode {
  const c = node(Array.isArray(n[name]) ? (n[name] as unknown[])[0] : n[name]);
  if (!c) throw protocol(`${where}: ${name} is missing`);
  return c;
}

function flag(n: XmlNode, name: string): boolean {
  const v = opt(n, name);
  return v === 'true' || v === '1';
}

/** xs:date; Java stacks often add the zone (`2024-03-01+03:00`), the day is what matters. */
function day(value: string, where: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  if (!m) throw protocol(`${where}: not a date`);
  return m[1];
}

function optDay(n: XmlNode, name: string, where: string): string | undefined {
  const v = opt(n, name);
  return v === undefined ? undefined : day(v, `${where}/${name}`);
}

function reqDay(n: XmlNode, name: string, where: string): string {
  return day(req(n, name, where), `${where}/${name}`);
}

/** Drops keys whose value is undefined so results compare cleanly with `toEqual`. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------------------------------------
// Envelope
// ---------------------------------------------------------------------------------------------

export interface GisFaultInfo {
  faultCode: string;
  faultString: string;
  /** base:Fault/ErrorCode from the detail, when ГИС ЖКХ supplied one. */
  errorCode?: string;
  errorMessage?: string;
}

export interface ParsedEnvelope {
  header: XmlNode;
  body: XmlNode;
}

export function parseEnvelope(xml: string): ParsedEnvelope {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    throw protocol('response is not well-formed XML');
  }
  const env = isNode(doc) ? node(doc.Envelope) : undefined;
  const body = env ? node(env.Body) : undefined;
  if (!env || !body) throw protocol('response is not a SOAP envelope');
  return { header: node(env.Header) ?? {}, body };
}

function faultOf(body: XmlNode): GisFaultInfo | undefined {
  const fault = node(body.Fault);
  if (!fault) return undefined;
  const detail = node(fault.detail) ?? {};
  const gis = node(detail.Fault) ?? {};
  return compact({
    faultCode: opt(fault, 'faultcode') ?? 'Server',
    faultString: opt(fault, 'faultstring') ?? '',
    errorCode: opt(gis, 'ErrorCode'),
    errorMessage: opt(gis, 'ErrorMessage'),
  });
}

/** The SOAP Fault in a response, if it is one (ГИС ЖКХ sends them with HTTP 500). */
export function parseSoapFault(xml: string): GisFaultInfo | undefined {
  try {
    return faultOf(parseEnvelope(xml).body);
  } catch {
    return undefined;
  }
}

export function faultToError(fault: GisFaultInfo): GisError {
  return new GisError(
    'fault',
    fault.errorCode ?? fault.faultCode,
    fault.errorMessage ?? fault.faultString,
  );
}

/** The Body of a successful response; a Fault becomes a GisError. */
function bodyOf(xml: string): XmlNode {
  const { body } = parseEnvelope(xml);
  const fault = faultOf(body);
  if (fault) throw faultToError(fault);
  return body;
}

// ---------------------------------------------------------------------------------------------
// AckRequest
// ---------------------------------------------------------------------------------------------

/** base:AckRequest/Ack: the synchronous answer to exportAppeal and importAnswer. */
export function parseAck(xml: string): GisAck {
  const body = bodyOf(xml);
  const ack = child(child(body, 'AckRequest', 'Body'), 'Ack', 'AckRequest');
  return {
    messageGuid: req(ack, 'MessageGUID', 'Ack'),
    requesterMessageGuid: req(ack, 'RequesterMessageGUID', 'Ack'),
  };
}

// ---------------------------------------------------------------------------------------------
// Exported appeals
// ---------------------------------------------------------------------------------------------

function attachmentOf(n: XmlNode): GisAttachmentRef {
  return compact({
    name: req(n, 'Name', 'Attachment'),
    description: opt(n, 'Description') ?? '',
    attachmentGuid: req(child(n, 'Attachment', 'Attachment'), 'AttachmentGUID', 'Attachment'),
    hash: opt(n, 'AttachmentHASH'),
  });
}

function attachmentsOf(n: XmlNode): GisAttachmentRef[] {
  return nodes(n.Attachment).map(attachmentOf);
}

function nsiRefOf(n: XmlNode, where: string): GisNsiRef {
  return compact({
    code: req(n, 'Code', where),
    guid: req(n, 'GUID', where),
    name: opt(n, 'Name'),
  });
}

function applicantOf(n: XmlNode): GisApplicant {
  if (flag(n, 'HCS')) return { kind: 'hcs' };
  const contacts = {
    postAddress: opt(n, 'PostAddress'),
    apartmentNumber: opt(n, 'ApartmentNumber'),
    email: opt(n, 'Email'),
    phone: opt(n, 'PhoneNumber'),
  };
  const person = node(n.Person);
  if (person) {
    return compact({
      kind: 'person',
      surname: req(person, 'Surname', 'Person'),
      firstName: req(person, 'FirstName', 'Person'),
      patronymic: opt(person, 'Patronymic'),
      ...contacts,
    });
  }
  const org = node(n.Org);
  if (org) {
    return compact({
      kind: 'organization',
      orgRootEntityGuid: req(org, 'orgRootEntityGUID', 'Org'),
      ...contacts,
    });
  }
  throw protocol('ApplicantInfo has neither Person, Org nor HCS');
}

function historyEventOf(h: XmlNode): GisHistoryEvent {
  const answer = node(h.Answer);
  if (answer) {
    return compact({
      kind: 'answer',
      answerGuid: opt(answer, 'AnswerGUID'),
      answerNumber: opt(answer, 'AnswerNumber'),
      sentOn: optDay(answer, 'SendAnswerDate', 'Answer'),
      answererGuid: req(child(answer, 'Answerer', 'Answer'), 'AnswererGUID', 'Answerer'),
      text: opt(answer, 'AnswerText') ?? '',
      attachments: attachmentsOf(answer),
      isSent: flag(answer, 'AnswerIsSent'),
    });
  }
  const redirected = node(h.Redirected);
  if (redirected) {
    return compact({
      kind: 'redirected',
      receiverOrgGuid: req(
        child(redirected, 'Receiver', 'Redirected'),
        'orgRootEntityGUID',
        'Receiver',
      ),
      comment: opt(redirected, 'Comment'),
      attachments: attachmentsOf(redirected),
      answererGuid: opt(redirected, 'AnswererGUID'),
    });
  }
  const rolled = node(h.RolledOver);
  if (rolled) {
    return {
      kind: 'rolled-over',
      executionDate: reqDay(rolled, 'ExecutionDate', 'RolledOver'),
      comment: opt(rolled, 'Comment') ?? '',
      attachments: attachmentsOf(rolled),
      answererGuid: req(rolled, 'AnswererGUID', 'RolledOver'),
    };
  }
  const notRequired = node(h.IsNotRequired);
  if (notRequired) {
    return { kind: 'answer-not-required', cause: opt(notRequired, 'Cause') ?? '' };
  }
  const assessment = node(h.Assesment);
  if (assessment) {
    const result = flag(assessment, 'InformationIsReceived')
      ? 'received'
      : flag(assessment, 'AnswerIsPartlyReceived')
        ? 'partly-received'
        : 'not-satisfied';
    return compact({ kind: 'assessment', result, comment: opt(assessment, 'DeclineComment') });
  }
  return { kind: 'change' };
}

function historyOf(n: XmlNode): GisHistoryEntry[] {
  return nodes(n.AppealHistory).map((h) =>
    compact({
      changedOn: reqDay(h, 'ChangeDate', 'AppealHistory'),
      organizationGuid: opt(node(h.Organization) ?? {}, 'orgRootEntityGUID'),
      event: historyEventOf(h),
    }),
  );
}

const STATUSES: readonly GisAppealStatus[] = ['Send', 'InWork', 'Executed', 'Withdrawn'];

function topicOf(n: XmlNode, where: string): GisTopic {
  const topic = node(n.AppealTopic);
  if (topic) return { kind: 'nsi', ...nsiRefOf(topic, `${where}/AppealTopic`) };
  const other = opt(n, 'AnotherTopic');
  if (other !== undefined) return { kind: 'other', text: other };
  throw protocol(`${where}: neither AppealTopic nor AnotherTopic`);
}

/** One exportAppealResultType element (getStateResult/ExportAppealResult or …/Appeal). */
function appealOf(n: XmlNode): GisAppeal {
  const appealGuid = req(n, 'AppealGUID', 'Appeal');
  const where = `Appeal ${appealGuid}`;
  const status = req(n, 'AppealStatus', where) as GisAppealStatus;
  if (!STATUSES.includes(status)) throw protocol(`${where}: unknown AppealStatus`);
  const oktmo = child(n, 'OKTMO', where);
  const withdrawn = node(n.AppealWithdrawn);
  return compact({
    appealGuid,
    parentAppealGuid: opt(n, 'ParentAppealGUID'),
    appealNumber: req(n, 'AppealNumber', where),
    createdOn: reqDay(n, 'AppealCreateDate', where),
    applicant: applicantOf(child(n, 'ApplicantInfo', where)),
    topic: topicOf(n, where),
    fiasHouseGuid: opt(n, 'FIASHouseGuid'),
    oktmo: compact({ code: req(oktmo, 'code', 'OKTMO'), name: opt(oktmo, 'name') }),
    text: opt(n, 'AppealText') ?? '',
    attachments: attachmentsOf(n),
    answererGuid: opt(n, 'AnswererGUID'),
    history: historyOf(n),
    status,
    redirected: flag(n, 'Redirected')
      ? 'hcs'
      : flag(n, 'RedirectedIsNotHCS')
        ? 'not-hcs'
        : undefined,
    rolledOver: flag(n, 'RolledOver'),
    answerIsNotRequired: flag(n, 'AnswerIsNotRequired'),
    withdrawn: withdrawn ? compact({ comment: opt(withdrawn, 'Comment') }) : undefined,
    fromMobile: flag(n, 'FromMobile'),
    executionEndDate: optDay(n, 'ExecutionEndDate', where),
    npaRequirements: opt(n, 'NPARequirements'),
    dateOfAppointment: optDay(n, 'DateOfAppointment', where),
    collective: flag(n, 'Collective'),
    neighbours: nodes(n.NeighbourInfo).map(applicantOf),
  } satisfies GisAppeal);
}

function errorMessageOf(n: XmlNode): GisErrorMessage {
  return { code: req(n, 'ErrorCode', 'ErrorMessage'), description: opt(n, 'Description') ?? '' };
}

function importResultOf(n: XmlNode): GisImportResult {
  const transportGuid = req(n, 'TransportGUID', 'ImportResult');
  const errors = nodes(n.Error);
  if (errors.length > 0) {
    return compact({
      transportGuid,
      ok: false as const,
      guid: opt(n, 'GUID'),
      errors: errors.map(errorMessageOf),
    });
  }
  return compact({
    transportGuid,
    ok: true as const,
    guid: opt(n, 'GUID'),
    uniqueNumber: opt(n, 'UniqueNumber'),
    updatedAt: req(n, 'UpdateDate', 'ImportResult'),
  });
}

// ---------------------------------------------------------------------------------------------
// getStateResult
// ---------------------------------------------------------------------------------------------

/**
 * ap:getStateResult: RequestState, MessageGUID and, once done, one of ErrorMessage,
 * ImportResult* or ExportAppealResult*. INT002012 is reported as `nothingToExport`.
 */
export function parseGetStateResult(xml: string): GisStateResult {
  const body = bodyOf(xml);
  const result = child(body, 'getStateResult', 'Body');
  const messageGuid = req(result, 'MessageGUID', 'getStateResult');
  const state = Number(req(result, 'RequestState', 'getStateResult'));
  if (state !== 1 && state !== 2 && state !== 3) {
    throw protocol('getStateResult: RequestState is not 1, 2 or 3', messageGuid);
  }
  const errorNode = node(result.ErrorMessage);
  const error = errorNode ? errorMessageOf(errorNode) : undefined;
  const nothingToExport = error?.code === NOTHING_TO_EXPORT_CODE;
  return compact({
    messageGuid,
    requestState: state,
    error: nothingToExport ? undefined : error,
    nothingToExport,
    appeals: nodes(result.ExportAppealResult).map(appealOf),
    importResults: nodes(result.ImportResult).map(importResultOf),
  });
}

/** ap:exportAppealResult (Appeal* or ErrorMessage), the non-polled form of the export result. */
export function parseExportAppealResult(xml: string): {
  appeals: GisAppeal[];
  nothingToExport: boolean;
  error?: GisErrorMessage;
} {
  const result = child(bodyOf(xml), 'exportAppealResult', 'Body');
  const errorNode = node(result.ErrorMessage);
  const error = errorNode ? errorMessageOf(errorNode) : undefined;
  const nothingToExport = error?.code === NOTHING_TO_EXPORT_CODE;
  return compact({
    appeals: nodes(result.Appeal).map(appealOf),
    nothingToExport,
    error: nothingToExport ? undefined : error,
  });
}

// ---------------------------------------------------------------------------------------------
// Requests (the stand-in's side, and round-trip tests of the builders)
// ---------------------------------------------------------------------------------------------

export type ParsedGisRequest =
  | { operation: 'getState'; header: GisRequestHeader; messageGuid: string }
  | { operation: 'exportAppeal'; header: GisRequestHeader; filter: GisExportFilter }
  | {
      operation: 'importAnswer';
      header: GisRequestHeader;
      /** An AppealAction with several children yields several actions sharing a TransportGUID. */
      actions: GisImportAction[];
    };

function requestHeaderOf(header: XmlNode): GisRequestHeader {
  const h = child(header, 'RequestHeader', 'Header');
  const creator = node(h.ISCreator);
  return compact({
    date: new Date(req(h, 'Date', 'RequestHeader')),
    messageGuid: req(h, 'MessageGUID', 'RequestHeader'),
    orgPPAGuid: req(h, 'orgPPAGUID', 'RequestHeader'),
    isOperatorSignature: flag(h, 'IsOperatorSignature') || undefined,
    isCreator: creator
      ? {
          isName: req(creator, 'ISName', 'ISCreator'),
          isOperatorName: req(creator, 'ISOperatorName', 'ISCreator'),
        }
      : undefined,
  });
}

function exportFilterOf(n: XmlNode): GisExportFilter {
  const includeHcsAppeals = flag(n, 'IncludeHCSAppeals') || undefined;
  if (n.AppealGUID !== undefined) {
    return { by: 'appealGuid', appealGuids: list(n.AppealGUID).map(String) };
  }
  if (n.AppealNumber !== undefined) {
    return compact({
      by: 'appealNumber',
      appealNumbers: list(n.AppealNumber).map(String),
      includeHcsAppeals,
    });
  }
  const status = node(n.StatusOfAppeal);
  const statuses = status
    ? (['Sent', 'InWork', 'Executed', 'Withdrawn'] as GisStatusFilter[]).filter((s) =>
        flag(status, s),
      )
    : undefined;
  const theme = node(n.AppealTheme);
  const houses = list(n.FIASHouseGuid).map(String);
  return compact({
    by: 'period' as const,
    startDate: opt(n, 'StartDate'),
    endDate: opt(n, 'EndDate'),
    theme: theme ? nsiRefOf(theme, 'AppealTheme') : undefined,
    fiasHouseGuids: houses.length > 0 ? houses : undefined,
    statuses,
    includeHcsAppeals,
  });
}

function appealRefOf(n: XmlNode, where: string): GisAppealRef {
  const appealGuid = opt(n, 'AppealGUID');
  if (appealGuid !== undefined) return { appealGuid };
  return { appealNumber: req(n, 'AppealNumber', where) };
}

function signedAttachmentOf(n: XmlNode): GisSignedAttachmentRef {
  return {
    attachment: attachmentOf(child(n, 'Attachment', 'SignedAttachments')),
    signatures: nodes(n.Signature).map((s) => {
      const a = attachmentOf(s);
      return compact({ ...a, description: opt(s, 'Description') });
    }),
  };
}

function answerOf(n: XmlNode): GisAnswerInput {
  const load = node(n.LoadAnswer);
  const signed = load ? nodes(load.SignedAttachments) : [];
  const files = load ? attachmentsOf(load) : [];
  return compact({
    transportGuid: req(n, 'TransportGUID', 'Answer'),
    answerGuid: opt(n, 'AnswerGUID'),
    answererGuid: req(n, 'AnswererGUID', 'Answer'),
    load: load
      ? compact({
          text: req(load, 'AnswerText', 'LoadAnswer'),
          attachments: files.length > 0 ? files : undefined,
          signedAttachments: signed.length > 0 ? signed.map(signedAttachmentOf) : undefined,
        })
      : undefined,
    send: flag(n, 'SendAnswer') || undefined,
  });
}

function filesOrUndefined(n: XmlNode): GisAttachmentRef[] | undefined {
  const files = attachmentsOf(n);
  return files.length > 0 ? files : undefined;
}

function appealActionsOf(n: XmlNode): GisImportAction[] {
  const base = {
    transportGuid: req(n, 'TransportGUID', 'AppealAction'),
    appeal: appealRefOf(n, 'AppealAction'),
  };
  const out: GisImportAction[] = [];
  const performer = node(n.Performer);
  if (performer) {
    out.push(
      compact({
        ...base,
        kind: 'assign-performer' as const,
        answererGuid: req(performer, 'AnswererGUID', 'Performer'),
        dateOfAppointment: opt(performer, 'DateOfAppointment'),
      }),
    );
  }
  const executed = node(n.Executed);
  if (executed) {
    out.push({
      ...base,
      kind: 'executed',
      answererGuid: req(executed, 'AnswererGUID', 'Executed'),
    });
  }
  const redirects = nodes(n.RedirectAppeal);
  if (redirects.length > 0) {
    out.push({
      ...base,
      kind: 'redirect',
      answererGuid: req(redirects[0], 'AnswererGUID', 'RedirectAppeal'),
      receivers: redirects.map((r) =>
        compact({
          orgRootEntityGuid: req(
            child(r, 'Receiver', 'RedirectAppeal'),
            'orgRootEntityGUID',
            'Receiver',
          ),
          comment: opt(r, 'Comment'),
          attachments: filesOrUndefined(r),
        }),
      ),
    });
  }
  const rollOver = node(n.RollOverAppeal);
  if (rollOver) {
    out.push(
      compact({
        ...base,
        kind: 'roll-over' as const,
        answererGuid: req(rollOver, 'AnswererGUID', 'RollOverAppeal'),
        executionDate: req(rollOver, 'ExecutionDate', 'RollOverAppeal'),
        comment: req(rollOver, 'Comment', 'RollOverAppeal'),
        attachments: filesOrUndefined(rollOver),
      }),
    );
  }
  const notRequired = node(n.AnswerIsNotRequired);
  if (notRequired) {
    out.push({
      ...base,
      kind: 'answer-not-required',
      answererGuid: req(notRequired, 'AnswererGUID', 'AnswerIsNotRequired'),
      cause: req(notRequired, 'Cause', 'AnswerIsNotRequired'),
    });
  }
  return out;
}

function importActionsOf(n: XmlNode): GisImportAction[] {
  const answers = nodes(n.AnswerAction).flatMap((a) => {
    const base = {
      transportGuid: req(a, 'TransportGUID', 'AnswerAction'),
      appeal: appealRefOf(a, 'AnswerAction'),
    };
    return nodes(a.Answer).map((answer) => ({
      ...base,
      kind: 'answer' as const,
      answer: answerOf(answer),
    }));
  });
  return [...answers, ...nodes(n.AppealAction).flatMap(appealActionsOf)];
}

/** Reads a request we (or anybody) sent to AppealsAsync. */
export function parseGisRequest(xml: string): ParsedGisRequest {
  const { header, body } = parseEnvelope(xml);
  const requestHeader = requestHeaderOf(header);
  const getState = node(body.getStateRequest);
  if (getState) {
    return {
      operation: 'getState',
      header: requestHeader,
      messageGuid: req(getState, 'MessageGUID', 'getStateRequest'),
    };
  }
  const exportRequest = node(body.exportAppealRequest);
  if (exportRequest) {
    return {
      operation: 'exportAppeal',
      header: requestHeader,
      filter: exportFilterOf(exportRequest),
    };
  }
  const importRequest = node(body.importAnswerRequest);
  if (importRequest) {
    return {
      operation: 'importAnswer',
      header: requestHeader,
      actions: importActionsOf(importRequest),
    };
  }
  throw protocol('Body holds no AppealsAsync request');
}

/** Which operation a request body is for, to check it against the SOAPAction header. */
export function operationOfSoapAction(soapAction: string | undefined): GisOperation | undefined {
  // SOAP 1.1 quotes the header value; some clients do not.
  const action = (soapAction ?? '').replace(/^"|"$/g, '');
  return (Object.keys(SOAP_ACTIONS) as GisOperation[]).find((op) => SOAP_ACTIONS[op] === action);
}
