import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable, type Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource, type EntityManager } from 'typeorm';
import { assertIfMatch } from '../appeals/appeal.dto';
import type { Appeal } from '../appeals/appeal.entity';
import { OPEN_STATUSES } from '../appeals/appeal-status';
import { AppealsService } from '../appeals/appeals.service';
import { AppealClocksService } from '../appeals/clocks/appeal-clocks.service';
import { AuditService } from '../audit/audit.service';
import { managesDepartment } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import { decodeCursor, encodeCursor } from '../common/http/pagination';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { writeCsv, writeXlsx } from '../reports/report-writers';
import { ReportsService } from '../reports/reports.service';
import { isLocalDate } from '../common/time/local-date';
import type { AgreeInspectionTimeDto, InspectionActInputDto } from './quality-report.dto';
import {
  checkAgreedTime,
  checkInspectionAct,
  violationHours,
  type QualityReport,
} from './quality-report.policy';
import {
  qualityColumns,
  toQualityItem,
  toQualityTotal,
  type QualityItemRow,
  type QualityReportDto,
  type QualityReportQueryDto,
  type QualityTotalRow,
} from './quality-report.report';
import { QUALITY_ITEMS, QUALITY_TOTALS } from './quality-report.sql';

/**
 * Quality-violation reports after registration (ПП 354 п. 108–113; docs/quality-reports.md): the
 * inspection time agreed with the consumer, the inspection act, the report billing recalculates
 * from. Each change is a history event and an audit record, guarded by `If-Match`.
 */
