import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { safeErrorForLog } from '../common/errors/problem.filter';
import { Clock } from '../common/time/clock';
import { localDateInZone } from '../common/time/local-date';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JobsService } from '../jobs/jobs.service';
import { CalendarService, type CalendarStatus } from './calendar.service';
import { DueDateRecomputeService } from './due-date-recompute.service';

/**
 * The calendar keeps itself current (issue 19): at start and daily (the `calendar-check` job),
 * the years the next 120 days need are checked; a missing one is a warning in the log (here), in
 * GET /health/ready and in a metric (both read CalendarService.status() themselves). The job
 * also recomputes the provisional appeals that an import could not see.
 */
@Injectable()
export class CalendarCheckService implements OnApplicationBootstrap {
  private readonly logger = new Logger('CalendarCheck');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly recompute: DueDateRecomputeService,
    jobs: JobsService,
  ) {
    jobs.register('calendar-check', () => this.run());
  }

  /** At start: a warning only; the start goes on whatever the calendar holds. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.check();
    } catch (e) {
      this.logger.warn({ err: safeErrorForLog(e) }, 'Calendar check failed');
    }
  }

  async check(): Promise<CalendarStatus> {
    const status = await this.calendars.status(
      localDateInZone(this.clock.now(), this.config.timeZone),
    );
    if (status.missingYears.length > 0) {
      this.logger.warn(
        { missingYears: status.missingYears, through: status.through },
        `The production calendar lacks ${status.missingYears.join(', ')}, needed by ${status.through}: ` +
          'deadlines reaching into it are provisional (ТК ст. 112) until the year is imported ' +
          'with POST /api/v1/calendar/import (README, "Production calendar")',
      );
    }
    if (status.missingRegionalYears.length > 0) {
      this.logger.warn(
        { region: status.region, missingRegionalYears: status.missingRegionalYears },
        `The ${status.region} overlay lacks ${status.missingRegionalYears.join(', ')}: ` +
          `the region's own days off are not counted there until it is loaded ` +
          `with POST /api/v1/calendar/regions/${status.region}/import`,
      );
    }
    return status;
  }

  private async run(): Promise<Record<string, number>> {
    const status = await this.check();
    return {
      missingYears: status.missingYears.length,
      missingRegionalYears: status.missingRegionalYears.length,
      recomputed: await this.recompute.recomputeProvisional(),
    };
  }
}
