import {
  bodyOf,
  child,
  compact,
  flag,
  node,
  nodes,
  opt,
  optDay,
  protocol,
  req,
  reqDay,
  type XmlNode,
} from './gis-envelope';
import type {
  GisAck,
  GisAppeal,
  GisAppealStatus,
  GisApplicant,
  GisAttachmentRef,
  GisErrorMessage,
  GisHistoryEntry,
  GisHistoryEvent,
  GisImportResult,
  GisNsiRef,
  GisStateResult,
  GisTopic,
} from './gis-types';

/** ErrorMessage code meaning «no objects to export»: an empty result, not a failure. */
export const NOTHING_TO_EXPORT_CODE = 'INT002012';

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

export function attachmentOf(n: XmlNode): GisAttachmentRef {
  return compact({
    name: req(n, 'Name', 'Attachment'),
    description: opt(n, 'Description') ?? '',
    attachmentGuid: req(child(n, 'Attachment', 'Attachment'), 'AttachmentGUID', 'Attachment'),
    hash: opt(n, 'AttachmentHASH'),
  });
}

export function attachmentsOf(n: XmlNode): GisAttachmentRef[] {
  return nodes(n.Attachment).map(attachmentOf);
}

export function nsiRefOf(n: XmlNode, where: string): GisNsiRef {
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
