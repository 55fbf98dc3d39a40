import { type LocalDate, addDays, dayOfWeek, toLocalDate } from '../common/time/local-date';

/** A non-working holiday of ТК РФ ст. 112 ч. 1. */
export interface FixedHoliday {
  month: number;
  day: number;
  title: string;
  /**
   * The New Year holidays and Christmas (ст. 112 ч. 1 абз. 2–3): one falling on a Saturday or
   * Sunday is not moved by ч. 2 — the government moves two of them by decree (ч. 5), which is
   * exactly what a provisional year cannot know.
   */
  january: boolean;
}

/** ТК РФ ст. 112 ч. 1: the non-working holidays of the Russian Federation. */
export const FIXED_HOLIDAYS: readonly FixedHoliday[] = [
  ...[1, 2, 3, 4, 5, 6, 8].map((day) => ({
    month: 1,
    day,
    title: 'Новогодние каникулы',
    january: true,
  })),
  { month: 1, day: 7, title: 'Рождество Христово', january: true },
  { month: 2, day: 23, title: 'День защитника Отечества', january: false },
  { month: 3, day: 8, title: 'Международный женский день', january: false },
  { month: 5, day: 1, title: 'Праздник Весны и Труда', january: false },
  { month: 5, day: 9, title: 'День Победы', january: false },
  { month: 6, day: 12, title: 'День России', january: false },
  { month: 11, day: 4, title: 'День народного единства', january: false },
];

/** A day off of a provisional year (t=1 in xmlcalendar terms), with why it is off. */
export interface ProvisionalDay {
  date: LocalDate;
  type: 1;
  note: string;
}

const isWeekend = (date: LocalDate): boolean => {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
};

const ddmm = (date: LocalDate): string => `${date.slice(8, 10)}.${date.slice(5, 7)}`;

/**
 * The days off of a year the official calendar lacks, from the Labour Code alone: the fixed
 * holidays (ТК ст. 112 ч. 1) and, for a holiday on a Saturday or Sunday, the next working day
 * (ч. 2; not for the January ones). Saturdays and Sundays are off by the default rule and are not
 * listed. Pure and deterministic; what it cannot know are the government's yearly transfers by
 * decree (ч. 5), which is why a date computed from it is provisional (docs/sla.md).
 */
export function provisionalYear(year: number): ProvisionalDay[] {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`Некорректный год: ${year}`);
  }
  const off = new Map<LocalDate, string>();
  for (const h of FIXED_HOLIDAYS) off.set(toLocalDate(year, h.month, h.day), h.title);
  // In date order, so a transferred day never lands on a holiday or an earlier transfer.
  for (const h of FIXED_HOLIDAYS) {
    const date = toLocalDate(year, h.month, h.day);
    if (h.january || !isWeekend(date)) continue;
    let next = addDays(date, 1);
    while (isWeekend(next) || off.has(next)) next = addDays(next, 1);
    off.set(next, `перенесён с ${ddmm(date)} (ТК ст. 112 ч. 2)`);
  }
  return [...off.entries()]
    .map(([date, note]): ProvisionalDay => ({ date, type: 1, note }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
