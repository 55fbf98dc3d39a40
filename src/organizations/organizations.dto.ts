import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  ORGANIZATION_KINDS,
  type Organization,
  type OrganizationKind,
} from './organization.entity';

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Государственная жилищная инспекция Санкт-Петербурга' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS, { message: `Вид: одно из ${ORGANIZATION_KINDS.join(', ')}` })
  kind: OrganizationKind;

  @ApiPropertyOptional({ nullable: true, example: '191023, г. Санкт-Петербург, ул. Садовая, д. 1' })
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  @IsString()
  @MinLength(5)
  @MaxLength(1000)
  postalAddress?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'gzhi@gov.spb.ru' })
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  @IsEmail({}, { message: 'Некорректный адрес электронной почты' })
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    format: 'uuid',
    description: 'orgRootEntityGUID в ГИС ЖКХ',
  })
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  @IsUUID()
  gisOrgGuid?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'Санкт-Петербург' })
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  region?: string | null;
}

export class UpdateOrganizationDto extends PartialType(CreateOrganizationDto) {}

export class OrganizationDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind: OrganizationKind;
  @ApiProperty({ nullable: true, type: String }) postalAddress: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) gisOrgGuid: string | null;
  @ApiProperty({ nullable: true, type: String }) region: string | null;
}

export const toOrganizationDto = (o: Organization): OrganizationDto => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  postalAddress: o.postalAddress,
  email: o.email,
  gisOrgGuid: o.gisOrgGuid,
  region: o.region,
});
