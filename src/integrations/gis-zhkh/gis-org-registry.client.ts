import { GisError } from './gis-error';
import {
  ORG_REGISTRY_SOAP_ACTIONS,
  buildExportOrgRegistryRequest,
  buildOrgRegistryGetStateRequest,
  parseOrgRegistryGetStateResult,
  type GisIsRequestHeader,
  type GisOrgCriterion,
  type GisOrgStateResult,
  type GisOrganization,
} from './gis-org-registry.messages';
import { GisTransport, type GisTransportOptions, type PollOptions } from './gis-transport';
import type { GisAck, Guid } from './gis-types';

export interface GisOrgRegistryClientOptions extends GisTransportOptions {
  /** OrgRegistryCommonAsync URL (…/ext-bus-org-registry-common-service/services/OrgRegistryCommonAsync). */
  endpoint: string;
  isCreator?: { isName: string; isOperatorName: string };
}

export interface GisOrgExportResult {
  messageGuid: Guid;
  organizations: GisOrganization[];
}

/**
 * Client of exportOrgRegistry (OrgRegistryCommonAsync): acked with a MessageGUID, the result is
 * fetched with getState, as for AppealsAsync. INT002012 is an empty list, not an error. The
 * request is a base:BaseType and goes through the signer like every other one.
 */
export class GisOrgRegistryClient {
  private readonly transport: GisTransport;

  constructor(private readonly options: GisOrgRegistryClientOptions) {
    this.transport = new GisTransport(options);
  }

  async sendExportOrgRegistry(criteria: readonly GisOrgCriterion[]): Promise<GisAck> {
    const header = this.header();
    const xml = await this.transport.sign(buildExportOrgRegistryRequest(header, criteria));
    return this.transport.ack(
      'exportOrgRegistry',
      ORG_REGISTRY_SOAP_ACTIONS.exportOrgRegistry,
      header.messageGuid,
      xml,
    );
  }

  /** Export and wait: the organisations matching any of the criteria (1..100). */
  async exportOrgRegistry(
    criteria: readonly GisOrgCriterion[],
    poll?: PollOptions,
  ): Promise<GisOrgExportResult> {
    const { messageGuid } = await this.sendExportOrgRegistry(criteria);
    const state = await this.transport.pollUntilDone(messageGuid, (g) => this.getState(g), poll);
    this.transport.logger.debug(
      `exportOrgRegistry ${messageGuid}: ${criteria.length} criteria, ${state.organizations.length} organisation(s)`,
    );
    return { messageGuid, organizations: state.organizations };
  }

  /** One getState call; an ErrorMessage other than INT002012 is thrown as a GisError. */
  async getState(messageGuid: Guid): Promise<GisOrgStateResult> {
    const xml = buildOrgRegistryGetStateRequest(this.header(), messageGuid);
    const state = parseOrgRegistryGetStateResult(
      await this.transport.post('getState', ORG_REGISTRY_SOAP_ACTIONS.getState, xml),
    );
    if (state.error) {
      throw new GisError('error-message', state.error.code, state.error.description, messageGuid);
    }
    return state;
  }

  private header(): GisIsRequestHeader {
    return { ...this.transport.header(), isCreator: this.options.isCreator };
  }
}
