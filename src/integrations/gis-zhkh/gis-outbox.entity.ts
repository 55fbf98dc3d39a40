import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { GisImportAction, GisImportActionKind } from './gis-types';

/**
 * `pending`: to send (or, with a message_guid, sent and waiting for its result); `sent`: ГИС ЖКХ
 * accepted it; `failed`: the last attempt failed, retried next run up to the attempt limit;
 * `held`: cannot be sent without data a deployment must supply (e.g. the receiver's org GUID).
 */
export const GIS_OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'held'] as const;
export type GisOutboxStatus = (typeof GIS_OUTBOX_STATUSES)[number];

/** One action to mirror to ГИС ЖКХ (importAnswer), derived from one of our appeal events. */
@Entity('gis_outbox')
@Index('idx_gis_outbox_status', ['status', 'id'])
export class GisOutbox {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  appealId: string;

  /** The appeal_events row the action mirrors. */
  @Column({ type: 'bigint' })
  eventId: string;

  @Column({ type: 'text' })
  action: GisImportActionKind;

  /** The action exactly as it is sent (gis-types GisImportAction). */
  @Column({ type: 'jsonb' })
  payload: GisImportAction;

  /** Derived from the event id: the same event always maps to the same row (unique). */
  @Column({ type: 'uuid', unique: true })
  transportGuid: string;

  @Column({ type: 'text', default: 'pending' })
  status: GisOutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** MessageGUID of the importAnswer that carried it: polled again after a crash, not resent. */
  @Column({ type: 'uuid', nullable: true })
  messageGuid: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
