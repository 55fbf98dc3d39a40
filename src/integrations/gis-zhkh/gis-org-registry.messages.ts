import { bodyOf, child, compact, flag, node, nodes, opt, protocol, req, day } from './gis-envelope';
import { GisError } from './gis-error';
import { NS, SIGNED_ELEMENT_ID, xmlEscape } from './gis-messages';
import { NOTHING_TO_EXPORT_CODE } from './gis-parsers';
import type { GisHeaderBase } from './gis-transport';
import type { GisErrorMessage, GisRequestState, Guid, IsoDate } from './gis-types';

/*
 * The organisations registry: exportOrgRegistry of OrgRegistryCommonAsync (schema 14.4.0.1,
 * organizations-registry-common/hcs-organizations-registry-common-types.xsd; the records'
 * types in lib/hcs-organizations-registry-base.xsd and lib/hcs-organizations-base.xsd).
 */

/** targetNamespaces of the registry's schemas, with the shared ones. */
export const ORG_NS = {
  soapenv: NS.soapenv,
  base: NS.base,
  ro: 'http://dom.gosuslugi.ru/schema/integration/organizations-registry-common/',
  org: NS.org,
  orgb: 'http://dom.gosuslugi.ru/schema/integration/organizations-base/',
} as const;

export type GisOrgRegistryOperation = 'exportOrgRegistry' | 'getState';

/** soap:operation/@soapAction of RegOrgBindingAsync. */
export const ORG_REGISTRY_SOAP_ACTIONS: Record<GisOrgRegistryOperation, string> = {
  exportOrgRegistry: 'urn:exportOrgRegistry',
  getState: 'urn:getState',
};

/** The path of OrgRegistryCommonAsync in the WSDL's soap:address. */
export const ORG_REGISTRY_PATH =
  '/ext-bus-org-registry-common-service/services/OrgRegistryCommonAsync';

/** `base:version` is fixed at 10.0.2.1 for exportOrgRegistryRequest and its getStateResult. */
export const EXPORT_ORG_REGISTRY_VERSION = '10.0.2.1';

/** SearchCriteria maxOccurs="100". */
export const MAX_ORG_CRITERIA = 100;

/**
 * One SearchCriteria. The XSD's choice: ОГРНИП; ОГРН with an optional КПП; НЗА; orgVersionGUID;
 * orgRootEntityGUID; orgPPAGUID. There is no search by ИНН.
 */
export type GisOrgCriterion =
  | { by: 'orgRootEntityGuid'; guid: Guid }
  | { by: 'ogrn'; ogrn: string; kpp?: string }
  | { by: 'ogrnip'; ogrnip: string };

/** base:ISRequestHeader, the header of this service (it has no orgPPAGUID). */
export interface GisIsRequestHeader extends GisHeaderBase {
  isCreator?: { isName: string; isOperatorName: string };
}

export const GIS_ORG_KINDS = ['legal', 'subsidiary', 'entrepreneur', 'foreign_branch'] as const;
export type GisOrgKind = (typeof GIS_ORG_KINDS)[number];

/** One exportOrgRegistryResult, the fields we keep. */
export interface GisOrganization {
  orgRootEntityGuid: Guid;
  orgVersionGuid: Guid;
  kind: GisOrgKind;
  /** FullName; for an entrepreneur «ИП Фамилия Имя Отчество». */
  fullName: string;
  /** ShortName; for an entrepreneur «ИП Фамилия И. О.». */
  shortName?: string;
  /** ОГРН (13 digits) or, for an entrepreneur, ОГРНИП (15). */
  ogrn?: string;
  inn?: string;
  kpp?: string;
  /** Entrepreneur only. */
  surname?: string;
  firstName?: string;
  patronymic?: string;
  /** OrgVersion/IsActual: the registry's current version of this organisation. */
  isActual: boolean;
  lastEditedOn: IsoDate;
  /** registryOrganizationStatus (P: published). */
  registryStatus?: string;
  orgPPAGuid?: Guid;
  isRegistered: boolean;
}

