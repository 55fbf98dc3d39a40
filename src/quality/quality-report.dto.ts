import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import {
  QUALITY_SERVICES,
  violationHours,
  type QualityReport,
  type QualityService,
} from './quality-report.policy';

const DATE_TIME = { message: 'Ожидается дата и время в формате ISO 8601' };

/** The create body's `qualityReport` (kind `quality_report`; ПП 354 п. 105–106). */
export class QualityReportInputDto {
  @ApiProperty({ enum: QUALITY_SERVICES, description: 'the utility service whose quality failed' })
  @IsIn(QUALITY_SERVICES, { message: `Услуга: одна из ${QUALITY_SERVICES.join(', ')}` })
  service: QualityService;

  @ApiProperty({ format: 'date-time', description: 'when the problem began, as the consumer says' })
  @IsISO8601({ strict: true }, DATE_TIME)
  startedAt: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

/** PUT /appeals/{id}/inspection-time (ПП 354 п. 108: another time agreed with the consumer). */
export class AgreeInspectionTimeDto {
  @ApiProperty({ format: 'date-time', description: 'the inspection time agreed' })
  @IsISO8601({ strict: true }, DATE_TIME)
  agreedFor: string;

  @ApiProperty({ description: 'with whom it was agreed (the consumer, as they named themselves)' })
  @IsString()
  @IsNotEmpty({ message: 'Укажите, с кем согласовано время' })
  @MaxLength(300)
  agreedWith: string;
}

/** POST /appeals/{id}/inspection-act (ПП 354 п. 109–110). */
export class InspectionActInputDto {
  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true }, DATE_TIME)
  inspectedAt: string;

  @ApiProperty({ type: [String], description: 'who took part (the consumer, the executor, …)' })
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(300, { each: true })
  @ArrayMinSize(1, { message: 'Укажите участников проверки' })
  @ArrayMaxSize(20)
  participants: string[];

  @ApiProperty() @IsBoolean() violationConfirmed: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsISO8601({ strict: true }, DATE_TIME)
  violationStartedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsISO8601({ strict: true }, DATE_TIME)
  violationEndedAt: string | null;

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @IsNotEmpty({ message: 'Изложите результаты проверки' })
  @MaxLength(5000)
  findings: string;
}

export class AgreedInspectionViewDto {
  @ApiProperty({ format: 'date-time' }) agreedFor: string;
  @ApiProperty() agreedWith: string;
  @ApiProperty({ nullable: true, type: String }) agreedBy: string | null;
  @ApiProperty({ format: 'date-time' }) agreedAt: string;
}

export class InspectionActViewDto {
  @ApiProperty({ format: 'date-time' }) inspectedAt: string;
  @ApiProperty({ type: [String] }) participants: string[];
  @ApiProperty() violationConfirmed: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  violationStartedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  violationEndedAt: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'the confirmed violation’s duration, hours (ПП 354 п. 111–113: the recalculation)',
  })
  violationHours: number | null;
  @ApiProperty() findings: string;
  @ApiProperty({ nullable: true, type: String }) recordedBy: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

/** The appeal's `qualityReport` (kind `quality_report`; docs/quality-reports.md). */
export class QualityReportViewDto {
  @ApiProperty({ enum: QUALITY_SERVICES }) service: QualityService;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: AgreedInspectionViewDto, nullable: true })
  agreed: AgreedInspectionViewDto | null;
  @ApiProperty({ type: InspectionActViewDto, nullable: true }) act: InspectionActViewDto | null;
}

export function toQualityReportView(q: QualityReport | null): QualityReportViewDto | null {
  if (!q) return null;
  return {
    service: q.service,
    startedAt: q.startedAt,
    description: q.description ?? null,
    agreed: q.agreed ? { ...q.agreed } : null,
    act: q.act
      ? {
          ...q.act,
          participants: [...q.act.participants],
          violationHours: q.act.violationConfirmed
            ? violationHours(q.act.violationStartedAt, q.act.violationEndedAt)
            : null,
        }
      : null,
  };
}
