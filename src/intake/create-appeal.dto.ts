import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import {
  APPLICANT_TYPES,
  CHANNELS,
  REPLY_CHANNELS,
  type ApplicantType,
  type Channel,
  type ReplyChannel,
} from '../appeals/appeal.enums';
import { APPEAL_KINDS, type AppealKind } from '../sla/sla-policy.entity';
import { INTERACTIVE_CHANNELS, describeChannel } from '../channels/channel.registry';
import { AuthorityControlDto } from '../appeals/authority-control';
import { IncomingLetterDto } from '../appeals/incoming-letter';
import { QualityReportInputDto } from '../quality/quality-report.dto';
import { IsOgrn } from '../common/ogrn';
import { MAX_ATTRIBUTES, type AttributeValue } from '../departments/topic-attributes';
import { CoApplicantDto, MAX_CO_APPLICANTS } from '../appeals/co-applicant';

/**
 * A topic's attribute values (issue 22): a flat object of scalars. Only the shape is checked
 * here — a 422 on every channel; the values against the topic in IntakeService.
 */
function IsAttributeValues(opts?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAttributeValues',
      validator: {
        validate: (v: unknown) =>
          typeof v === 'object' &&
          v !== null &&
          !Array.isArray(v) &&
          Object.keys(v).length <= MAX_ATTRIBUTES &&
          Object.entries(v).every(
            ([k, s]) =>
              /^[A-Za-z0-9_]{1,64}$/.test(k) &&
              (s === null ||
                typeof s === 'boolean' ||
                (typeof s === 'number' && Number.isFinite(s)) ||
                (typeof s === 'string' && s.length <= 4000)),
          ),
        defaultMessage: () =>
          `Ожидается объект из не более чем ${MAX_ATTRIBUTES} значений: строка, число, true/false или null`,
      },
    },
    opts,
  );
}

/** A flat map of short strings, e.g. { "incomingNumber": "123/вх" }. */
function IsStringRecord(opts?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringRecord',
      validator: {
        validate: (v: unknown) =>
          typeof v === 'object' &&
          v !== null &&
          !Array.isArray(v) &&
          Object.keys(v).length <= 20 &&
          Object.entries(v).every(
            ([k, s]) =>
              /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(k) && typeof s === 'string' && s.length <= 200,
          ),
        defaultMessage: () =>
          'Ожидается объект из не более чем 20 строковых значений (ключи — латиница, до 64 символов)',
      },
    },
    opts,
  );
}

export class ApplicantDto {
  @ApiPropertyOptional({ enum: APPLICANT_TYPES, default: 'individual' })
  @IsOptional()
  @IsIn(APPLICANT_TYPES)
  type?: ApplicantType;

