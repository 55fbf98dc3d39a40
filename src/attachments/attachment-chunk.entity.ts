import { Column, Entity, ManyToOne, PrimaryColumn } from 'typeorm';
import { Attachment } from './attachment.entity';

/** Bytes travel in pieces of this size: never a whole file in memory, in a query or its hex copy. */
export const CHUNK_BYTES = 256 * 1024;

/** One piece of a file's content, in order of `seq` (0, 1, …). */
@Entity('attachment_chunks')
export class AttachmentChunk {
  @PrimaryColumn({ type: 'uuid' })
  attachmentId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  // Deleting a staging upload removes its bytes.
  @ManyToOne(() => Attachment, { onDelete: 'CASCADE' })
  attachment?: Attachment;

  @Column({ type: 'bytea' })
  data: Buffer;
}
