import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { ListQueryDto } from '../common/http/pagination';
import { REJECTION_REASONS, type RejectionReason } from '../rules/rejection-reasons';
import { IncomingLetterViewDto } from '../appeals/incoming-letter';
import { CLOCK_NAMES, type ClockName } from '../appeals/clocks/clock.registry';
import {
  TREND_BUCKETS,
  TREND_GROUP_BY,
  type TrendBucket,
  type TrendGroupBy,
} from './rollup/rollup.sql';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'Дата в формате ГГГГ-ММ-ДД';

export class ReportQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'or the Accept header' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;

  @ApiPropertyOptional({ description: 'supervisors: one department only' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

/** `?dueDateProvisional=true|false` of the overdue, at-risk and journal reports (issue 19). */
const ProvisionalFilter = (description: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ type: Boolean, description }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) =>
      value === 'true' ? true : value === 'false' ? false : value,
    ),
    IsBoolean(),
  );

const PROVISIONAL_ITEMS =
  'true: only the main term (clock `answer`) of appeals whose due date came from the provisional ' +
  'production calendar; false: every item but those (other clocks are never provisional)';

export class OverdueQueryDto extends ReportQueryDto {
  @ProvisionalFilter(PROVISIONAL_ITEMS)
  dueDateProvisional?: boolean;
}

export class AtRiskQueryDto extends OverdueQueryDto {
  @ApiPropertyOptional({
    default: 3,
    minimum: 0,
    maximum: 60,
    description:
      'working days of the production calendar: due from today to the withinDays-th working ' +
      'day after it (on a Friday, 1 reaches Monday)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  withinDays: number = 3;
}

export class PeriodQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({
    example: '2026-01-01',
    description: 'registered on or after (local date)',
  })
  @Matches(DATE, { message: DATE_MESSAGE })
  from: string;

  @ApiPropertyOptional({
    example: '2026-03-31',
    description: 'registered on or before (local date)',
  })
  @Matches(DATE, { message: DATE_MESSAGE })
  to: string;
}

export class JournalQueryDto extends PeriodQueryDto {
  @ProvisionalFilter('appeals whose due date is (true) or is not (false) provisional')
  dueDateProvisional?: boolean;
}

export const GROUP_BY = ['department', 'assignee', 'topic', 'channel'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export class SummaryQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ enum: GROUP_BY, default: 'department' })
  @IsOptional()
  @IsIn(GROUP_BY)
  groupBy: GroupBy = 'department';
}

export class TrendsQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({
    enum: TREND_BUCKETS,
    default: 'week',
    description: 'by local registration date; weeks start on Monday (ISO)',
  })
  @IsOptional()
  @IsIn(TREND_BUCKETS)
  bucket: TrendBucket = 'week';

  @ApiPropertyOptional({ enum: TREND_GROUP_BY, default: 'channel' })
  @IsOptional()
  @IsIn(TREND_GROUP_BY)
  groupBy: TrendGroupBy = 'channel';
}

// The JSON answers of the reports, as docs/reports.md defines their fields.

const NEXT_CURSOR = {
  nullable: true,
  type: String,
  description: 'pass it back as `cursor` for the next page; null on the last',
} as const;

