import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';

/** `staging`: streamed in, not yet linked to an appeal; `stored`: belongs to `appealId`. */
export type AttachmentStatus = 'staging' | 'stored';

/**
 * `appeal`: sent by the applicant (the appeal's `attachments`); `answer`: enclosed with the
 * answer (the appeal's `answer.files`, issue 20), sent with it.
 */
export type AttachmentPurpose = 'appeal' | 'answer';

/**
 * A file attached to an appeal. The bytes are in `attachment_chunks`, in PostgreSQL so every API
 * instance sees them (docs/decisions/0006-attachments-in-postgres.md). The same content is kept
 * once per appeal.
 */
@Entity('attachments')
// Per purpose: an answer may enclose a file the applicant also sent, as a file of its own.
@Index('idx_attachments_appeal_purpose_sha256', ['appealId', 'purpose', 'sha256'], {
  unique: true,
})
// Uploads nobody linked (a crash half-way): found and deleted by AttachmentsService.deleteStaleStaging.
@Index('idx_attachments_staging', ['createdAt'], { where: `status = 'staging'` })
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null while staging. */
  @Column({ type: 'uuid', nullable: true })
  appealId: string | null;

  // Deferred: files are linked before the appeal row is inserted, outside the numbering lock.
  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT', deferrable: 'INITIALLY DEFERRED' })
  appeal?: Appeal;

  /**
   * A file sent with a reception booking (issue 22): stored with the booking, and given the
   * appeal's id too when the reception's card registers one. No foreign key: attachments sit
   * below the reception module.
   */
  @Index('idx_attachments_reception_booking', { where: 'reception_booking_id IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  receptionBookingId: string | null;

  @Column({ type: 'text', default: 'staging' })
  status: AttachmentStatus;

  @Column({ type: 'text', default: 'appeal' })
  purpose: AttachmentPurpose;

  @Column({ type: 'text' })
  fileName: string;

  /** Detected from the content, never the declared type. */
  @Column({ type: 'text' })
  contentType: string;

  @Column({
    type: 'bigint',
    default: 0,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  size: number;

  /** Hex; null until the upload has been read to the end. */
  @Column({ type: 'text', nullable: true })
  sha256: string | null;

  /**
   * Set on a copy (the duplicate rule copies a new appeal's files to the open case): the row whose
   * chunks hold the bytes. The bytes are shared, never copied; stored files are never deleted.
   */
  @Column({ type: 'uuid', nullable: true })
  contentOfId: string | null;

  @ManyToOne(() => Attachment, { onDelete: 'RESTRICT' })
  contentOf?: Attachment;

  @Column({ type: 'uuid', nullable: true })
  uploadedByUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  uploadedByApiKeyId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
