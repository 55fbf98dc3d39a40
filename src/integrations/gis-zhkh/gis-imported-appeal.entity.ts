import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every ГИС ЖКХ appeal we registered, by AppealGUID: written in the registering transaction, so an
 * appeal exported twice (overlapping windows, a retried run) is registered once.
 */
@Entity('gis_imported_appeals')
export class GisImportedAppeal {
  @PrimaryColumn({ type: 'uuid' })
  appealGuid: string;

  @Index({ unique: true })
  @Column({ type: 'uuid' })
  appealId: string;

  @Column({ type: 'text' })
  appealNumber: string;

  @CreateDateColumn({ type: 'timestamptz' })
  importedAt: Date;
}
