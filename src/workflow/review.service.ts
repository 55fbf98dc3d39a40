import { Injectable } from '@nestjs/common';
import { notifiesApplicant } from '../rules/rejection-reasons';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertIfMatch } from '../appeals/appeal.dto';
import type { Appeal } from '../appeals/appeal.entity';
import { AppealsService } from '../appeals/appeals.service';
import { AssignmentService } from '../assignment/assignment.service';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import { NotificationsService } from '../notifications/notifications.service';
import type { AcceptAppealDto, RejectAppealDto } from './review.dto';

/** A head's or supervisor's decision on a flagged appeal (SPEC §4, §14). */
@Injectable()
export class ReviewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly appeals: AppealsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly assignment: AssignmentService,
  ) {}

  /** under_review → registered: considered as a normal appeal, within its original term. */
  accept(id: string, dto: AcceptAppealDto, ctx: RequestContext, ifMatch?: string): Promise<Appeal> {
    return this.ds.transaction(async (em) => {
      const appeal = await this.appeals.getForUpdate(em, id, ctx);
      assertIfMatch(ifMatch, appeal);
      this.assignment.assertManages(ctx.principal, appeal);
      if (appeal.status !== 'under_review') {
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          'Принять к рассмотрению можно только обращение на проверке (under_review)',
          undefined,
          { from: appeal.status, to: 'registered' },
        );
      }
      await this.appeals.changeStatus(
        em,
        appeal,
        'registered',
        ctx.principal,
        dto.comment ?? 'Принято к рассмотрению',
        {
          decision: 'accepted',
        },
      );
      // Routed as a normal appeal (SPEC §14).
      await this.assignment.autoAssign(em, appeal);
      await this.audit.record(ctx, 'appeal.accept', 'appeal', appeal.id, null, em);
      return appeal;
    });
  }

  /** Not considered on the merits, with the legal notice unless the appeal is anonymous. */
  reject(id: string, dto: RejectAppealDto, ctx: RequestContext, ifMatch?: string): Promise<Appeal> {
    return this.ds.transaction(async (em) => {
      const appeal = await this.appeals.getForUpdate(em, id, ctx);
      assertIfMatch(ifMatch, appeal);
      this.assignment.assertManages(ctx.principal, appeal);
      await this.appeals.reject(em, appeal, dto.reason, dto.comment ?? null, ctx.principal);
      // 59-ФЗ ст. 11 ч. 1: nobody to notify about an anonymous appeal.
      if (notifiesApplicant(dto.reason)) {
        await this.notifications.enqueue(
          em,
          appeal,
          'rejection',
          { rejectionReason: dto.reason, comment: dto.comment ?? null },
          this.appeals.registeredOn(appeal),
        );
      }
      await this.audit.record(
        ctx,
        'appeal.reject',
        'appeal',
        appeal.id,
        { reason: dto.reason },
        em,
      );
      return appeal;
    });
  }
}
