import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CoApplicantDto, MAX_CO_APPLICANTS } from '../appeals/co-applicant';
import { IncomingLetterDto } from '../appeals/incoming-letter';
import { ApplicantDto } from '../intake/create-appeal.dto';
import { QualityReportInputDto } from '../quality/quality-report.dto';
import { APPEAL_KINDS, type AppealKind } from '../sla/sla-policy.entity';

/**
 * The body of PATCH /appeals/{id} (issue 20, item 6): only what is given changes; `null` clears
 * a field that may be empty. `applicant` changes the fields it names (its `ogrn` checked as on
 * create); `incomingLetter` replaces the recorded letter, `coApplicants` the whole list;
 * `qualityReport` adds or corrects what a quality report says (its kind only). The registration
 * number, the channel and the text are not correctable (an unknown field is 422 UNKNOWN_FIELD).
 */
export class CorrectAppealDto {
  @ApiPropertyOptional({ enum: APPEAL_KINDS, description: 'recomputes the due date' })
  @IsOptional()
  @IsIn(APPEAL_KINDS, { message: `Вид обращения: одно из ${APPEAL_KINDS.join(', ')}` })
  kind?: AppealKind;

  @ApiPropertyOptional({
    nullable: true,
    example: 'billing',
    description: 're-routes to the topic’s department and recomputes the due date',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  topicCode?: string | null;

  @ApiPropertyOptional({ type: ApplicantDto, description: 'the fields given replace those' })
  @IsOptional()
  @IsObject({ message: 'Ожидается объект' })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant?: ApplicantDto;

  @ApiPropertyOptional({ nullable: true, example: '1234567890' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  accountNumber?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  serviceAddress?: string | null;

  @ApiPropertyOptional({ type: IncomingLetterDto, nullable: true })
  @IsOptional()
  @IsObject({ message: 'Ожидается объект' })
  @ValidateNested()
  @Type(() => IncomingLetterDto)
  incomingLetter?: IncomingLetterDto | null;

  @ApiPropertyOptional({
    type: [CoApplicantDto],
    nullable: true,
    description: `replaces the whole list (at most ${MAX_CO_APPLICANTS}); [] or null: none`,
  })
  @IsOptional()
  @IsArray({ message: 'Ожидается список соавторов' })
  @ArrayMaxSize(MAX_CO_APPLICANTS, {
    message: `Соавторов коллективного обращения — не больше ${MAX_CO_APPLICANTS}`,
  })
  @ValidateNested({ each: true })
  @Type(() => CoApplicantDto)
  coApplicants?: CoApplicantDto[] | null;

  @ApiPropertyOptional({
    type: QualityReportInputDto,
    description:
      'kind quality_report only (else 422 NOT_ALLOWED, as on create); adds the data a report ' +
      'arrived without or corrects it, keeping the agreed time and the act; null is 422 REQUIRED',
  })
  @IsOptional()
  @IsObject({ message: 'Ожидается объект' })
  @ValidateNested()
  @Type(() => QualityReportInputDto)
  qualityReport?: QualityReportInputDto | null;

  @ApiPropertyOptional({ example: 'Опечатка в фамилии заявителя', description: 'for the history' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
