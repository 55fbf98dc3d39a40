import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { ListQueryDto } from '../common/http/pagination';

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

export class AtRiskQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ default: 3, minimum: 0, maximum: 60 })
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

export const GROUP_BY = ['department', 'assignee', 'topic', 'channel'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export class SummaryQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ enum: GROUP_BY, default: 'department' })
  @IsOptional()
  @IsIn(GROUP_BY)
  groupBy: GroupBy = 'department';
}
