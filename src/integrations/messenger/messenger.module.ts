import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../../api-keys/api-keys.module';
import { AppealsModule } from '../../appeals/appeals.module';
import { AttachmentsModule } from '../../attachments/attachments.module';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { IntakeModule } from '../../intake/intake.module';
import { NotificationsModule } from '../../notifications/notifications.module';
import { MessengerIntakeService } from './messenger-intake.service';
import { MessengerNoticesService } from './messenger-notices.service';
import { MessengerPollerService } from './messenger-poller.service';
import { MessengerProviders } from './messenger-providers';
import { MessengerWebhookController } from './messenger-webhook.controller';

/** The `messenger` channel (issue 24, docs/integrations/messengers.md). */
@Module({
  imports: [ApiKeysModule, IntakeModule, AppealsModule, AttachmentsModule, NotificationsModule],
  controllers: [MessengerWebhookController],
  providers: [
    {
      provide: MessengerProviders,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => MessengerProviders.fromConfig(config),
    },
    MessengerIntakeService,
    MessengerNoticesService,
    MessengerPollerService,
  ],
  exports: [MessengerIntakeService, MessengerNoticesService],
})
export class MessengerModule {}
