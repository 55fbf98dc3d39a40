import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The single row (id = 1) of the ГИС ЖКХ sync's progress. Both marks move only after the work
 * they cover is committed, so a crash means redoing a window, never skipping one.
 */
@Entity('gis_sync_state')
export class GisSyncState {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  /** Last AppealCreateDate day whose appeals are all registered; the next window overlaps it. */
  @Column({ type: 'date', nullable: true })
  exportHighWater: string | null;

  /** appeal_events.id up to which events of ГИС appeals were turned into outbox rows. */
  @Column({ type: 'bigint', default: 0 })
  eventHighWater: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
