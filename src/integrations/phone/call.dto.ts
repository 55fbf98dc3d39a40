import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { APPEAL_KINDS, type AppealKind } from '../../sla/sla-policy.entity';
import { ApplicantDto } from '../../intake/create-appeal.dto';

/** Where a call came from (issue 23): an operator, a voice-mail box, a speech-recognising robot. */
export const CALL_SOURCES = ['call_centre', 'voice_mail', 'ivr'] as const;
export type CallSource = (typeof CALL_SOURCES)[number];

/**
 * A call posted by a call-centre, voice-mail or IVR system (POST /intake/calls, issue 23): the
 * JSON body, or part `call` of a multipart request with the audio in part `recording`.
 */
export class IncomingCallDto {
  @ApiProperty({
    description:
      'The telephony system’s own id of the call: 1–200 printable ASCII characters. A call is ' +
      'registered once per id; a retry with the same id and body gets the first answer.',
    example: 'cc-2026-04-10-000123',
  })
  @IsString({ message: 'Нужен идентификатор звонка (callId)' })
  @Matches(/^[\x21-\x7e]{1,200}$/, {
    message: 'callId: от 1 до 200 печатных ASCII-символов без пробелов',
  })
  callId: string;

  @ApiProperty({ enum: CALL_SOURCES })
  @IsIn(CALL_SOURCES, { message: `Источник звонка: одно из ${CALL_SOURCES.join(', ')}` })
  source: CallSource;

  @ApiProperty({ example: '+7 912 345-67-89', description: 'kept as applicant.phone' })
  @Matches(/^[0-9+()\-\s.]{5,30}$/, { message: 'Некорректный номер телефона' })
  callerNumber: string;

  @ApiProperty({ format: 'date-time', description: 'becomes the appeal’s receivedAt' })
  @IsISO8601({ strict: true }, { message: 'Ожидается дата и время в формате ISO 8601' })
  startedAt: string;

  @ApiProperty({ minimum: 0, example: 95 })
  @IsInt({ message: 'Длительность — целое число секунд' })
  @Min(0)
  @Max(24 * 3600)
  durationSeconds: number;

  @ApiPropertyOptional({
    example: 'Иванова А. А.',
    description: 'who took the call (ПП 354 п. 106)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  operator?: string | null;

  @ApiProperty({
    description:
      'What the caller said, as the operator wrote it or the recogniser heard it; empty when ' +
      'nothing was recognised (the appeal is registered with the gap in validationIssues).',
  })
  @IsString({ message: 'Нужна расшифровка звонка (transcript), пусть и пустая' })
  @MaxLength(90_000)
  transcript: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 0.87 })
  @IsOptional()
  @IsNumber({}, { message: 'Уверенность распознавания — число от 0 до 1' })
  @Min(0)
  @Max(1)
  transcriptConfidence?: number | null;

  @ApiPropertyOptional({ type: ApplicantDto, description: 'what the operator or robot captured' })
  @IsOptional()
  @IsObject({ message: 'Ожидается объект' })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant?: ApplicantDto | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  accountNumber?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  serviceAddress?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  topicCode?: string | null;

  @ApiPropertyOptional({ enum: APPEAL_KINDS })
  @IsOptional()
  @IsIn(APPEAL_KINDS, { message: `Вид обращения: одно из ${APPEAL_KINDS.join(', ')}` })
  kind?: AppealKind | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'for kind quality_report: {service, startedAt, description}, validated as in POST /appeals',
  })
  @IsOptional()
  @IsObject({ message: 'Ожидается объект' })
  qualityReport?: Record<string, unknown> | null;
}

/** What the operator reads out to the caller (ПП 354 п. 106: the number and the time). */
export class CallIntakeAnswerDto {
  @ApiProperty({
    enum: ['created', 'repeated'],
    description: 'repeated: this callId was registered before; the first answer, again',
  })
  result: 'created' | 'repeated';
  @ApiProperty({ format: 'uuid' }) appealId: string;
  @ApiProperty({ example: '2026-000123' }) regNumber: string;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
}
