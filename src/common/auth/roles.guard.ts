import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-codes';
import { ALLOW_CLIENTS, IS_PUBLIC, ROLES } from './auth.decorators';
import type { Principal } from './principal';
import type { Role } from './roles';

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
