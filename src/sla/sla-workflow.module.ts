import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CalendarCheckService } from './calendar-check.service';
import { DueDateRecomputeService } from './due-date-recompute.service';
import { ExtensionsController } from './extensions.controller';
import { ExtensionsService } from './extensions.service';
import { SlaSweepService } from './sla-sweep.service';
import { SlaModule } from './sla.module';

/** Deadline work on appeals: extensions and the sweep (separate from SlaModule, which appeals uses). */
@Module({
  imports: [SlaModule, AppealsModule, NotificationsModule],
  controllers: [ExtensionsController],
  providers: [ExtensionsService, SlaSweepService, DueDateRecomputeService, CalendarCheckService],
  exports: [SlaSweepService],
})
export class SlaWorkflowModule {}
