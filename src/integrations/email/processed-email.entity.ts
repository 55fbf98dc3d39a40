import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type EmailIntakeResult = 'created' | 'appended' | 'ignored';

/**
 * Every e-mail the channel has taken, by Message-ID (or content hash): written in the same
 * transaction as its effect, so the same message delivered or fetched twice does nothing twice.
 */
@Entity('processed_emails')
export class ProcessedEmail {
  @PrimaryColumn({ type: 'text' })
  dedupKey: string;

  @Column({ type: 'text' })
  contentHash: string;

  @Column({ type: 'text' })
  result: EmailIntakeResult;

  @Column({ type: 'uuid', nullable: true })
  appealId: string | null;

  @Column({ type: 'text', nullable: true })
  regNumber: string | null;

  /** Why it was ignored (auto-reply, bounce, bulk), or which files were refused. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text' })
  source: 'push' | 'imap';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
