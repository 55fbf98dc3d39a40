import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { RollupCompactor } from './rollup/rollup.compactor';

/** The calendar (SlaModule) counts the at-risk window in working days (issue 19). */
@Module({
  imports: [SlaModule],
  controllers: [ReportsController],
  providers: [ReportsService, RollupCompactor],
  // The department scope of a report, for reports kept elsewhere (src/quality/).
  exports: [ReportsService],
})
export class ReportsModule {}
