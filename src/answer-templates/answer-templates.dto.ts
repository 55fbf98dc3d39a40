import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PLACEHOLDERS } from './answer-template.render';
import type { AnswerTemplate } from './answer-template.entity';

const PLACEHOLDER_LIST = PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ');

export class CreateAnswerTemplateDto {
  @ApiPropertyOptional({
    example: 'billing',
    nullable: true,
    description: 'тематика (GET /topics); null — для любой тематики',
  })
  @ValidateIf((o: { topicCode?: unknown }) => o.topicCode !== null)
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'Код тематики' })
  topicCode?: string | null;

  @ApiProperty({ example: 'Перерасчёт выполнен' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiProperty({
    example: 'Уважаемый(ая) {{applicantName}}! По обращению № {{regNumber}} от {{registeredOn}} …',
    description: `текст ответа; подстановки: ${PLACEHOLDER_LIST}`,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100_000)
  text: string;
}

export class UpdateAnswerTemplateDto extends PartialType(CreateAnswerTemplateDto) {}

export class AnswerTemplatesQueryDto {
  @ApiPropertyOptional({ description: 'шаблоны этой тематики и общие (без тематики)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  topicCode?: string;
}

export class AnswerTemplateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String }) topicCode: string | null;
  @ApiProperty() name: string;
  @ApiProperty() text: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

/** A template filled from one appeal: the officer's starting point for the answer. */
export class RenderedAnswerTemplateDto {
  @ApiProperty({ format: 'uuid' }) templateId: string;
  @ApiProperty({ format: 'uuid' }) appealId: string;
  @ApiProperty() text: string;
}

export const toAnswerTemplateDto = (t: AnswerTemplate): AnswerTemplateDto => ({
  id: t.id,
  topicCode: t.topicCode,
  name: t.name,
  text: t.text,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});
