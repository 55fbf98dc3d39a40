import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** A draft answer returned to the officer (issue 20): why, for the history. */
export class ReturnAnswerDto {
  @ApiProperty({ example: 'Укажите сумму перерасчёта и период' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  comment: string;
}
