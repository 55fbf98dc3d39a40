import { randomUUID } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { GisError } from '../../src/integrations/gis-zhkh/gis-error';
import {
  GET_STATE_RESULT_VERSION,
  NS,
  type GisOperation,
} from '../../src/integrations/gis-zhkh/gis-messages';
import {
  operationOfSoapAction,
  parseGisRequest,
  type ParsedGisRequest,
} from './gis-request-parser';
import { GisFileStoreStandIn } from './gis-file-store-standin';
import { GisOrgRegistryStandIn, type ScriptedOrganization } from './gis-org-registry-standin';
import type {
  GisAppeal,
  GisAppealRef,
  GisApplicant,
  GisAttachmentRef,
  GisErrorMessage,
  GisExportFilter,
  GisHistoryEntry,
  GisImportAction,
  GisImportResult,
  GisRequestState,
  Guid,
} from '../../src/integrations/gis-zhkh/gis-types';
import {
  ackXml,
  el,
  errorMessage,
  flag,
  getStateResultXml,
  NOTHING_TO_EXPORT,
  readBody,
  responseEnvelope as envelopeIn,
  sendXml,
  soapFault,
  text,
  type StandInFailure,
} from './gis-standin-xml';

/**
 * A local AppealsAsync on 127.0.0.1 for the tests: a test double, so under `test/` and never
 * shipped. It speaks the same SOAP as ГИС ЖКХ (schema 14.4.0.1): acks every request with a new
 * MessageGUID, walks each message through RequestState 1 → 2 → 3 on successive getState calls,
 * exports scripted appeals and applies imported actions to them. Error codes it invents start with `STANDIN_`; the ones it
 * shares with ГИС ЖКХ (INT002012) mean the same thing.
 */

export type { StandInFailure };
export { soapFault };

export interface StandInRequest {
  soapAction?: string;
  operation?: GisOperation;
  body: string;
  /** Absent when the body could not be read as an AppealsAsync request. */
  parsed?: ParsedGisRequest;
}

export interface GisStandInOptions {
  /** RequestState returned by the 1st, 2nd… getState call of a message; the last one repeats. */
  stateSequence?: readonly GisRequestState[];
  appeals?: readonly GisAppeal[];
  /**
   * Signature check of each signed request (exportAppeal, importAnswer; getState carries none):
   * false is answered with a SOAP Fault STANDIN_SIGNATURE, as ГИС ЖКХ refuses a message whose
   * XAdES signature is missing or does not verify. E.g. `(xml) => verifyGisSignature(xml).ok`.
   */
  verifySignatures?: (xml: string) => boolean | Promise<boolean>;
  /** Schema check of each request body; any error is answered with a SOAP Fault. */
  validate?: (xml: string) => Promise<readonly string[]>;
  now?: () => Date;
  newGuid?: () => Guid;
  /** File store: the only X-Upload-OrgPPAGUID it takes (default: any GUID). */
  orgPPAGuid?: string;
  /** File store: its part size (default 5 MiB, as ГИС ЖКХ). */
  filePartBytes?: number;
  /** OrgRegistryCommonAsync: the organisations exportOrgRegistry finds. */
  organizations?: readonly ScriptedOrganization[];
}

type Outcome =
  | { kind: 'export'; appeals: GisAppeal[] }
  | { kind: 'import'; results: GisImportResult[] }
  | { kind: 'error'; error: GisErrorMessage };

interface StoredMessage {
  operation: 'exportAppeal' | 'importAnswer';
  polls: number;
  outcome: Outcome;
}

