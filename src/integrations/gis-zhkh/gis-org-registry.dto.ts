import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { IsOgrn } from '../../common/ogrn';
import { GIS_ORG_KINDS, type GisOrgKind } from './gis-org-registry.messages';
import type { GisOrganizationEntry } from './gis-organization.entity';

/**
 * A search of the ГИС ЖКХ organisations registry. ГИС searches by registration number only
 * (exportOrgRegistryRequest/SearchCriteria has no ИНН criterion).
 */
export class GisOrgLookupDto {
  @ApiProperty({ example: '1027700132195', description: 'ОГРН (13 digits) or ОГРНИП (15)' })
  @IsOgrn({ message: 'ОГРН — 13 цифр, ОГРНИП — 15, с верной контрольной цифрой' })
  ogrn: string;

  @ApiPropertyOptional({ example: '773601001', description: 'КПП: a branch of the legal entity' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'КПП — 9 цифр' })
  kpp?: string;
}

export class GisOrganizationDto {
  @ApiProperty() orgRootEntityGuid: string;
  @ApiProperty() orgVersionGuid: string;
  @ApiProperty({ enum: GIS_ORG_KINDS }) kind: GisOrgKind;
  @ApiProperty({ description: 'full name; an entrepreneur: «ИП Фамилия Имя Отчество»' })
  name: string;
  @ApiProperty({ nullable: true, type: String }) shortName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'ОГРН or ОГРНИП' })
  ogrn: string | null;
  @ApiProperty({ nullable: true, type: String }) inn: string | null;
  @ApiProperty({ nullable: true, type: String }) kpp: string | null;
  @ApiProperty({ description: 'the registry version is the actual one' }) isActual: boolean;
  @ApiProperty({ description: 'when the registry was asked' }) fetchedAt: string;
}

export const toGisOrganizationDto = (e: GisOrganizationEntry): GisOrganizationDto => ({
  orgRootEntityGuid: e.orgRootEntityGuid,
  orgVersionGuid: e.orgVersionGuid,
  kind: e.kind,
  name: e.name,
  shortName: e.shortName,
  ogrn: e.ogrn,
  inn: e.inn,
  kpp: e.kpp,
  isActual: e.isActual,
  fetchedAt: e.fetchedAt.toISOString(),
});
