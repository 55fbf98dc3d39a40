import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';

/**
 * A file attached to an appeal. Stored in PostgreSQL so every API instance sees it
 * (docs/decisions/0006-attachments-in-postgres.md); the same content is kept once per appeal.
 */
@Entity('attachments')
@Index(['appealId', 'sha256'], { unique: true })
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  appealId: string;

  // Deferred: files are written before the appeal row, outside the numbering lock.
  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT', deferrable: 'INITIALLY DEFERRED' })
  appeal?: Appeal;

  @Column({ type: 'text' })
  fileName: string;

  @Column({ type: 'text' })
  contentType: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size: number;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ type: 'uuid', nullable: true })
  uploadedByUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  uploadedByApiKeyId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
