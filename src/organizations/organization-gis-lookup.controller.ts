import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuditChangesInterceptor } from '../audit/audit-changes.interceptor';
import { Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiProblems } from '../common/http/openapi';
import { UuidPipe } from '../common/http/uuid.pipe';
import {
  GisOrgLookupDto,
  GisOrganizationDto,
  toGisOrganizationDto,
} from '../integrations/gis-zhkh/gis-org-registry.dto';
import { OrganizationGisLookupService } from './organization-gis-lookup.service';
import { OrganizationDto, toOrganizationDto } from './organizations.dto';

export class OrganizationGisLookupDto {
  @ApiProperty({ type: OrganizationDto, description: 'the directory entry, gisOrgGuid filled' })
  organization: OrganizationDto;
  @ApiProperty({ type: GisOrganizationDto, description: 'the registry entry it was taken from' })
  registry: GisOrganizationDto;
}

/**
 * Fills a directory entry's gisOrgGuid from the ГИС ЖКХ organisations registry, so a forwarding
 * of a ГИС appeal to it is sent at once (RedirectAppeal needs the receiver's orgRootEntityGUID).
 */
@ApiTags('organizations')
@ApiBearerAuth()
@UseInterceptors(AuditChangesInterceptor)
@Controller('organizations')
export class OrganizationGisLookupController {
  constructor(private readonly service: OrganizationGisLookupService) {}

  @Post(':id/gis-lookup')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: OrganizationGisLookupDto })
  @ApiProblems(
    ErrorCode.ORGANIZATION_NOT_FOUND,
    ErrorCode.GIS_ORGANIZATION_NOT_FOUND,
    ErrorCode.GIS_ZHKH_UNAVAILABLE,
  )
  async lookup(
    @Param('id', UuidPipe) id: string,
    @Body() dto: GisOrgLookupDto,
  ): Promise<OrganizationGisLookupDto> {
    const { organization, match } = await this.service.fill(id, dto);
    return { organization: toOrganizationDto(organization), registry: toGisOrganizationDto(match) };
  }
}
