import * as http from 'node:http';
import * as https from 'node:https';
import type { Signer } from '../gis-client';
import { GisError } from '../gis-error';

export interface HttpSignerOptions {
  /** The signing service: POST the envelope, get the signed envelope back. */
  url: string;
  /** Authorization header value as is: `Basic …` or `Bearer …`; null: none. */
  auth: string | null;
  timeoutMs: number;
  maxResponseBytes?: number;
}

/** A ds:Signature of XMLDSig, whatever prefix the service uses. */
const HAS_SIGNATURE =
  /<(?:([\w.-]+):)?Signature[\s>][\s\S]*?xmlns(?::[\w.-]+)?="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#"|xmlns(?::[\w.-]+)?="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#"[^>]*>[\s\S]*?<(?:[\w.-]+:)?Signature[\s>]/;

/**
 * An external signer (CryptoPro DSS-style or in-house) over HTTP: the envelope goes out as
 * text/xml, the signed envelope comes back. Every failure is a retryable GisError (transport,
 * timeout, http): the outbox row stays and is sent again next run, never lost (issue 21).
 */
export class HttpSigner implements Signer {
  private readonly url: URL;

  constructor(private readonly options: HttpSignerOptions) {
    this.url = new URL(options.url);
  }

  sign(xml: string): Promise<string> {
    const body = Buffer.from(xml, 'utf8');
    const limit = this.options.maxResponseBytes ?? 64 * 1024 * 1024;
    const transport = this.url.protocol === 'https:' ? https : http;
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const finish = (error: GisError | null, text?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          req.destroy();
          reject(error);
        } else resolve(text!);
      };
      const req = transport.request(
        this.url,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'text/xml; charset=utf-8',
            'Content-Length': body.length,
            Accept: 'text/xml, application/xml',
            ...(this.options.auth ? { Authorization: this.options.auth } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit)
              finish(signerError('http', 'SIGNER_ANSWER_TOO_LARGE', `over ${limit} bytes`));
            else chunks.push(chunk);
          });
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) {
              return finish(signerError('http', `SIGNER_HTTP_${status}`, `HTTP ${status}`));
            }
            const text = Buffer.concat(chunks).toString('utf8');
            if (!HAS_SIGNATURE.test(text)) {
              return finish(
                signerError('http', 'SIGNER_NO_SIGNATURE', 'answer has no ds:Signature'),
              );
            }
            finish(null, text);
          });
          res.on('error', (e) => finish(signerError('transport', 'SIGNER_UNREACHABLE', codeOf(e))));
        },
      );
      const timer = setTimeout(
        () =>
          finish(
            signerError(
              'timeout',
              'SIGNER_TIMEOUT',
              `no answer within ${this.options.timeoutMs} ms`,
            ),
          ),
        this.options.timeoutMs,
      );
      req.on('error', (e) => finish(signerError('transport', 'SIGNER_UNREACHABLE', codeOf(e))));
      req.end(body);
    });
  }
}

function signerError(kind: 'http' | 'transport' | 'timeout', code: string, text: string) {
  // Retryable kinds only (gis-error.ts): the message waits for the signer to come back.
  return new GisError(kind, code, `signing service: ${text}`);
}

function codeOf(e: Error): string {
  return (e as NodeJS.ErrnoException).code ?? e.name;
}
