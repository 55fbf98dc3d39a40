import { ApiKeysModule } from '../../api-keys/api-keys.module';
import { Module } from '@nestjs/common';
import { AppealsModule } from '../../appeals/appeals.module';
import { IntakeModule } from '../../intake/intake.module';
import { PassThroughSigner } from './gis-client';
import { GisSyncService, GIS_SIGNER } from './gis-sync.service';
import { GisZhkhController } from './gis-zhkh.controller';

/**
 * The ГИС ЖКХ channel (SPEC §11). The signer is pass-through: a deployment provides an external
 * XAdES/ГОСТ signer under GIS_SIGNER (docs/integrations/gis-zhkh.md).
 */
@Module({
  imports: [ApiKeysModule, IntakeModule, AppealsModule],
  controllers: [GisZhkhController],
  providers: [GisSyncService, { provide: GIS_SIGNER, useClass: PassThroughSigner }],
  exports: [GisSyncService],
})
export class GisZhkhModule {}
