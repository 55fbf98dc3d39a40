import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable, type Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import {
  CLOCK_NAMES,
  clockLabel,
  isClockName,
  ROW_CLOCKS,
  rowClock,
  type ClockName,
} from '../appeals/clocks/clock.registry';
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
import { CalendarService } from '../sla/calendar.service';
import { ladderStep, workingDaysAhead, workingDaysLeft } from '../sla/working-days';
import { writeCsv, writeXlsx, type Column } from './report-writers';
import type { IncomingLetter } from '../appeals/incoming-letter';
import { deliveryMethodLabel } from '../print/labels';
import { describeAttributes, type TopicAttribute } from '../departments/topic-attributes';
import type {
  AtRiskQueryDto,
  JournalQueryDto,
  OverdueQueryDto,
  PeriodQueryDto,
  ReportQueryDto,
  SummaryQueryDto,
  TrendsQueryDto,
} from './reports.dto';
import {
  AT_RISK_BY_CLOCK,
  AT_RISK_EXPORT,
  AT_RISK_ITEMS,
  JOURNAL,
  OVERDUE_CLOCK_TOTALS,
  OVERDUE_EXPORT,
  OVERDUE_TOTALS,
  OVERDUE_TOTALS_PROVISIONAL,
  OVERDUE_ITEMS,
} from './reports.sql';
import { rollupSummaryRows, rollupTrends, type TrendSeries } from './rollup/rollup.queries';

/** Clocks warned on the appeal's policy ladder; the seven-day ones have their own (the sweep). */
const POLICY_LADDER: readonly string[] = [
  'answer',
  ...ROW_CLOCKS.filter((n) => rowClock(n).days === null),
];

/** Per-key sums of counts from several sources (the main term's and the other clocks'). */
function addUp<R extends { count: number }, T>(
  rows: R[],
  key: (r: R) => string | null,
  fields: (r: R) => T,
): (T & { count: number })[] {
  const by = new Map<string | null, T & { count: number }>();
  for (const r of rows) {
    const had = by.get(key(r));
    if (had) had.count += r.count;
    else by.set(key(r), { ...fields(r), count: r.count });
  }
  return [...by.values()].sort((a, b) => b.count - a.count);
}

