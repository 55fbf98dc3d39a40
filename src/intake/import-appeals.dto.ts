import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  ANSWER_OUTCOMES,
  REJECTION_REASONS,
  type AnswerOutcome,
  type AppealStatus,
  type RejectionReason,
} from '../appeals/appeal.enums';
import { CreateAppealDto } from './create-appeal.dto';

/** Statuses a legacy appeal may arrive in; work in progress is re-assigned here. */
export const IMPORT_STATUSES = [
  'registered',
  'under_review',
  'answered',
  'rejected',
  'withdrawn',
] as const;

export class ImportAnswerDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100_000) text: string;
  @ApiProperty({ enum: ANSWER_OUTCOMES }) @IsIn(ANSWER_OUTCOMES) outcome: AnswerOutcome;
  @ApiProperty() @IsISO8601({ strict: true }) answeredAt: string;
}

export class ImportRejectionDto {
  @ApiProperty({ enum: REJECTION_REASONS }) @IsIn(REJECTION_REASONS) reason: RejectionReason;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class ImportAppealItemDto extends CreateAppealDto {
  @ApiProperty({ example: '2025-000731', description: 'the original registration number' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  regNumber: string;

  @ApiProperty({ example: '2025-11-03T10:15:00+03:00' })
  @IsISO8601({ strict: true }, { message: 'Ожидается дата и время в формате ISO 8601' })
  registeredAt: string;

  @ApiPropertyOptional({ enum: IMPORT_STATUSES, default: 'registered' })
  @IsOptional()
  @IsIn(IMPORT_STATUSES)
  status?: AppealStatus;

  @ApiPropertyOptional({
    description: 'the due date the old system had (with extensions); default: computed',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'Дата в формате ГГГГ-ММ-ДД' })
  dueDate?: string;

  @ApiPropertyOptional({ type: ImportAnswerDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ImportAnswerDto)
  answer?: ImportAnswerDto;

  @ApiPropertyOptional({ type: ImportRejectionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ImportRejectionDto)
  rejection?: ImportRejectionDto;
}

export class ImportAppealsDto {
  @ApiProperty({ type: [ImportAppealItemDto], maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ImportAppealItemDto)
  appeals: ImportAppealItemDto[];
}
