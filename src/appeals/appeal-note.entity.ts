import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { Appeal } from './appeal.entity';

/**
 * An internal note on an appeal (SPEC §1: officers keep notes), by a staff member who sees it.
 * Append-only like the history: a note is never edited or deleted, and never reaches the
 * applicant (no notice, no letter, no API key reads it).
 */
@Entity('appeal_notes')
@Index('idx_appeal_notes_appeal', ['appealId', 'id'])
export class AppealNote {
  @PrimaryGeneratedColumn('increment', {
    type: 'bigint',
    primaryKeyConstraintName: 'pk_appeal_notes',
  })
  id: string;

  @Column({ type: 'uuid' })
  appealId: string;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'appeal_id', foreignKeyConstraintName: 'fk_appeal_notes_appeal' })
  appeal?: Appeal;

  @Column({ type: 'uuid' })
  authorUserId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_user_id', foreignKeyConstraintName: 'fk_appeal_notes_author' })
  authorUser?: User;

  @Column({ type: 'text' })
  text: string;

  /** The clock's now when the note was written. */
  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
