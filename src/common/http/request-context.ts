import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '../auth/principal';

/** Who is asking and under which request id: passed from controllers into services. */
export interface RequestContext {
  principal: Principal;
  requestId: string | null;
}

export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  const req = ctx.switchToHttp().getRequest<Request & { user: Principal; id?: string }>();
  return { principal: req.user, requestId: req.id ?? null };
});
