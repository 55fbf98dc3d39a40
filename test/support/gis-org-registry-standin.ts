import { randomUUID } from 'crypto';
import type * as http from 'http';
import {
  child,
  nodes,
  opt,
  parseEnvelope,
  req as reqText,
} from '../../src/integrations/gis-zhkh/gis-envelope';
import {
  EXPORT_ORG_REGISTRY_VERSION,
  ORG_NS,
  ORG_REGISTRY_PATH,
  ORG_REGISTRY_SOAP_ACTIONS,
  type GisOrgCriterion,
  type GisOrganization,
} from '../../src/integrations/gis-zhkh/gis-org-registry.messages';
import type {
  GisErrorMessage,
  GisRequestState,
  Guid,
} from '../../src/integrations/gis-zhkh/gis-types';
import {
  ackXml,
  el,
  errorMessage,
  getStateResultXml,
  NOTHING_TO_EXPORT,
  readBody,
  responseEnvelope,
  sendXml,
  soapFault,
  text,
  type StandInFailure,
} from './gis-standin-xml';

/**
 * OrgRegistryCommonAsync of the tests' stand-in (a delegate of GisAppealsStandIn, on the same
 * port, at the WSDL's path): exportOrgRegistry over scripted organisations, acked and answered
 * through getState like AppealsAsync (same state sequence). Legal entities and entrepreneurs only.
 */

export type ScriptedOrganization = GisOrganization;

export type { StandInFailure };

export type OrgOutcome =
  | { kind: 'export'; organizations: readonly ScriptedOrganization[] }
  | { kind: 'error'; error: GisErrorMessage };

export interface OrgRegistryHost {
  stateSequence(): readonly GisRequestState[];
  now?: () => Date;
  newGuid?: () => Guid;
  /** As GisStandInOptions.verifySignatures: exportOrgRegistry is signed like every BaseType. */
  verifySignatures?: (xml: string) => boolean | Promise<boolean>;
}

const MAX_REQUEST_BYTES = 1024 * 1024;

export class GisOrgRegistryStandIn {
  /** The criteria of every exportOrgRegistry request received, in order. */
  readonly exports: GisOrgCriterion[][] = [];
  /** Every request (exportOrgRegistry and getState) by SOAPAction, in order. */
  readonly soapActions: string[] = [];
  /** The body of every exportOrgRegistry request, in order (as sent, signature included). */
  readonly exportBodies: string[] = [];
  private readonly organizations = new Map<Guid, ScriptedOrganization>();
  private readonly messages = new Map<Guid, { polls: number; outcome: OrgOutcome }>();
  private readonly failures: StandInFailure[] = [];
  private readonly now: () => Date;
  private readonly newGuid: () => Guid;

  constructor(private readonly host: OrgRegistryHost) {
    this.now = host.now ?? (() => new Date());
    this.newGuid = host.newGuid ?? randomUUID;
  }

  static handles(url: string | undefined): boolean {
    return (url ?? '').split('?')[0] === ORG_REGISTRY_PATH;
  }

  setOrganizations(list: readonly ScriptedOrganization[]): void {
    this.organizations.clear();
    for (const o of list)
      this.organizations.set(o.orgRootEntityGuid.toLowerCase(), structuredClone(o));
  }

  /** The next `count` requests to the registry fail in the given way. */
  failNext(count: number, failure: StandInFailure): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const send = (status: number, body: string) => sendXml(res, status, body);
    const fault = (code: string, message: string) =>
      send(500, orgEnvelope(soapFault(code, message), this.now(), this.newGuid()));
    try {
      const body = await readBody(req, MAX_REQUEST_BYTES);
      const soapAction = ((req.headers.soapaction as string | undefined) ?? '').replace(/"/g, '');
      this.soapActions.push(soapAction);
      if (req.method !== 'POST') return send(405, '');
      const failure = this.failures.shift();
      if (failure?.kind === 'http') return send(failure.status, 'Service Unavailable');
      if (failure?.kind === 'fault') {
        return fault(failure.code ?? 'STANDIN_FAULT', failure.message ?? 'Внутренняя ошибка');
      }
      const injected: GisErrorMessage | undefined =
        failure?.kind === 'error-message'
          ? { code: failure.code ?? 'STANDIN_ERROR', description: failure.description ?? 'Ошибка' }
          : undefined;
      const { body: soapBody } = parseEnvelope(body);
      if (soapAction === ORG_REGISTRY_SOAP_ACTIONS.getState) {
        const messageGuid = reqText(
          child(soapBody, 'getStateRequest', 'Body'),
          'MessageGUID',
          'getStateRequest',
        );
        return send(200, this.getState(messageGuid, injected));
      }
      if (soapAction !== ORG_REGISTRY_SOAP_ACTIONS.exportOrgRegistry) {
        return fault('STANDIN_BAD_SOAPACTION', 'Unknown SOAPAction');
      }
      this.exportBodies.push(body);
      if (this.host.verifySignatures && !(await this.host.verifySignatures(body))) {
        return fault('STANDIN_SIGNATURE', 'Подпись сообщения отсутствует или неверна');
      }
      const request = child(soapBody, 'exportOrgRegistryRequest', 'Body');
      const criteria = nodes(request.SearchCriteria).map(criterionOf);
      this.exports.push(criteria);
      const messageGuid = this.newGuid();
      this.messages.set(messageGuid, {
        polls: 0,
        outcome: injected
          ? { kind: 'error', error: injected }
          : { kind: 'export', organizations: this.select(criteria) },
      });
      const { header } = parseEnvelope(body);
      const requester = opt(child(header, 'ISRequestHeader', 'Header'), 'MessageGUID') ?? '';
      return send(200, orgEnvelope(ackXml(messageGuid, requester), this.now(), this.newGuid()));
    } catch {
      return fault('STANDIN_BAD_REQUEST', 'unreadable');
    }
  }

