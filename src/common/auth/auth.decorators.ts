import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from './roles';
import type { Principal } from './principal';

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';
export const ALLOW_CLIENTS = 'auth:clients';

/** No authentication at all (login, health). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Staff holding at least one of these roles. Without it: any authenticated staff member. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES, roles);

/** Integration clients (X-API-Key) may call this route too; by default they may not. */
export const AllowClients = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOW_CLIENTS, true);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal =>
    ctx.switchToHttp().getRequest<Request & { user: Principal }>().user,
);