export class DepartmentTotalDto {
  @ApiProperty({ nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty() count: number;
}

export class AssigneeTotalDto {
  @ApiProperty({ nullable: true, type: String, description: 'null: the unassigned' })
  assigneeId: string | null;
  @ApiProperty({ nullable: true, type: String }) assigneeName: string | null;
  @ApiProperty() count: number;
}

export class ClockTotalDto {
  @ApiProperty({ enum: CLOCK_NAMES }) clock: string;
  @ApiProperty() count: number;
}

export class OverdueTotalsDto {
  @ApiProperty({ type: [DepartmentTotalDto] }) byDepartment: DepartmentTotalDto[];
  @ApiProperty({ type: [AssigneeTotalDto] }) byAssignee: AssigneeTotalDto[];
  @ApiProperty({ type: [ClockTotalDto], description: 'clocks with items, in the registry’s order' })
  byClock: ClockTotalDto[];
}

/** An open appeal with one of its legal clocks, in the overdue or at-risk report. */
export class OpenItemDto {
  @ApiProperty() appealId: string;
  @ApiProperty() regNumber: string;
  @ApiProperty() registeredAt: string;
  @ApiProperty({
    enum: CLOCK_NAMES,
    description: 'the clock this item is about: answer (the main term) or another (docs/sla.md)',
  })
  clock: string;
  @ApiProperty({ example: '2026-05-08', description: 'the clock’s due date' }) dueDate: string;
  @ApiProperty({
    description:
      'the due date came from the provisional production calendar (only ever on clock answer)',
  })
  dueDateProvisional: boolean;
  @ApiPropertyOptional({ description: 'overdue report only' }) daysOverdue?: number;
  @ApiPropertyOptional({ description: 'at-risk report only, calendar days' }) daysLeft?: number;
  @ApiPropertyOptional({ description: 'at-risk report only, working days of the calendar' })
  workingDaysLeft?: number;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description:
      'at-risk report only: the rung of the warning ladder reached (working days before the ' +
      'due date; the sweep’s last warning for it), null before the first rung',
  })
  warningStep?: number | null;
  @ApiProperty() status: string;
  @ApiProperty() channel: string;
  @ApiProperty({ nullable: true, type: String }) topicCode: string | null;
  @ApiProperty({ nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty({ nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty({ nullable: true, type: String }) assigneeName: string | null;
}

export class OverdueReportDto {
  @ApiProperty({ example: '2026-04-10', description: "today's local date" }) asOf: string;
  @ApiProperty({
    description: 'items (one per appeal and clock) over the whole scope, not the page',
  })
  total: number;
  @ApiProperty({ type: OverdueTotalsDto }) totals: OverdueTotalsDto;
  @ApiProperty({ type: [OpenItemDto] }) items: OpenItemDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor: string | null;
}

export class AtRiskReportDto {
  @ApiProperty({ example: '2026-04-10' }) asOf: string;
  @ApiProperty() withinDays: number;
  @ApiProperty({ example: '2026-04-15', description: 'the last day of the window' })
  until: string;
  @ApiProperty({ description: 'items (one per appeal and clock), over the whole scope' })
  total: number;
  @ApiProperty({ type: [ClockTotalDto] }) byClock: ClockTotalDto[];
  @ApiProperty({ type: [OpenItemDto] }) items: OpenItemDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor: string | null;
}

/** One count per rejection reason, in the order of src/rules/rejection-reasons.ts. */
export class RejectedCountsDto {}
for (const reason of REJECTION_REASONS) {
  ApiProperty({ type: Number })(RejectedCountsDto.prototype, reason);
}

/** Appeals late on each clock, one count per clock of src/appeals/clocks/clock.registry.ts. */
export class LateByClockDto {}
for (const clock of CLOCK_NAMES) {
  ApiProperty({ type: Number })(LateByClockDto.prototype, clock);
}

/** One group (or the total) of the SLA summary. */
export class SummaryGroupDto {
  @ApiProperty({ nullable: true, type: String }) key: string | null;
  @ApiProperty({ nullable: true, type: String }) label: string | null;
  @ApiProperty() registered: number;
  @ApiProperty() answered: number;
  @ApiProperty() answeredOnTime: number;
  @ApiProperty() overdueOpen: number;
  @ApiProperty() extended: number;
  @ApiProperty({ type: RejectedCountsDto }) rejected: Record<RejectionReason, number>;
  @ApiProperty() duplicates: number;
  @ApiProperty({ nullable: true, type: Number }) compliancePercent: number | null;
  @ApiProperty({ nullable: true, type: Number }) medianDaysToAnswer: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90DaysToAnswer: number | null;
  @ApiProperty() lateRegistrations: number;
  @ApiProperty() lateForwardings: number;
  @ApiProperty({ type: LateByClockDto }) lateByClock: Record<ClockName, number>;
}

export class SlaSummaryReportDto {
  @ApiProperty({ example: '2026-01-01' }) from: string;
  @ApiProperty({ example: '2026-03-31' }) to: string;
  @ApiProperty({ enum: GROUP_BY }) groupBy: GroupBy;
  @ApiProperty({ example: '2026-04-10' }) asOf: string;
  @ApiProperty({ type: [SummaryGroupDto] }) groups: SummaryGroupDto[];
  @ApiProperty({ type: SummaryGroupDto, nullable: true }) total: SummaryGroupDto | null;
}

/** One line of the registration journal. */
export class JournalItemDto {
  @ApiProperty() appealId: string;
  @ApiProperty() regNumber: string;
  @ApiProperty() receivedOn: string;
  @ApiProperty() registeredOn: string;
  @ApiProperty({ nullable: true, type: String }) applicant: string | null;
  @ApiProperty() channel: string;
  @ApiProperty() kind: string;
  @ApiProperty({ nullable: true, type: String }) topic: string | null;
  @ApiProperty({ nullable: true, type: String }) executor: string | null;
  @ApiProperty({ nullable: true, type: String }) dueDate: string | null;
  @ApiProperty({ description: 'dueDate came from the provisional production calendar' })
  dueDateProvisional: boolean;
  @ApiProperty() extensionDays: number;
  @ApiProperty() result: string;
  @ApiProperty({ nullable: true, type: String }) dispatchedOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the applicant’s postal address' })
  applicantAddress: string | null;
  @ApiProperty({
    type: IncomingLetterViewDto,
    nullable: true,
    description: 'the sender’s covering letter (issue 20)',
  })
  incomingLetter: IncomingLetterViewDto | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Дополнительные сведения: the topic’s extra fields, «label: value; …» (issue 22)',
  })
  additionalInfo: string | null;
}

export class JournalReportDto {
  @ApiProperty({ type: [JournalItemDto] }) items: JournalItemDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor: string | null;
}

export class TrendPointDto {
  @ApiProperty({ example: '2026-03-02', description: 'the first day of the bucket' })
  bucket: string;
  @ApiProperty({ description: 'appeals registered in the bucket' }) registered: number;
  @ApiProperty({ description: 'of those, answered' }) answered: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'answered on time ÷ (answered + open and overdue today), 0–1, rounded to 0.001; null when nothing is due',
  })
  onTimeShare: number | null;
  @ApiProperty({ description: 'of those, open and overdue today' }) openOverdue: number;
}

export class TrendSeriesDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'channel code, department id, kind or topic code; null: none',
  })
  key: string | null;
  @ApiProperty({ nullable: true, type: String }) label: string | null;
  @ApiProperty({ type: [TrendPointDto], description: 'every bucket of the period, in order' })
  points: TrendPointDto[];
}

export class TrendsReportDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: TREND_BUCKETS }) bucket: string;
  @ApiProperty({ enum: TREND_GROUP_BY }) groupBy: string;
  @ApiProperty() asOf: string;
  @ApiProperty({ type: [TrendSeriesDto] }) series: TrendSeriesDto[];
}
