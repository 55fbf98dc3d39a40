import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule, type AppOverrides } from './app.module';
import { answerClientErrors } from './common/http/client-errors';
import { configureHttp } from './common/http/http-setup';
import { Clock } from './common/time/clock';
import type { AppConfig } from './config/app-config';
import { seedDefaults, type SeedResult } from './database/seed';
import { LifecycleService } from './lifecycle/lifecycle.service';
import { MetricsService } from './metrics/metrics.service';

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
  answerClientErrors(app.getHttpServer());
  // First of all: in-flight counting for the graceful shutdown, then the request timer.
  app.use(app.get(LifecycleService).middleware);
  app.use(app.get(MetricsService).middleware);
  configureHttp(app, config);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready', 'metrics'] });

  const doc = new DocumentBuilder()
    .setTitle('Appeals Desk API')
    .setDescription(
      'Регистрация и рассмотрение обращений, жалоб и претензий потребителей коммунальных услуг. ' +
        'Errors are RFC 9457 application/problem+json with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, doc);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  const seed = await seedDefaults(app.get(DataSource), config, app.get(Clock).now());
  await app.init();
  return { app, seed };
}
