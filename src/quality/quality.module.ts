import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { ReportsModule } from '../reports/reports.module';
import { InspectionController, QualityReportsController } from './quality.controller';
import { QualityService } from './quality.service';

/**
 * Utility-quality violation reports (issue 23, ПП 354 п. 105–113; docs/quality-reports.md): the
 * kind `quality_report` is registered like any appeal (its data, routing to dispatch and the
 * inspection clock are hooks in intake and registration); this module is what follows — the
 * agreed inspection time, the inspection act and the report for billing.
 */
@Module({
  imports: [AppealsModule, ReportsModule],
  controllers: [InspectionController, QualityReportsController],
  providers: [QualityService],
})
export class QualityModule {}