  private select(criteria: readonly GisOrgCriterion[]): ScriptedOrganization[] {
    const all = [...this.organizations.values()];
    const found = new Map<Guid, ScriptedOrganization>();
    for (const c of criteria) {
      for (const o of all) {
        const hit =
          c.by === 'orgRootEntityGuid'
            ? o.orgRootEntityGuid.toLowerCase() === c.guid.toLowerCase()
            : c.by === 'ogrnip'
              ? o.kind === 'entrepreneur' && o.ogrn === c.ogrnip
              : o.kind !== 'entrepreneur' && o.ogrn === c.ogrn && (!c.kpp || o.kpp === c.kpp);
        if (hit) found.set(o.orgRootEntityGuid, structuredClone(o));
      }
    }
    return [...found.values()];
  }

  private getState(messageGuid: Guid, injected: GisErrorMessage | undefined): string {
    const message = this.messages.get(messageGuid.toLowerCase());
    if (injected || !message) {
      const error = injected ?? {
        code: 'STANDIN_UNKNOWN_MESSAGE',
        description: 'Сообщение не найдено',
      };
      return orgRegistryStateXml(
        messageGuid,
        3,
        { kind: 'error', error },
        this.now(),
        this.newGuid(),
      );
    }
    const seq = this.host.stateSequence();
    const state = seq.length > 0 ? seq[Math.min(message.polls, seq.length - 1)] : 3;
    message.polls += 1;
    return orgRegistryStateXml(
      messageGuid,
      state,
      state === 3 ? message.outcome : undefined,
      this.now(),
      this.newGuid(),
    );
  }
}

function criterionOf(n: Record<string, unknown>): GisOrgCriterion {
  const root = opt(n, 'orgRootEntityGUID');
  if (root) return { by: 'orgRootEntityGuid', guid: root };
  const ogrnip = opt(n, 'OGRNIP');
  if (ogrnip) return { by: 'ogrnip', ogrnip };
  const ogrn = reqText(n, 'OGRN', 'SearchCriteria');
  const kpp = opt(n, 'KPP');
  return kpp ? { by: 'ogrn', ogrn, kpp } : { by: 'ogrn', ogrn };
}

// ---------------------------------------------------------------------------------------------
// Response XML (exported for the parsers' tests, which check it against the XSD)
// ---------------------------------------------------------------------------------------------

function orgEnvelope(body: string, date: Date, messageGuid: Guid): string {
  return responseEnvelope(ORG_NS, body, date, messageGuid);
}

/** Content of an exportOrgRegistryResultType element, in schema order. */
function organizationXml(o: ScriptedOrganization): string {
  let detail: string;
  switch (o.kind) {
    case 'legal':
      detail = el(
        'ro:Legal',
        text('org:ShortName', o.shortName) +
          text('org:FullName', o.fullName) +
          text('orgb:OGRN', o.ogrn) +
          text('orgb:INN', o.inn) +
          text('orgb:KPP', o.kpp),
      );
      break;
    case 'entrepreneur':
      detail = el(
        'ro:Entrp',
        text('org:Surname', o.surname) +
          text('org:FirstName', o.firstName) +
          text('org:Patronymic', o.patronymic) +
          text('orgb:OGRNIP', o.ogrn) +
          text('orgb:INN', o.inn),
      );
      break;
    default:
      throw new Error(`the stand-in does not script ${o.kind}`);
  }
  return (
    text('org:orgRootEntityGUID', o.orgRootEntityGuid) +
    el(
      'ro:OrgVersion',
      text('org:orgVersionGUID', o.orgVersionGuid) +
        text('ro:lastEditingDate', o.lastEditedOn) +
        text('ro:IsActual', String(o.isActual)) +
        detail +
        text('ro:registryOrganizationStatus', o.registryStatus),
    ) +
    text('base:orgPPAGUID', o.orgPPAGuid) +
    (o.isRegistered ? text('ro:isRegistered', 'true') : '')
  );
}

/** A whole getStateResult envelope of OrgRegistryCommonAsync. */
export function orgRegistryStateXml(
  messageGuid: Guid,
  state: GisRequestState,
  outcome?: OrgOutcome,
  date = new Date(),
  responseGuid: Guid = randomUUID(),
): string {
  let payload = '';
  if (outcome?.kind === 'error') payload = errorMessage(outcome.error);
  else if (outcome?.kind === 'export') {
    payload =
      outcome.organizations.length === 0
        ? errorMessage(NOTHING_TO_EXPORT)
        : outcome.organizations
            .map((o) => el('ro:exportOrgRegistryResult', organizationXml(o)))
            .join('');
  }
  return orgEnvelope(
    getStateResultXml(
      'ro:getStateResult',
      EXPORT_ORG_REGISTRY_VERSION,
      state,
      messageGuid,
      payload,
    ),
    date,
    responseGuid,
  );
}