const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export class GisAppealsStandIn {
  /** Every request received, in order, for assertions. */
  readonly requests: StandInRequest[] = [];
  stateSequence: readonly GisRequestState[];

  private readonly appeals = new Map<Guid, GisAppeal>();
  private readonly messages = new Map<Guid, StoredMessage>();
  private readonly failures: StandInFailure[] = [];
  private readonly now: () => Date;
  private readonly newGuid: () => Guid;
  private answerCounter = 0;
  private port = 0;
  /** The REST file store on the same port (`/ext-bus-file-store-service/rest/appeals`). */
  readonly fileStore: GisFileStoreStandIn;
  /** OrgRegistryCommonAsync on the same port (exportOrgRegistry, getState). */
  readonly orgRegistry: GisOrgRegistryStandIn;

  private constructor(
    private readonly server: http.Server,
    private readonly options: GisStandInOptions,
  ) {
    this.stateSequence = options.stateSequence ?? [1, 2, 3];
    this.now = options.now ?? (() => new Date());
    this.newGuid = options.newGuid ?? randomUUID;
    this.setAppeals(options.appeals ?? []);
    this.orgRegistry = new GisOrgRegistryStandIn({
      stateSequence: () => this.stateSequence,
      now: this.now,
      newGuid: this.newGuid,
      verifySignatures: options.verifySignatures,
    });
    this.orgRegistry.setOrganizations(options.organizations ?? []);
    this.fileStore = new GisFileStoreStandIn({
      orgPPAGuid: options.orgPPAGuid,
      partBytes: options.filePartBytes,
    });
  }

  static async start(options: GisStandInOptions = {}): Promise<GisAppealsStandIn> {
    const server = http.createServer();
    const standIn = new GisAppealsStandIn(server, options);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      void standIn.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    standIn.port = (server.address() as AddressInfo).port;
    return standIn;
  }

  /** The AppealsAsync endpoint; the path mirrors the one in the WSDL. */
  /** OrgRegistryCommonAsync (GIS_ZHKH_ORG_REGISTRY_ENDPOINT); the path mirrors the WSDL. */
  get orgRegistryUrl(): string {
    return `http://127.0.0.1:${this.port}/ext-bus-org-registry-common-service/services/OrgRegistryCommonAsync`;
  }

  /** The file store's base URL (GIS_ZHKH_FILE_STORE_URL). */
  get fileStoreUrl(): string {
    return `http://127.0.0.1:${this.port}/ext-bus-file-store-service/rest`;
  }

  /** Preloads a file «uploaded by ГИС» for a scripted appeal's attachments (see fileStore). */
  putFile(bytes: Buffer, name: string, description?: string): GisAttachmentRef {
    return this.fileStore.putFile(bytes, name, description);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/ext-bus-appeals-service/services/AppealsAsync`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Replaces the scripted appeals (copies them: the stand-in mutates its own state). */
  setAppeals(appeals: readonly GisAppeal[]): void {
    this.appeals.clear();
    for (const a of appeals) this.appeals.set(a.appealGuid.toLowerCase(), structuredClone(a));
  }

  /** The stand-in's current view of an appeal, after the actions it has applied. */
  appeal(appealGuid: Guid): GisAppeal | undefined {
    const a = this.appeals.get(appealGuid.toLowerCase());
    return a && structuredClone(a);
  }

  /** The next `count` requests fail in the given way, whatever their operation. */
  failNext(count: number, failure: StandInFailure): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  /** Requests of one operation, parsed. */
  received(operation: GisOperation): ParsedGisRequest[] {
    return this.requests
      .filter((r) => r.operation === operation && r.parsed)
      .map((r) => r.parsed as ParsedGisRequest);
  }

  // -------------------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (GisOrgRegistryStandIn.handles(req.url)) return this.orgRegistry.handle(req, res);
    if (GisFileStoreStandIn.handles(req.url)) {
      return this.fileStore.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    }
    try {
      const body = await readBody(req, MAX_REQUEST_BYTES);
      const soapAction = req.headers.soapaction as string | undefined;
      const record: StandInRequest = {
        soapAction,
        operation: operationOfSoapAction(soapAction),
        body,
      };
      this.requests.push(record);
      if (req.method !== 'POST') return this.send(res, 405, '');
      const failure = this.failures.shift();
      if (failure?.kind === 'http') return this.send(res, failure.status, 'Service Unavailable');
      if (failure?.kind === 'fault') {
        return this.fault(
          res,
          failure.code ?? 'STANDIN_FAULT',
          failure.message ?? 'Внутренняя ошибка',
        );
      }
      if (!record.operation) return this.fault(res, 'STANDIN_BAD_SOAPACTION', 'Unknown SOAPAction');
      if (
        this.options.verifySignatures &&
        record.operation !== 'getState' &&
        !(await this.options.verifySignatures(body))
      ) {
        return this.fault(res, 'STANDIN_SIGNATURE', 'Подпись сообщения отсутствует или неверна');
      }
      const errors = this.options.validate ? await this.options.validate(body) : [];
      if (errors.length > 0) return this.fault(res, 'STANDIN_SCHEMA', errors.join('; '));
      try {
        record.parsed = parseGisRequest(body);
      } catch (e) {
        return this.fault(
          res,
          'STANDIN_BAD_REQUEST',
          e instanceof GisError ? e.description : 'unreadable',
        );
      }
      if (record.parsed.operation !== record.operation) {
        return this.fault(res, 'STANDIN_BAD_SOAPACTION', 'SOAPAction does not match the Body');
      }
      const injected = failure?.kind === 'error-message' ? failure : undefined;
      const error = injected && {
        code: injected.code ?? 'STANDIN_ERROR',
        description: injected.description ?? 'Ошибка обработки',
      };
      this.send(res, 200, this.answer(record.parsed, error));
    } catch {
      this.fault(res, 'STANDIN_INTERNAL', 'stand-in failure');
    }
  }

  private answer(request: ParsedGisRequest, error: GisErrorMessage | undefined): string {
    switch (request.operation) {
      case 'getState':
        return this.getState(request.messageGuid, error);
      case 'exportAppeal':
        return this.accept('exportAppeal', request.header.messageGuid, () =>
          error
            ? { kind: 'error', error }
            : { kind: 'export', appeals: this.select(request.filter) },
        );
      case 'importAnswer':
        return this.accept('importAnswer', request.header.messageGuid, () =>
          error
            ? { kind: 'error', error }
            : { kind: 'import', results: this.apply(request.actions) },
        );
    }
  }

  /** Work is done on receipt; getState only reveals it once the state sequence reaches 3. */
  private accept(
    operation: StoredMessage['operation'],
    requesterMessageGuid: Guid,
    work: () => Outcome,
  ): string {
    const messageGuid = this.newGuid();
    this.messages.set(messageGuid.toLowerCase(), { operation, polls: 0, outcome: work() });
    return this.envelope(ackXml(messageGuid, requesterMessageGuid));
  }

  private getState(messageGuid: Guid, injected: GisErrorMessage | undefined): string {
    const message = this.messages.get(messageGuid.toLowerCase());
    let state: GisRequestState = 3;
    let payload = '';
    if (injected) {
      payload = errorMessage(injected);
    } else if (!message) {
      payload = errorMessage({
        code: 'STANDIN_UNKNOWN_MESSAGE',
        description: 'Сообщение не найдено',
      });
    } else {
      const seq = this.stateSequence.length > 0 ? this.stateSequence : [3 as const];
      state = seq[Math.min(message.polls, seq.length - 1)];
      message.polls += 1;
      if (state === 3) payload = outcomeXml(message.outcome);
    }
    return this.envelope(
      getStateResultXml('ap:getStateResult', GET_STATE_RESULT_VERSION, state, messageGuid, payload),
    );
  }

  // ------------------------------------------------------------------------------- export

  private select(filter: GisExportFilter): GisAppeal[] {
    const all = [...this.appeals.values()];
    let picked: GisAppeal[];
    switch (filter.by) {
      case 'appealGuid': {
        const wanted = new Set(filter.appealGuids.map((g) => g.toLowerCase()));
        picked = all.filter((a) => wanted.has(a.appealGuid.toLowerCase()));
        break;
      }
      case 'appealNumber': {
        const wanted = new Set(filter.appealNumbers);
        picked = all.filter(
          (a) =>
            wanted.has(a.appealNumber) && (filter.includeHcsAppeals || a.applicant.kind !== 'hcs'),
        );
        break;
      }
      case 'period': {
        const statuses = filter.statuses?.map((s) => (s === 'Sent' ? 'Send' : s));
        const houses = filter.fiasHouseGuids?.map((g) => g.toLowerCase());
        picked = all.filter(
          (a) =>
            (filter.startDate === undefined || a.createdOn >= filter.startDate) &&
            (filter.endDate === undefined || a.createdOn <= filter.endDate) &&
            (!statuses || statuses.includes(a.status)) &&
            (!houses || houses.includes(a.fiasHouseGuid?.toLowerCase() ?? '')) &&
            (!filter.theme || (a.topic.kind === 'nsi' && a.topic.guid === filter.theme.guid)) &&
            (filter.includeHcsAppeals || a.applicant.kind !== 'hcs'),
        );
        break;
      }
    }
    return picked
      .sort(
        (x, y) =>
          x.createdOn.localeCompare(y.createdOn) || x.appealNumber.localeCompare(y.appealNumber),
      )
      .map((a) => structuredClone(a));
  }

  // ------------------------------------------------------------------------------- import

  private find(ref: GisAppealRef): GisAppeal | undefined {
    if ('appealGuid' in ref) return this.appeals.get(ref.appealGuid.toLowerCase());
    return [...this.appeals.values()].find((a) => a.appealNumber === ref.appealNumber);
  }

  private apply(actions: readonly GisImportAction[]): GisImportResult[] {
    const results = new Map<string, GisImportResult>();
    const updatedAt = this.now().toISOString();
    const today = updatedAt.slice(0, 10);
    const reject = (transportGuid: Guid, code: string, description: string) =>
      results.set(transportGuid, { transportGuid, ok: false, errors: [{ code, description }] });
    for (const action of actions) {
      const appeal = this.find(action.appeal);
      if (!appeal) {
        reject(action.transportGuid, 'STANDIN_NOT_FOUND', 'Обращение не найдено');
        if (action.kind === 'answer') {
          reject(action.answer.transportGuid, 'STANDIN_NOT_FOUND', 'Обращение не найдено');
        }
        continue;
      }
      const history = (entry: Omit<GisHistoryEntry, 'changedOn'>) =>
        appeal.history.push({ changedOn: today, ...entry });
      switch (action.kind) {
        case 'assign-performer':
          appeal.answererGuid = action.answererGuid;
          appeal.dateOfAppointment ??= action.dateOfAppointment;
          if (appeal.status === 'Send') appeal.status = 'InWork';
          break;
        case 'executed':
          appeal.status = 'Executed';
          break;
        case 'redirect':
          appeal.redirected = 'hcs';
          for (const r of action.receivers) {
            history({
              event: {
                kind: 'redirected',
                receiverOrgGuid: r.orgRootEntityGuid,
                comment: r.comment,
                attachments: r.attachments ?? [],
                answererGuid: action.answererGuid,
              },
            });
          }
          break;
        case 'roll-over':
          appeal.rolledOver = true;
          appeal.executionEndDate = action.executionDate;
          history({
            event: {
              kind: 'rolled-over',
              executionDate: action.executionDate,
              comment: action.comment,
              attachments: action.attachments ?? [],
              answererGuid: action.answererGuid,
            },
          });
          break;
        case 'answer-not-required':
          appeal.answerIsNotRequired = true;
          history({ event: { kind: 'answer-not-required', cause: action.cause } });
          break;
        case 'answer': {
          const a = action.answer;
          const existing =
            a.answerGuid === undefined
              ? undefined
              : appeal.history.find(
                  (h) => h.event.kind === 'answer' && h.event.answerGuid === a.answerGuid,
                );
          const problem =
            a.answerGuid !== undefined && !existing
              ? 'Ответ не найден'
              : !a.load && !existing
                ? 'Нет ответа для отправки'
                : undefined;
          if (problem) {
            reject(action.transportGuid, 'STANDIN_NO_ANSWER', problem);
            reject(a.transportGuid, 'STANDIN_NO_ANSWER', problem);
            continue;
          }
          const event =
            existing?.event.kind === 'answer'
              ? existing.event
              : {
                  kind: 'answer' as const,
                  answerGuid: this.newGuid(),
                  answerNumber: `${appeal.appealNumber}-О${++this.answerCounter}`,
                  answererGuid: a.answererGuid,
                  text: '',
                  attachments: [],
                  isSent: false,
                };
          if (!existing) history({ event });
          if (a.load) {
            event.text = a.load.text;
            event.attachments = a.load.attachments ?? [];
            event.answererGuid = a.answererGuid;
          }
          if (a.send) {
            event.isSent = true;
            event.sentOn = today;
          }
          results.set(a.transportGuid, {
            transportGuid: a.transportGuid,
            ok: true,
            guid: event.answerGuid,
            uniqueNumber: event.answerNumber,
            updatedAt,
          });
          break;
        }
      }
      results.set(action.transportGuid, {
        transportGuid: action.transportGuid,
        ok: true,
        guid: appeal.appealGuid,
        updatedAt,
      });
    }
    return [...results.values()];
  }

  // ------------------------------------------------------------------------------- SOAP

  private envelope(body: string): string {
    return responseEnvelope(body, this.now(), this.newGuid());
  }

  private fault(res: http.ServerResponse, code: string, message: string): void {
    this.send(res, 500, this.envelope(soapFault(code, message)));
  }

  private send(res: http.ServerResponse, status: number, body: string): void {
    sendXml(res, status, body);
  }
}

// ---------------------------------------------------------------------------------------------
// Response XML. Exported so that tests can validate what the stand-in says against the XSD.
// ---------------------------------------------------------------------------------------------

/** The namespaces an AppealsAsync response declares, in this order. */
const APPEALS_NS = { soapenv: NS.soapenv, base: NS.base, ap: NS.ap, nsi: NS.nsi, org: NS.org };

export function responseEnvelope(body: string, date: Date, messageGuid: Guid): string {
  return envelopeIn(APPEALS_NS, body, date, messageGuid);
}

function outcomeXml(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'error':
      return errorMessage(outcome.error);
    case 'export':
      return outcome.appeals.length === 0
        ? errorMessage(NOTHING_TO_EXPORT)
        : outcome.appeals.map((a) => el('ap:ExportAppealResult', appealXml(a))).join('');
    case 'import':
      return outcome.results.map((r) => el('ap:ImportResult', importResultXml(r))).join('');
  }
}

function importResultXml(r: GisImportResult): string {
  const head = text('base:GUID', r.guid) + text('base:TransportGUID', r.transportGuid);
  if (!r.ok) {
    return (
      head +
      r.errors
        .map((e) =>
          el(
            'base:Error',
            text('base:ErrorCode', e.code) + text('base:Description', e.description),
          ),
        )
        .join('')
    );
  }
  return head + text('base:UniqueNumber', r.uniqueNumber) + text('base:UpdateDate', r.updatedAt);
}

function attachmentsXml(qname: string, list: readonly GisAttachmentRef[]): string {
  return list
    .map((a) =>
      el(
        qname,
        text('base:Name', a.name) +
          text('base:Description', a.description) +
          el('base:Attachment', text('base:AttachmentGUID', a.attachmentGuid)) +
          text('base:AttachmentHASH', a.hash),
      ),
    )
    .join('');
}

function orgRef(qname: string, guid: Guid): string {
  return el(qname, text('org:orgRootEntityGUID', guid));
}

/** Content of an ApplicantType element. */
function applicantXml(a: GisApplicant): string {
  if (a.kind === 'hcs') return text('ap:HCS', 'true');
  const who =
    a.kind === 'person'
      ? el(
          'ap:Person',
          text('ap:Surname', a.surname) +
            text('ap:FirstName', a.firstName) +
            text('ap:Patronymic', a.patronymic),
        )
      : orgRef('ap:Org', a.orgRootEntityGuid);
  return (
    who +
    text('ap:PostAddress', a.postAddress) +
    text('ap:ApartmentNumber', a.apartmentNumber) +
    text('ap:Email', a.email) +
    text('ap:PhoneNumber', a.phone)
  );
}

function historyXml(h: GisHistoryEntry): string {
  const e = h.event;
  let detail = '';
  switch (e.kind) {
    case 'answer':
      detail = el(
        'ap:Answer',
        text('ap:AnswerGUID', e.answerGuid) +
          text('ap:AnswerNumber', e.answerNumber) +
          text('ap:SendAnswerDate', e.sentOn) +
          el('ap:Answerer', text('ap:AnswererGUID', e.answererGuid)) +
          text('ap:AnswerText', e.text) +
          attachmentsXml('ap:Attachment', e.attachments) +
          flag('ap:AnswerIsSent', e.isSent),
      );
      break;
    case 'redirected':
      detail = el(
        'ap:Redirected',
        orgRef('ap:Receiver', e.receiverOrgGuid) +
          text('ap:Comment', e.comment) +
          attachmentsXml('ap:Attachment', e.attachments) +
          text('ap:AnswererGUID', e.answererGuid),
      );
      break;
    case 'rolled-over':
      detail = el(
        'ap:RolledOver',
        text('ap:ExecutionDate', e.executionDate) +
          text('ap:Comment', e.comment) +
          attachmentsXml('ap:Attachment', e.attachments) +
          text('ap:AnswererGUID', e.answererGuid),
      );
      break;
    case 'answer-not-required':
      detail = el('ap:IsNotRequired', text('ap:Cause', e.cause));
      break;
    case 'assessment':
      detail = el(
        'ap:Assesment',
        e.result === 'received'
          ? text('ap:InformationIsReceived', 'true')
          : text(
              e.result === 'partly-received'
                ? 'ap:AnswerIsPartlyReceived'
                : 'ap:AnswerIsNotSatisfied',
              'true',
            ) + text('ap:DeclineComment', e.comment ?? ''),
      );
      break;
    case 'change':
      break;
  }
  return el(
    'ap:AppealHistory',
    (h.organizationGuid ? orgRef('ap:Organization', h.organizationGuid) : '') +
      text('ap:ChangeDate', h.changedOn) +
      detail,
  );
}

/** Content of an exportAppealResultType element, in schema order. */
export function appealXml(a: GisAppeal): string {
  return [
    text('ap:AppealGUID', a.appealGuid),
    text('ap:ParentAppealGUID', a.parentAppealGuid),
    el('ap:ApplicantInfo', applicantXml(a.applicant)),
    text('ap:AppealNumber', a.appealNumber),
    text('ap:AppealCreateDate', a.createdOn),
    a.topic.kind === 'nsi'
      ? el(
          'ap:AppealTopic',
          text('nsi:Code', a.topic.code) +
            text('nsi:GUID', a.topic.guid) +
            text('nsi:Name', a.topic.name),
        )
      : text('ap:AnotherTopic', a.topic.text),
    text('ap:FIASHouseGuid', a.fiasHouseGuid),
    el('ap:OKTMO', text('base:code', a.oktmo.code) + text('base:name', a.oktmo.name)),
    text('ap:AppealText', a.text),
    attachmentsXml('ap:Attachment', a.attachments),
    text('ap:AnswererGUID', a.answererGuid),
    a.history.map(historyXml).join(''),
    text('ap:AppealStatus', a.status),
    flag('ap:Redirected', a.redirected === 'hcs'),
    flag('ap:RedirectedIsNotHCS', a.redirected === 'not-hcs'),
    flag('ap:RolledOver', a.rolledOver),
    flag('ap:AnswerIsNotRequired', a.answerIsNotRequired),
    a.withdrawn ? el('ap:AppealWithdrawn', text('ap:Comment', a.withdrawn.comment)) : '',
    flag('ap:FromMobile', a.fromMobile),
    text('ap:ExecutionEndDate', a.executionEndDate),
    text('ap:NPARequirements', a.npaRequirements),
    text('ap:DateOfAppointment', a.dateOfAppointment),
    flag('ap:Collective', a.collective),
    a.neighbours.map((n) => el('ap:NeighbourInfo', applicantXml(n))).join(''),
  ].join('');
}
