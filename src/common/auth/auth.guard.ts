import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import type { Role } from '../../users/user.entity';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-codes';
import { ALLOW_CLIENTS, IS_PUBLIC, ROLES } from './auth.decorators';
import type { Principal } from './principal';

/** Only the API-key strategy: for requests that carry X-API-Key and no Authorization. */
class ApiKeyOnly extends PassportAuthGuard('api-key') {
  override handleRequest<T>(err: unknown, user: T): T {
    return rejectUnauthenticated(err, user);
  }
}

/** Global guard: Bearer JWT for staff, X-API-Key for integration clients (SPEC §14). */
@Injectable()
export class AuthenticationGuard extends PassportAuthGuard(['jwt', 'api-key']) {
  // An integration call goes straight to its strategy instead of failing the JWT one first.
  private readonly apiKeyOnly = new ApiKeyOnly();

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(ctx: ExecutionContext): ReturnType<CanActivate['canActivate']> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (isPublic) return true;
    const headers = ctx.switchToHttp().getRequest<Request>().headers;
    if (headers['x-api-key'] !== undefined && headers.authorization === undefined) {
      return this.apiKeyOnly.canActivate(ctx);
    }
    return super.canActivate(ctx);
  }

  override handleRequest<T>(err: unknown, user: T): T {
    return rejectUnauthenticated(err, user);
  }
}

function rejectUnauthenticated<T>(err: unknown, user: T): T {
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
