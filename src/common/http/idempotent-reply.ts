import type { Response } from 'express';

/** What a create with `Idempotency-Key` returns: a fresh result, or the remembered one. */
export interface IdempotentResult<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
  /** A replay's body exactly as first sent (the stored JSON text). */
  raw?: string;
}

/**
 * Writes the status and Location of an idempotent create and returns what the handler answers:
 * the body, or on a replay the first response's exact bytes with `Idempotent-Replayed: true`
 * (SPEC §14) — a string is sent as is.
 */
export function idempotentReply<T>(
  res: Response,
  result: IdempotentResult<T>,
  location: string,
): T {
  res.status(result.statusCode);
  res.setHeader('Location', location);
  if (!result.replayed || result.raw === undefined) return result.body;
  res.setHeader('Idempotent-Replayed', 'true');
  res.type('application/json');
  return result.raw as unknown as T;
}