/** Per-clock counts in the registry's order. */
const sortByClock = <T extends { clock: string }>(xs: T[]): T[] =>
  [...xs].sort(
    (a, b) => CLOCK_NAMES.indexOf(a.clock as never) - CLOCK_NAMES.indexOf(b.clock as never),
  );

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
  /** Only ever true on the main term (`answer`) of an appeal with a provisional date. */
  due_date_provisional: boolean;
  /** `answer` or another clock of the registry (issue 19). */
  clock: string;
  /** The appeal's policy's warning ladder (null: none, the configured default applies). */
  warn_days_before: number[] | null;
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
  due_date_provisional: boolean;
  extension_days: number;
  answer_outcome: string | null;
  rejection_reason: string | null;
  forwarded_to: string | null;
  /** Issue 20: the applicant's postal address and the sender's covering letter (jsonb). */
  applicant_address: string | null;
  incoming_letter: IncomingLetter | null;
  /** Issue 22: the appeal's topic attributes and its topic's definitions (labels, options). */
  attributes: Record<string, unknown>;
  topic_attributes: TopicAttribute[] | null;
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
    private readonly calendars: CalendarService,
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

  async overdue(ctx: RequestContext, q: OverdueQueryDto) {
    const dept = this.scope(ctx, q);
    const today = this.today();
    const c = this.cursor(q.cursor);
    const [rows, totals, clockTotals] = await Promise.all([
      this.ds.query<OpenItemRow[]>(OVERDUE_ITEMS, [
        today,
        dept,
        c?.d ?? null,
        c?.i ?? null,
        c?.c ?? null,
        q.limit + 1,
        q.dueDateProvisional ?? null,
      ]),
      // The open counts have no provisional key: filtered, the main term's totals are counted.
      this.ds.query<
        {
          by_department: number;
          department_id: string | null;
          department_name: string | null;
          assignee_id: string | null;
          assignee_name: string | null;
          count: number;
        }[]
      >(
        q.dueDateProvisional === undefined ? OVERDUE_TOTALS : OVERDUE_TOTALS_PROVISIONAL,
        q.dueDateProvisional === undefined ? [today, dept] : [today, dept, q.dueDateProvisional],
      ),
      this.ds.query<
        {
          g_department: number;
          g_assignee: number;
          department_id: string | null;
          department_name: string | null;
          assignee_id: string | null;
          assignee_name: string | null;
          clock: string | null;
          count: number;
        }[]
      >(OVERDUE_CLOCK_TOTALS, [today, dept, q.dueDateProvisional ?? null]),
    ]);
    const answer = (by: 0 | 1) => totals.filter((t) => t.by_department === by);
    const clocks = (g: 'g_department' | 'g_assignee') => clockTotals.filter((t) => t[g] === 0);
    // Every count counts items: an appeal late on its main term and on a control date is two.
    const byDepartment = addUp(
      [...answer(1), ...clocks('g_department')],
      (r) => r.department_id,
      (r) => ({ departmentId: r.department_id, departmentName: r.department_name }),
    );
    const byAssignee = addUp(
      [...answer(0), ...clocks('g_assignee')],
      (r) => r.assignee_id,
      (r) => ({ assigneeId: r.assignee_id, assigneeName: r.assignee_name }),
    );
    const byClock = [
      { clock: 'answer', count: answer(1).reduce((sum, r) => sum + r.count, 0) },
      ...clockTotals
        .filter((t) => t.g_department === 1 && t.g_assignee === 1)
        .map((t) => ({ clock: t.clock!, count: t.count })),
    ].filter((x) => x.count > 0);
    await this.audit.record(ctx, 'report.overdue', 'report', null, { departmentId: dept });
    return {
      asOf: today,
      total: byClock.reduce((sum, r) => sum + r.count, 0),
      totals: { byDepartment, byAssignee, byClock: sortByClock(byClock) },
      ...this.page(rows, q.limit, (r) => this.toItem(r)),
    };
  }

  /**
   * Due from today to the `withinDays`-th working day of the production calendar (issue 19: on
   * a Friday, withinDays=1 reaches Monday and whatever falls due over the weekend).
   */
  async atRisk(ctx: RequestContext, q: AtRiskQueryDto) {
    const dept = this.scope(ctx, q);
    const today = this.today();
    const ahead = workingDaysAhead(await this.calendars.getCalendar(), today, q.withinDays);
    const until = ahead[q.withinDays];
    const c = this.cursor(q.cursor);
    const [rows, counts] = await Promise.all([
      this.ds.query<OpenItemRow[]>(AT_RISK_ITEMS, [
        today,
        dept,
        until,
        c?.d ?? null,
        c?.i ?? null,
        c?.c ?? null,
        q.limit + 1,
        q.dueDateProvisional ?? null,
      ]),
      this.ds.query<{ clock: string; count: number }[]>(AT_RISK_BY_CLOCK, [
        today,
        dept,
        until,
        q.dueDateProvisional ?? null,
      ]),
    ]);
    await this.audit.record(ctx, 'report.at_risk', 'report', null, { departmentId: dept });
    const byClock = sortByClock(counts.filter((x) => x.count > 0));
    return {
      asOf: today,
      withinDays: q.withinDays,
      until,
      total: byClock.reduce((sum, r) => sum + r.count, 0),
      byClock,
      ...this.page(rows, q.limit, (r) => this.toItem(r, ahead)),
    };
  }

  /** The keyset cursor of the overdue and at-risk items: (due date, appeal id, clock). */
  private cursor(raw: string | undefined): { d: string; i: string; c: string } | null {
    if (!raw) return null;
    const c = decodeCursor(raw, ['d', 'i', 'c']);
    if (!isClockName(c.c)) {
      throw new AppError(
        ErrorCode.INVALID_CURSOR,
        'Курсор повреждён или относится к другому списку',
      );
    }
    return c;
  }

  /** The ladder the sweep warns an item on (sla-sweep.service.ts). */
  private ladderOf(r: Pick<OpenItemRow, 'clock' | 'warn_days_before'>): number[] {
    return POLICY_LADDER.includes(r.clock)
      ? (r.warn_days_before ?? this.config.slaWarnDaysBefore)
      : this.config.slaClockWarnDaysBefore;
  }

  /** An item; at risk (with `ahead`) also its working days left and the ladder's rung reached. */
  private toItem(r: OpenItemRow, ahead?: string[]) {
    const item = toOpenItem(r);
    if (!ahead) return item;
    const left = workingDaysLeft(ahead, r.due_date) ?? ahead.length;
    return { ...item, workingDaysLeft: left, warningStep: ladderStep(this.ladderOf(r), left) };
  }

  async slaSummary(ctx: RequestContext, q: SummaryQueryDto) {
    const dept = this.scope(ctx, q);
    this.assertPeriod(q);
    // From the rollup (issue 25); slaSummarySql stays the reference it is tested against.
    const rows = await this.summaryRows(dept, q);
    await this.audit.record(ctx, 'report.sla_summary', 'report', null, { departmentId: dept });
    const groups = rows.map(toSummary);
    const total = groups.pop() ?? null;
    return { from: q.from, to: q.to, groupBy: q.groupBy, asOf: this.today(), groups, total };
  }

  /** The summary's rows (groups, then the total) from the rollup. */
  private summaryRows(dept: string | null, q: SummaryQueryDto): Promise<SummaryRow[]> {
    return rollupSummaryRows(this.ds, q.groupBy ?? 'department', {
      today: this.today(),
      dept,
      from: q.from,
      to: q.to,
      timeZone: this.config.timeZone,
    });
  }

  /** Trends for dashboards (issue 25): a series per group, a point per bucket, from the rollup. */
  async trends(ctx: RequestContext, q: TrendsQueryDto, event = 'report.trends') {
    const dept = this.scope(ctx, q);
    this.assertPeriod(q);
    const series = await rollupTrends(this.ds, q.groupBy, q.bucket, {
      today: this.today(),
      dept,
      from: q.from,
      to: q.to,
    });
    await this.audit.record(ctx, event, 'report', null, { departmentId: dept });
    return {
      from: q.from,
      to: q.to,
      bucket: q.bucket,
      groupBy: q.groupBy,
      asOf: this.today(),
      series,
    };
  }

  /** Trends as CSV or XLSX: one row per group and bucket. */
  async exportTrends(
    ctx: RequestContext,
    q: TrendsQueryDto,
    format: 'csv' | 'xlsx',
    out: Writable,
  ): Promise<number> {
    const { series } = await this.trends(ctx, q, `report.trends.${format}`);
    const rows = Readable.from(series.flatMap((s) => s.points.map((p) => ({ ...p, s }))));
    return format === 'csv'
      ? await writeCsv(rows, TREND_COLUMNS, out)
      : await writeXlsx(rows, TREND_COLUMNS, REPORT_TITLES.trends, out);
  }

  async journalPage(
    ctx: RequestContext,
    q: JournalQueryDto,
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
      q.dueDateProvisional ?? null,
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
    q: ReportQueryDto & Partial<AtRiskQueryDto & SummaryQueryDto & JournalQueryDto>,
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
        params = [today, dept, q.dueDateProvisional ?? null];
        columns = OPEN_ITEM_COLUMNS(tz, 'Дней просрочки', (r) => r.days_overdue);
        break;
      case 'at-risk': {
        const within = q.withinDays ?? 3;
        const ahead = workingDaysAhead(await this.calendars.getCalendar(), today, within);
        sql = AT_RISK_EXPORT;
        params = [today, dept, ahead[within], q.dueDateProvisional ?? null];
        const left = (r: OpenItemRow) => workingDaysLeft(ahead, r.due_date) ?? ahead.length;
        columns = OPEN_ITEM_COLUMNS(tz, 'Дней осталось', (r) => r.days_left, [
          { title: 'Рабочих дней осталось', value: left },
          { title: 'Ступень предупреждения', value: (r) => ladderStep(this.ladderOf(r), left(r)) },
        ]);
        break;
      }
      case 'journal':
        this.assertPeriod(q as PeriodQueryDto);
        sql = JOURNAL;
        params = [dept, q.from, q.to, tz, null, null, null, q.dueDateProvisional ?? null];
        columns = JOURNAL_COLUMNS;
        break;
      case 'sla-summary': {
        // A few rows from the rollup, written as they are: nothing to stream from a cursor.
        const period = q as SummaryQueryDto;
        this.assertPeriod(period);
        const rows = await this.summaryRows(dept, period);
        await this.audit.record(ctx, `report.${kind}.${format}`, 'report', null, {
          departmentId: dept,
        });
        const mapped = Readable.from(rows.map(toSummary));
        return format === 'csv'
          ? await writeCsv(mapped, SUMMARY_COLUMNS, out)
          : await writeXlsx(mapped, SUMMARY_COLUMNS, REPORT_TITLES[kind], out);
      }
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
      return format === 'csv'
        ? await writeCsv(rows, columns, out)
        : await writeXlsx(rows as AsyncIterable<never>, columns, REPORT_TITLES[kind], out);
    } finally {
      await runner.release();
    }
  }

  private page<R extends { id: string; due_date: string; clock: string }, T>(
    rows: R[],
    limit: number,
    map: (r: R) => T,
  ) {
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(map),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ d: last.due_date, i: last.id, c: last.clock })
          : null,
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
  trends: 'Динамика',
} as const;

