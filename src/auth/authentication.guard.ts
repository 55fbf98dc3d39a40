import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { IS_PUBLIC } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';

/**
 * Global guard: Bearer JWT for staff, X-API-Key for integration clients (SPEC §14). In `auth/`,
 * not `common/`, because it looks keys up through ApiKeysService; RolesGuard runs after it.
 */
@Injectable()
export class AuthenticationGuard extends PassportAuthGuard(['jwt', 'api-key']) {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {
    super();
  }

  override canActivate(ctx: ExecutionContext): ReturnType<CanActivate['canActivate']> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (isPublic) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: Principal }>();
    const key = req.headers['x-api-key'];
    if (key !== undefined && req.headers.authorization === undefined) {
      return this.authenticateClient(req, key);
    }
    return super.canActivate(ctx);
  }

  /**
   * An integration call (X-API-Key and no Authorization) is checked here, by the same lookup as
   * the passport strategy's, without passport's per-request machinery: that was ~5 % of the CPU
   * of a `GET /appeals/{id}` (issue 10). Requests with both headers still go through passport.
   */
  private async authenticateClient(
    req: Request & { user?: Principal },
    key: string | string[],
  ): Promise<boolean> {
    const principal = typeof key === 'string' ? await this.apiKeys.principalFor(key) : null;
    req.user = rejectUnauthenticated(null, principal);
    return true;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    return rejectUnauthenticated(err, user);
  }
}

function rejectUnauthenticated<T>(err: unknown, user: T | null | false): T {
  // Strategies throw Errors (e.g. a database failure); pass them on unchanged.
  if (err) throw err instanceof Error ? err : new AppError(ErrorCode.UNAUTHENTICATED);
  if (!user)
    throw new AppError(
      ErrorCode.UNAUTHENTICATED,
      'Нужен заголовок Authorization: Bearer … или X-API-Key',
    );
  return user;
}