  @ApiPropertyOptional({ example: 'Иванов' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  lastName?: string | null;

  @ApiPropertyOptional({ example: 'Иван' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  firstName?: string | null;

  @ApiPropertyOptional({ example: 'Иванович' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  middleName?: string | null;

  @ApiPropertyOptional({ example: 'ООО «Ромашка»' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  organizationName?: string | null;

  @ApiPropertyOptional({ example: '7707083893' })
  @IsOptional()
  @Matches(/^(\d{10}|\d{12})$/, { message: 'ИНН — 10 или 12 цифр' })
  inn?: string | null;

  @ApiPropertyOptional({ example: '1027700132195', description: 'ОГРН (13 digits) or ОГРНИП (15)' })
  @IsOptional()
  @IsOgrn({ message: 'ОГРН — 13 цифр, ОГРНИП — 15, с верной контрольной цифрой' })
  ogrn?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  contactPerson?: string | null;

  @ApiPropertyOptional({ example: '190000, г. Санкт-Петербург, ул. Садовая, д. 1, кв. 2' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  postalAddress?: string | null;

  @ApiPropertyOptional({ example: 'ivanov@example.ru' })
  @IsOptional()
  @IsEmail({}, { message: 'Некорректный адрес электронной почты' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ example: '+7 912 345-67-89' })
  @IsOptional()
  @Matches(/^[0-9+()\-\s.]{5,30}$/, { message: 'Некорректный номер телефона' })
  phone?: string | null;
}

/** The channels for the API's readers, from the channel registry. */
const CHANNEL_DESCRIPTION =
  CHANNELS.map((c) => `${c}: ${describeChannel(c).label}`).join('; ') +
  `. Missing mandatory fields are a 422 on ${INTERACTIVE_CHANNELS.join(', ')}; ` +
  'on the other channels the appeal is registered with validationIssues.';

/** The body of POST /appeals and POST /rules/check (SPEC §3, §14). */
export class CreateAppealDto {
  @ApiProperty({ enum: CHANNELS, description: CHANNEL_DESCRIPTION })
  @IsIn(CHANNELS, { message: `Канал: одно из ${CHANNELS.join(', ')}` })
  channel: Channel;

  @ApiPropertyOptional({ enum: APPEAL_KINDS, default: 'statement' })
  @IsOptional()
  @IsIn(APPEAL_KINDS, { message: `Вид обращения: одно из ${APPEAL_KINDS.join(', ')}` })
  kind?: AppealKind;

  @ApiPropertyOptional({ type: ApplicantDto })
  @IsOptional()
  @IsObject({ message: 'Ожидается объект' })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant?: ApplicantDto | null;

  @ApiPropertyOptional({
    type: [CoApplicantDto],
    description:
      'the other signatories of a collective appeal (59-ФЗ ст. 4 п. 1), at most ' +
      `${MAX_CO_APPLICANTS}; the answer is addressed to the applicant, each co-applicant with an ` +
      'e-mail gets a copy',
  })
  @IsOptional()
  @IsArray({ message: 'Ожидается список соавторов' })
  @ArrayMaxSize(MAX_CO_APPLICANTS, {
    message: `Соавторов коллективного обращения — не больше ${MAX_CO_APPLICANTS}`,
  })
  @ValidateNested({ each: true })
  @Type(() => CoApplicantDto)
  coApplicants?: CoApplicantDto[] | null;

  @ApiPropertyOptional({ example: '1234567890', description: 'лицевой счёт или номер договора' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  accountNumber?: string | null;

  @ApiPropertyOptional({ example: 'г. Санкт-Петербург, ул. Садовая, д. 1, кв. 2' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  serviceAddress?: string | null;

  @ApiPropertyOptional({ example: 'billing' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  topicCode?: string | null;

  @ApiPropertyOptional({ example: 'Перерасчёт за отопление' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  subject?: string | null;

  @ApiPropertyOptional({ example: 'Прошу сделать перерасчёт платы за отопление за январь.' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  text?: string | null;

  @ApiPropertyOptional({
    description: 'when the appeal reached us (paper: the date on the stamp); default now',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Ожидается дата и время в формате ISO 8601' })
  receivedAt?: string | null;

  @ApiPropertyOptional({ enum: REPLY_CHANNELS, description: 'default: the channel it came from' })
  @IsOptional()
  @IsIn(REPLY_CHANNELS)
  replyChannel?: ReplyChannel | null;

  @ApiPropertyOptional({ example: { incomingNumber: '12/вх' } })
  @IsOptional()
  @IsStringRecord()
  externalRefs?: Record<string, string> | null;

  @ApiPropertyOptional({
    type: AuthorityControlDto,
    nullable: true,
    description:
      'a supervising authority forwarded the appeal or asks about it with its own date: ' +
      'the due date is the earlier of the policy’s and controlDate (SPEC §6)',
  })
  @IsOptional()
  @IsObject({ message: 'Ожидается объект' })
  @ValidateNested()
  @Type(() => AuthorityControlDto)
  authorityControl?: AuthorityControlDto | null;

  @ApiPropertyOptional({
    type: IncomingLetterDto,
    nullable: true,
    description:
      'the sender’s covering letter (paper, an organisation’s letter): its number and date, ' +
      'the postmark, the delivery method, sheets (docs/workflow.md)',
  })
  @IsOptional()
  @IsObject({ message: 'Ожидается объект' })
  @ValidateNested()
  @Type(() => IncomingLetterDto)
  incomingLetter?: IncomingLetterDto | null;

  @ApiPropertyOptional({
    type: QualityReportInputDto,
    nullable: true,
    description:
      'kind quality_report only (ПП 354 п. 105–113): the service and when the problem began; ' +
      'required for that kind — a 422 on web and personal_account, a validationIssue on the ' +
      'other channels — and a 422 on any other kind (docs/quality-reports.md)',
  })
  @IsOptional()
  @IsObject({ message: 'Ожидается объект' })
  @ValidateNested()
  @Type(() => QualityReportInputDto)
  qualityReport?: QualityReportInputDto | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    nullable: true,
    example: { period: '2026-03', residents: 3 },
    description:
      'the topic’s extra fields (GET /topics, `attributes`), by code: checked against the topic — ' +
      'on web and personal_account a missing or wrong one is a 422 naming `attributes.<code>`, ' +
      'on the other channels a validationIssue (docs/topics.md)',
  })
  @IsOptional()
  @IsAttributeValues()
  attributes?: Record<string, AttributeValue | null> | null;
}
