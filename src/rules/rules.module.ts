import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReviewService } from './review.service';
import { RulesCheckService } from './rules-check.service';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

@Module({
  imports: [AppealsModule, NotificationsModule],
  controllers: [RulesController],
  providers: [RulesService, RulesCheckService, ReviewService],
  exports: [RulesService],
})
export class RulesModule {}
