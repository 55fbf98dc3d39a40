import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { JobsService } from '../../jobs/jobs.service';
import { MessengerIntakeService } from './messenger-intake.service';
import { MessengerProviders } from './messenger-providers';

/**
 * The `messenger-poll` job: with MESSENGER_MODE=polling (no public URL for a webhook) it asks each
 * provider for new updates (Telegram getUpdates, MAX marker) and handles them like the webhook.
 * Once across instances (JobsService's lock); the cursor moves only after the batch is handled,
 * and an update handled twice is recognised by `messenger_updates`.
 */
@Injectable()
export class MessengerPollerService implements OnModuleInit {
  private readonly logger = new Logger(MessengerPollerService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly providers: MessengerProviders,
    private readonly intake: MessengerIntakeService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('messenger-poll', () => this.poll());
  }

  async poll(): Promise<Record<string, number>> {
    if (this.config.messenger.mode !== 'polling') return { disabled: 1 };
    const counts = { providers: 0, processed: 0, repeated: 0 };
    for (const provider of this.providers.all()) {
      counts.providers++;
      const [row] = await this.ds.query<{ cursor: string | null }[]>(
        'SELECT cursor FROM messenger_poll_cursors WHERE provider = $1',
        [provider.code],
      );
      const { updates, cursor } = await provider.poll(row?.cursor ?? null);
      const done = await this.intake.processAll(provider, updates);
      counts.processed += done.processed;
      counts.repeated += done.repeated;
      await this.ds.query(
        `INSERT INTO messenger_poll_cursors (provider, cursor, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (provider) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`,
        [provider.code, cursor],
      );
    }
    if (counts.processed > 0) this.logger.log(counts, 'Messenger updates polled');
    return counts;
  }
}
