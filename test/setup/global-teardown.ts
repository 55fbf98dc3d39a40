import { rmSync } from 'node:fs';
import { TEST_ENV, onServer } from './test-db';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env[TEST_ENV.serverUrl];
  const template = process.env[TEST_ENV.templateDb];
  if (serverUrl && template && process.env.DATABASE_URL) {
    // On an external server, leave nothing behind (the embedded one is deleted whole).
    await onServer(serverUrl, `DROP DATABASE IF EXISTS "${template}"`);
  }
  const embedded = globalThis.__APPEALS_TEST_PG__;
  if (embedded) {
    await embedded.pg.stop();
    rmSync(embedded.dir, { recursive: true, force: true });
  }
}
