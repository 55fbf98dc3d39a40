/**
 * Where a failure came from. The sync job decides on retries from this, not from the text:
 * transport problems and unfinished polls are worth retrying, a rejected request is not.
 */
export type GisErrorKind =
  /** SOAP Fault (HTTP 500) returned synchronously by ГИС ЖКХ. */
  | 'fault'
  /** ErrorMessage in the result of an asynchronous request (getStateResult). */
  | 'error-message'
  /** Non-2xx HTTP answer without a parsable SOAP Fault (proxy, gateway, TLS terminator). */
  | 'http'
  /** Connection refused/reset, DNS, TLS handshake. */
  | 'transport'
  | 'timeout'
  /** The answer is not the SOAP we expected. */
  | 'protocol'
  /** Our own input cannot produce a schema-valid request; never sent. */
  | 'invalid-request'
  /** getState still reported 1/2 after the last backoff step; poll the same MessageGUID later. */
  | 'poll-exhausted';

const RETRYABLE: ReadonlySet<GisErrorKind> = new Set([
  'http',
  'transport',
  'timeout',
  'poll-exhausted',
]);

/** The only error this integration throws. `description` never carries a citizen's data. */
export class GisError extends Error {
  constructor(
    readonly kind: GisErrorKind,
    /** ГИС ЖКХ error code (e.g. `INT002000`), SOAP faultcode, or one of ours in CAPS. */
    readonly code: string,
    readonly description: string,
    /** MessageGUID of the asynchronous request the error belongs to, if any. */
    readonly messageGuid?: string,
  ) {
    super(`${code}: ${description}`);
    this.name = 'GisError';
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}
