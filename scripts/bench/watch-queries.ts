// The queries node-postgres sends in this process while some work runs (the bench server runs
// in the bench's own process): for listing a registration's SQL and for capturing it to replay.
import { Client } from 'pg';

/**
 * Runs `run`, calling `seen` with each query's first argument (SQL text or query config) and
 * what `Client.query` returned for it. Only one watch at a time.
 */
export async function watchQueries<T>(
  run: () => Promise<T>,
  seen: (query: unknown, returned: unknown) => void,
): Promise<T> {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: Client, ...args: unknown[]) {
    const returned = original.apply(this, args);
    seen(args[0], returned);
    return returned;
  };
  try {
    return await run();
  } finally {
    proto.query = original;
  }
}
