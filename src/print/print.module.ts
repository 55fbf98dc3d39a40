import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PrintController } from './print.controller';
import { PrintService } from './print.service';

/**
 * Print forms (issue 20): the outgoing letter and the registration card as PDF. The forms are
 * pure functions (`*.form.ts`) over blocks (`print-form.ts`); `pdf-renderer.ts` lays them on A4.
 */
@Module({
  imports: [AppealsModule, NotificationsModule],
  controllers: [PrintController],
  providers: [PrintService],
  exports: [PrintService],
})
export class PrintModule {}
