import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { AssignmentModule } from '../assignment/assignment.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReviewService } from './review.service';
import { RulesCheckService } from './rules-check.service';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

@Module({
  imports: [AppealsModule, NotificationsModule, AssignmentModule],
  controllers: [RulesController],
  providers: [RulesService, RulesCheckService, ReviewService],
  exports: [RulesService],
})
export class RulesModule {}
