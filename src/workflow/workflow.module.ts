import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { AssignmentModule } from '../assignment/assignment.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReviewController } from './review.controller';
import { ReviewService } from './review.service';
import { WorkflowController } from './workflow.controller';
import { WorkflowService } from './workflow.service';

/**
 * The case lifecycle after registration (SPEC §7, §14): a head's review of a flagged appeal and
 * take, start, forward, crime report, withdraw, answer. The assignee is chosen and changed by
 * AssignmentService. Not to be confused with `lifecycle/`, the process's graceful shutdown.
 */
@Module({
  imports: [AppealsModule, AssignmentModule, NotificationsModule],
  controllers: [WorkflowController, ReviewController],
  providers: [WorkflowService, ReviewService],
})
export class WorkflowModule {}
