import { Global, Module } from '@nestjs/common';
import { AuditChangesInterceptor } from './audit-changes.interceptor';
import { AuditEventsController } from './audit-events.controller';
import { AuditLogService } from './audit-log.service';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditEventsController],
  providers: [AuditService, AuditChangesInterceptor, AuditLogService],
  exports: [AuditService, AuditChangesInterceptor],
})
export class AuditModule {}
