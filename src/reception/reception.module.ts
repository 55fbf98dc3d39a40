import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppealsModule } from '../appeals/appeals.module';
import { AttachmentsModule } from '../attachments/attachments.module';
import { IntakeModule } from '../intake/intake.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SlaModule } from '../sla/sla.module';
import { ReceptionBooking, ReceptionCounter } from './reception-booking.entity';
import { ReceptionBookingsService } from './reception-bookings.service';
import { ReceptionController } from './reception.controller';
import { ReceptionException } from './reception-exception.entity';
import { ReceptionNotices } from './reception-notices';
import { ReceptionReportController } from './reception-report.controller';
import { ReceptionReportService } from './reception-report.service';
import { ReceptionSchedule } from './reception-schedule.entity';
import { ReceptionSchedulesService } from './reception-schedules.service';

/**
 * Personal reception by appointment (59-ФЗ ст. 13, issue 22): schedules, slots, bookings, the
 * reception card (which registers an appeal through IntakeService), reminders, the journal.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ReceptionSchedule,
      ReceptionException,
      ReceptionBooking,
      ReceptionCounter,
    ]),
    IntakeModule,
    AppealsModule,
    AttachmentsModule,
    NotificationsModule,
    SlaModule,
  ],
  controllers: [ReceptionController, ReceptionReportController],
  providers: [
    ReceptionSchedulesService,
    ReceptionBookingsService,
    ReceptionNotices,
    ReceptionReportService,
  ],
})
export class ReceptionModule {}
