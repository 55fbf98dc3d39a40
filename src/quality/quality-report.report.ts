import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Column } from '../reports/report-writers';
import { PeriodQueryDto } from '../reports/reports.dto';
import {
  QUALITY_SERVICE_LABELS,
  QUALITY_SERVICES,
  localDateTimeText,
  type QualityService,
} from './quality-report.policy';

export class QualityReportQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ enum: QUALITY_SERVICES })
  @IsOptional()
  @IsIn(QUALITY_SERVICES, { message: `Услуга: одна из ${QUALITY_SERVICES.join(', ')}` })
  service?: QualityService;
}

/** A row of QUALITY_ITEMS. */
export interface QualityItemRow {
  id: string;
  reg_number: string;
  registered_at: Date;
  status: string;
  service_address: string | null;
  department_id: string | null;
  service: QualityService;
  reported_started_at: string | null;
  inspection_due_at: Date | null;
  inspection_met_at: Date | null;
  inspection_late: boolean;
  inspected_at: string | null;
  violation_confirmed: boolean;
  violation_started_at: string | null;
  violation_ended_at: string | null;
  violation_hours: number | null;
}

export interface QualityTotalRow {
  service: QualityService;
  service_address: string | null;
  reports: number;
  confirmed: number;
  violation_hours: number;
}

export class QualityReportItemDto {
  @ApiProperty() appealId: string;
  @ApiProperty() regNumber: string;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiProperty() status: string;
  @ApiProperty({ enum: QUALITY_SERVICES }) service: QualityService;
  @ApiProperty({ nullable: true, type: String, description: 'the house: the service address' })
  serviceAddress: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  reportedStartedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  inspectionDueAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  inspectedAt: string | null;
  @ApiProperty() inspectionLate: boolean;
  @ApiProperty() violationConfirmed: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  violationStartedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  violationEndedAt: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'confirmed violation, hours' })
  violationHours: number | null;
}

export class QualityTotalDto {
  @ApiProperty({ enum: QUALITY_SERVICES }) service: QualityService;
  @ApiProperty({ nullable: true, type: String }) serviceAddress: string | null;
  @ApiProperty() reports: number;
  @ApiProperty() confirmed: number;
  @ApiProperty({ description: 'confirmed violations, hours in all (ПП 354 п. 111–113)' })
  violationHours: number;
}

export class QualityReportDto {
  @ApiProperty({ type: [QualityReportItemDto] }) items: QualityReportItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
  @ApiProperty({ type: [QualityTotalDto], description: 'by service and house, the whole period' })
  totals: QualityTotalDto[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const toQualityItem = (r: QualityItemRow): QualityReportItemDto => ({
  appealId: r.id,
  regNumber: r.reg_number,
  registeredAt: r.registered_at.toISOString(),
  status: r.status,
  service: r.service,
  serviceAddress: r.service_address,
  reportedStartedAt: r.reported_started_at,
  inspectionDueAt: iso(r.inspection_due_at),
  inspectedAt: r.inspected_at,
  inspectionLate: r.inspection_late,
  violationConfirmed: r.violation_confirmed,
  violationStartedAt: r.violation_started_at,
  violationEndedAt: r.violation_ended_at,
  violationHours: r.violation_hours,
});

export const toQualityTotal = (r: QualityTotalRow): QualityTotalDto => ({
  service: r.service,
  serviceAddress: r.service_address,
  reports: r.reports,
  confirmed: r.confirmed,
  violationHours: r.violation_hours,
});

/** The CSV/XLSX columns: what the billing department recalculates from (ПП 354 п. 111–113). */
export function qualityColumns(timeZone: string): Column<QualityItemRow>[] {
  const at = (v: Date | string | null) =>
    v ? localDateTimeText(typeof v === 'string' ? new Date(v) : v, timeZone) : null;
  return [
    { title: 'Рег. номер', width: 14, value: (r) => r.reg_number },
    { title: 'Зарегистрировано', width: 18, value: (r) => at(r.registered_at) },
    { title: 'Услуга', width: 24, value: (r) => QUALITY_SERVICE_LABELS[r.service] ?? r.service },
    { title: 'Адрес дома', width: 40, value: (r) => r.service_address },
    { title: 'Начало по сообщению', width: 18, value: (r) => at(r.reported_started_at) },
    { title: 'Проверка до', width: 18, value: (r) => at(r.inspection_due_at) },
    { title: 'Проверено', width: 18, value: (r) => at(r.inspected_at) },
    { title: 'Проверка с опозданием', width: 10, value: (r) => (r.inspection_late ? 'да' : 'нет') },
    {
      title: 'Нарушение подтверждено',
      width: 10,
      value: (r) => (r.inspected_at ? (r.violation_confirmed ? 'да' : 'нет') : null),
    },
    { title: 'Начало нарушения', width: 18, value: (r) => at(r.violation_started_at) },
    { title: 'Окончание нарушения', width: 18, value: (r) => at(r.violation_ended_at) },
    { title: 'Продолжительность, ч', width: 12, value: (r) => r.violation_hours },
    { title: 'Статус', width: 14, value: (r) => r.status },
  ];
}
