import { addDays, compareDates, type LocalDate } from '../common/time/local-date';
import type { ProductionCalendar } from './production-calendar';

/**
 * "n working days before a due date" (issue 19: the at-risk window and the warning ladders count
 * working days of the production calendar): `[today, the 1st working day after today, …, the
 * n-th]`. A due date on or before entry n is within n working days — so on a Friday, Monday's
 * due date is within 1, and so is anything due over the weekend.
 */
export function workingDaysAhead(
  calendar: Pick<ProductionCalendar, 'isWorkingDay'>,
  today: LocalDate,
  n: number,
): LocalDate[] {
  const out: LocalDate[] = [today];
  let day = today;
  while (out.length <= n) {
    day = addDays(day, 1);
    if (calendar.isWorkingDay(day)) out.push(day);
  }
  return out;
}

/** Working days left until `due` by `ahead`: the smallest n with due ≤ ahead[n]; null beyond it. */
export function workingDaysLeft(ahead: readonly LocalDate[], due: LocalDate): number | null {
  const n = ahead.findIndex((d) => compareDates(due, d) <= 0);
  return n < 0 ? null : n;
}

/**
 * The rung of a warning ladder an item has reached with `daysLeft` working days left: the most
 * urgent one (the smallest rung not below `daysLeft`), as the sweep's notice names it; null
 * before the first rung.
 */
export function ladderStep(ladder: readonly number[], daysLeft: number): number | null {
  const reached = ladder.filter((rung) => daysLeft <= rung);
  return reached.length === 0 ? null : Math.min(...reached);
}
