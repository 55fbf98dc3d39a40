import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ANSWER_OUTCOMES, type AnswerOutcome } from '../appeals/appeal.enums';

export class AssignDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() assigneeId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

/**
 * Either an organisation of the directory (`organizationId`: a numbered transmittal letter goes
 * to it) or, as before issue 20, its name as free text (`organization`, or `to`): nothing is sent
 * to the receiving body then.
 */
export class ForwardDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'from GET /organizations' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({
    example: 'Государственная жилищная инспекция Санкт-Петербурга',
    description: 'free text, without a transmittal letter (compatibility); `to` is the same',
  })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  organization?: string;

  @ApiPropertyOptional({ description: 'the same as `organization`' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  to?: string;

  @ApiProperty({ example: 'Вопрос о капитальном ремонте не входит в компетенцию организации' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'orgRootEntityGUID организации-получателя в ГИС ЖКХ: для обращения из ГИС ЖКХ ' +
      'перенаправление уходит туда сразу; без него ждёт, пока его укажут',
  })
  @IsOptional()
  @IsUUID()
  gisReceiverGuid?: string;
}

export class WithdrawDto {
  @ApiPropertyOptional({ example: 'Заявитель отозвал обращение письмом от 12.04.2026' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class AnswerAppealDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100_000) text: string;

  @ApiProperty({ enum: ANSWER_OUTCOMES })
  @IsIn(ANSWER_OUTCOMES, { message: `Итог: одно из ${ANSWER_OUTCOMES.join(', ')}` })
  outcome: AnswerOutcome;
}

/** An anonymous appeal reporting a crime, sent on to a state body (59-ФЗ ст. 11 ч. 1). */
export class CrimeReportDto {
  @ApiProperty({ example: 'ОМВД России по Центральному району г. Твери' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  organization: string;

  @ApiPropertyOptional({ example: 'Сообщается о хищении общедомового имущества' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
