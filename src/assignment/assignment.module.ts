import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AssignmentService } from './assignment.service';

/** Choosing and changing an appeal's assignee (SPEC §7); the lifecycle is in `workflow/`. */
@Module({
  imports: [AppealsModule, NotificationsModule],
  providers: [AssignmentService],
  exports: [AssignmentService],
})
export class AssignmentModule {}
