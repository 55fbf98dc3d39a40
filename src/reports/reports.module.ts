import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { OpenCountsCompactor } from './open-counts.compactor';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** The calendar (SlaModule) counts the at-risk window in working days (issue 19). */
@Module({
  imports: [SlaModule],
  controllers: [ReportsController],
  providers: [ReportsService, OpenCountsCompactor],
})
export class ReportsModule {}
