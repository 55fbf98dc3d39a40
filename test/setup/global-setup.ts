import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source.options';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { seedDefaults } from '../../src/database/seed';
import { TEST_ENV, databaseUrl, onServer } from './test-db';
import { TEST_ADMIN_PASSWORD } from '../support/test-config';

declare global {
  var __APPEALS_TEST_PG__: { pg: EmbeddedPostgresHandle; dir: string } | undefined;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });

/**
 * Starts an embedded PostgreSQL (or uses DATABASE_URL's server), migrates and seeds a template
 * database once; every test file then clones its own database from it (test/support/test-app.ts).
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = new URL(serverUrl).pathname.slice(1);
    if (!name.includes('test')) {
      throw new Error(
        `Refusing to run tests against database "${name}": its name must contain "test"`,
      );
    }
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'appeals-test-pg-'));
    // When run as root, PostgreSQL runs as a created user that must reach the data folder.
    chmodSync(dir, 0o755);
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'data'),
      port: await freePort(),
      database: 'appeals_test',
      persistent: false,
    });
    globalThis.__APPEALS_TEST_PG__ = { pg, dir };
    serverUrl = pg.url;
  }
  const template = `appeals_test_template_${process.pid}`;
  await onServer(serverUrl, `DROP DATABASE IF EXISTS "${template}"`);
  await onServer(serverUrl, `CREATE DATABASE "${template}"`);
  const url = databaseUrl(serverUrl, template);
  await runMigrations(url);
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 2 } }));
  await ds.initialize();
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    });
    await seedDefaults(ds, config, new Date());
  } finally {
    await ds.destroy();
  }
  process.env[TEST_ENV.serverUrl] = serverUrl;
  process.env[TEST_ENV.templateDb] = template;
}
