import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { safeErrorForLog } from '../common/errors/problem.filter';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LockId } from '../database/lock-ids';
import { COMPACT_OPEN_COUNTS } from './reports.sql';

const EVERY_MS = 60_000;

/**
 * Keeps `appeal_open_counts` small: every instance ticks, the advisory lock lets one fold the
 * deltas appended since the last run (a few per registration or status change). Correctness
 * does not depend on it — only how many rows the overdue totals sum.
 */
@Injectable()
export class OpenCountsCompactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OpenCountsCompactor.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.scheduler.enabled) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.compact()
        .catch((e: unknown) =>
          this.logger.error({ err: safeErrorForLog(e) }, 'Open counts compaction failed'),
        )
        .finally(() => (this.running = null));
    }, EVERY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One compaction; null when another session holds the lock. */
  compact(): Promise<{ folded: number; written: number } | null> {
    return compactOpenCounts(this.ds);
  }
}

export async function compactOpenCounts(
  ds: DataSource,
): Promise<{ folded: number; written: number } | null> {
  return ds.transaction(async (em) => {
    const [{ locked }] = await em.query<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock($1) AS locked',
      [LockId.openCountsCompaction],
    );
    if (!locked) return null;
    const [r] = await em.query<{ folded: number; written: number }[]>(COMPACT_OPEN_COUNTS);
    return r;
  });
}
