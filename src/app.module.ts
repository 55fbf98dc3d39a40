import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AnswerTemplatesModule } from './answer-templates/answer-templates.module';
import { AppealsModule } from './appeals/appeals.module';
import { AssignmentModule } from './assignment/assignment.module';
import { AuditModule } from './audit/audit.module';
import { AuthenticationGuard } from './auth/authentication.guard';
import { AuthModule } from './auth/auth.module';
import { RolesGuard } from './common/auth/roles.guard';
import { CoreModule } from './common/core.module';
import { ConsoleModule } from './console/console.module';
import { ProblemFilter } from './common/errors/problem.filter';
import { createValidationPipe } from './common/http/validation';
import { Clock } from './common/time/clock';
import { PgThrottlerStorage } from './common/rate-limit/pg-throttler.storage';
import type { AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source.options';
import { DepartmentsModule } from './departments/departments.module';
import { HealthModule } from './health/health.module';
import { IntakeModule } from './intake/intake.module';
import { EmailModule } from './integrations/email/email.module';
import { MessengerModule } from './integrations/messenger/messenger.module';
import { PhoneModule } from './integrations/phone/phone.module';
import { GisZhkhModule } from './integrations/gis-zhkh/gis-zhkh.module';
import { JobsModule } from './jobs/jobs.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MetricsModule } from './metrics/metrics.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { PrintModule } from './print/print.module';
import { ReportsModule } from './reports/reports.module';
import { QualityModule } from './quality/quality.module';
import { ReceptionModule } from './reception/reception.module';
import { RulesModule } from './rules/rules.module';
import { SlaWorkflowModule } from './sla/sla-workflow.module';
import { SlaModule } from './sla/sla.module';
import { UsersModule } from './users/users.module';
import { WorkflowModule } from './workflow/workflow.module';

export interface AppOverrides {
  clock?: Clock;
  /** Where the JSON log lines go instead of stdout (tests read them). */
  logStream?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, overrides: AppOverrides = {}): DynamicModule {
    if (!config.databaseUrl) throw new Error('AppModule needs a database URL');
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, overrides.clock),
        LoggerModule.forRoot({
          pinoHttp: withStream(overrides.logStream, {
            level: config.logLevel,
            // Set by configureHttp() before any parsing, so every error carries it too.
            genReqId: (req) => (req as { id?: string }).id ?? randomUUID(),
            // Identifiers only: no bodies, no query strings (they may hold e-mails), no secrets.
            serializers: {
              req: (req: { id: unknown; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                path: req.url.split('?')[0],
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
          }),
        }),
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl)),
        // Counters shared by all instances in PostgreSQL unless RATE_LIMIT_STORE=memory
        // (docs/decisions/0007-rate-limits.md).
        ThrottlerModule.forRootAsync({
          inject: [DataSource, Clock],
          useFactory: (ds: DataSource, clock: Clock) => ({
            throttlers: [
              { name: 'login', ttl: 60_000, limit: config.login.rateLimitPerMinute },
              { name: 'intake', ttl: 60_000, limit: config.intake.rateLimitPerMinute },
            ],
            errorMessage: 'Слишком много запросов',
            storage:
              config.rateLimitStore === 'postgres' ? new PgThrottlerStorage(ds, clock) : undefined,
          }),
        }),
        AuditModule,
        AuthModule,
        UsersModule,
        DepartmentsModule,
        OrganizationsModule,
        ApiKeysModule,
        SlaModule,
        AppealsModule,
        IntakeModule,
        RulesModule,
        JobsModule,
        AssignmentModule,
        WorkflowModule,
        AnswerTemplatesModule,
        ReportsModule,
        QualityModule,
        ReceptionModule,
        EmailModule,
        MessengerModule,
        PhoneModule,
        GisZhkhModule,
        SlaWorkflowModule,
        HealthModule,
        LifecycleModule,
        MetricsModule,
        ConsoleModule,
        PrintModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}

function withStream(
  stream: DestinationStream | undefined,
  options: PinoHttpOptions,
): PinoHttpOptions | [PinoHttpOptions, DestinationStream] {
  return stream ? [options, stream] : options;
}
