import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LettersController } from './letters.controller';
import { LettersService } from './letters.service';
import { MailTransport, SmtpMailTransport } from './mail-transport';
import { NotificationSenderService } from './notification-sender.service';
import { NotificationsService } from './notifications.service';

@Module({
  // The sender reads an e-mail's files from the attachment storage (answer files).
  imports: [AttachmentsModule],
  controllers: [LettersController],
  providers: [
    NotificationsService,
    LettersService,
    NotificationSenderService,
    {
      provide: MailTransport,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new SmtpMailTransport(config.smtpUrl, config.mail.from),
    },
  ],
  exports: [NotificationsService, LettersService],
})
export class NotificationsModule {}
