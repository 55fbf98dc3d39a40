import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsExistingDate } from '../common/http/local-date.validator';
import { ApplicantDto } from '../intake/create-appeal.dto';
import { REPORT_FORMATS, type ReportFormat } from '../reports/reports.dto';
import { RECEPTION_AUDIENCES, type ReceptionAudience } from './reception-rules';
import {
  BOOKING_STATUSES,
  CARD_OUTCOMES,
  type BookingStatus,
  type CardOutcome,
} from './reception.types';

const IsDate = (): PropertyDecorator =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'Дата в формате ГГГГ-ММ-ДД' }),
    IsExistingDate(),
  );
const IsHhmm = (): PropertyDecorator =>
  Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Время в формате ЧЧ:ММ' });

export type { ReceptionApplicant } from './reception.types';

export class ScheduleDayDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'Monday = 1' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;

  @ApiProperty({ example: '10:00' })
  @IsHhmm()
  from: string;

  @ApiProperty({ example: '13:00' })
  @IsHhmm()
  to: string;
}

export class CreateScheduleDto {
  @ApiProperty({ format: 'uuid', description: 'the user who receives' })
  @IsUUID()
  officialId: string;

  @ApiProperty({ example: 'Генеральный директор' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: 'г. Пермь, ул. Ленина, 1, каб. 101' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  location: string;

  @ApiProperty({ type: [ScheduleDayDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  @Type(() => ScheduleDayDto)
  days: ScheduleDayDto[];

  @ApiProperty({ minimum: 5, maximum: 480, example: 30 })
  @IsInt()
  @Min(5)
  @Max(480)
  slotMinutes: number;

  @ApiProperty({ enum: RECEPTION_AUDIENCES })
  @IsIn(RECEPTION_AUDIENCES)
  audience: ReceptionAudience;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'absent: any topic' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  topicCodes?: string[] | null;

  @ApiProperty({ example: '2026-05-01' })
  @IsDate()
  validFrom: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-12-31' })
  @IsOptional()
  @IsDate()
  validTo?: string | null;
}

export class UpdateScheduleDto extends PartialType(CreateScheduleDto) {}

export class CreateExceptionDto {
  @ApiProperty({ example: '2026-05-12' })
  @IsDate()
  from: string;

  @ApiProperty({ example: '2026-05-22' })
  @IsDate()
  to: string;

  @ApiProperty({ example: 'Отпуск' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class ScheduleDto {
  @ApiProperty() id: string;
  @ApiProperty() officialId: string;
  @ApiProperty() title: string;
  @ApiProperty() location: string;
  @ApiProperty({ type: [ScheduleDayDto] }) days: ScheduleDayDto[];
  @ApiProperty() slotMinutes: number;
  @ApiProperty({ enum: RECEPTION_AUDIENCES }) audience: ReceptionAudience;
  @ApiProperty({ type: [String], nullable: true }) topicCodes: string[] | null;
  @ApiProperty() validFrom: string;
  @ApiProperty({ type: String, nullable: true }) validTo: string | null;
}

export class ExceptionDto {
  @ApiProperty() id: string;
  @ApiProperty() scheduleId: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'bookings it cancelled (each was notified)' })
  cancelledBookings: number;
}

export class SlotsQueryDto {
  @ApiProperty({ example: '2026-05-04' })
  @IsDate()
  from: string;

  @ApiProperty({ example: '2026-05-31', description: 'at most 62 days after from' })
  @IsDate()
  to: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  scheduleId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  topicCode?: string;
}

export class SlotOfficialDto {
  @ApiProperty() fullName: string;
  @ApiProperty() title: string;
}

export class SlotDto {
  @ApiProperty({ description: '<scheduleId>:<startsAt ISO>: stable' }) id: string;
  @ApiProperty() scheduleId: string;
  @ApiProperty({ type: SlotOfficialDto }) official: SlotOfficialDto;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() location: string;
  @ApiProperty() free: boolean;
}

export class SlotListDto {
  @ApiProperty({ type: [SlotDto] }) items: SlotDto[];
}

export class CreateBookingDto {
  @ApiProperty({ example: '3f1c1b9e-0000-4000-8000-000000000001:2026-05-04T07:00:00.000Z' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  slotId: string;

  @ApiProperty({ type: ApplicantDto })
  @IsObject({ message: 'Ожидается объект' })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant: ApplicantDto;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  topicCode: string;

  @ApiProperty({ description: 'the question to be raised at the reception' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  question: string;
}

export class CancelBookingDto {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ReceptionCardDto {
  @ApiProperty({ enum: CARD_OUTCOMES })
  @IsIn(CARD_OUTCOMES)
  outcome: CardOutcome;

  @ApiProperty({ description: 'the content of the oral appeal (59-ФЗ ст. 13 ч. 2)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  summary: string;
}

export class BookingDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'П-2026-000012' }) number: string;
  @ApiProperty({ enum: BOOKING_STATUSES }) status: BookingStatus;
  @ApiProperty({ type: SlotDto }) slot: SlotDto;
  @ApiProperty({ type: ApplicantDto }) applicant: ApplicantDto;
  @ApiProperty() topicCode: string;
  @ApiProperty() question: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) cancelledAt: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason: string | null;
  @ApiProperty({ enum: CARD_OUTCOMES, nullable: true }) outcome: CardOutcome | null;
  @ApiProperty({ type: String, nullable: true }) summary: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the appeal the card registered' })
  appealId: string | null;
  @ApiProperty({ type: [String], description: 'ids of the files sent with the booking' })
  attachmentIds: string[];
}

export class ReceptionReportQueryDto {
  @ApiProperty({ example: '2026-05-01' })
  @IsDate()
  from: string;

  @ApiProperty({ example: '2026-05-31' })
  @IsDate()
  to: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  officialId?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'or the Accept header' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

export class ReceptionJournalRowDto {
  @ApiProperty() number: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() officialId: string;
  @ApiProperty() officialName: string;
  @ApiProperty() officialTitle: string;
  @ApiProperty() applicantName: string;
  @ApiProperty() topicCode: string;
  @ApiProperty({ enum: BOOKING_STATUSES }) status: BookingStatus;
  @ApiProperty({ enum: CARD_OUTCOMES, nullable: true }) outcome: CardOutcome | null;
  @ApiProperty({ type: String, nullable: true }) appealRegNumber: string | null;
}

export class ReceptionOfficialTotalDto {
  @ApiProperty() officialId: string;
  @ApiProperty() officialName: string;
  @ApiProperty() booked: number;
  @ApiProperty() cancelled: number;
  @ApiProperty() answeredOrally: number;
  @ApiProperty() writtenAnswer: number;
  @ApiProperty() noShow: number;
}

export class ReceptionReportDto {
  @ApiProperty({ type: [ReceptionJournalRowDto] }) items: ReceptionJournalRowDto[];
  @ApiProperty({ type: [ReceptionOfficialTotalDto] }) totals: ReceptionOfficialTotalDto[];
}
