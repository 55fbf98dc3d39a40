import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { DepartmentsModule } from '../departments/departments.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SlaModule } from '../sla/sla.module';
import { AppealsController } from './appeals.controller';
import { AppealsService } from './appeals.service';
import { AppealClocksService } from './clocks/appeal-clocks.service';
import { AppealPlacement } from './registration/appeal-placement';
import { IdempotencyService } from './registration/idempotency';
import { LegacyImportService } from './registration/legacy-import.service';
import { RegistrationService } from './registration/registration.service';

@Module({
  imports: [DepartmentsModule, SlaModule, AttachmentsModule, NotificationsModule],
  controllers: [AppealsController],
  providers: [
    AppealsService,
    AppealClocksService,
    AppealPlacement,
    RegistrationService,
    IdempotencyService,
    LegacyImportService,
  ],
  exports: [
    AppealsService,
    AppealClocksService,
    AppealPlacement,
    RegistrationService,
    IdempotencyService,
    LegacyImportService,
  ],
})
export class AppealsModule {}
