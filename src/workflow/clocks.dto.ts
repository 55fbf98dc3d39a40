import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The optional body of PUT and DELETE /appeals/{id}/clocks/{name}: why, for the history. */
export class ClockCommentDto {
  @ApiPropertyOptional({ example: 'Текст письма не читается: нужен ответ по ч. 4 ст. 11 59-ФЗ' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
