import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { FieldError } from '../common/errors/app-error';
import { IsExistingDate } from '../common/http/local-date.validator';
import { compareDates, minDate, type LocalDate } from '../common/time/local-date';

/**
 * A supervising authority's control of an appeal (ГЖИ, Роспотребнадзор, прокуратура): it forwards
 * the appeal or asks about it in a letter with its own date for the answer. SPEC §6: the due
 * date is the earlier of the policy's (with extensions) and this control date.
 */
export interface AuthorityControl {
  authority: string;
  letterNumber: string;
  letterDate: LocalDate;
  controlDate: LocalDate;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'Дата в формате ГГГГ-ММ-ДД';

/** `authorityControl` of POST /appeals and the body of PUT /appeals/{id}/authority-control. */
export class AuthorityControlDto {
  @ApiProperty({ example: 'Государственная жилищная инспекция Санкт-Петербурга' })
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  authority: string;

  @ApiProperty({ example: '01-12/3456', description: 'the number of the authority’s letter' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  letterNumber: string;

  @ApiProperty({ example: '2026-04-08', description: 'the date of the authority’s letter' })
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsExistingDate()
  letterDate: string;

  @ApiProperty({
    example: '2026-04-24',
    description: 'the date by which the authority expects the answer; caps dueDate',
  })
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsExistingDate()
  controlDate: string;
}

/** The control as stored: strings trimmed. */
export const toAuthorityControl = (dto: AuthorityControlDto): AuthorityControl => ({
  authority: dto.authority.trim(),
  letterNumber: dto.letterNumber.trim(),
  letterDate: dto.letterDate,
  controlDate: dto.controlDate,
});

/**
 * What the dates must satisfy when a control is recorded (on registration or by a head), with
 * `today` the local date: a letter is not from the future, and the control date is neither
 * before the letter nor already past — a past control date is almost always a typo, and taken
 * as it is it would make the appeal overdue and escalate it the moment it is registered; a
 * control that was really missed is recorded without it and explained in the answer
 * (docs/sla.md). Field paths start with `prefix`.
 */
export function checkAuthorityControl(
  ac: Pick<AuthorityControl, 'letterDate' | 'controlDate' | 'authority' | 'letterNumber'>,
  today: LocalDate,
  prefix: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const at = (field: string, code: string, message: string): void => {
    errors.push({ field: prefix ? `${prefix}.${field}` : field, code, message });
  };
  if (ac.authority.trim() === '') at('authority', 'REQUIRED', 'Укажите орган');
  if (ac.letterNumber.trim() === '') at('letterNumber', 'REQUIRED', 'Укажите номер письма органа');
  if (compareDates(ac.letterDate, today) > 0) {
    at('letterDate', 'IN_FUTURE', 'Дата письма органа не может быть в будущем');
  }
  if (compareDates(ac.controlDate, ac.letterDate) < 0) {
    at('controlDate', 'BEFORE_LETTER', 'Контрольный срок не может быть раньше даты письма органа');
  } else if (compareDates(ac.controlDate, today) < 0) {
    at('controlDate', 'IN_PAST', `Контрольный срок ${ac.controlDate} уже прошёл: проверьте дату`);
  }
  return errors;
}

/**
 * The due date under a control: the earlier of the term (the policy's date with extensions, or
 * one set from outside such as ГИС ЖКХ's ExecutionEndDate) and the control date (SPEC §6).
 */
export function cappedDueDate(
  term: LocalDate | null,
  control: Pick<AuthorityControl, 'controlDate'> | null,
): LocalDate | null {
  if (!control) return term;
  return term === null ? control.controlDate : minDate(term, control.controlDate);
}
