import {
  child,
  compact,
  flag,
  list,
  node,
  nodes,
  opt,
  parseEnvelope,
  protocol,
  req,
  type XmlNode,
} from '../../src/integrations/gis-zhkh/gis-envelope';
import {
  SOAP_ACTIONS,
  type GisOperation,
  type GisRequestHeader,
} from '../../src/integrations/gis-zhkh/gis-messages';
import { attachmentOf, attachmentsOf, nsiRefOf } from '../../src/integrations/gis-zhkh/gis-parsers';
import type {
  GisAnswerInput,
  GisAppealRef,
  GisAttachmentRef,
  GisExportFilter,
  GisImportAction,
  GisSignedAttachmentRef,
  GisStatusFilter,
} from '../../src/integrations/gis-zhkh/gis-types';

/*
 * Requests to AppealsAsync read back: the stand-in's side of the protocol, and the round-trip
 * tests of our builders (gis-messages.spec.ts). The application only sends requests, so this
 * lives with the tests, not in src/.
 */

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
