import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  ATTRIBUTE_CODE,
  ATTRIBUTE_TYPES,
  MAX_HELP,
  MAX_LABEL,
  MAX_OPTIONS,
  OPTION_VALUE,
  type AttributeType,
} from './topic-attributes';

export class AttributeOptionDto {
  @ApiProperty({ example: 'sold', description: 'what the form sends and the appeal stores' })
  @IsString()
  @Matches(OPTION_VALUE, {
    message: 'Значение: строчные латинские буквы, цифры и _, до 40 символов',
  })
  value: string;

  @ApiProperty({ example: 'Продал', description: 'what the form shows and the journal prints' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_LABEL)
  label: string;
}

/** One extra field of a topic (issue 22; Open311 service attribute). */
export class TopicAttributeDto {
  @ApiProperty({ example: 'residents', pattern: ATTRIBUTE_CODE.source })
  @IsString()
  @Matches(ATTRIBUTE_CODE, {
    message: 'Код поля: строчные латинские буквы, цифры и _, с буквы, до 40 символов',
  })
  code: string;

  @ApiProperty({ example: 'Количество проживающих', description: 'the form’s label, in Russian' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_LABEL)
  label: string;

  @ApiProperty({ enum: ATTRIBUTE_TYPES })
  @IsIn(ATTRIBUTE_TYPES)
  type: AttributeType;

  @ApiProperty({ default: false })
  @IsBoolean()
  required: boolean;

  @ApiPropertyOptional({
    type: [AttributeOptionDto],
    description: 'the choices of an `enum`, and only of an enum',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_OPTIONS)
  @ValidateNested({ each: true })
  @Type(() => AttributeOptionDto)
  options?: AttributeOptionDto[];

  @ApiPropertyOptional({ example: 'Укажите всех, кто зарегистрирован по адресу' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_HELP)
  help?: string;
}
