import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DepartmentsModule } from '../departments/departments.module';
import { CalendarDay, CalendarYear } from './calendar-day.entity';
import { CalendarService } from './calendar.service';
import { DeadlinesService } from './deadlines.service';
import { SlaPoliciesService } from './sla-policies.service';
import { SlaPolicy } from './sla-policy.entity';
import { SlaController } from './sla.controller';

@Module({
  imports: [TypeOrmModule.forFeature([SlaPolicy, CalendarDay, CalendarYear]), DepartmentsModule],
  controllers: [SlaController],
  providers: [CalendarService, SlaPoliciesService, DeadlinesService],
  exports: [CalendarService, SlaPoliciesService, DeadlinesService],
})
export class SlaModule {}
