import {
  SOAP_ACTIONS,
  buildExportAppealRequest,
  buildGetStateRequest,
  buildImportAnswerRequest,
  type GisOperation,
  type GisRequestHeader,
} from './gis-messages';
import { GisError } from './gis-error';
import { parseGetStateResult } from './gis-parsers';
import { GisTransport, type GisTransportOptions, type PollOptions } from './gis-transport';
import type {
  GisAck,
  GisAppeal,
  GisExportFilter,
  GisImportAction,
  GisImportResult,
  GisStateResult,
  Guid,
} from './gis-types';

// The service-independent part moved to gis-transport.ts; re-exported for existing importers.
export {
  DEFAULT_POLL,
  PassThroughSigner,
  type GisLogger,
  type PollOptions,
  type Signer,
} from './gis-transport';

export interface GisClientOptions extends GisTransportOptions {
  /** AppealsAsync URL, e.g. http://127.0.0.1:8080/ext-bus-appeals-service/services/AppealsAsync. */
  endpoint: string;
  /** Our organisation in ГИС ЖКХ (RequestHeader/orgPPAGUID). */
  orgPPAGuid: Guid;
  isOperatorSignature?: boolean;
  isCreator?: { isName: string; isOperatorName: string };
}

export interface GisExportResult {
  messageGuid: Guid;
  appeals: GisAppeal[];
  /** ГИС answered INT002012: nothing matched the filter. */
  nothingToExport: boolean;
}

export interface GisImportOutcome {
  messageGuid: Guid;
  /** One per TransportGUID ГИС reported on; look results up by TransportGUID, not by index. */
  results: GisImportResult[];
}

/**
 * Client of the asynchronous AppealsAsync service: every call is acknowledged with a
 * MessageGUID, the result is fetched with getState. `send*` methods return the ack so that a
 * caller can persist the MessageGUID and resume polling after a restart.
 */
export class GisAppealsClient {
  private readonly transport: GisTransport;

  constructor(private readonly options: GisClientOptions) {
    this.transport = new GisTransport(options);
  }

  /** Sends exportAppealRequest; the appeals arrive later through getState. */
  async sendExportAppeals(filter: GisExportFilter): Promise<GisAck> {
    const header = this.header();
    const xml = await this.transport.sign(buildExportAppealRequest(header, filter));
    return this.ack('exportAppeal', header, xml);
  }

  /** Export and wait: appeals matching the filter, empty when ГИС has none (INT002012). */
  async exportAppeals(filter: GisExportFilter, poll?: PollOptions): Promise<GisExportResult> {
    const { messageGuid } = await this.sendExportAppeals(filter);
    const state = await this.pollUntilDone(messageGuid, poll);
    this.transport.logger.debug(
      `exportAppeal ${messageGuid}: ${state.nothingToExport ? 'nothing to export' : `${state.appeals.length} appeal(s)`}`,
    );
    return { messageGuid, appeals: state.appeals, nothingToExport: state.nothingToExport };
  }

  /** Sends importAnswerRequest with the actions in the given order (answers go first). */
  async sendImportAnswer(actions: readonly GisImportAction[]): Promise<GisAck> {
    const header = this.header();
    const xml = await this.transport.sign(buildImportAnswerRequest(header, actions));
    return this.ack('importAnswer', header, xml);
  }

  /** Import and wait: per-TransportGUID results; a rejected action is a result, not a throw. */
  async importAnswer(
    actions: readonly GisImportAction[],
    poll?: PollOptions,
  ): Promise<GisImportOutcome> {
    const { messageGuid } = await this.sendImportAnswer(actions);
    const state = await this.pollUntilDone(messageGuid, poll);
    const failed = state.importResults.filter((r) => !r.ok).length;
    this.transport.logger.debug(
      `importAnswer ${messageGuid}: ${state.importResults.length} result(s), ${failed} failed`,
    );
    return { messageGuid, results: state.importResults };
  }

  /**
   * One getState call. Throws GisError for a SOAP fault or an ErrorMessage other than
   * INT002012, which comes back as `nothingToExport: true` with no appeals.
   */
  async getState(messageGuid: Guid): Promise<GisStateResult> {
    // getStateRequest is not a base:BaseType: it has no place for a signature.
    const xml = buildGetStateRequest(this.header(), messageGuid);
    const state = parseGetStateResult(
      await this.transport.post('getState', SOAP_ACTIONS.getState, xml),
    );
    if (state.error) {
      throw new GisError('error-message', state.error.code, state.error.description, messageGuid);
    }
    return state;
  }

  /**
   * Polls getState, waiting `backoffMs[i]` before the i-th call, until RequestState is 3.
   * Gives up with a retryable `poll-exhausted` error; the MessageGUID stays valid for later.
   */
  async pollUntilDone(messageGuid: Guid, poll?: PollOptions): Promise<GisStateResult> {
    return this.transport.pollUntilDone(messageGuid, (g) => this.getState(g), poll);
  }

  private header(): GisRequestHeader {
    return {
      ...this.transport.header(),
      orgPPAGuid: this.options.orgPPAGuid,
      isOperatorSignature: this.options.isOperatorSignature,
      isCreator: this.options.isCreator,
    };
  }

  private ack(operation: GisOperation, header: GisRequestHeader, xml: string): Promise<GisAck> {
    return this.transport.ack(operation, SOAP_ACTIONS[operation], header.messageGuid, xml);
  }
}
