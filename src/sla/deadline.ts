import {
  LocalDate,
  addDays,
  assertLocalDate,
  compareDates,
  minDate,
} from '../common/time/local-date';
import { ProductionCalendar } from './production-calendar';

export type TermUnit = 'calendar' | 'working';
export type NonWorkingDayPolicy = 'backward' | 'forward';

export interface DeadlineTerm {
  termDays: number;
  unit: TermUnit;
  nonWorkingDayPolicy: NonWorkingDayPolicy;
}

/**
 * Due date of a term counted from the registration date.
 * Throws RangeError for a non-positive or fractional term. A year the official calendar lacks is
 * taken from the provisional one; run it under `calendar.track()` to learn whether it was.
 */
export function computeDueDate(
  registeredOn: LocalDate,
  term: DeadlineTerm,
  calendar: ProductionCalendar,
): LocalDate {
  assertLocalDate(registeredOn, 'registeredOn');
  if (!Number.isInteger(term.termDays) || term.termDays <= 0) {
    throw new RangeError(
      `Срок должен быть целым положительным числом дней, получено ${term.termDays}`,
    );
  }

  if (term.nonWorkingDayPolicy !== 'backward' && term.nonWorkingDayPolicy !== 'forward') {
    throw new RangeError(
      `Неизвестная политика нерабочего дня: ${String(term.nonWorkingDayPolicy)}`,
    );
  }

  if (term.unit === 'working') {
    // The n-th working day after registration; a shortened day (t=2) counts. The result is a
    // working day already, so the non-working-day policy does not apply.
    return calendar.addWorkingDays(registeredOn, term.termDays);
  }
  if (term.unit !== 'calendar') {
    throw new RangeError(`Неизвестная единица срока: ${String(term.unit)}`);
  }

  // 59-ФЗ ст. 12 ч. 1: term counted from registration; ГК ст. 191: counting starts the next day,
  // so the last day is registeredOn + termDays.
  const lastDay = addDays(registeredOn, term.termDays);
  if (calendar.isWorkingDay(lastDay)) return lastDay;

  if (term.nonWorkingDayPolicy === 'forward') {
    // ГК ст. 193: a last day falling on a non-working day moves to the next working day.
    return calendar.nextWorkingDay(lastDay);
  }
  // Stricter organisational policy: the last working day before the non-working day.
  const before = calendar.previousWorkingDay(lastDay);
  // A short term over long holidays (a claim registered on 31 December) would end on or before
  // the registration day itself; the applicant never gets less than the law gives, so move forward.
  if (compareDates(before, registeredOn) <= 0) return calendar.nextWorkingDay(lastDay);
  return before;
}

/** The earliest of several applicable due dates (topic, kind, ГИС ЖКХ, control date); nulls skipped. */
export function earliestDueDate(candidates: (LocalDate | null | undefined)[]): LocalDate | null {
  const dates = candidates.filter((d): d is LocalDate => d !== null && d !== undefined);
  return dates.length === 0 ? null : minDate(...dates);
}