@Injectable()
export class QualityService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly appeals: AppealsService,
    private readonly clocks: AppealClocksService,
    private readonly audit: AuditService,
    private readonly reports: ReportsService,
  ) {}

  /** ПП 354 п. 108: another inspection time agreed with the consumer replaces the default one. */
  agreeInspectionTime(
    id: string,
    dto: AgreeInspectionTimeDto,
    ctx: RequestContext,
    ifMatch?: string,
  ): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'inspection_time.agree', async (em, appeal, report) => {
      const errors = checkAgreedTime(dto.agreedFor, appeal.registeredAt);
      if (errors.length > 0) throw AppError.validation(errors);
      const agreedFor = new Date(dto.agreedFor);
      await this.clocks.moveDueTime(em, appeal.id, 'inspection', agreedFor);
      const agreed = {
        agreedFor: agreedFor.toISOString(),
        agreedWith: dto.agreedWith.trim(),
        agreedBy: ctx.principal.kind === 'user' ? ctx.principal.id : null,
        agreedAt: this.clock.now().toISOString(),
      };
      await this.appeals.setQualityReport(em, appeal, { ...report, agreed }, ctx.principal, {
        type: 'inspection_time_agreed',
        reason: `Время проверки согласовано (п. 108 ПП 354)`,
        data: { agreedFor: agreed.agreedFor, agreedBy: agreed.agreedBy },
      });
    });
  }

  /** ПП 354 п. 109–110: the act closes the inspection clock and fixes the violation period. */
  recordAct(
    id: string,
    dto: InspectionActInputDto,
    ctx: RequestContext,
    ifMatch?: string,
  ): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'inspection_act.record', async (em, appeal, report) => {
      if (report.act) {
        throw AppError.validation([
          { field: 'act', code: 'ALREADY_RECORDED', message: 'Акт проверки уже составлен' },
        ]);
      }
      const iso = (v: string | null | undefined) => (v ? new Date(v).toISOString() : null);
      const act = {
        inspectedAt: new Date(dto.inspectedAt).toISOString(),
        participants: dto.participants.map((p) => p.trim()),
        violationConfirmed: dto.violationConfirmed,
        violationStartedAt: iso(dto.violationStartedAt),
        violationEndedAt: iso(dto.violationEndedAt),
        findings: dto.findings.trim(),
        recordedBy: ctx.principal.kind === 'user' ? ctx.principal.id : null,
        recordedAt: this.clock.now().toISOString(),
      };
      const errors = checkInspectionAct(act, appeal.registeredAt);
      if (errors.length > 0) throw AppError.validation(errors);
      await this.clocks.meet(em, appeal.id, 'inspection');
      await this.appeals.setQualityReport(em, appeal, { ...report, act }, ctx.principal, {
        type: 'inspection_act',
        reason: act.violationConfirmed
          ? 'Акт проверки: нарушение качества подтверждено (п. 110 ПП 354)'
          : 'Акт проверки: нарушение качества не подтверждено (п. 110 ПП 354)',
        data: {
          violationConfirmed: act.violationConfirmed,
          violationHours: act.violationConfirmed
            ? violationHours(act.violationStartedAt, act.violationEndedAt)
            : null,
        },
      });
    });
  }

  /** GET /reports/quality as JSON: a page of reports and the period's totals by service and house. */
  async report(ctx: RequestContext, q: QualityReportQueryDto): Promise<QualityReportDto> {
    const params = this.params(ctx, q);
    const c = q.cursor ? decodeCursor(q.cursor, ['r', 'i']) : null;
    const [rows, totals] = await Promise.all([
      this.ds.query<QualityItemRow[]>(QUALITY_ITEMS, [
        ...params,
        c ? new Date(c.r) : null,
        c?.i ?? null,
        q.limit + 1,
      ]),
      this.ds.query<QualityTotalRow[]>(QUALITY_TOTALS, params),
    ]);
    await this.audit.record(ctx, 'report.quality', 'report', null, {
      departmentId: params[0],
      from: q.from,
      to: q.to,
    });
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toQualityItem),
      nextCursor:
        rows.length > q.limit && last
          ? encodeCursor({ r: last.registered_at.toISOString(), i: last.id })
          : null,
      totals: totals.map(toQualityTotal),
    };
  }

  /** Every report of the period as CSV or XLSX, streamed from a server-side cursor. */
  async export(
    ctx: RequestContext,
    q: QualityReportQueryDto,
    format: 'csv' | 'xlsx',
    out: Writable,
  ): Promise<number> {
    const params = this.params(ctx, q);
    await this.audit.record(ctx, `report.quality.${format}`, 'report', null, {
      departmentId: params[0],
    });
    const columns = qualityColumns(this.config.timeZone);
    const runner = this.ds.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      const rows = client.query(
        new QueryStream(QUALITY_ITEMS, [...params, null, null, null], { batchSize: 2000 }),
      ) as unknown as Readable;
      return format === 'csv'
        ? await writeCsv(rows, columns, out)
        : await writeXlsx(rows as AsyncIterable<QualityItemRow>, columns, 'Качество услуг', out);
    } finally {
      await runner.release();
    }
  }

  private params(ctx: RequestContext, q: QualityReportQueryDto): unknown[] {
    const dept = this.reports.scope(ctx, q);
    const bad = (['from', 'to'] as const).filter((f) => !isLocalDate(q[f]));
    if (bad.length > 0) {
      throw AppError.validation(
        bad.map((field) => ({ field, code: 'INVALID_DATE', message: 'Несуществующая дата' })),
      );
    }
    if (q.from > q.to) {
      throw AppError.validation([
        { field: 'from', code: 'INVALID_PERIOD', message: 'Начало периода позже его конца' },
      ]);
    }
    return [dept, q.from, q.to, this.config.timeZone, q.service ?? null];
  }

  /**
   * An open quality report, locked, checked against If-Match; the assignee or whoever manages
   * its department acts on it (the dispatcher, the head).
   */
  private change(
    id: string,
    ctx: RequestContext,
    ifMatch: string | undefined,
    action: string,
    fn: (em: EntityManager, appeal: Appeal, report: QualityReport) => Promise<void>,
  ): Promise<Appeal> {
    return this.ds.transaction(async (em) => {
      const appeal = await this.appeals.getForUpdate(em, id, ctx);
      assertIfMatch(ifMatch, appeal);
      const p = ctx.principal;
      const isAssignee = p.kind === 'user' && appeal.assigneeId === p.id;
      if (!isAssignee && !managesDepartment(p, appeal.departmentId)) {
        throw new AppError(
          ErrorCode.FORBIDDEN,
          'Проверку ведёт исполнитель обращения или руководитель его подразделения',
        );
      }
      if (appeal.kind !== 'quality_report' || !appeal.qualityReport) {
        throw AppError.validation([
          {
            field: 'kind',
            code: 'NOT_QUALITY_REPORT',
            message: 'Проверка проводится по сообщению о нарушении качества с указанной услугой',
          },
        ]);
      }
      if (!OPEN_STATUSES.includes(appeal.status)) {
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          'Проверка по закрытому обращению не отмечается',
          undefined,
          { from: appeal.status },
        );
      }
      await fn(em, appeal, appeal.qualityReport);
      await this.audit.record(ctx, `appeal.${action}`, 'appeal', appeal.id, null, em);
      return appeal;
    });
  }
}