export interface GisOrgStateResult {
  messageGuid: Guid;
  requestState: GisRequestState;
  /** ErrorMessage, except INT002012 which becomes `nothingFound`. */
  error?: GisErrorMessage;
  nothingFound: boolean;
  organizations: GisOrganization[];
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function invalid(description: string): GisError {
  return new GisError('invalid-request', 'INVALID_REQUEST', description);
}

function el(qname: string, content: string, attrs = ''): string {
  return `<${qname}${attrs}>${content}</${qname}>`;
}

function text(qname: string, value: string | undefined): string {
  return value === undefined ? '' : el(qname, xmlEscape(value));
}

function guid(value: Guid, field: string): string {
  if (!GUID_RE.test(value)) throw invalid(`${field} is not a GUID`);
  return value;
}

function digits(value: string, field: string, length: number): string {
  if (!new RegExp(`^\\d{${length}}$`).test(value))
    throw invalid(`${field} must be ${length} digits`);
  return value;
}

function isRequestHeader(h: GisIsRequestHeader): string {
  return el(
    'base:ISRequestHeader',
    text('base:Date', h.date.toISOString()) +
      text('base:MessageGUID', guid(h.messageGuid, 'MessageGUID')) +
      (h.isCreator
        ? el(
            'base:ISCreator',
            text('base:ISName', h.isCreator.isName) +
              text('base:ISOperatorName', h.isCreator.isOperatorName),
          )
        : ''),
  );
}

function envelope(header: GisIsRequestHeader, body: string): string {
  const xmlns = (Object.keys(ORG_NS) as Array<keyof typeof ORG_NS>)
    .map((prefix) => ` xmlns:${prefix}="${ORG_NS[prefix]}"`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope${xmlns}>` +
    `<soapenv:Header>${isRequestHeader(header)}</soapenv:Header>` +
    `<soapenv:Body>${body}</soapenv:Body>` +
    '</soapenv:Envelope>'
  );
}

function criterion(c: GisOrgCriterion): string {
  switch (c.by) {
    case 'orgRootEntityGuid':
      return text('org:orgRootEntityGUID', guid(c.guid, 'orgRootEntityGUID'));
    case 'ogrn':
      return (
        text('orgb:OGRN', digits(c.ogrn, 'OGRN', 13)) +
        (c.kpp === undefined ? '' : text('orgb:KPP', digits(c.kpp, 'KPP', 9)))
      );
    case 'ogrnip':
      return text('orgb:OGRNIP', digits(c.ogrnip, 'OGRNIP', 15));
  }
}

/** ro:exportOrgRegistryRequest: 1..100 SearchCriteria, each matching one organisation. */
export function buildExportOrgRegistryRequest(
  header: GisIsRequestHeader,
  criteria: readonly GisOrgCriterion[],
): string {
  if (criteria.length < 1 || criteria.length > MAX_ORG_CRITERIA) {
    throw invalid(`SearchCriteria must have 1..${MAX_ORG_CRITERIA} items, got ${criteria.length}`);
  }
  return envelope(
    header,
    el(
      'ro:exportOrgRegistryRequest',
      criteria.map((c) => el('ro:SearchCriteria', criterion(c))).join(''),
      ` Id="${SIGNED_ELEMENT_ID}" base:version="${EXPORT_ORG_REGISTRY_VERSION}"`,
    ),
  );
}

/** base:getStateRequest with this service's header. Not a BaseType, so never signed. */
export function buildOrgRegistryGetStateRequest(
  header: GisIsRequestHeader,
  messageGuid: Guid,
): string {
  return envelope(
    header,
    el('base:getStateRequest', text('base:MessageGUID', guid(messageGuid, 'MessageGUID'))),
  );
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/** «ИП Фамилия И. О.»: how an entrepreneur is named in documents. */
export function entrepreneurShortName(
  surname: string,
  firstName: string,
  patronymic?: string,
): string {
  const initial = (name: string | undefined) => {
    const first = name?.trim()[0];
    return first ? `${first.toUpperCase()}.` : '';
  };
  return ['ИП', surname.trim(), [initial(firstName), initial(patronymic)].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(' ');
}

type Detail = Omit<
  GisOrganization,
  | 'orgRootEntityGuid'
  | 'orgVersionGuid'
  | 'isActual'
  | 'lastEditedOn'
  | 'registryStatus'
  | 'orgPPAGuid'
  | 'isRegistered'
>;

function detailOf(version: Record<string, unknown>): Detail {
  const legal = node(version.Legal);
  if (legal) {
    return {
      kind: 'legal',
      fullName: req(legal, 'FullName', 'Legal'),
      shortName: opt(legal, 'ShortName'),
      ogrn: req(legal, 'OGRN', 'Legal'),
      inn: opt(legal, 'INN'),
      kpp: opt(legal, 'KPP'),
    };
  }
  const subsidiary = node(version.Subsidiary);
  if (subsidiary) {
    return {
      kind: 'subsidiary',
      fullName: req(subsidiary, 'FullName', 'Subsidiary'),
      shortName: opt(subsidiary, 'ShortName'),
      ogrn: req(subsidiary, 'OGRN', 'Subsidiary'),
      inn: opt(subsidiary, 'INN'),
      kpp: opt(subsidiary, 'KPP'),
    };
  }
  const entrp = node(version.Entrp);
  if (entrp) {
    const surname = req(entrp, 'Surname', 'Entrp');
    const firstName = req(entrp, 'FirstName', 'Entrp');
    const patronymic = opt(entrp, 'Patronymic');
    return {
      kind: 'entrepreneur',
      fullName: ['ИП', surname, firstName, patronymic].filter(Boolean).join(' '),
      shortName: entrepreneurShortName(surname, firstName, patronymic),
      ogrn: req(entrp, 'OGRNIP', 'Entrp'),
      inn: opt(entrp, 'INN'),
      surname,
      firstName,
      patronymic,
    };
  }
  const foreign = node(version.ForeignBranch);
  if (foreign) {
    return {
      kind: 'foreign_branch',
      fullName: req(foreign, 'FullName', 'ForeignBranch'),
      shortName: opt(foreign, 'ShortName'),
      inn: opt(foreign, 'INN'),
      kpp: opt(foreign, 'KPP'),
    };
  }
  throw protocol('OrgVersion has neither Legal, Subsidiary, Entrp nor ForeignBranch');
}

function organizationOf(n: Record<string, unknown>): GisOrganization {
  const version = child(n, 'OrgVersion', 'exportOrgRegistryResult');
  return compact({
    orgRootEntityGuid: req(n, 'orgRootEntityGUID', 'exportOrgRegistryResult').toLowerCase(),
    orgVersionGuid: req(version, 'orgVersionGUID', 'OrgVersion').toLowerCase(),
    ...compact(detailOf(version)),
    isActual: flag(version, 'IsActual'),
    lastEditedOn: day(req(version, 'lastEditingDate', 'OrgVersion'), 'OrgVersion/lastEditingDate'),
    registryStatus: opt(version, 'registryOrganizationStatus'),
    orgPPAGuid: opt(n, 'orgPPAGUID')?.toLowerCase(),
    isRegistered: flag(n, 'isRegistered'),
  });
}

/**
 * ro:getStateResult of OrgRegistryCommonAsync: RequestState, MessageGUID and, once done,
 * ErrorMessage or exportOrgRegistryResult*. INT002012 («nothing found») is `nothingFound`.
 */
export function parseOrgRegistryGetStateResult(xml: string): GisOrgStateResult {
  const result = child(bodyOf(xml), 'getStateResult', 'Body');
  const messageGuid = req(result, 'MessageGUID', 'getStateResult');
  const state = Number(req(result, 'RequestState', 'getStateResult'));
  if (state !== 1 && state !== 2 && state !== 3) {
    throw protocol('getStateResult: RequestState is not 1, 2 or 3', messageGuid);
  }
  const errorNode = node(result.ErrorMessage);
  const error = errorNode
    ? {
        code: req(errorNode, 'ErrorCode', 'ErrorMessage'),
        description: opt(errorNode, 'Description') ?? '',
      }
    : undefined;
  const nothingFound = error?.code === NOTHING_TO_EXPORT_CODE;
  return compact({
    messageGuid,
    requestState: state,
    error: nothingFound ? undefined : error,
    nothingFound,
    organizations: nodes(result.exportOrgRegistryResult).map(organizationOf),
  });
}
