import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable, type Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { channelLabel } from '../channels/channel.registry';
import { hasRole } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { decodeCursor, encodeCursor, type Page } from '../common/http/pagination';
import type { RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import {
  REJECTION_REASONS,
  rejectionReason,
  type RejectionReason,
} from '../rules/rejection-reasons';
import { isLocalDate, localDateInZone } from '../common/time/local-date';
import { writeCsv, writeXlsx, type Column } from './report-writers';
import type {
  AtRiskQueryDto,
  PeriodQueryDto,
  ReportQueryDto,
  SummaryQueryDto,
} from './reports.dto';
import {
  AT_RISK_COUNT,
  AT_RISK_EXPORT,
  AT_RISK_ITEMS,
  JOURNAL,
  OVERDUE_EXPORT,
  OVERDUE_TOTALS,
  OVERDUE_ITEMS,
  slaSummarySql,
} from './reports.sql';

export interface OpenItemRow {
  id: string;
  reg_number: string;
  registered_at: Date;
  due_date: string;
  status: string;
  channel: string;
  topic_code: string | null;
  department_id: string | null;
  department_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  days_overdue?: number;
  days_left?: number;
}

export interface JournalRow {
  id: string;
  reg_number: string;
  registered_at: Date;
  /** Local dates, computed by PostgreSQL in the organisation's zone (cheaper than per row here). */
  received_on: string;
  registered_on: string;
  dispatched_on: string | null;
  channel: string;
  kind: string;
  status: string;
  applicant: string | null;
  topic_code: string | null;
  topic_name: string | null;
  executor: string | null;
  due_date: string | null;
  extension_days: number;
  answer_outcome: string | null;
  rejection_reason: string | null;
  forwarded_to: string | null;
}

export type SummaryRow = Record<string, string | number | null> & {
  gkey: string | null;
  glabel: string | null;
};

/** Supervisor and head reports (SPEC §12): SQL in reports.sql.ts, streamed exports. */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Heads see their own department; supervisors all, or one they pick. */
  scope(ctx: RequestContext, q: ReportQueryDto): string | null {
    const p = ctx.principal;
    if (hasRole(p, 'supervisor', 'admin')) return q.departmentId ?? null;
    if (p.kind === 'user' && hasRole(p, 'head') && p.departmentId) {
      if (q.departmentId && q.departmentId !== p.departmentId) {
        throw new AppError(
          ErrorCode.FORBIDDEN,
          'Руководителю доступны отчёты своего подразделения',
        );
      }
      return p.departmentId;
    }
    throw new AppError(ErrorCode.FORBIDDEN, 'Отчёты доступны руководителям и супервизорам');
  }

  today(): string {
    return localDateInZone(this.clock.now(), this.config.timeZone);
  }

  async overdue(ctx: RequestContext, q: ReportQueryDto) {
    const dept = this.scope(ctx, q);
    const today = this.today();
    const c = q.cursor ? decodeCursor(q.cursor, ['d', 'i']) : null;
    const [rows, totals] = await Promise.all([
      this.ds.query<OpenItemRow[]>(OVERDUE_ITEMS, [
        today,
        dept,
        c?.d ?? null,
        c?.i ?? null,
        q.limit + 1,
      ]),
      this.ds.query<
        {
          by_department: number;
          department_id: string | null;
          department_name: string | null;
          assignee_id: string | null;
          assignee_name: string | null;
          count: number;
        }[]
      >(OVERDUE_TOTALS, [today, dept]),
    ]);
    const byDepartment = totals.filter((t) => t.by_department === 1);
    const byAssignee = totals.filter((t) => t.by_department === 0);
    await this.audit.record(ctx, 'report.overdue', 'report', null, { departmentId: dept });
    return {
      asOf: today,
      total: byDepartment.reduce((s, r) => s + r.count, 0),
      totals: {
        byDepartment: byDepartment.map((r) => ({
          departmentId: r.department_id,
          departmentName: r.department_name,
          count: r.count,
        })),
        byAssignee: byAssignee.map((r) => ({
          assigneeId: r.assignee_id,
          assigneeName: r.assignee_name,
          count: r.count,
        })),
      },
      ...this.page(rows, q.limit, toOpenItem),
    };
  }

  async atRisk(ctx: RequestContext, q: AtRiskQueryDto) {
    const dept = this.scope(ctx, q);
    const today = this.today();
    const c = q.cursor ? decodeCursor(q.cursor, ['d', 'i']) : null;
    const [rows, [{ count }]] = await Promise.all([
      this.ds.query<OpenItemRow[]>(AT_RISK_ITEMS, [
        today,
        dept,
        q.withinDays,
        c?.d ?? null,
        c?.i ?? null,
        q.limit + 1,
      ]),
      this.ds.query<{ count: number }[]>(AT_RISK_COUNT, [today, dept, q.withinDays]),
    ]);
    await this.audit.record(ctx, 'report.at_risk', 'report', null, { departmentId: dept });
    return {
      asOf: today,
      withinDays: q.withinDays,
      total: count,
      ...this.page(rows, q.limit, toOpenItem),
    };
  }

  async slaSummary(ctx: RequestContext, q: SummaryQueryDto) {
    const dept = this.scope(ctx, q);
    this.assertPeriod(q);
    const rows = await this.ds.query<SummaryRow[]>(slaSummarySql(q.groupBy), [
      this.today(),
      dept,
      q.from,
      q.to,
      this.config.timeZone,
    ]);
    await this.audit.record(ctx, 'report.sla_summary', 'report', null, { departmentId: dept });
    const groups = rows.map(toSummary);
    const total = groups.pop() ?? null;
    return { from: q.from, to: q.to, groupBy: q.groupBy, asOf: this.today(), groups, total };
  }

  async journalPage(
    ctx: RequestContext,
    q: PeriodQueryDto,
  ): Promise<Page<ReturnType<typeof toJournalItem>>> {
    const dept = this.scope(ctx, q);
    this.assertPeriod(q);
    const c = q.cursor ? decodeCursor(q.cursor, ['r', 'i']) : null;
    const rows = await this.ds.query<JournalRow[]>(JOURNAL, [
      dept,
      q.from,
      q.to,
      this.config.timeZone,
      c ? new Date(c.r) : null,
      c?.i ?? null,
      q.limit + 1,
    ]);
    await this.audit.record(ctx, 'report.journal', 'report', null, {
      departmentId: dept,
      from: q.from,
      to: q.to,
    });
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toJournalItem),
      nextCursor:
        rows.length > q.limit && last
          ? encodeCursor({ r: last.registered_at.toISOString(), i: last.id })
          : null,
    };
  }

  /** Streams a report's rows straight from a server-side cursor into CSV or XLSX. */
  async export(
    ctx: RequestContext,
    kind: 'overdue' | 'at-risk' | 'journal' | 'sla-summary',
    q: ReportQueryDto & Partial<AtRiskQueryDto & SummaryQueryDto>,
    format: 'csv' | 'xlsx',
    out: Writable,
  ): Promise<number> {
    const dept = this.scope(ctx, q);
    const today = this.today();
    const tz = this.config.timeZone;
    let sql: string;
    let params: unknown[];
    let columns: Column<never>[];
    switch (kind) {
      case 'overdue':
        sql = OVERDUE_EXPORT;
        params = [today, dept];
        columns = OPEN_ITEM_COLUMNS(tz, 'Дней просрочки', (r) => r.days_overdue);
        break;
      case 'at-risk':
        sql = AT_RISK_EXPORT;
        params = [today, dept, q.withinDays ?? 3];
        columns = OPEN_ITEM_COLUMNS(tz, 'Дней осталось', (r) => r.days_left);
        break;
      case 'journal':
        this.assertPeriod(q as PeriodQueryDto);
        sql = JOURNAL;
        params = [dept, q.from, q.to, tz, null, null, null];
        columns = JOURNAL_COLUMNS;
        break;
      case 'sla-summary':
        this.assertPeriod(q as PeriodQueryDto);
        sql = slaSummarySql(q.groupBy ?? 'department');
        params = [today, dept, q.from, q.to, tz];
        columns = SUMMARY_COLUMNS;
        break;
      default: {
        const never: never = kind;
        throw new Error(`Unknown report ${String(never)}`);
      }
    }
    await this.audit.record(ctx, `report.${kind}.${format}`, 'report', null, {
      departmentId: dept,
    });
    const runner = this.ds.createQueryRunner();
    try {
      // A dedicated connection with a server-side cursor: rows flow, memory stays flat.
      const client = (await runner.connect()) as PoolClient;
      const rows = client.query(new QueryStream(sql, params, { batchSize: 2000 }));
      const mapped = kind === 'sla-summary' ? mapStream(rows, toSummary) : rows;
      return format === 'csv'
        ? await writeCsv(mapped, columns, out)
        : await writeXlsx(mapped as AsyncIterable<never>, columns, REPORT_TITLES[kind], out);
    } finally {
      await runner.release();
    }
  }

  private page<R extends { id: string; due_date: string }, T>(
    rows: R[],
    limit: number,
    map: (r: R) => T,
  ) {
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(map),
      nextCursor:
        rows.length > limit && last ? encodeCursor({ d: last.due_date, i: last.id }) : null,
    };
  }

  private assertPeriod(q: PeriodQueryDto): void {
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
  }
}

