import { inspect } from 'node:util';

/**
 * A thrown value as text for a log or the console, never a bare `undefined`: an Error with its
 * stack and cause; anything else (libraries reject with undefined or strings) named as such.
 */
export function describeError(e: unknown): string {
  if (e instanceof Error) return inspect(e, { depth: 4 });
  if (e === undefined || e === null) return `no error was given (the promise rejected with ${e})`;
  return `a non-Error value was thrown: ${inspect(e, { depth: 4 })}`;
}
