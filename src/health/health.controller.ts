import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { Public } from '../common/auth/auth.decorators';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiProblems } from '../common/http/openapi';
import { Clock } from '../common/time/clock';
import { localDateInZone } from '../common/time/local-date';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { CalendarService } from '../sla/calendar.service';

class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly lifecycle: LifecycleService,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @ApiOkResponse({ type: LivenessDto })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: the database answers too, and the instance is not shutting down. The calendar's
   * currency is a detail, never a failure (issue 19): deadlines into a missing year are
   * provisional, registration goes on.
   */
  @Get('ready')
  @HealthCheck()
  @ApiProblems(ErrorCode.SERVICE_UNAVAILABLE)
  ready(): Promise<HealthCheckResult> {
    if (!this.lifecycle.ready) {
      throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'Экземпляр останавливается', undefined, {
        details: { shutdown: { status: 'down', state: this.lifecycle.state } },
      });
    }
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.calendarCheck(),
    ]);
  }

  /** `calendar`: always up; `missingYears` lists the official years the next 120 days lack. */
  private async calendarCheck(): Promise<HealthIndicatorResult> {
    try {
      const s = await this.calendars.status(
        localDateInZone(this.clock.now(), this.config.timeZone),
      );
      const missing = s.missingYears.length > 0 || s.missingRegionalYears.length > 0;
      return {
        calendar: {
          status: 'up',
          through: s.through,
          missingYears: s.missingYears,
          region: s.region,
          missingRegionalYears: s.missingRegionalYears,
          ...(missing
            ? {
                warning:
                  'Производственный календарь неполон: сроки в недостающих годах предварительные, импортируйте год (POST /api/v1/calendar/import)',
              }
            : {}),
        },
      };
    } catch {
      // The database check says what is wrong; the calendar's currency is not a reason to fail.
      return { calendar: { status: 'up', unknown: true } };
    }
  }
}
