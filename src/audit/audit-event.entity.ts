import type { JsonObject } from '../common/json';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who read or changed what (152-ФЗ, 59-ФЗ ст. 6). Identifiers only, never personal data. */
@Entity('audit_events')
@Index(['entityType', 'entityId'])
export class AuditEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorApiKeyId: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  entityType: string;

  @Column({ type: 'text', nullable: true })
  entityId: string | null;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  /** Extra identifiers (e.g. the ids a list returned); never personal data. */
  @Column({ type: 'jsonb', nullable: true })
  data: JsonObject | null;
}
