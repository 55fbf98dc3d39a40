import type { JsonObject } from '../common/json';
import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Appeal } from './appeal.entity';
import type { AppealStatus } from './appeal.enums';

/** One row of an appeal's history, written in the same transaction as the change. */
@Entity('appeal_events')
@Index(['appealId', 'id'])
export class AppealEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  appealId: string;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  appeal?: Appeal;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text', nullable: true })
  fromStatus: AppealStatus | null;

  @Column({ type: 'text', nullable: true })
  toStatus: AppealStatus | null;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorApiKeyId: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: JsonObject;
}
