/**
 * Calendar dates without time or zone, as ISO strings 'YYYY-MM-DD'.
 * All arithmetic goes through UTC so the machine's local time zone never leaks in.
 */
export type LocalDate = string;

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** UTC midnight of y-m-d; years below 100 are not shifted to the 1900s as Date.UTC would do. */
function utcMidnight(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

function fromUtcMs(ms: number): LocalDate {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year < 1 || year > 9999) {
    throw new RangeError(`Дата вне диапазона 0001–9999: ${d.toISOString()}`);
  }
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** True for a real calendar date written strictly as 'YYYY-MM-DD' (2026-02-30 is false). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const d = new Date(utcMidnight(year, month, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Throws a RangeError unless the value is a valid LocalDate. */
export function assertLocalDate(value: unknown, name = 'date'): asserts value is LocalDate {
  if (!isLocalDate(value)) {
    throw new RangeError(`${name}: ожидается дата в формате YYYY-MM-DD, получено ${String(value)}`);
  }
}

/** Builds a LocalDate from numeric parts; throws a RangeError if the date does not exist. */
export function toLocalDate(year: number, month: number, day: number): LocalDate {
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  assertLocalDate(date);
  return date;
}

function toUtcMs(date: LocalDate): number {
  assertLocalDate(date);
  return utcMidnight(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** The date n days later (n may be negative or zero; must be an integer). */
export function addDays(date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) {
    throw new RangeError(`Число дней должно быть целым, получено ${n}`);
  }
  return fromUtcMs(toUtcMs(date) + n * MS_PER_DAY);
}

/** Day of week: 0 = Sunday, 1 = Monday, …, 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

/** Negative if a < b, 0 if equal, positive if a > b. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  assertLocalDate(a, 'a');
  assertLocalDate(b, 'b');
  // Fixed-width ISO strings sort chronologically.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The earliest of the given dates; throws a RangeError when called without dates. */
export function minDate(...dates: LocalDate[]): LocalDate {
  if (dates.length === 0) {
    throw new RangeError('minDate: нужна хотя бы одна дата');
  }
  return dates.reduce((min, d) => (compareDates(d, min) < 0 ? d : min));
}

/** Year of the date as a number. */
export function yearOf(date: LocalDate): number {
  assertLocalDate(date);
  return Number(date.slice(0, 4));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws a RangeError for an unknown IANA zone.
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The last answer per zone, by the second it was asked for: ICU's formatToParts was 0.1–0.2 ms
 * of a registration's CPU (issue 10), and under load most calls fall in the same second. Every
 * zone offset, historic ones included, is a whole number of seconds, so one second cannot hold
 * two local dates.
 */
const lastAnswer = new Map<string, { second: number; date: LocalDate }>();

/** The calendar date of an instant as seen in an IANA time zone (e.g. 'Europe/Moscow'). */
export function localDateInZone(instant: Date, timeZone: string): LocalDate {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError('localDateInZone: некорректный момент времени');
  }
  const second = Math.floor(ms / 1000);
  const last = lastAnswer.get(timeZone);
  if (last && last.second === second) return last.date;
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number => {
    const found = parts.find((p) => p.type === type);
    if (!found) {
      throw new RangeError(`localDateInZone: Intl не вернул часть ${type}`);
    }
    return Number(found.value);
  };
  const date = toLocalDate(part('year'), part('month'), part('day'));
  lastAnswer.set(timeZone, { second, date });
  return date;
}
