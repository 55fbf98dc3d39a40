import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { REJECTION_REASONS, type RejectionReason } from '../appeals/appeal.enums';

export class AcceptAppealDto {
  @ApiPropertyOptional({ example: 'Грубость не адресована сотрудникам, рассмотреть по существу' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class RejectAppealDto {
  @ApiProperty({ enum: REJECTION_REASONS })
  @IsIn(REJECTION_REASONS, { message: `Причина: одно из ${REJECTION_REASONS.join(', ')}` })
  reason: RejectionReason;

  @ApiPropertyOptional({ description: 'added to the notice to the applicant' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
