import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppealsModule } from '../appeals/appeals.module';
import { RulesModule } from '../rules/rules.module';
import { AssignmentModule } from '../assignment/assignment.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IntakeController } from './intake.controller';
import { IntakeService } from './intake.service';

@Module({
  imports: [
    AppealsModule,
    RulesModule,
    AssignmentModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Memory storage for now; the attachments issue streams to storage instead.
        limits: {
          fileSize: config.attachments.maxFileBytes,
          files: config.attachments.maxFiles,
          fields: 5,
          fieldSize: 2 * 1024 * 1024,
          parts: config.attachments.maxFiles + 5,
        },
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [IntakeController],
  providers: [IntakeService],
})
export class IntakeModule {}
