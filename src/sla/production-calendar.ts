import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { LocalDate, addDays, assertLocalDate, dayOfWeek, yearOf } from '../common/time/local-date';

/**
 * Day types of the Russian production calendar (xmlcalendar.ru format):
 * 1 — day off (holiday or a day off moved from another date, ТК ст. 112),
 * 2 — shortened working day (ТК ст. 95), a working day; it can fall on a working Saturday,
 * 3 — working weekend day (a Saturday or Sunday made working by a transfer).
 */
export type CalendarDayType = 1 | 2 | 3;

export interface ProductionCalendarDay {
  date: LocalDate;
  type: CalendarDayType;
}

export interface ProductionCalendarData {
  /** Years that are loaded: each one is either fully known or missing. */
  years: number[];
  /** Exceptions to the default rule (Saturday and Sunday off, Monday–Friday working). */
  days: ProductionCalendarDay[];
}

/**
 * A deadline needs a year the production calendar does not have: an error, not a guess. An
 * AppError, so it is answered as 422 CALENDAR_YEAR_MISSING with the year wherever it is thrown.
 */
export class CalendarYearMissingError extends AppError {
  constructor(public readonly year: number) {
    super(
      ErrorCode.CALENDAR_YEAR_MISSING,
      `Производственный календарь на ${year} год не загружен`,
      undefined,
      { year },
    );
    this.name = 'CalendarYearMissingError';
  }
}

export class ProductionCalendar {
  private readonly years: ReadonlySet<number>;
  private readonly types: ReadonlyMap<LocalDate, CalendarDayType>;

  constructor(data: ProductionCalendarData) {
    for (const year of data.years) {
      if (!Number.isInteger(year) || year < 1 || year > 9999) {
        throw new RangeError(`Некорректный год производственного календаря: ${year}`);
      }
    }
    const years = new Set(data.years);
    const types = new Map<LocalDate, CalendarDayType>();
    for (const day of data.days) {
      assertLocalDate(day.date, 'days[].date');
      if (day.type !== 1 && day.type !== 2 && day.type !== 3) {
        throw new RangeError(`Некорректный тип дня ${String(day.type)} для ${day.date}`);
      }
      if (!years.has(yearOf(day.date))) {
        throw new RangeError(`День ${day.date} относится к году, которого нет в списке years`);
      }
      const existing = types.get(day.date);
      if (existing !== undefined && existing !== day.type) {
        throw new RangeError(`Противоречивые типы дня ${day.date}: ${existing} и ${day.type}`);
      }
      types.set(day.date, day.type);
    }
    this.years = years;
    this.types = types;
  }

  /** Builds a calendar from per-year calendars, e.g. the results of parseXmlCalendar. */
  static fromYears(
    calendars: { year: number; days: ProductionCalendarDay[] }[],
  ): ProductionCalendar {
    return new ProductionCalendar({
      years: calendars.map((c) => c.year),
      days: calendars.flatMap((c) => c.days.map(({ date, type }) => ({ date, type }))),
    });
  }

  hasYear(year: number): boolean {
    return this.years.has(year);
  }

  /** Loaded years in ascending order. */
  loadedYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** Whether the date is a working day; a shortened day (t=2) is a working day. */
  isWorkingDay(date: LocalDate): boolean {
    const year = yearOf(date);
    if (!this.years.has(year)) {
      throw new CalendarYearMissingError(year);
    }
    const type = this.types.get(date);
    if (type === 1) return false;
    if (type === 2 || type === 3) return true;
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6;
  }

  /** The first working day strictly after the date. */
  nextWorkingDay(date: LocalDate): LocalDate {
    return this.addWorkingDays(date, 1);
  }

  /** The last working day strictly before the date. */
  previousWorkingDay(date: LocalDate): LocalDate {
    return this.addWorkingDays(date, -1);
  }

  /**
   * The n-th working day after the date (n > 0) or before it (n < 0), not counting the date
   * itself; n = 0 returns the date unchanged. Walking into a missing year throws
   * CalendarYearMissingError, so the loop always ends.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    assertLocalDate(date);
    if (!Number.isInteger(n)) {
      throw new RangeError(`Число рабочих дней должно быть целым, получено ${n}`);
    }
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let current = date;
    while (remaining > 0) {
      current = addDays(current, step);
      if (this.isWorkingDay(current)) remaining -= 1;
    }
    return current;
  }
}
