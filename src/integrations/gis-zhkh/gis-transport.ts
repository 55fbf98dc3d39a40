import { randomUUID } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import { faultToError, parseSoapFault } from './gis-envelope';
import { GisError } from './gis-error';
import { parseAck } from './gis-parsers';
import type { GisAck, GisRequestState, Guid } from './gis-types';

/*
 * What every asynchronous ГИС ЖКХ service shares (AppealsAsync, OrgRegistryCommonAsync…): one
 * SOAP 1.1 POST with a deadline, a size limit and Fault handling; the ack with a MessageGUID;
 * getState polling with a backoff. The services' clients build and read their own messages.
 */

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

/** Spreads polling over ~6 minutes; ГИС usually answers exports within a minute. */
export const DEFAULT_POLL: PollOptions = {
  backoffMs: [2000, 3000, 5000, 10000, 15000, 30000, 30000, 60000, 60000, 60000, 60000],
};

export interface GisTransportOptions {
  /** The service URL (in production: the ГОСТ TLS gateway in front of ГИС ЖКХ). */
  endpoint: string;
  signer: Signer;
  /** Whole-request deadline: connect, send, and read the answer. */
  timeoutMs?: number;
  /** Answers larger than this are refused (an export of 1000 appeals is a few MB). */
  maxResponseBytes?: number;
  /** Extra HTTP headers the gateway in front of ГИС ЖКХ wants. */
  headers?: Readonly<Record<string, string>>;
  /** For https endpoints: client certificate, CA, or a custom agent. */
  agent?: http.Agent;
  defaultPoll?: PollOptions;
  logger?: GisLogger;
  /** Injected for tests. */
  now?: () => Date;
  newGuid?: () => Guid;
  sleep?: (ms: number) => Promise<void>;
}

/** base:HeaderType: what every request header carries. */
export interface GisHeaderBase {
  date: Date;
  messageGuid: Guid;
}

const silent: GisLogger = { debug: () => undefined, warn: () => undefined };

export class GisTransport {
  readonly logger: GisLogger;
  private readonly url: URL;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly now: () => Date;
  private readonly newGuid: () => Guid;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GisTransportOptions) {
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

  /** Date and a new MessageGUID for the next request's header. */
  header(): GisHeaderBase {
    return { date: this.now(), messageGuid: this.newGuid() };
  }

  /** Signs a base:BaseType request (getStateRequest is none and is never signed). */
  sign(xml: string): Promise<string> {
    return this.options.signer.sign(xml);
  }

  /** POSTs a request and reads the synchronous base:AckRequest. */
  async ack(
    operation: string,
    soapAction: string,
    requesterMessageGuid: Guid,
    xml: string,
  ): Promise<GisAck> {
    const ack = parseAck(await this.post(operation, soapAction, xml));
    this.logger.debug(`${operation} ${requesterMessageGuid} acknowledged as ${ack.messageGuid}`);
    return ack;
  }

  /**
   * Calls `getState`, waiting `backoffMs[i]` before the i-th call, until RequestState is 3.
   * Gives up with a retryable `poll-exhausted` error; the MessageGUID stays valid for later.
   */
  async pollUntilDone<T extends { requestState: GisRequestState }>(
    messageGuid: Guid,
    getState: (messageGuid: Guid) => Promise<T>,
    poll?: PollOptions,
  ): Promise<T> {
    const { backoffMs } = poll ?? this.options.defaultPoll ?? DEFAULT_POLL;
    for (const delay of backoffMs) {
      await this.sleep(delay);
      const state = await getState(messageGuid);
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

  /** POSTs one envelope; HTTP 500 with a SOAP Fault becomes a `fault` GisError. */
  post(operation: string, soapAction: string, xml: string): Promise<string> {
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
            SOAPAction: `"${soapAction}"`,
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
