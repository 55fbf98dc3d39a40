import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/auth.decorators';
import { ErrorCode } from '../../common/errors/error-codes';
import { ApiItems, ApiProblems } from '../../common/http/openapi';
import { GisOrgLookupDto, GisOrganizationDto, toGisOrganizationDto } from './gis-org-registry.dto';
import { GisOrgRegistryService } from './gis-org-registry.service';

@ApiTags('integrations')
@ApiBearerAuth()
@Controller('integrations/gis-zhkh/organizations')
export class GisOrgRegistryController {
  constructor(private readonly registry: GisOrgRegistryService) {}

  /** The ГИС ЖКХ organisations registry by ОГРН/ОГРНИП (exportOrgRegistry), actual first. */
  @Get()
  @Roles('admin', 'head')
  @ApiItems(GisOrganizationDto, { description: 'the registry matches, the actual version first' })
  @ApiProblems(ErrorCode.GIS_ORGANIZATION_NOT_FOUND, ErrorCode.GIS_ZHKH_UNAVAILABLE)
  async search(@Query() q: GisOrgLookupDto): Promise<{ items: GisOrganizationDto[] }> {
    return { items: (await this.registry.lookup(q)).map(toGisOrganizationDto) };
  }
}
