import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertIfMatch } from '../appeals/appeal.dto';
import type { Appeal } from '../appeals/appeal.entity';
import { AppealsService } from '../appeals/appeals.service';
import { AssignmentService } from '../assignment/assignment.service';
import { AuditService } from '../audit/audit.service';
import { hasRole } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { FORWARDING_DAYS, isLate } from '../sla/extension.policy';
import { localDateInZone } from '../common/time/local-date';
import type {
  AnswerAppealDto,
  AssignDto,
  CrimeReportDto,
  ForwardDto,
  WithdrawDto,
} from './workflow.dto';

/** The case lifecycle after registration (SPEC §7): every change through the status table. */
@Injectable()
export class WorkflowService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly appeals: AppealsService,
    private readonly assignment: AssignmentService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  assign(id: string, dto: AssignDto, ctx: RequestContext, ifMatch?: string): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'assign', async (em, appeal) => {
      this.assignment.assertManages(ctx.principal, appeal);
      if (!hasRole(ctx.principal, 'supervisor', 'admin')) {
        const [u] = await em.query<{ department_id: string | null }[]>(
          'SELECT department_id FROM users WHERE id = $1',
          [dto.assigneeId],
        );
        if (u && u.department_id !== appeal.departmentId) {
          throw AppError.validation([
            {
              field: 'assigneeId',
              code: 'OTHER_DEPARTMENT',
              message: 'Исполнитель из другого подразделения',
            },
          ]);
        }
      }
      await this.assignment.assign(em, appeal, dto.assigneeId, ctx.principal, dto.reason ?? null);
    });
  }

  /** An officer takes an unassigned appeal from their department's queue. */
  take(id: string, ctx: RequestContext, ifMatch?: string): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'take', async (em, appeal) => {
      const p = ctx.principal;
      if (p.kind !== 'user' || !p.departmentId || p.departmentId !== appeal.departmentId) {
        throw new AppError(
          ErrorCode.FORBIDDEN,
          'Взять можно обращение из очереди своего подразделения',
        );
      }
      if (appeal.status !== 'registered' || appeal.assigneeId) {
        throw new AppError(ErrorCode.INVALID_TRANSITION, 'Обращение уже распределено', undefined, {
          from: appeal.status,
          to: 'assigned',
        });
      }
      await this.assignment.assign(em, appeal, p.id, p, 'Взято из очереди подразделения');
    });
  }

  start(id: string, ctx: RequestContext, ifMatch?: string): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'start', async (em, appeal) => {
      this.assertAssignee(ctx, appeal);
      await this.appeals.changeStatus(em, appeal, 'in_progress', ctx.principal, null);
    });
  }

  /** Not our competence: sent on to another organisation, the applicant told (59-ФЗ ст. 8 ч. 3). */
  forward(id: string, dto: ForwardDto, ctx: RequestContext, ifMatch?: string): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'forward', async (em, appeal) => {
      this.assignment.assertManages(ctx.principal, appeal);
      const today = localDateInZone(this.clock.now(), this.config.timeZone);
      const forwardingLate = isLate(this.appeals.registeredOn(appeal), today, FORWARDING_DAYS);
      await this.appeals.changeStatus(
        em,
        appeal,
        'forwarded',
        ctx.principal,
        dto.reason,
        {
          organization: dto.organization,
          forwardingLate,
          ...(dto.gisReceiverGuid ? { gisReceiverGuid: dto.gisReceiverGuid.toLowerCase() } : {}),
        },
        { forwardedTo: dto.organization, closingReason: dto.reason, forwardingLate },
      );
      await this.notifications.enqueue(
        em,
        appeal,
        'forwarding',
        { forwardedTo: dto.organization },
        this.appeals.registeredOn(appeal),
      );
    });
  }

  /**
   * 59-ФЗ ст. 11 ч. 1: an appeal without the applicant's name or reply address gets no answer,
   * but if it reports an unlawful act (prepared, under way or done) it is sent to the state body
   * whose competence that is. A head or supervisor marks it (SPEC §4: the `crimeReport` flag);
   * the appeal stays rejected as anonymous, the letter goes by post, the history says so.
   */
  reportCrime(
    id: string,
    dto: CrimeReportDto,
    ctx: RequestContext,
    ifMatch?: string,
  ): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'crime_report', async (em, appeal) => {
      this.assignment.assertManages(ctx.principal, appeal);
      if (appeal.status !== 'rejected' || appeal.rejectionReason !== 'anonymous') {
        throw new AppError(
          ErrorCode.CRIME_REPORT_NOT_ALLOWED,
          'По ч. 1 ст. 11 Федерального закона № 59-ФЗ в государственный орган направляется ' +
            'обращение, отклонённое как анонимное; это обращение не таково',
        );
      }
      if (appeal.crimeReport) {
        throw new AppError(
          ErrorCode.CRIME_REPORT_NOT_ALLOWED,
          `Обращение уже направлено: ${appeal.forwardedTo ?? 'в государственный орган'}`,
        );
      }
      const comment = dto.comment?.trim() || null;
      await this.appeals.markCrimeReport(em, appeal, dto.organization, ctx.principal, comment);
      await this.notifications.enqueueToAuthority(
        em,
        appeal,
        dto.organization,
        comment,
        this.appeals.registeredOn(appeal),
      );
    });
  }

  /** At the applicant's request; staff record it, or the client that created the appeal. */
  withdraw(id: string, dto: WithdrawDto, ctx: RequestContext, ifMatch?: string): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'withdraw', async (em, appeal) => {
      const reason = dto.comment ?? 'Отозвано заявителем';
      await this.appeals.changeStatus(
        em,
        appeal,
        'withdrawn',
        ctx.principal,
        reason,
        {},
        { closingReason: reason },
      );
    });
  }

  /**
   * The answer, dispatched through the reply channel: e-mail via the outbox, a numbered letter
   * for post, the ГИС ЖКХ queue. answeredAt is when it was handed over for dispatch (SPEC §7).
   */
  answer(id: string, dto: AnswerAppealDto, ctx: RequestContext, ifMatch?: string): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'answer', async (em, appeal) => {
      const p = ctx.principal;
      const isAssignee = p.kind === 'user' && appeal.assigneeId === p.id;
      if (!isAssignee) this.assignment.assertManages(p, appeal);
      const answeredAt = this.clock.now();
      await this.appeals.changeStatus(
        em,
        appeal,
        'answered',
        p,
        null,
        { outcome: dto.outcome },
        { answerText: dto.text, answerOutcome: dto.outcome, answeredAt },
      );
      await this.notifications.enqueue(
        em,
        appeal,
        'answer',
        { answerText: dto.text },
        this.appeals.registeredOn(appeal),
      );
    });
  }

  private change(
    id: string,
    ctx: RequestContext,
    ifMatch: string | undefined,
    action: string,
    fn: (em: EntityManager, appeal: Appeal) => Promise<void>,
  ): Promise<Appeal> {
    return this.ds.transaction(async (em) => {
      const appeal = await this.appeals.getForUpdate(em, id, ctx);
      assertIfMatch(ifMatch, appeal);
      await fn(em, appeal);
      await this.audit.record(ctx, `appeal.${action}`, 'appeal', appeal.id, null, em);
      return appeal;
    });
  }

  private assertAssignee(ctx: RequestContext, appeal: Appeal): void {
    if (ctx.principal.kind !== 'user' || appeal.assigneeId !== ctx.principal.id) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Это может сделать только исполнитель обращения');
    }
  }
}
