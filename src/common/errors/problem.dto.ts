import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ErrorCode } from './error-codes';

/** One field-level problem (FieldError), as listed in `errors` of a 422. */
@ApiSchema({ name: 'FieldError' })
export class FieldErrorDto {
  @ApiProperty({ example: 'applicant.lastName', description: 'path of the field in the input' })
  field: string;

  @ApiProperty({
    example: 'REQUIRED',
    description: 'stable field-level code: docs/api-errors.md lists them',
  })
  code: string;

  @ApiProperty({ example: 'Укажите фамилию', description: 'Russian, for people' })
  message: string;
}

/**
 * The RFC 9457 document ProblemFilter sends (problemBody) as application/problem+json. Some codes
 * add members of their own (e.g. `year` of CALENDAR_YEAR_MISSING): hence additionalProperties.
 */
@ApiSchema({ name: 'Problem', description: 'RFC 9457 problem details' })
export class ProblemDto {
  @ApiProperty({
    format: 'uri',
    example: 'https://appeals-desk.example/problems/validation-failed',
  })
  type: string;

  @ApiProperty({ example: 'Данные запроса не прошли проверку', description: "the code's title" })
  title: string;

  @ApiProperty({ example: 422, description: 'the HTTP status, repeated' })
  status: number;

  @ApiProperty({
    example: 'Не заполнены обязательные поля обращения',
    description: 'Russian, specific to this occurrence',
  })
  detail: string;

  @ApiProperty({
    enum: Object.values(ErrorCode),
    description: 'stable: clients switch on it',
  })
  code: ErrorCode;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'VALIDATION_FAILED: every field' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ description: 'the X-Request-Id of the request' })
  requestId?: string;
}
