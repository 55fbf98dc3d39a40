import { Module } from '@nestjs/common';
import { AttachmentUploadInterceptor } from './attachment-upload.interceptor';
import { AttachmentsService } from './attachments.service';

/** Storage of files and the upload interceptor; no HTTP routes (AppealAttachmentsModule). */
@Module({
  providers: [AttachmentsService, AttachmentUploadInterceptor],
  exports: [AttachmentsService, AttachmentUploadInterceptor],
})
export class AttachmentsModule {}
