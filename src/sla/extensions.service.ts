import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertIfMatch } from '../appeals/appeal.dto';
import type { Appeal } from '../appeals/appeal.entity';
import { OPEN_STATUSES } from '../appeals/appeal-status';
import { AppealsService } from '../appeals/appeals.service';
import { AuditService } from '../audit/audit.service';
import { managesDepartment, type Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { CalendarService } from './calendar.service';
import type { DecideExtensionDto, RequestExtensionDto } from './extension.dto';
import { AppealExtension } from './extension.entity';
import { checkExtension } from './extension.policy';
import { localDateInZone, type LocalDate } from '../common/time/local-date';
import { SlaPoliciesService } from './sla-policies.service';

/** Extensions of an appeal's term (59-ФЗ ст. 12 ч. 2, SPEC §6). */
@Injectable()
export class ExtensionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly appeals: AppealsService,
    private readonly policies: SlaPoliciesService,
    private readonly calendars: CalendarService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /** An officer asks (pending); a head or supervisor extends directly (approved). */
  request(
    appealId: string,
    dto: RequestExtensionDto,
    ctx: RequestContext,
    ifMatch?: string,
  ): Promise<AppealExtension> {
    return this.ds.transaction(async (em) => {
      const appeal = await this.appeals.getForUpdate(em, appealId, ctx);
      assertIfMatch(ifMatch, appeal);
      const p = ctx.principal;
      const decides = managesDepartment(p, appeal.departmentId);
      if (!decides && !(p.kind === 'user' && appeal.assigneeId === p.id)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Запросить продление может исполнитель обращения');
      }
      this.assertOpen(appeal);
      const pending = await em.findOneBy(AppealExtension, { appealId, status: 'pending' });
      if (pending) throw new AppError(ErrorCode.EXTENSION_ALREADY_PENDING);
      const { dueDate: newDueDate, provisional } = await this.newDueDate(em, appeal, dto.days);
      const ext = em.create(AppealExtension, {
        appealId,
        days: dto.days,
        reason: dto.reason,
        status: decides ? 'approved' : 'pending',
        // Under an authority's control the extension lengthens the term the control date caps.
        previousDueDate: (appeal.termDueDate ?? appeal.dueDate)!,
        newDueDate,
        requestedBy: p.kind === 'user' ? p.id : '',
        decidedBy: decides && p.kind === 'user' ? p.id : null,
        decidedAt: decides ? this.clock.now() : null,
        decisionComment: null,
      });
      await em.save(ext);
      if (decides) {
        await this.apply(em, appeal, ext, p, provisional);
      } else {
        // The appeal shows its extensions: the version (and the ETag) must move on.
        await this.appeals.recordChange(em, appeal, p, {
          type: 'extension_requested',
          reason: dto.reason,
          data: { extensionId: ext.id, days: dto.days },
        });
      }
      await this.audit.record(
        ctx,
        'appeal.extension.request',
        'appeal',
        appeal.id,
        { extensionId: ext.id },
        em,
      );
      return ext;
    });
  }

  approve(
    appealId: string,
    extensionId: string,
    dto: DecideExtensionDto,
    ctx: RequestContext,
    ifMatch?: string,
  ): Promise<AppealExtension> {
    return this.decide(appealId, extensionId, ctx, ifMatch, async (em, appeal, ext) => {
      // Checked again: the due date may have passed, or another extension been granted, meanwhile.
      const { dueDate, provisional } = await this.newDueDate(em, appeal, ext.days);
      ext.newDueDate = dueDate;
      ext.status = 'approved';
      ext.decisionComment = dto.comment ?? null;
      await em.save(ext);
      await this.apply(em, appeal, ext, ctx.principal, provisional);
    });
  }

  decline(
    appealId: string,
    extensionId: string,
    dto: DecideExtensionDto,
    ctx: RequestContext,
    ifMatch?: string,
  ): Promise<AppealExtension> {
    return this.decide(appealId, extensionId, ctx, ifMatch, async (em, appeal, ext) => {
      ext.status = 'declined';
      ext.decisionComment = dto.comment ?? null;
      await em.save(ext);
      await this.appeals.recordChange(em, appeal, ctx.principal, {
        type: 'extension_declined',
        reason: dto.comment ?? null,
        data: { extensionId: ext.id, days: ext.days },
      });
    });
  }

  private decide(
    appealId: string,
    extensionId: string,
    ctx: RequestContext,
    ifMatch: string | undefined,
    fn: (em: EntityManager, appeal: Appeal, ext: AppealExtension) => Promise<void>,
  ): Promise<AppealExtension> {
    return this.ds.transaction(async (em) => {
      const appeal = await this.appeals.getForUpdate(em, appealId, ctx);
      assertIfMatch(ifMatch, appeal);
      if (!managesDepartment(ctx.principal, appeal.departmentId)) {
        throw new AppError(
          ErrorCode.FORBIDDEN,
          'Решение о продлении принимает руководитель подразделения',
        );
      }
      const ext = await em.findOneBy(AppealExtension, { id: extensionId, appealId });
      if (!ext) throw new AppError(ErrorCode.EXTENSION_NOT_FOUND);
      if (ext.status !== 'pending') {
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          'Решение по этому запросу уже принято',
          undefined,
          {
            from: ext.status,
          },
        );
      }
      this.assertOpen(appeal);
      ext.decidedBy = ctx.principal.kind === 'user' ? ctx.principal.id : null;
      ext.decidedAt = this.clock.now();
      await fn(em, appeal, ext);
      await this.audit.record(
        ctx,
        `appeal.extension.${ext.status}`,
        'appeal',
        appeal.id,
        { extensionId },
        em,
      );
      return ext;
    });
  }

  /**
   * The new due date, or the legal reason there is none. Provisional when the current date is,
   * or when the extension needed a year the official calendar lacks (issue 19).
   */
  private async newDueDate(
    em: EntityManager,
    appeal: Appeal,
    days: number,
  ): Promise<{ dueDate: LocalDate; provisional: boolean }> {
    const policy = appeal.slaPolicyId
      ? ((await this.policies.get(appeal.slaPolicyId)) ??
        (await this.policies.forKind(appeal.kind)))
      : await this.policies.forKind(appeal.kind);
    const [{ granted }] = await em.query<{ granted: number }[]>(
      `SELECT coalesce(sum(days), 0)::int AS granted FROM appeal_extensions WHERE appeal_id = $1 AND status = 'approved'`,
      [appeal.id],
    );
    const calendar = await this.calendars.getCalendar();
    const { value: verdict, provisionalYears } = calendar.track((c) =>
      checkExtension(
        {
          days,
          today: localDateInZone(this.clock.now(), this.config.timeZone),
          // 59-ФЗ ст. 12 ч. 2 extends the legal term; an authority's control date still caps it.
          dueDate: appeal.termDueDate ?? appeal.dueDate,
          grantedDays: granted,
          maxExtensionDays: policy.maxExtensionDays,
          nonWorkingDayPolicy: policy.nonWorkingDayPolicy,
        },
        c,
      ),
    );
    if (!verdict.ok) throw new AppError(verdict.code, verdict.message);
    return {
      dueDate: verdict.newDueDate,
      provisional: appeal.dueDateProvisional || provisionalYears.length > 0,
    };
  }

  /** The term moves, the history says why, and the applicant is told (59-ФЗ ст. 12 ч. 2). */
  private async apply(
    em: EntityManager,
    appeal: Appeal,
    ext: AppealExtension,
    principal: Principal,
    provisional: boolean,
  ): Promise<void> {
    await this.appeals.setDueDate(
      em,
      appeal,
      ext.newDueDate,
      principal,
      ext.reason,
      { extensionId: ext.id, days: ext.days },
      { provisional },
    );
    await this.notifications.enqueue(
      em,
      appeal,
      'extension',
      // The date the applicant is told: the term, or the control date that still caps it.
      { dueDate: appeal.dueDate, extensionReason: ext.reason },
      this.appeals.registeredOn(appeal),
    );
  }

  private assertOpen(appeal: Appeal): void {
    if (!OPEN_STATUSES.includes(appeal.status)) {
      throw new AppError(
        ErrorCode.INVALID_TRANSITION,
        'Срок закрытого обращения не продлевается',
        undefined,
        {
          from: appeal.status,
        },
      );
    }
  }
}
