// Starts the embedded PostgreSQL of `npm start` and keeps it running (for the TypeORM CLI).
import { loadConfig } from '../src/config/app-config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

async function main(): Promise<void> {
  const config = loadConfig();
  const pg = await startEmbeddedPostgres({
    dataDir: config.embeddedPg.dataDir,
    port: config.embeddedPg.port,
    database: 'appeals_desk',
    persistent: true,
  });
  console.log(`DATABASE_URL=${pg.url}`);
  const stop = (): void => {
    void pg.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
void main();