export const REPORT_TITLES = {
  overdue: 'Просроченные',
  'at-risk': 'Под угрозой срыва',
  journal: 'Журнал регистрации',
  'sla-summary': 'Соблюдение сроков',
} as const;

function mapStream<T, R>(source: AsyncIterable<T>, fn: (t: T) => R): Readable {
  return Readable.from(
    (async function* () {
      for await (const row of source) yield fn(row);
    })(),
  );
}

const toOpenItem = (r: OpenItemRow) => ({
  appealId: r.id,
  regNumber: r.reg_number,
  registeredAt: r.registered_at.toISOString(),
  dueDate: r.due_date,
  ...(r.days_overdue !== undefined ? { daysOverdue: r.days_overdue } : {}),
  ...(r.days_left !== undefined ? { daysLeft: r.days_left } : {}),
  status: r.status,
  channel: r.channel,
  topicCode: r.topic_code,
  departmentId: r.department_id,
  departmentName: r.department_name,
  assigneeId: r.assignee_id,
  assigneeName: r.assignee_name,
});

const num = (v: string | number | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

export function toSummary(r: SummaryRow) {
  const answered = num(r.answered) ?? 0;
  const onTime = num(r.answered_on_time) ?? 0;
  const overdueOpen = num(r.overdue_open) ?? 0;
  const due = answered + overdueOpen;
  return {
    key: r.gkey,
    label: r.glabel,
    registered: num(r.registered) ?? 0,
    answered,
    answeredOnTime: onTime,
    overdueOpen,
    extended: num(r.extended) ?? 0,
    rejected: Object.fromEntries(
      REJECTION_REASONS.map((reason) => [reason, num(r[`rejected_${reason}`]) ?? 0]),
    ) as Record<RejectionReason, number>,
    duplicates: num(r.duplicates) ?? 0,
    compliancePercent: due === 0 ? null : Math.round((onTime / due) * 1000) / 10,
    medianDaysToAnswer: round1(num(r.median_days)),
    p90DaysToAnswer: round1(num(r.p90_days)),
    lateRegistrations: num(r.late_registrations) ?? 0,
    lateForwardings: num(r.late_forwardings) ?? 0,
  };
}

const localDate = (d: Date | null, tz: string): string | null =>
  d ? localDateInZone(d, tz) : null;

export const toJournalItem = (r: JournalRow) => ({
  appealId: r.id,
  regNumber: r.reg_number,
  receivedOn: r.received_on,
  registeredOn: r.registered_on,
  applicant: r.applicant,
  channel: r.channel,
  kind: r.kind,
  topic: r.topic_name ?? r.topic_code,
  executor: r.executor,
  dueDate: r.due_date,
  extensionDays: r.extension_days,
  result: resultOf(r),
  dispatchedOn: r.dispatched_on,
});

function resultOf(
  r: Pick<JournalRow, 'status' | 'answer_outcome' | 'rejection_reason' | 'forwarded_to'>,
): string {
  switch (r.status) {
    case 'answered':
      return `ответ: ${r.answer_outcome ?? ''}`.trim();
    case 'rejected':
      return `без ответа по существу: ${r.rejection_reason ?? ''}`;
    case 'duplicate':
      return 'присоединено к ранее поступившему';
    case 'forwarded':
      return `направлено: ${r.forwarded_to ?? ''}`;
    case 'withdrawn':
      return 'отозвано заявителем';
    default:
      return 'на рассмотрении';
  }
}

const OPEN_ITEM_COLUMNS = (
  tz: string,
  daysTitle: string,
  days: (r: OpenItemRow) => number | undefined,
): Column<OpenItemRow>[] => [
  { title: 'Рег. номер', value: (r) => r.reg_number },
  { title: 'Дата регистрации', value: (r) => localDate(r.registered_at, tz) },
  { title: 'Срок', value: (r) => r.due_date },
  { title: daysTitle, value: days },
  { title: 'Подразделение', value: (r) => r.department_name, width: 30 },
  { title: 'Исполнитель', value: (r) => r.assignee_name, width: 30 },
  { title: 'Тематика', value: (r) => r.topic_code },
  { title: 'Канал', value: (r) => channelLabel(r.channel) },
  { title: 'Статус', value: (r) => r.status },
];

const JOURNAL_COLUMNS: Column<JournalRow>[] = [
  { title: 'Рег. номер', value: (r) => r.reg_number },
  { title: 'Дата поступления', value: (r) => r.received_on },
  { title: 'Дата регистрации', value: (r) => r.registered_on },
  { title: 'Заявитель', value: (r) => r.applicant, width: 36 },
  { title: 'Канал', value: (r) => channelLabel(r.channel) },
  { title: 'Тематика', value: (r) => r.topic_name ?? r.topic_code, width: 30 },
  { title: 'Исполнитель', value: (r) => r.executor, width: 30 },
  { title: 'Срок', value: (r) => r.due_date },
  { title: 'Продлено, дней', value: (r) => r.extension_days },
  { title: 'Результат', value: (r) => resultOf(r), width: 40 },
  { title: 'Дата отправки ответа', value: (r) => r.dispatched_on },
];

type Summary = ReturnType<typeof toSummary>;
const SUMMARY_COLUMNS: Column<Summary>[] = [
  { title: 'Группа', value: (s) => s.label ?? s.key ?? 'Итого', width: 30 },
  { title: 'Зарегистрировано', value: (s) => s.registered },
  { title: 'Отвечено', value: (s) => s.answered },
  { title: 'В срок', value: (s) => s.answeredOnTime },
  { title: 'Просрочено (открытые)', value: (s) => s.overdueOpen },
  { title: 'Продлено', value: (s) => s.extended },
  ...REJECTION_REASONS.map((reason): Column<Summary> => ({
    title: `Отказ: ${rejectionReason(reason).label}`,
    value: (s) => s.rejected[reason],
  })),
  { title: 'Дубликаты', value: (s) => s.duplicates },
  { title: 'Соблюдение, %', value: (s) => s.compliancePercent },
  { title: 'Медиана, дней', value: (s) => s.medianDaysToAnswer },
  { title: '90-й перцентиль, дней', value: (s) => s.p90DaysToAnswer },
  { title: 'Поздняя регистрация', value: (s) => s.lateRegistrations },
  { title: 'Поздняя переадресация', value: (s) => s.lateForwardings },
];
