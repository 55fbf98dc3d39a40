import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { assertIfMatch } from '../appeals/appeal.dto';
import type { Appeal } from '../appeals/appeal.entity';
import { OPEN_STATUSES } from '../appeals/appeal-status';
import { AppealsService } from '../appeals/appeals.service';
import {
  checkAuthorityControl,
  toAuthorityControl,
  type AuthorityControlDto,
} from '../appeals/authority-control';
import { AppealClocksService } from '../appeals/clocks/appeal-clocks.service';
import { RAISABLE_CLOCKS, rowClock, type RowClockName } from '../appeals/clocks/clock.registry';
import { AuditService } from '../audit/audit.service';
import { managesDepartment } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { localDateInZone } from '../common/time/local-date';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { ClockCommentDto } from './clocks.dto';

/**
 * A head's (or supervisor's) hand on an appeal's legal clocks (SPEC §6, issue 19): an authority's
 * control date, and the seven-day questions of 59-ФЗ ст. 8 ч. 3 and ст. 11 ч. 2, 4, 4.1 raised
 * or withdrawn — by the assignee too, who is the first to read the letter. Every change is a
 * history event and an audit record; `If-Match` guards it like the other actions.
 */
@Injectable()
export class ClocksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly appeals: AppealsService,
    private readonly clocks: AppealClocksService,
    private readonly audit: AuditService,
  ) {}

  /** Records or changes the control; the due date becomes the earlier of the term and it. */
  setAuthorityControl(
    id: string,
    dto: AuthorityControlDto,
    ctx: RequestContext,
    ifMatch?: string,
  ): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'authority_control.set', async (em, appeal) => {
      this.assertManages(ctx, appeal);
      const today = localDateInZone(this.clock.now(), this.config.timeZone);
      const errors = checkAuthorityControl(dto, today, '');
      if (errors.length > 0) throw AppError.validation(errors);
      const control = toAuthorityControl(dto);
      // Field by field: jsonb keeps its keys in its own order.
      const was = appeal.authorityControl;
      const same =
        was !== null &&
        (['authority', 'letterNumber', 'letterDate', 'controlDate'] as const).every(
          (k) => was[k] === control[k],
        );
      if (!same) await this.appeals.setAuthorityControl(em, appeal, control, ctx.principal);
    });
  }

  /** Clears the control: the due date is the term again. Nothing to clear: nothing changes. */
  clearAuthorityControl(id: string, ctx: RequestContext, ifMatch?: string): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'authority_control.clear', async (em, appeal) => {
      this.assertManages(ctx, appeal);
      if (appeal.authorityControl) {
        await this.appeals.setAuthorityControl(em, appeal, null, ctx.principal);
      }
    });
  }

  /** Starts a seven-day clock: the question is raised, the decision is due 7 days from registration. */
  raise(
    id: string,
    name: string,
    dto: ClockCommentDto,
    ctx: RequestContext,
    ifMatch?: string,
  ): Promise<Appeal> {
    const clock = raisable(name);
    return this.change(id, ctx, ifMatch, 'clock.start', async (em, appeal) => {
      this.assertMayRaise(ctx, appeal);
      const userId = ctx.principal.kind === 'user' ? ctx.principal.id : null;
      if (await this.clocks.raise(em, appeal, clock, userId)) {
        await this.appeals.recordChange(em, appeal, ctx.principal, {
          type: 'clock_started',
          reason: dto.comment?.trim() || `Срок: ${rowClock(clock).label}`,
          data: { clock, dueDate: this.clocks.dueDateOf(clock, appeal) },
        });
      }
    });
  }

  /** The question does not arise after all: the clock stops. Not running: nothing changes. */
  withdraw(
    id: string,
    name: string,
    dto: ClockCommentDto,
    ctx: RequestContext,
    ifMatch?: string,
  ): Promise<Appeal> {
    const clock = raisable(name);
    return this.change(id, ctx, ifMatch, 'clock.stop', async (em, appeal) => {
      this.assertMayRaise(ctx, appeal);
      if (await this.clocks.withdraw(em, appeal.id, clock)) {
        await this.appeals.recordChange(em, appeal, ctx.principal, {
          type: 'clock_stopped',
          reason: dto.comment?.trim() || `Срок больше не применяется: ${rowClock(clock).label}`,
          data: { clock },
        });
      }
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
      if (!OPEN_STATUSES.includes(appeal.status)) {
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          'Сроки закрытого обращения не меняются',
          undefined,
          { from: appeal.status },
        );
      }
      const version = appeal.version;
      await fn(em, appeal);
      if (appeal.version !== version) {
        await this.audit.record(ctx, `appeal.${action}`, 'appeal', appeal.id, null, em);
      }
      return appeal;
    });
  }

  private assertManages(ctx: RequestContext, appeal: Appeal): void {
    if (!managesDepartment(ctx.principal, appeal.departmentId)) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        'Контроль органа отмечает руководитель подразделения обращения или супервизор',
      );
    }
  }

  /** The assignee, who reads the letter first, or whoever manages its department. */
  private assertMayRaise(ctx: RequestContext, appeal: Appeal): void {
    const p = ctx.principal;
    const isAssignee = p.kind === 'user' && appeal.assigneeId === p.id;
    if (!isAssignee && !managesDepartment(p, appeal.departmentId)) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        'Срок отмечает исполнитель обращения или руководитель его подразделения',
      );
    }
  }
}

/** The path's clock, if a person may start or stop it; 422 otherwise. */
function raisable(name: string): RowClockName {
  const found = RAISABLE_CLOCKS.find((c) => c === name);
  if (!found) {
    throw AppError.validation([
      {
        field: 'name',
        code: 'INVALID_VALUE',
        message: `Срок: одно из ${RAISABLE_CLOCKS.join(', ')}`,
      },
    ]);
  }
  return found;
}
