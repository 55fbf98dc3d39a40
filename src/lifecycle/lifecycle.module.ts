import { Global, Module } from '@nestjs/common';
import { LifecycleService } from './lifecycle.service';

/** Readiness and in-flight requests for the graceful shutdown (src/lifecycle/graceful-shutdown.ts). */
@Global()
@Module({ providers: [LifecycleService], exports: [LifecycleService] })
export class LifecycleModule {}
