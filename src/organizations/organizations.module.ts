import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GisZhkhModule } from '../integrations/gis-zhkh/gis-zhkh.module';
import { OrganizationGisLookupController } from './organization-gis-lookup.controller';
import { OrganizationGisLookupService } from './organization-gis-lookup.service';
import { Organization } from './organization.entity';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';

/** The directory of receiving bodies (issue 20, item 3); the workflow's forwarding reads it. */
@Module({
  // GisZhkhModule: the ГИС ЖКХ organisations registry for the gisOrgGuid lookup.
  imports: [TypeOrmModule.forFeature([Organization]), GisZhkhModule],
  controllers: [OrganizationsController, OrganizationGisLookupController],
  providers: [OrganizationsService, OrganizationGisLookupService],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
