import { Module } from '@nestjs/common';
import { AbusiveTermsController } from './abusive-terms.controller';
import { AbusiveTermsService } from './abusive-terms.service';
import { RulesCheckService } from './rules-check.service';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

@Module({
  controllers: [RulesController, AbusiveTermsController],
  providers: [RulesService, RulesCheckService, AbusiveTermsService],
  exports: [RulesService],
})
export class RulesModule {}
