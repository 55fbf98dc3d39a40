import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { AssignmentModule } from '../assignment/assignment.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AbusiveTermsController } from './abusive-terms.controller';
import { AbusiveTermsService } from './abusive-terms.service';
import { ReviewService } from './review.service';
import { RulesCheckService } from './rules-check.service';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

@Module({
  imports: [AppealsModule, NotificationsModule, AssignmentModule],
  controllers: [RulesController, AbusiveTermsController],
  providers: [RulesService, RulesCheckService, ReviewService, AbusiveTermsService],
  exports: [RulesService],
})
export class RulesModule {}
