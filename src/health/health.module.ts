import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { SlaModule } from '../sla/sla.module';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), SlaModule],
  controllers: [HealthController],
})
export class HealthModule {}
