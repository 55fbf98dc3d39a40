import { randomUUID } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import { GisError } from './gis-error';
import {
  SOAP_ACTIONS,
  buildExportAppealRequest,
  buildGetStateRequest,
  buildImportAnswerRequest,
  type GisOperation,
  type GisRequestHeader,
} from './gis-messages';
import { faultToError, parseSoapFault } from './gis-envelope';
import { parseAck, parseGetStateResult } from './gis-parsers';
import type {
  GisAck,
  GisAppeal,
  GisExportFilter,
  GisImportAction,
  GisImportResult,
  GisStateResult,
  Guid,
} from './gis-types';

/**
 * Signs an outgoing envelope. Production plugs an external XAdES-BES signer with a ГОСТ Р
 * 34.10-2012 key (CryptoPro or a signing service): it must insert ds:Signature as the first
 * child of the element whose Id is `signed-data-container` and return the whole envelope.
 */
export interface Signer {
  sign(xml: string): Promise<string>;
}

/** For tests and the stand-in, which do not check signatures. */
export class PassThroughSigner implements Signer {
  sign(xml: string): Promise<string> {
    return Promise.resolve(xml);
  }
}

/** Identifiers and counts only: never an applicant's name, address, e-mail or text. */
export interface GisLogger {
  debug(message: string): void;
  warn(message: string): void;
}

export interface PollOptions {
  /** Delay before each getState call; the number of entries is the number of calls. */
  backoffMs: readonly number[];
}

export interface GisClientOptions {
  /** AppealsAsync URL, e.g. http://127.0.0.1:8080/ext-bus-appeals-service/services/AppealsAsync. */
  endpoint: string;
  /** Our organisation in ГИС ЖКХ (RequestHeader/orgPPAGUID). */
  orgPPAGuid: Guid;
  signer: Signer;
  /** Whole-request deadline: connect, send, and read the answer. */
  timeoutMs?: number;
  /** Answers larger than this are refused (an export of 1000 appeals is a few MB). */
  maxResponseBytes?: number;
  /** Extra HTTP headers the gateway in front of ГИС ЖКХ wants. */
  headers?: Readonly<Record<string, string>>;
  /** For https endpoints: client certificate, CA, or a custom agent. */
  agent?: http.Agent;
  isOperatorSignature?: boolean;
  isCreator?: { isName: string; isOperatorName: string };
  defaultPoll?: PollOptions;
  logger?: GisLogger;
  /** Injected for tests. */
  now?: () => Date;
  newGuid?: () => Guid;
  sleep?: (ms: number) => Promise<void>;
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

/** Spreads polling over ~6 minutes; ГИС usually answers exports within a minute. */
export const DEFAULT_POLL: PollOptions = {
  backoffMs: [2000, 3000, 5000, 10000, 15000, 30000, 30000, 60000, 60000, 60000, 60000],
};

const silent: GisLogger = { debug: () => undefined, warn: () => undefined };

/**
 * Client of the asynchronous AppealsAsync service: every call is acknowledged with a
 * MessageGUID, the result is fetched with getState. `send*` methods return the ack so that a
 * caller can persist the MessageGUID and resume polling after a restart.
 */
export class GisAppealsClient {
  private readonly url: URL;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly logger: GisLogger;
  private readonly now: () => Date;
  private readonly newGuid: () => Guid;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GisClientOptions) {
    this.url = new URL(options.endpoint);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new GisError('invalid-request', 'BAD_ENDPOINT', 'endpoint must be http(s)');
    }
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
    this.logger = options.logger ?? silent;
    this.now = options.now ?? (() => new Date());
    this.newGuid = options.newGuid ?? randomUUID;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Sends exportAppealRequest; the appeals arrive later through getState. */
  async sendExportAppeals(filter: GisExportFilter): Promise<GisAck> {
    const header = this.header();
    const xml = await this.options.signer.sign(buildExportAppealRequest(header, filter));
    return this.ack('exportAppeal', header, xml);
  }

