import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { describeError } from './common/errors/describe-error';
import { ConfigError, loadConfig } from './config/app-config';
import { resolveJwtSecret } from './config/jwt-secret';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './database/embedded-postgres';
import { runMigrations } from './database/migrate';
import { gracefulShutdown } from './lifecycle/graceful-shutdown';

async function main(): Promise<void> {
  const startedAt = Date.now();
  const log = new Logger('Main');
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  config = resolveJwtSecret(config, (m) => log.log(m));
  let embedded: EmbeddedPostgresHandle | null = null;
  if (!config.databaseUrl) {
    log.log(
      `DATABASE_URL is not set: starting embedded PostgreSQL in ${config.embeddedPg.dataDir}`,
    );
    embedded = await startEmbeddedPostgres({
      dataDir: config.embeddedPg.dataDir,
      port: config.embeddedPg.port,
      database: 'appeals_desk',
      persistent: true,
      onNotice: (m) => log.warn(m),
    });
    config = { ...config, databaseUrl: embedded.url };
  }
  const applied = await runMigrations(config.databaseUrl!);
  if (applied.length > 0) log.log(`Applied migrations: ${applied.join(', ')}`);

  const { app, seed } = await createApp(config);
  if (seed.generatedAdminPassword) {
    // Printed once, on the first start only; change it after logging in.
    process.stdout.write(
      `\n  Bootstrap admin created: login "${config.bootstrapAdmin.login}", password "${seed.generatedAdminPassword}"\n` +
        '  (shown once; set BOOTSTRAP_ADMIN_PASSWORD to choose it yourself)\n\n',
    );
  }
  await app.listen(config.port);
  log.log(
    `Appeals Desk ready on port ${config.port} in ${Date.now() - startedAt} ms; docs at /docs`,
  );

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal}: shutting down gracefully`);
    // Last resort if something (a stuck query holding a pool client) stalls the sequence.
    const { timeoutMs, readinessDelayMs } = config.shutdown;
    setTimeout(
      () => {
        log.error('Shutdown did not complete in time: exiting');
        process.exit(1);
      },
      readinessDelayMs + timeoutMs + 10_000,
    ).unref();
    const report = await gracefulShutdown(app, { timeoutMs, readinessDelayMs, logger: log });
    if (embedded) await embedded.stop();
    log.log({ ...report }, 'Stopped');
    process.exit(report.requestsDrained && report.jobsFinished ? 0 : 1);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`Failed to start: ${describeError(e)}`);
  process.exit(1);
});
