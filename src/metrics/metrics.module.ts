import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** GET /metrics (Prometheus) and the HTTP duration middleware (mounted in app.factory.ts). */
@Module({
  imports: [SlaModule],
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
