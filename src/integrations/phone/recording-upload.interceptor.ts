import { Injectable } from '@nestjs/common';
import { AttachmentUploadInterceptor } from '../../attachments/attachment-upload.interceptor';
import { recordingNotAudio, sniffRecordingHead } from './recording-sniffing';

/**
 * The upload of POST /intake/calls: one recording, streamed into staging like any upload and
 * refused by content unless it is Ogg/Opus, MP3, WAV or M4A, within ATTACHMENT_MAX_BYTES — so a
 * refused recording leaves nothing stored (issue 23).
 */
@Injectable()
export class RecordingUploadInterceptor extends AttachmentUploadInterceptor {
  protected override profile(): ReturnType<AttachmentUploadInterceptor['profile']> {
    return { maxFiles: 1, formats: { sniff: sniffRecordingHead, refuse: recordingNotAudio } };
  }
}
