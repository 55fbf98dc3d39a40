import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import type { Role } from '../../users/user.entity';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-codes';
import { ALLOW_CLIENTS, IS_PUBLIC, ROLES } from './auth.decorators';
import type { Principal } from './principal';

/** Global guard: Bearer JWT for staff, X-API-Key for integration clients (SPEC §14). */
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

/** Global guard after authentication: role and client checks on every route. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const principal = ctx.switchToHttp().getRequest<Request & { user?: Principal }>().user;
    if (!principal) throw new AppError(ErrorCode.UNAUTHENTICATED);
    if (principal.kind === 'client') {
      if (this.reflector.getAllAndOverride<boolean>(ALLOW_CLIENTS, targets)) return true;
      throw new AppError(ErrorCode.FORBIDDEN, 'Этот метод недоступен по API-ключу');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (!roles || roles.length === 0) return true;
    if (principal.roles.some((r) => roles.includes(r))) return true;
    throw new AppError(ErrorCode.FORBIDDEN, `Нужна одна из ролей: ${roles.join(', ')}`);
  }
}
