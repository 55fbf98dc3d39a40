import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../../attachments/attachments.module';
import { IntakeModule } from '../../intake/intake.module';
import { PhoneIntakeController } from './phone-intake.controller';
import { PhoneIntakeService } from './phone-intake.service';
import { RecordingUploadInterceptor } from './recording-upload.interceptor';

/** The channel `phone` (issue 23): calls from a call centre, voice mail or IVR. */
@Module({
  imports: [IntakeModule, AttachmentsModule],
  controllers: [PhoneIntakeController],
  providers: [PhoneIntakeService, RecordingUploadInterceptor],
})
export class PhoneModule {}
