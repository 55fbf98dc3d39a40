import { ApiKeysModule } from '../../api-keys/api-keys.module';
import { Module } from '@nestjs/common';
import { AppealsModule } from '../../appeals/appeals.module';
import { IntakeModule } from '../../intake/intake.module';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { createGisSigner } from './signing/create-gis-signer';
import { GisFilesService } from './gis-files.service';
import { GisSyncService, GIS_SIGNER } from './gis-sync.service';
import { GisZhkhController } from './gis-zhkh.controller';
import { GisOrgRegistryController } from './gis-org-registry.controller';
import { GisOrgRegistryService } from './gis-org-registry.service';
import { gisValidationProviders } from './gis-xsd-signer';
import { GisOutboxAdminService } from './gis-outbox-admin.service';

/**
 * The ГИС ЖКХ channel (SPEC §11). GIS_SIGNER is chosen by GIS_ZHKH_SIGNER (signing/,
 * docs/integrations/gis-zhkh.md, ADR 0017).
 */
@Module({
  imports: [ApiKeysModule, IntakeModule, AppealsModule],
  controllers: [GisZhkhController, GisOrgRegistryController],
  providers: [
    GisSyncService,
    GisFilesService,
    GisOrgRegistryService,
    // GIS_ZHKH_SIGNER: local XAdES/ГОСТ, an external service, or none for the stand-in.
    {
      provide: GIS_SIGNER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createGisSigner(config.gis),
    },
    // GIS_OUTGOING_SIGNER: the GIS_SIGNER above behind XSD validation (gis-xsd-signer.ts).
    ...gisValidationProviders(GIS_SIGNER),
    GisOutboxAdminService,
  ],
  exports: [GisSyncService, GisOrgRegistryService],
})
export class GisZhkhModule {}
