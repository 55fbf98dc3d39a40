import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertIfMatch } from '../appeals/appeal.dto';
import type { Appeal } from '../appeals/appeal.entity';
import { AppealsService } from '../appeals/appeals.service';
import { AssignmentService } from '../assignment/assignment.service';
import type { IncomingFile } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import { hasRole } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import type { Organization } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { FORWARDING_DAYS, isLate } from '../sla/extension.policy';
import { localDateInZone } from '../common/time/local-date';
import { AnswerSignOffService } from './answer-sign-off.service';
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
    private readonly signOff: AnswerSignOffService,
    private readonly organizations: OrganizationsService,
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
    const freeText = forwardTarget(dto);
    return this.change(id, ctx, ifMatch, 'forward', async (em, appeal) => {
      this.assignment.assertManages(ctx.principal, appeal);
      const org = dto.organizationId ? await this.receivingBody(em, dto.organizationId) : null;
      const name = org?.name ?? freeText!;
      const registeredOn = this.appeals.registeredOn(appeal);
      const today = localDateInZone(this.clock.now(), this.config.timeZone);
      // The 7-day clock is met now: the transmittal is numbered and handed over for dispatch (the
      // outbox or the print queue) in this transaction, as an answer is (SPEC §7, docs/workflow.md).
      const forwardingLate = isLate(registeredOn, today, FORWARDING_DAYS);
      // Numbered before the status change checks the transition: a refusal rolls the counter back.
      const transmittalNumber = org
        ? await this.notifications.enqueueTransmittal(em, appeal, org, dto.reason, registeredOn)
        : null;
      // ГИС ЖКХ: the receiver given with the forwarding, else the organisation's GUID.
      const gisReceiverGuid = (dto.gisReceiverGuid ?? org?.gisOrgGuid)?.toLowerCase();
      await this.appeals.changeStatus(
        em,
        appeal,
        'forwarded',
        ctx.principal,
        dto.reason,
        {
          organization: name,
          forwardingLate,
          ...(org ? { organizationId: org.id, transmittalNumber } : {}),
          ...(gisReceiverGuid ? { gisReceiverGuid } : {}),
        },
        {
          forwardedTo: name,
          forwardedOrganizationId: org?.id ?? null,
          transmittalNumber,
          closingReason: dto.reason,
          forwardingLate,
        },
      );
      await this.notifications.enqueue(
        em,
        appeal,
        'forwarding',
        { forwardedTo: name, ...(transmittalNumber ? { letterNumber: transmittalNumber } : {}) },
        registeredOn,
      );
    });
  }

  /** An organisation of the directory that a letter can reach; else 422 on `organizationId`. */
  private async receivingBody(em: EntityManager, id: string): Promise<Organization> {
    const org = await this.organizations.find(em, id);
    if (!org) {
      throw AppError.validation([
        {
          field: 'organizationId',
          code: 'UNKNOWN_ORGANIZATION',
          message: 'Организации нет в справочнике',
        },
      ]);
    }
    if (!org.email && !org.postalAddress) {
      throw AppError.validation([
        {
          field: 'organizationId',
          code: 'ORGANIZATION_WITHOUT_ADDRESS',
          message:
            'У организации нет ни адреса электронной почты, ни почтового адреса: ' +
            'сопроводительное письмо некуда направить (заполните справочник)',
        },
      ]);
    }
    return org;
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
   * The answer: dispatched, or with the department's sign-off a draft awaiting its head
   * (AnswerSignOffService, issue 20).
   */
  answer(
    id: string,
    dto: AnswerAppealDto,
    ctx: RequestContext,
    ifMatch?: string,
    files: IncomingFile[] = [],
  ): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'answer', (em, appeal) =>
      this.signOff.answer(em, appeal, dto, ctx.principal, files),
    );
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

/** The free-text receiver, when no organisation of the directory is named; 422 when unclear. */
function forwardTarget(dto: ForwardDto): string | null {
  const texts = [dto.organization, dto.to].filter((v): v is string => v !== undefined);
  const field = dto.to !== undefined ? 'to' : 'organization';
  if (dto.organizationId !== undefined && texts.length > 0) {
    throw AppError.validation([
      {
        field,
        code: 'ONE_RECEIVER',
        message:
          'Укажите организацию из справочника (organizationId) или её название, не то и другое',
      },
    ]);
  }
  if (dto.organizationId !== undefined) return null;
  if (texts.length === 0) {
    throw AppError.validation([
      {
        field: 'organizationId',
        code: 'REQUIRED',
        message:
          'Укажите организацию из справочника (organizationId) или её название (organization)',
      },
    ]);
  }
  if (texts.length === 2 && texts[0] !== texts[1]) {
    throw AppError.validation([
      {
        field: 'to',
        code: 'ONE_RECEIVER',
        message: 'organization и to называют разные организации',
      },
    ]);
  }
  return texts[0];
}
