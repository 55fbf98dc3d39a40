import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppealsService } from '../appeals/appeals.service';
import type { Principal } from '../common/auth/principal';
import { UuidPipe } from '../common/http/uuid.pipe';

/**
 * 404 before a single byte of an upload is read when the caller may not see the appeal `:id`:
 * nobody fills the staging area for an appeal they cannot touch. Guards run before pipes, so the
 * id is checked here too.
 */
@Injectable()
export class AppealVisibleGuard implements CanActivate {
  private readonly uuid = new UuidPipe();

  constructor(private readonly appeals: AppealsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { user: Principal }>();
    const id = this.uuid.transform(String(req.params.id), { data: 'id' });
    // No audit record here: the upload may still be refused; what it adds is audited.
    await this.appeals.findVisible(id, req.user);
    return true;
  }
}
