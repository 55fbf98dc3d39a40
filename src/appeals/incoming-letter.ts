import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { FieldError } from '../common/errors/app-error';
import { IsExistingDate } from '../common/http/local-date.validator';
import { compareDates, type LocalDate } from '../common/time/local-date';

/** How a paper letter reached us (labels in print/labels.ts). */
export const DELIVERY_METHODS = [
  'post',
  'registered_post',
  'courier',
  'hand',
  'fax',
  'other',
] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/**
 * The sender's covering letter as the clerk records it (issue 20, item 4): the number and date
 * the sender gave it, the postmark, how it came and how many sheets — the registration journal's
 * columns of a records office. Every field is optional; a letter with none is not stored.
 */
export interface IncomingLetter {
  number: string | null;
  date: LocalDate | null;
  postmarkDate: LocalDate | null;
  deliveryMethod: DeliveryMethod | null;
  sheets: number | null;
  attachmentSheets: number | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'Дата в формате ГГГГ-ММ-ДД';

/** `incomingLetter` of POST /appeals and PATCH /appeals/{id}. */
export class IncomingLetterDto {
  @ApiPropertyOptional({ example: '12/вх-345', description: 'the sender’s outgoing number' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  number?: string | null;

  @ApiPropertyOptional({ example: '2026-04-08', description: 'the date of the sender’s letter' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsExistingDate()
  date?: string | null;

  @ApiPropertyOptional({ example: '2026-04-09', description: 'the date on the postmark' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsExistingDate()
  postmarkDate?: string | null;

  @ApiPropertyOptional({ enum: DELIVERY_METHODS })
  @IsOptional()
  @IsIn(DELIVERY_METHODS, { message: `Способ доставки: одно из ${DELIVERY_METHODS.join(', ')}` })
  deliveryMethod?: DeliveryMethod | null;

  @ApiPropertyOptional({ example: 2, description: 'sheets of the appeal itself' })
  @IsOptional()
  @IsInt({ message: 'Число листов — целое число' })
  @Min(1, { message: 'Число листов — не меньше 1' })
  @Max(10_000)
  sheets?: number | null;

  @ApiPropertyOptional({ example: 5, description: 'sheets of paper attachments' })
  @IsOptional()
  @IsInt({ message: 'Число листов приложений — целое число' })
  @Min(0, { message: 'Число листов приложений не может быть отрицательным' })
  @Max(100_000)
  attachmentSheets?: number | null;
}

/** The sender's covering letter as the API shows it (the appeal, the journal). */
export class IncomingLetterViewDto {
  @ApiProperty({ nullable: true, type: String }) number: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-04-08' }) date: string | null;
  @ApiProperty({ nullable: true, type: String }) postmarkDate: string | null;
  @ApiProperty({ nullable: true, enum: DELIVERY_METHODS }) deliveryMethod: DeliveryMethod | null;
  @ApiProperty({ nullable: true, type: Number }) sheets: number | null;
  @ApiProperty({ nullable: true, type: Number }) attachmentSheets: number | null;
}

/** The letter as stored: strings trimmed, absent fields null; null when nothing is given. */
export function toIncomingLetter(dto: IncomingLetterDto | null | undefined): IncomingLetter | null {
  if (!dto) return null;
  const letter: IncomingLetter = {
    number: dto.number?.trim() || null,
    date: dto.date ?? null,
    postmarkDate: dto.postmarkDate ?? null,
    deliveryMethod: dto.deliveryMethod ?? null,
    sheets: dto.sheets ?? null,
    attachmentSheets: dto.attachmentSheets ?? null,
  };
  return Object.values(letter).every((v) => v === null) ? null : letter;
}

/**
 * What the dates must satisfy, with `today` the local date: neither the letter nor its postmark
 * is from the future, and a letter is not posted before it was written. Paths start with `prefix`.
 */
export function checkIncomingLetter(
  letter: { date?: LocalDate | null; postmarkDate?: LocalDate | null },
  today: LocalDate,
  prefix: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const at = (field: string, code: string, message: string): void => {
    errors.push({ field: `${prefix}.${field}`, code, message });
  };
  if (letter.date && compareDates(letter.date, today) > 0) {
    at('date', 'IN_FUTURE', 'Дата письма не может быть в будущем');
  }
  if (letter.postmarkDate && compareDates(letter.postmarkDate, today) > 0) {
    at('postmarkDate', 'IN_FUTURE', 'Дата почтового штемпеля не может быть в будущем');
  } else if (
    letter.date &&
    letter.postmarkDate &&
    compareDates(letter.postmarkDate, letter.date) < 0
  ) {
    at('postmarkDate', 'BEFORE_LETTER', 'Дата штемпеля не может быть раньше даты письма');
  }
  return errors;
}
