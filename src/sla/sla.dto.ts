import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { APPEAL_KINDS, type AppealKind, type SlaPolicy } from './sla-policy.entity';
import type { NonWorkingDayPolicy, TermUnit } from './deadline';

export class UpsertSlaPolicyDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) name?: string;

  @ApiProperty({ example: 30 }) @IsInt() @Min(1) @Max(365) termDays: number;

  @ApiProperty({ enum: ['calendar', 'working'] })
  @IsIn(['calendar', 'working'])
  unit: TermUnit;

  // 59-ФЗ ст. 12 ч. 2: an extension adds at most 30 days.
  @ApiProperty({ example: 30 }) @IsInt() @Min(0) @Max(30) maxExtensionDays: number;

  @ApiProperty({ enum: ['backward', 'forward'] })
  @IsIn(['backward', 'forward'])
  nonWorkingDayPolicy: NonWorkingDayPolicy;

  @ApiPropertyOptional({ example: [5, 2, 1], type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(60, { each: true })
  warnDaysBefore?: number[];
}

export class SlaPolicyDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: APPEAL_KINDS, nullable: true }) kind: AppealKind | null;
  @ApiProperty() name: string;
  @ApiProperty() termDays: number;
  @ApiProperty({ enum: ['calendar', 'working'] }) unit: TermUnit;
  @ApiProperty() maxExtensionDays: number;
  @ApiProperty({ enum: ['backward', 'forward'] }) nonWorkingDayPolicy: NonWorkingDayPolicy;
  @ApiProperty({ type: [Number] }) warnDaysBefore: number[];
  @ApiProperty({
    type: [String],
    description: 'Тематики, для которых действует эта политика (у политики вида — обычно нет)',
  })
  topicCodes: string[];
}

export const toSlaPolicyDto = (p: SlaPolicy, topicCodes: string[] = []): SlaPolicyDto => ({
  id: p.id,
  kind: p.kind,
  name: p.name,
  termDays: p.termDays,
  unit: p.unit,
  maxExtensionDays: p.maxExtensionDays,
  nonWorkingDayPolicy: p.nonWorkingDayPolicy,
  warnDaysBefore: p.warnDaysBefore,
  topicCodes,
});

export class DeadlineQueryDto {
  @ApiProperty({ example: '2026-04-10' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'Дата в формате ГГГГ-ММ-ДД' })
  registeredOn: string;

  @ApiPropertyOptional({ enum: APPEAL_KINDS, default: 'statement' })
  @IsOptional()
  @IsIn(APPEAL_KINDS)
  kind?: AppealKind;

  @ApiPropertyOptional({ example: 'water_quality' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  topicCode?: string;
}

export class DeadlineDto {
  @ApiProperty({ example: '2026-05-08' }) dueDate: string;
  @ApiProperty({
    description:
      'true when the date needed a year the official production calendar lacks and was computed from the provisional one (ТК ст. 112); it is recomputed when that year is imported',
  })
  provisional: boolean;
  @ApiProperty({ example: 30 }) termDays: number;
  @ApiProperty({ enum: ['calendar', 'working'] }) unit: TermUnit;
  @ApiProperty({ enum: ['backward', 'forward'], description: 'non-working last day policy' })
  policy: NonWorkingDayPolicy;
  @ApiProperty({ description: 'the SLA policy that gave the earliest date' }) policyId: string;
  @ApiProperty() policyName: string;
  @ApiProperty() maxExtensionDays: number;
}

export class SetCalendarDayDto {
  @ApiProperty({
    enum: [1, 2, 3],
    nullable: true,
    description:
      '1 day off, 2 shortened working day, 3 working weekend day; null: the Mon–Fri rule',
  })
  @IsOptional()
  @IsIn([1, 2, 3, null])
  type: 1 | 2 | 3 | null;

  @ApiPropertyOptional({ example: 'Перенос выходного дня' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  note?: string;
}

export const DAY_SOURCES = ['federal', 'regional', 'provisional', 'manual'] as const;

/** One exception to the Mon–Fri rule; `type: null` when a day was returned to that rule. */
export class CalendarDayDto {
  @ApiProperty({ example: '2026-05-11' }) date: string;
  @ApiProperty({
    enum: [1, 2, 3],
    nullable: true,
    description: '1 day off, 2 shortened working day, 3 working weekend day',
  })
  type: 1 | 2 | 3 | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({
    enum: DAY_SOURCES,
    description:
      "`federal`: the official calendar (bundled or imported); `manual`: set by an admin; `provisional`: the year is not loaded and comes from ТК ст. 112; `regional`: a day off of the organisation's regional overlay",
  })
  source: (typeof DAY_SOURCES)[number];
}

/** PUT /calendar/days/{date}: the day as set, and the open appeals whose due date it moved. */
export class CalendarDaySetDto extends CalendarDayDto {
  @ApiProperty({ description: 'open appeals whose due date was recomputed' }) recomputed: number;
}

export class CalendarYearDto {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({
    example: 'bundled:2026.xml',
    description: '`bundled:<file>`, `import`, or `provisional` for a year not loaded',
  })
  source: string;
  @ApiProperty({
    description:
      'the official calendar lacks the year: these days come from ТК ст. 112 and deadlines into it are provisional',
  })
  provisional: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'RU-TA',
    description: "the organisation's region (CALENDAR_REGION) whose overlay is included",
  })
  region: string | null;
  @ApiProperty({ type: [CalendarDayDto], description: 'the exceptions only, by date' })
  days: CalendarDayDto[];
}

export class CalendarImportedDto {
  @ApiProperty({ example: 2027, description: 'the year replaced' }) year: number;
  @ApiProperty({
    description: 'open appeals whose due date was recomputed (provisional, or moved by the change)',
  })
  recomputed: number;
}

export class RegionalCalendarImportedDto {
  @ApiProperty({ example: 'RU-TA' }) region: string;
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ description: 'days off of the region stored for the year (t=1)' })
  daysOff: number;
  @ApiProperty({
    description:
      "the region is the organisation's (CALENDAR_REGION): its days off count for deadlines",
  })
  applies: boolean;
  @ApiProperty({ description: 'open appeals whose due date was recomputed' }) recomputed: number;
}
