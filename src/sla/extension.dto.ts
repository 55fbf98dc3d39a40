import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { AppealExtension } from './extension.entity';

export class RequestExtensionDto {
  @ApiProperty({ minimum: 1, maximum: 30, example: 15 })
  @IsInt()
  @Min(1)
  @Max(30, { message: 'Продлить можно не более чем на 30 дней (59-ФЗ ст. 12 ч. 2)' })
  days: number;

  @ApiProperty({ example: 'Нужен выезд на место и замер температуры' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

export class DecideExtensionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ExtensionDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['pending', 'approved', 'declined'] }) status: string;
  @ApiProperty() days: number;
  @ApiProperty() reason: string;
  @ApiProperty() previousDueDate: string;
  @ApiProperty() newDueDate: string;
  @ApiProperty() requestedBy: string;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionComment: string | null;
}

export const toExtensionDto = (e: AppealExtension): ExtensionDto => ({
  id: e.id,
  status: e.status,
  days: e.days,
  reason: e.reason,
  previousDueDate: e.previousDueDate,
  newDueDate: e.newDueDate,
  requestedBy: e.requestedBy,
  requestedAt: e.requestedAt.toISOString(),
  decidedBy: e.decidedBy,
  decidedAt: e.decidedAt ? e.decidedAt.toISOString() : null,
  decisionComment: e.decisionComment,
});
