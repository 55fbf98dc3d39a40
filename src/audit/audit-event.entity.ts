import type { JsonObject } from '../common/json';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The per-view reads, written on every appeal, list and notes view: most rows of the log. The
 * action index leaves them out (the migration's predicate is the same text).
 */
export const AUDIT_ACTION_INDEX_WHERE = "action NOT IN ('appeal.read', 'appeal.list', 'note.read')";

/**
 * Who read or changed what (152-ФЗ, 59-ФЗ ст. 6). Identifiers only, never personal data.
 * GET /audit-events reads it newest first, `(at, id)` descending, through one index per filter
 * (migration 1796900000000, docs/benchmarks.md «Audit log»): the period alone and the actor by
 * an index ending in `(at, id)`, so a filter, its period and a page are one index range; the
 * action likewise except the per-view reads (most of the log: a filter on one of them walks
 * `(at, id)`, where they are dense); an appeal by `(entity_type, entity_id)`, whose few rows
 * are sorted (that index deduplicates; with `(at, id)` added it would be five times the size).
 */
@Entity('audit_events')
@Index(['entityType', 'entityId'])
@Index('idx_audit_events_at', ['at', 'id'])
@Index('idx_audit_events_action', ['action', 'at', 'id'], { where: AUDIT_ACTION_INDEX_WHERE })
@Index('idx_audit_events_actor_user', ['actorUserId', 'at', 'id'], {
  where: 'actor_user_id IS NOT NULL',
})
@Index('idx_audit_events_actor_key', ['actorApiKeyId', 'at', 'id'], {
  where: 'actor_api_key_id IS NOT NULL',
})
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
