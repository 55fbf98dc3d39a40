import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsExistingDate } from '../common/http/local-date.validator';
import { ListQueryDto } from '../common/http/pagination';
import { APPEAL_KINDS, type AppealKind } from '../sla/sla-policy.entity';
import { CHANNELS, STATUSES, type AppealStatus, type Channel } from './appeal.enums';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'Дата в формате ГГГГ-ММ-ДД';
const splitList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/** Filters of GET /appeals (SPEC §14). Lists are comma-separated: status=registered,assigned. */
export class ListAppealsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    description: 'one or more, comma-separated',
    example: 'registered,under_review',
  })
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @ArrayMaxSize(9)
  @IsIn(STATUSES, { each: true })
  status?: AppealStatus[];

  @ApiPropertyOptional({ description: 'one or more, comma-separated', example: 'web,email' })
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @ArrayMaxSize(6)
  @IsIn(CHANNELS, { each: true })
  channel?: Channel[];

  @ApiPropertyOptional({ enum: APPEAL_KINDS })
  @IsOptional()
  @IsIn(APPEAL_KINDS)
  kind?: AppealKind;

  @ApiPropertyOptional() @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() assigneeId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) topicCode?: string;

  @ApiPropertyOptional({ description: 'open and past dueDate (or not)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    description: 'dueDate computed from the provisional production calendar (or not), issue 19',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  dueDateProvisional?: boolean;

  @ApiPropertyOptional({
    description: 'marked for the legal department (or not), PUT /appeals/{id}/legal-review',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  legalReview?: boolean;

  @ApiPropertyOptional({ description: 'dueDate strictly before this local date' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsExistingDate()
  dueBefore?: string;

  @ApiPropertyOptional({ description: 'registered on or after this local date' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsExistingDate()
  registeredFrom?: string;

  @ApiPropertyOptional({ description: 'registered on or before this local date' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsExistingDate()
  registeredTo?: string;

  @ApiPropertyOptional({ description: 'full-text search in subject and text (Russian morphology)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) regNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(254) applicantEmail?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) accountNumber?: string;

  @ApiPropertyOptional({ description: 'the sender’s letter number (incomingLetter.number), exact' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  incomingNumber?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'topic attributes (issue 22), one query parameter each: `attr.<code>=value`, exact; ' +
      'several are all required (`attr.what_changed=sold&attr.residents=3`)',
  })
  @IsOptional()
  @IsObject()
  attr?: Record<string, unknown>;
}
