import { ErrorCode } from '../common/errors/error-codes';
import type { NonWorkingDayPolicy } from './deadline';
import { addDays, compareDates, type LocalDate } from '../common/time/local-date';
import type { ProductionCalendar } from './production-calendar';

/** 59-ФЗ ст. 12 ч. 2: the term may be extended by no more than 30 days in total. */
export const LEGAL_MAX_EXTENSION_DAYS = 30;

export interface ExtensionRequest {
  days: number;
  today: LocalDate;
  dueDate: LocalDate | null;
  /** Days already granted (approved extensions). */
  grantedDays: number;
  /** The appeal's policy: 0 means the kind allows no extension (claims, owner requests). */
  maxExtensionDays: number;
  nonWorkingDayPolicy: NonWorkingDayPolicy;
}

export type ExtensionVerdict =
  { ok: true; newDueDate: LocalDate } | { ok: false; code: ErrorCode; message: string };

/**
 * Whether an extension may be granted and the due date it gives. Pure: the caller supplies
 * today's local date and the calendar. Checked on request and again on approval.
 */
export function checkExtension(
  r: ExtensionRequest,
  calendar: ProductionCalendar,
): ExtensionVerdict {
  const limit = Math.min(r.maxExtensionDays, LEGAL_MAX_EXTENSION_DAYS);
  if (limit <= 0 || r.dueDate === null) {
    return {
      ok: false,
      code: ErrorCode.EXTENSION_NOT_ALLOWED,
      message: 'Для обращений этого вида продление срока не предусмотрено',
    };
  }
  // 59-ФЗ ст. 12 ч. 2: decided before the term runs out.
  if (compareDates(r.today, r.dueDate) > 0) {
    return {
      ok: false,
      code: ErrorCode.EXTENSION_TOO_LATE,
      message: `Срок рассмотрения истёк ${r.dueDate}: продлить его уже нельзя`,
    };
  }
  if (r.grantedDays + r.days > limit) {
    return {
      ok: false,
      code: ErrorCode.EXTENSION_LIMIT_EXCEEDED,
      message: `Продлить можно не более чем на ${limit} дн. в сумме; уже продлено на ${r.grantedDays}`,
    };
  }
  return {
    ok: true,
    newDueDate: extendedDueDate(r.dueDate, r.days, r.nonWorkingDayPolicy, calendar),
  };
}

/**
 * The due date an extension of `days` gives: the current one plus the days, moved off a
 * non-working last day by the policy, never shorter than the current term. Also replayed when
 * a calendar change recomputes an extended appeal (due-date-recompute.service.ts).
 */
export function extendedDueDate(
  dueDate: LocalDate,
  days: number,
  nonWorkingDayPolicy: NonWorkingDayPolicy,
  calendar: ProductionCalendar,
): LocalDate {
  const lastDay = addDays(dueDate, days);
  if (calendar.isWorkingDay(lastDay)) return lastDay;
  const moved =
    nonWorkingDayPolicy === 'forward'
      ? calendar.nextWorkingDay(lastDay)
      : calendar.previousWorkingDay(lastDay);
  return compareDates(moved, dueDate) > 0 ? moved : calendar.nextWorkingDay(lastDay);
}

/** 59-ФЗ ст. 8 ч. 2: registration within three days of receipt. */
export const REGISTRATION_DAYS = 3;
/** 59-ФЗ ст. 8 ч. 3: forwarding within seven days of registration. */
export const FORWARDING_DAYS = 7;

export const isLate = (from: LocalDate, to: LocalDate, allowedDays: number): boolean =>
  compareDates(to, addDays(from, allowedDays)) > 0;
