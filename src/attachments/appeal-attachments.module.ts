import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { AppealAttachmentsController } from './appeal-attachments.controller';
import { AppealAttachmentsService } from './appeal-attachments.service';
import { AppealVisibleGuard } from './appeal-visible.guard';
import { AttachmentsModule } from './attachments.module';

/** The attachment routes: they need AppealsService (visibility, history), which needs storage. */
@Module({
  imports: [AppealsModule, AttachmentsModule],
  controllers: [AppealAttachmentsController],
  providers: [AppealAttachmentsService, AppealVisibleGuard],
})
export class AppealAttachmentsModule {}
