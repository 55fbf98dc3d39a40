import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { safeErrorForLog } from '../common/errors/problem.filter';
import { JobsService, type JobName } from './jobs.service';

/**
 * The timers only trigger: every instance ticks, the advisory lock in JobsService lets one run.
 * Intervals come from config, so they are registered here rather than by decorators.
 */
@Injectable()
export class JobsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobsScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly jobs: JobsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.scheduler.enabled) return;
    const every: Partial<Record<JobName, number>> = {
      'sla-sweep': this.config.scheduler.slaSweepIntervalSeconds,
      notifications: this.config.scheduler.notificationsIntervalSeconds,
      'email-poll': this.config.email.pollIntervalSeconds,
      'gis-zhkh-sync': this.config.gis.syncIntervalSeconds,
      'calendar-check': this.config.calendar.checkIntervalSeconds,
      'reception-reminders': this.config.reception.reminderIntervalSeconds,
      'messenger-poll': this.config.messenger.pollIntervalSeconds,
      'messenger-notices': this.config.scheduler.notificationsIntervalSeconds,
    };
    for (const name of this.jobs.registered()) {
      const seconds = every[name];
      if (!seconds) continue;
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        this.jobs
          .run(name, 'schedule')
          .catch((e: unknown) =>
            this.logger.error({ err: safeErrorForLog(e), job: name }, 'Scheduled run failed'),
          )
          .finally(() => (busy = false));
      }, seconds * 1000);
      this.registry.addInterval(`job:${name}`, timer);
    }
  }

  /** Clears the timers: no new scheduled run starts in this process (a running one goes on). */
  stop(): void {
    for (const name of this.registry.getIntervals()) {
      if (name.startsWith('job:')) this.registry.deleteInterval(name);
    }
  }

  onApplicationShutdown(): void {
    this.stop();
  }
}
