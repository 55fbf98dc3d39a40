import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable, from, mergeMap } from 'rxjs';
import type { Principal } from '../common/auth/principal';
import { AuditService } from './audit.service';

/**
 * Records every successful change made through the decorated controller (admin settings:
 * users, keys, departments, topics, policies, calendar) in the audit log. Reads are not
 * recorded here; appeal reads and changes are recorded by the appeal services themselves.
 */
@Injectable()
export class AuditChangesInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { user?: Principal; id?: string }>();
    if (req.method === 'GET' || !req.user) return next.handle();
    const entityType = ctx
      .getClass()
      .name.replace(/Controller$/, '')
      .toLowerCase();
    const action = `${entityType}.${ctx.getHandler().name}`;
    const params = req.params as Record<string, string | undefined>;
    return next.handle().pipe(
      mergeMap((result: unknown) => {
        const id =
          params.id ?? params.kind ?? params.date ?? (result as { id?: unknown } | undefined)?.id;
        return from(
          this.audit
            .record(
              { principal: req.user!, requestId: req.id ?? null },
              action,
              entityType,
              id === undefined ? null : String(id as string),
            )
            .then(() => result),
        );
      }),
    );
  }
}