  /** Export and wait: appeals matching the filter, empty when ГИС has none (INT002012). */
  async exportAppeals(filter: GisExportFilter, poll?: PollOptions): Promise<GisExportResult> {
    const { messageGuid } = await this.sendExportAppeals(filter);
    const state = await this.pollUntilDone(messageGuid, poll);
    this.logger.debug(
      `exportAppeal ${messageGuid}: ${state.nothingToExport ? 'nothing to export' : `${state.appeals.length} appeal(s)`}`,
    );
    return { messageGuid, appeals: state.appeals, nothingToExport: state.nothingToExport };
  }

  /** Sends importAnswerRequest with the actions in the given order (answers go first). */
  async sendImportAnswer(actions: readonly GisImportAction[]): Promise<GisAck> {
    const header = this.header();
    const xml = await this.options.signer.sign(buildImportAnswerRequest(header, actions));
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
    this.logger.debug(
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
    const state = parseGetStateResult(await this.post('getState', xml));
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
    const { backoffMs } = poll ?? this.options.defaultPoll ?? DEFAULT_POLL;
    for (const delay of backoffMs) {
      await this.sleep(delay);
      const state = await this.getState(messageGuid);
      this.logger.debug(`getState ${messageGuid}: RequestState ${state.requestState}`);
      if (state.requestState === 3) return state;
    }
    throw new GisError(
      'poll-exhausted',
      'POLL_EXHAUSTED',
      `no result after ${backoffMs.length} getState call(s)`,
      messageGuid,
    );
  }

  private header(): GisRequestHeader {
    return {
      date: this.now(),
      messageGuid: this.newGuid(),
      orgPPAGuid: this.options.orgPPAGuid,
      isOperatorSignature: this.options.isOperatorSignature,
      isCreator: this.options.isCreator,
    };
  }

  private async ack(operation: GisOperation, header: GisRequestHeader, xml: string) {
    const ack = parseAck(await this.post(operation, xml));
    this.logger.debug(`${operation} ${header.messageGuid} acknowledged as ${ack.messageGuid}`);
    return ack;
  }

  /** POSTs one envelope; HTTP 500 with a SOAP Fault becomes a `fault` GisError. */
  private post(operation: GisOperation, xml: string): Promise<string> {
    const body = Buffer.from(xml, 'utf8');
    const transport = this.url.protocol === 'https:' ? https : http;
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const settle = () => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        return true;
      };
      const fail = (error: GisError) => {
        if (!settle()) return;
        this.logger.warn(`${operation} failed: ${error.kind} ${error.code}`);
        reject(error);
      };
      // Settle first, then tear down: after the response has started, destroying the request
      // does not reliably emit 'error' on it.
      const abort = (error: GisError) => {
        fail(error);
        req.destroy();
      };
      const transportError = (e: Error) =>
        new GisError('transport', 'TRANSPORT_ERROR', (e as NodeJS.ErrnoException).code ?? e.name);

      const req = transport.request(
        this.url,
        {
          method: 'POST',
          agent: this.options.agent,
          headers: {
            ...this.options.headers,
            'Content-Type': 'text/xml; charset=utf-8',
            // SOAP 1.1 wants the action quoted.
            SOAPAction: `"${SOAP_ACTIONS[operation]}"`,
            'Content-Length': body.length,
            Accept: 'text/xml',
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxResponseBytes) {
              const limit = `answer over ${this.maxResponseBytes} bytes`;
              return abort(new GisError('protocol', 'RESPONSE_TOO_LARGE', limit));
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            const fault = parseSoapFault(text);
            if (fault) return fail(faultToError(fault));
            if (status < 200 || status >= 300) {
              return fail(new GisError('http', `HTTP_${status}`, `HTTP ${status} from endpoint`));
            }
            if (settle()) resolve(text);
          });
          res.on('error', (e) => fail(transportError(e)));
        },
      );
      const timer = setTimeout(
        () => abort(new GisError('timeout', 'TIMEOUT', `no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      req.on('error', (e) => fail(transportError(e)));
      req.end(body);
    });
  }
}
