import { Client } from 'pg';

/** Where the global setup left the test server; read by every test file. */
export const TEST_ENV = {
  serverUrl: 'APPEALS_TEST_SERVER_URL',
  templateDb: 'APPEALS_TEST_TEMPLATE_DB',
} as const;

export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on the server's maintenance database. */
export async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
