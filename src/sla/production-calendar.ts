import { LocalDate, addDays, assertLocalDate, dayOfWeek, yearOf } from '../common/time/local-date';
import { provisionalYear } from './provisional-calendar';

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
  /** Years of the official calendar that are loaded: each one is either fully known or missing. */
  years: number[];
  /** Exceptions to the default rule (Saturday and Sunday off, Monday–Friday working). */
  days: ProductionCalendarDay[];
  /**
   * The organisation's regional overlay: days off on top of the federal calendar (a republic's
   * own holidays). One wins over any federal type, a working weekend day (t=3) included.
   */
  regionalDaysOff?: LocalDate[];
}

/** Per year, the provisional days off (ТК ст. 112): a pure function of the year, kept once. */
const provisionalTypes = new Map<number, ReadonlyMap<LocalDate, CalendarDayType>>();

function provisionalTypesOf(year: number): ReadonlyMap<LocalDate, CalendarDayType> {
  let types = provisionalTypes.get(year);
  if (!types) {
    types = new Map(provisionalYear(year).map((d) => [d.date, d.type]));
    provisionalTypes.set(year, types);
  }
  return types;
}

/**
 * Working days for deadline maths. A year the official calendar lacks is taken from the
 * provisional calendar (ТК ст. 112, provisional-calendar.ts): a deadline never fails for a
 * missing year (issue 19), and `track()` tells whether a result leaned on such a year.
 */
export class ProductionCalendar {
  private readonly years: ReadonlySet<number>;
  private readonly types: ReadonlyMap<LocalDate, CalendarDayType>;
  private readonly regionalOff: ReadonlySet<LocalDate>;
  /** Provisional years consulted while a track() call runs (it is synchronous: no interleaving). */
  private consulted: Set<number> | null = null;

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
    for (const date of data.regionalDaysOff ?? []) assertLocalDate(date, 'regionalDaysOff[]');
    this.years = years;
    this.types = types;
    this.regionalOff = new Set(data.regionalDaysOff ?? []);
  }

  /** Builds a calendar from per-year calendars, e.g. the results of parseXmlCalendar. */
  static fromYears(
    calendars: { year: number; days: ProductionCalendarDay[] }[],
    regionalDaysOff: LocalDate[] = [],
  ): ProductionCalendar {
    return new ProductionCalendar({
      years: calendars.map((c) => c.year),
      days: calendars.flatMap((c) => c.days.map(({ date, type }) => ({ date, type }))),
      regionalDaysOff,
    });
  }

  /** Whether the official calendar has the year (otherwise it is provisional). */
  hasYear(year: number): boolean {
    return this.years.has(year);
  }

  /** Loaded (official) years in ascending order. */
  loadedYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** Years from `from` to `to` (inclusive) that the official calendar lacks. */
  missingYears(from: LocalDate, to: LocalDate): number[] {
    const missing: number[] = [];
    for (let y = yearOf(from); y <= yearOf(to); y++) if (!this.years.has(y)) missing.push(y);
    return missing;
  }

  /**
   * Runs a computation on this calendar and tells which provisional years it consulted: a due
   * date that needed one is provisional (`dueDateProvisional`). `fn` must be synchronous.
   */
  track<T>(fn: (calendar: ProductionCalendar) => T): { value: T; provisionalYears: number[] } {
    const outer = this.consulted;
    const consulted = new Set<number>();
    this.consulted = consulted;
    try {
      const value = fn(this);
      return { value, provisionalYears: [...consulted].sort((a, b) => a - b) };
    } finally {
      this.consulted = outer;
      if (outer) for (const y of consulted) outer.add(y);
    }
  }

  /**
   * Whether the date is a working day; a shortened day (t=2) is a working day. A regional day off
   * wins; a year the official calendar lacks follows the provisional calendar.
   */
  isWorkingDay(date: LocalDate): boolean {
    if (this.regionalOff.has(date)) return false;
    const year = yearOf(date);
    let type: CalendarDayType | undefined;
    if (this.years.has(year)) {
      type = this.types.get(date);
    } else {
      this.consulted?.add(year);
      type = provisionalTypesOf(year).get(date);
    }
    if (type === 1) return false;
    if (type === 2 || type === 3) return true;
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6;
  }

  /**
   * A shortened pre-holiday working day (t=2): the working day ends one hour earlier (ТК РФ ст. 95;
   * reception hours are cut by it, issue 22). A provisional year marks none.
   */
  isShortenedDay(date: LocalDate): boolean {
    if (this.regionalOff.has(date) || !this.years.has(yearOf(date))) return false;
    return this.types.get(date) === 2;
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
   * itself; n = 0 returns the date unchanged. The walk always ends: the loaded days and the
   * overlay are finite, and past them every week of a provisional year has working days.
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
