import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { TopicAttributeDto } from './topic-attribute.dto';
import { MAX_ATTRIBUTES } from './topic-attributes';

const CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const CODE_MESSAGE = 'Код: строчные латинские буквы, цифры, _ и -, до 64 символов';

export class CreateDepartmentDto {
  @ApiProperty({ example: 'billing' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'Абонентский отдел' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'ответы подписывает руководитель подразделения или куратор (черновик на согласовании)',
  })
  @IsOptional()
  @IsBoolean()
  answerApproval?: boolean;
}

/** PATCH /departments/{id} (issue 20): what is given changes; the code stays. */
export class UpdateDepartmentDto {
  @ApiPropertyOptional({ example: 'Абонентский отдел' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({
    description:
      'ответы подписывает руководитель подразделения или куратор (черновик на согласовании)',
  })
  @IsOptional()
  @IsBoolean()
  answerApproval?: boolean;
}

export class DepartmentDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() answerApproval: boolean;
}

export class CreateTopicDto {
  @ApiProperty({ example: 'water_quality' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'Качество холодной воды' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  departmentId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'a term of its own, overriding the kind' })
  @IsOptional()
  @IsUUID()
  slaPolicyId?: string;

  @ApiPropertyOptional({
    type: [TopicAttributeDto],
    description:
      'extra form fields of the topic (issue 22): codes unique, options for an enum only; ' +
      'on PATCH the list replaces the old one',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTRIBUTES)
  @ValidateNested({ each: true })
  @Type(() => TopicAttributeDto)
  attributes?: TopicAttributeDto[];
}

/**
 * PATCH /topics/{code} (issue 20): the name and the department new appeals of the topic go to;
 * the code stays, and the topic's own term is set by PUT/DELETE /sla-policies/topics/{code}.
 */
export class UpdateTopicDto {
  @ApiPropertyOptional({ example: 'Качество холодной воды' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({
    type: [TopicAttributeDto],
    description:
      'extra form fields of the topic (issue 22): codes unique, options for an enum only; ' +
      'on PATCH the list replaces the old one',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTRIBUTES)
  @ValidateNested({ each: true })
  @Type(() => TopicAttributeDto)
  attributes?: TopicAttributeDto[];
}

export class TopicDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() departmentId: string;
  @ApiProperty({ nullable: true, type: String }) slaPolicyId: string | null;
  @ApiProperty({ type: [TopicAttributeDto], description: 'extra form fields (issue 22)' })
  attributes: TopicAttributeDto[];
}
