import { ApiKeysModule } from '../../api-keys/api-keys.module';
import { Module } from '@nestjs/common';
import { AppealsModule } from '../../appeals/appeals.module';
import { AttachmentsModule } from '../../attachments/attachments.module';
import { IntakeModule } from '../../intake/intake.module';
import { EmailIntakeController } from './email-intake.controller';
import { EmailIntakeService } from './email-intake.service';
import { ImapPollerService } from './imap-poller.service';

@Module({
  imports: [ApiKeysModule, IntakeModule, AppealsModule, AttachmentsModule],
  controllers: [EmailIntakeController],
  providers: [EmailIntakeService, ImapPollerService],
  exports: [EmailIntakeService],
})
export class EmailModule {}
