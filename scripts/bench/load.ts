// One autocannon run in its own process (scripts/bench/run.ts): prints the result as JSON.
import autocannon from 'autocannon';
import { body } from './bodies';

export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}

export interface LoadResult {
  rps: number;
  /** Requests completed in the run (the CPU per request divides by it). */
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function main(spec: LoadSpec): Promise<void> {
  const post = spec.method === 'POST';
  const r = await autocannon({
    url: spec.url,
    method: spec.method,
    connections: spec.connections,
    duration: spec.seconds,
    headers: post ? { 'content-type': 'application/json', ...spec.headers } : spec.headers,
    ...(post
      ? {
          setupClient: (client: autocannon.Client) => client.setBody(body()),
          requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: body() }) }],
        }
      : {}),
  });
  const out: LoadResult = {
    rps: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx + r.errors,
  };
  process.stdout.write(JSON.stringify(out));
}

if (require.main === module) {
  main(JSON.parse(process.argv[2]) as LoadSpec).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