const toOpenItem = (r: OpenItemRow) => ({
  appealId: r.id,
  regNumber: r.reg_number,
  registeredAt: r.registered_at.toISOString(),
  clock: r.clock,
  dueDate: r.due_date,
  dueDateProvisional: r.due_date_provisional,
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
    // Issue 19: appeals late on each clock (reports.sql.ts, LATE_CONDITION).
    lateByClock: Object.fromEntries(
      CLOCK_NAMES.map((clock) => [clock, num(r[`late_${clock}`]) ?? 0]),
    ) as Record<ClockName, number>,
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
  dueDateProvisional: r.due_date_provisional,
  extensionDays: r.extension_days,
  result: resultOf(r),
  dispatchedOn: r.dispatched_on,
  applicantAddress: r.applicant_address,
  incomingLetter: r.incoming_letter,
  additionalInfo: describeAttributes(r.topic_attributes, r.attributes),
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
  /** At risk: the working days left and the warning ladder's rung. */
  extra: Column<OpenItemRow>[] = [],
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
  // Issue 19, after the columns spreadsheets already address by position.
  { title: 'Вид срока', value: (r) => clockLabel(r.clock), width: 30 },
  ...extra,
  { title: 'Срок предварительный', value: (r) => (r.due_date_provisional ? 'да' : 'нет') },
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
  // Issue 19, after the columns spreadsheets already address by position.
  { title: 'Срок предварительный', value: (r) => (r.due_date_provisional ? 'да' : 'нет') },
  // Issue 20: the applicant's address and the sender's covering letter, after those.
  { title: 'Адрес заявителя', value: (r) => r.applicant_address, width: 40 },
  { title: 'Номер письма отправителя', value: (r) => r.incoming_letter?.number },
  { title: 'Дата письма отправителя', value: (r) => r.incoming_letter?.date },
  { title: 'Дата почтового штемпеля', value: (r) => r.incoming_letter?.postmarkDate },
  {
    title: 'Способ доставки',
    value: (r) => {
      const method = r.incoming_letter?.deliveryMethod;
      return method ? deliveryMethodLabel(method) : null;
    },
    width: 30,
  },
  { title: 'Листов', value: (r) => r.incoming_letter?.sheets },
  { title: 'Листов приложений', value: (r) => r.incoming_letter?.attachmentSheets },
  // Issue 22: the topic's extra fields, «label: value; …».
  {
    title: 'Дополнительные сведения',
    value: (r) => describeAttributes(r.topic_attributes, r.attributes),
    width: 50,
  },
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
  ...CLOCK_NAMES.map((clock): Column<Summary> => ({
    title: `Не в срок: ${clockLabel(clock)}`,
    value: (s) => s.lateByClock[clock],
  })),
];

/** The trends export's columns (a row per group and bucket; the share as a percentage). */
const TREND_COLUMNS: Column<TrendSeries['points'][number] & { s: TrendSeries }>[] = [
  { title: 'Группа', value: (r) => r.s.label ?? r.s.key },
  { title: 'Период с', value: (r) => r.bucket },
  { title: 'Зарегистрировано', value: (r) => r.registered },
  { title: 'Отвечено', value: (r) => r.answered },
  {
    title: 'В срок, %',
    value: (r) => (r.onTimeShare === null ? null : Math.round(r.onTimeShare * 1000) / 10),
  },
  { title: 'Просрочено (открытые)', value: (r) => r.openOverdue },
];
