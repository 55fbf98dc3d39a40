import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { GisOrgKind } from './gis-org-registry.messages';

/**
 * The ГИС ЖКХ organisations registry as we last saw it (exportOrgRegistry), by
 * orgRootEntityGUID. Refreshed when older than GIS_ZHKH_ORG_CACHE_DAYS; a stale entry is still
 * used when the registry cannot be reached.
 */
@Entity('gis_organizations')
export class GisOrganizationEntry {
  @PrimaryColumn({ type: 'uuid' })
  orgRootEntityGuid: string;

  @Column({ type: 'uuid' })
  orgVersionGuid: string;

  @Column({ type: 'text' })
  kind: GisOrgKind;

  /** FullName; for an entrepreneur «ИП Фамилия Имя Отчество». */
  @Column({ type: 'text' })
  name: string;

  /** ShortName; for an entrepreneur «ИП Фамилия И. О.». */
  @Column({ type: 'text', nullable: true })
  shortName: string | null;

  /** ОГРН, or ОГРНИП for an entrepreneur. */
  @Column({ type: 'text', nullable: true })
  ogrn: string | null;

  @Column({ type: 'text', nullable: true })
  inn: string | null;

  @Column({ type: 'text', nullable: true })
  kpp: string | null;

  /** OrgVersion/IsActual of the version we hold. */
  @Column({ type: 'boolean' })
  isActual: boolean;

  @Column({ type: 'timestamptz' })
  fetchedAt: Date;
}
