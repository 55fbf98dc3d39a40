import { Module } from '@nestjs/common';
import { DepartmentsModule } from '../departments/departments.module';
import { AbusiveTermsController } from './abusive-terms.controller';
import { AbusiveTermsService } from './abusive-terms.service';
import { RulesCheckService } from './rules-check.service';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

@Module({
  imports: [DepartmentsModule],
  controllers: [RulesController, AbusiveTermsController],
  providers: [RulesService, RulesCheckService, AbusiveTermsService],
  exports: [RulesService],
})
export class RulesModule {}
