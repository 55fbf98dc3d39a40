import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { safeErrorForLog } from '../../common/errors/problem.filter';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { compactOpenCounts } from '../open-counts.compactor';
import { compactRollup, ensureRollupZone } from './rollup.queries';

const EVERY_MS = 60_000;

/**
 * Folds the report rollup's deltas (a few per registration or status change) into its rows,
 * then the overdue report's open counts they were moved into (compactOpenCounts):
 * every instance ticks, the advisory lock lets one run. Correctness does not depend on it, only
 * how many rows the reports sum. At start, rebuilds the rollup if APP_TIMEZONE changed (its
 * days and days-to-answer are local dates of that zone) or a migration emptied the zone.
 */
@Injectable()
export class RollupCompactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RollupCompactor.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const n = await ensureRollupZone(this.ds, this.config.timeZone);
    if (n !== null) this.logger.warn({ rows: n }, 'Report rollup rebuilt for APP_TIMEZONE');
    if (!this.config.scheduler.enabled) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      // The rollup's compaction moves the open counts' deltas, then theirs folds them.
      this.running = compactRollup(this.ds)
        .then(() => compactOpenCounts(this.ds))
        .catch((e: unknown) =>
          this.logger.error({ err: safeErrorForLog(e) }, 'Report rollup compaction failed'),
        )
        .finally(() => (this.running = null));
    }, EVERY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
