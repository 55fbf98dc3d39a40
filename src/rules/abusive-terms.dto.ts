import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isValidTerm, type AbuseListKind } from './abusive/abuse-lists';
import type { AbusiveTerm } from './abusive-term.entity';

const LISTS: readonly AbuseListKind[] = ['allow', 'deny'];

/** Named `matches`: a bad term is the field code INVALID_FORMAT, like any @Matches. */
@ValidatorConstraint({ name: 'matches' })
class AbusiveTermConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidTerm(value);
  }
  defaultMessage(): string {
    return (
      'Одно слово русскими буквами (дефис внутри допустим); «*» в конце — любое окончание, ' +
      'перед ней не меньше трёх букв'
    );
  }
}

export class CreateAbusiveTermDto {
  @ApiProperty({
    example: 'дармоед*',
    description:
      'one word in Cyrillic letters (hyphens inside allowed); a trailing «*» matches any ending ' +
      'and needs at least three letters before it. Compared in the detector normal form: case, ' +
      'ё/е, hyphens and doubled letters do not matter',
    maxLength: 60,
  })
  @IsString()
  @MaxLength(60)
  @Validate(AbusiveTermConstraint)
  term: string;

  @ApiProperty({
    enum: LISTS,
    description:
      'deny: flagged by the `abusive` rule in every spelling the detector reads; allow: never ' +
      'flagged on its own (a built-in match of that word is suppressed)',
  })
  @IsIn(LISTS)
  list: AbuseListKind;
}

export class AbusiveTermsQueryDto {
  @ApiPropertyOptional({ enum: LISTS, description: 'one list only' })
  @IsOptional()
  @IsIn(LISTS)
  list?: AbuseListKind;
}

export class AbusiveTermDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'as written' }) term: string;
  @ApiProperty({ description: 'the detector normal form, unique across both lists' })
  normalizedTerm: string;
  @ApiProperty({ enum: LISTS }) list: AbuseListKind;
  @ApiProperty({ nullable: true, type: String, description: 'the administrator who added it' })
  createdById: string | null;
  @ApiProperty() createdAt: string;
}

export const toAbusiveTermDto = (t: AbusiveTerm): AbusiveTermDto => ({
  id: t.id,
  term: t.term,
  normalizedTerm: t.normalizedTerm,
  list: t.list,
  createdById: t.createdById,
  createdAt: t.createdAt.toISOString(),
});
