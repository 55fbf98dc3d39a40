import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule, type AppOverrides } from './app.module';
import { answerClientErrors } from './common/http/client-errors';
import { configureHttp, rawSecurityHeaders, useSecurityHeaders } from './common/http/http-setup';
import { buildOpenApiDocument } from './common/http/openapi';
import { Clock } from './common/time/clock';
import type { AppConfig } from './config/app-config';
import { seedDefaults, type SeedResult } from './database/seed';
import { LifecycleService } from './lifecycle/lifecycle.service';
import { MetricsService } from './metrics/metrics.service';
import { CalendarService } from './sla/calendar.service';

export const API_PREFIX = 'api/v1';

/** Builds the configured application (used by main.ts and by the e2e tests). */
export async function createApp(
  config: AppConfig,
  overrides: AppOverrides = {},
): Promise<{ app: INestApplication; seed: SeedResult }> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, overrides),
    {
      bodyParser: false,
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  // Nest 11 flushes the start-up buffer only in listen(): without this, an app that is never
  // listened on (the e2e tests) buffers every Logger call in memory and never writes it.
  app.flushLogs();
  app.disable('x-powered-by');
  answerClientErrors(app.getHttpServer(), rawSecurityHeaders(config));
  // Before anything that may answer (the shutdown's 503 too): headers set, nothing awaited.
  useSecurityHeaders(app, config);
  // Then in-flight counting for the graceful shutdown, then the request timer.
  app.use(app.get(LifecycleService).middleware);
  app.use(app.get(MetricsService).middleware);
  configureHttp(app, config);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready', 'metrics'] });

  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });

  const seed = await seedDefaults(
    app.get(DataSource),
    config,
    app.get(Clock).now(),
    app.get(CalendarService),
  );
  await app.init();
  return { app, seed };
}
