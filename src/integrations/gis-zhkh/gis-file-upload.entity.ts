import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A file of ours already in the ГИС ЖКХ file store: a retried send (a failed importAnswer, a
 * crash after the upload) reuses its AttachmentGUID instead of uploading the bytes again.
 * `attachmentId` is an `attachments.id`, or for an answer text sent as a file the placeholder
 * GUID of that document (`transportGuidFor('answer-text:<event id>')`), hence no foreign key.
 */
@Entity('gis_file_uploads')
export class GisFileUpload {
  @PrimaryColumn({ type: 'uuid' })
  attachmentId: string;

  /** X-Upload-UploadID of the upload: AttachmentGUID in messages. */
  @Column({ type: 'uuid' })
  attachmentGuid: string;

  /** AttachmentHASH: ГОСТ Р 34.11-2012 (256 bit), hex. */
  @Column({ type: 'text' })
  hash: string;

  @Column({ type: 'timestamptz' })
  uploadedAt: Date;
}
