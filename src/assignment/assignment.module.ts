import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AssignmentService } from './assignment.service';
import { WorkflowController } from './workflow.controller';
import { WorkflowService } from './workflow.service';

@Module({
  imports: [AppealsModule, NotificationsModule],
  controllers: [WorkflowController],
  providers: [AssignmentService, WorkflowService],
  exports: [AssignmentService],
})
export class AssignmentModule {}
