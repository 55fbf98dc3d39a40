import { Module } from '@nestjs/common';
import { OpenCountsCompactor } from './open-counts.compactor';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({ controllers: [ReportsController], providers: [ReportsService, OpenCountsCompactor] })
export class ReportsModule {}
