import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DialogueState } from './dialogue';

/** A provider update taken, written in the same transaction as its effect (exactly once). */
@Entity('messenger_updates')
export class MessengerUpdate {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_messenger_updates' })
  provider: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_messenger_updates' })
  updateId: string;

  @Column({ type: 'text' })
  chatId: string;

  /** The appeal the update registered, if it did. */
  @Column({ type: 'uuid', nullable: true })
  appealId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  processedAt: Date;
}

/** The conversation of one chat, locked FOR UPDATE while an update is handled. */
@Entity('messenger_dialogues')
export class MessengerDialogue {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_messenger_dialogues' })
  provider: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_messenger_dialogues' })
  chatId: string;

  @Column({ type: 'jsonb' })
  state: DialogueState;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}

/** The long-polling position per provider (Telegram offset, MAX marker). */
@Entity('messenger_poll_cursors')
export class MessengerPollCursor {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_messenger_poll_cursors' })
  provider: string;

  @Column({ type: 'text', nullable: true })
  cursor: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
