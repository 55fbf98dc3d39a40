import { Global, Module } from '@nestjs/common';
import { AuditChangesInterceptor } from './audit-changes.interceptor';
import { AuditService } from './audit.service';

@Global()
@Module({
  providers: [AuditService, AuditChangesInterceptor],
  exports: [AuditService, AuditChangesInterceptor],
})
export class AuditModule {}
