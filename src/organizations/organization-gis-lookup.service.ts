import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { GisOrgLookupDto } from '../integrations/gis-zhkh/gis-org-registry.dto';
import { GisOrgRegistryService } from '../integrations/gis-zhkh/gis-org-registry.service';
import type { GisOrganizationEntry } from '../integrations/gis-zhkh/gis-organization.entity';
import type { Organization } from './organization.entity';
import { OrganizationsService } from './organizations.service';

@Injectable()
export class OrganizationGisLookupService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly registry: GisOrgRegistryService,
  ) {}

  /**
   * The registry's actual entry for this ОГРН/ОГРНИП becomes the directory entry's gisOrgGuid.
   * The entry is checked first, so an unknown id costs no registry request.
   */
  async fill(
    id: string,
    q: GisOrgLookupDto,
  ): Promise<{ organization: Organization; match: GisOrganizationEntry }> {
    if (!(await this.organizations.find(this.ds.manager, id))) {
      throw new AppError(ErrorCode.ORGANIZATION_NOT_FOUND);
    }
    const [match] = await this.registry.lookup(q);
    const organization = await this.organizations.update(id, {
      gisOrgGuid: match.orgRootEntityGuid,
    });
    return { organization, match };
  }
}
