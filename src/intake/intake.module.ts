import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { AppealsModule } from '../appeals/appeals.module';
import { AppealAttachmentsModule } from '../attachments/appeal-attachments.module';
import { AttachmentsModule } from '../attachments/attachments.module';
import { RulesModule } from '../rules/rules.module';
import { IntakeController } from './intake.controller';
import { IntakeService } from './intake.service';

@Module({
  imports: [
    AppealsModule,
    RulesModule,
    // Uploads with a new appeal (the interceptor), and the routes for files added later.
    AttachmentsModule,
    AppealAttachmentsModule,
    MetricsModule,
  ],
  controllers: [IntakeController],
  providers: [IntakeService],
  exports: [IntakeService],
})
export class IntakeModule {}
