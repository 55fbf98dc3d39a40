import type { FieldError } from '../common/errors/app-error';
import type { LocalDate } from '../common/time/local-date';
import { minutesOf } from './slots';

export const RECEPTION_AUDIENCES = ['individuals', 'organizations', 'all'] as const;
export type ReceptionAudience = (typeof RECEPTION_AUDIENCES)[number];

export interface ScheduleDay {
  weekday: number;
  from: string;
  to: string;
}

/** What the overlap rule compares of two schedules of one official. */
export interface ScheduleSpan {
  days: readonly ScheduleDay[];
  validFrom: LocalDate;
  validTo: LocalDate | null;
}

const dayHoursCross = (a: ScheduleDay, b: ScheduleDay): boolean =>
  a.weekday === b.weekday &&
  minutesOf(a.from) < minutesOf(b.to) &&
  minutesOf(b.from) < minutesOf(a.to);

/**
 * One official cannot receive in two places at once: two schedules overlap when their periods of
 * validity meet (an open end runs for ever) and some weekday has crossing hours. Hours that only
 * touch (10–12 and 12–13) do not cross.
 */
export function schedulesOverlap(a: ScheduleSpan, b: ScheduleSpan): boolean {
  const aEndsBeforeB = a.validTo !== null && a.validTo < b.validFrom;
  const bEndsBeforeA = b.validTo !== null && b.validTo < a.validFrom;
  if (aEndsBeforeB || bEndsBeforeA) return false;
  return a.days.some((x) => b.days.some((y) => dayHoursCross(x, y)));
}

/** The hours of one schedule: each day ends after it starts, holds one slot, crosses no other. */
export function scheduleDayProblems(
  days: readonly ScheduleDay[],
  slotMinutes: number,
): FieldError[] {
  const problems: FieldError[] = [];
  days.forEach((d, i) => {
    const length = minutesOf(d.to) - minutesOf(d.from);
    if (length <= 0) {
      problems.push({
        field: `days[${i}].to`,
        code: 'NOT_AFTER_FROM',
        message: 'Окончание приёма должно быть позже начала',
      });
    } else if (length < slotMinutes) {
      problems.push({
        field: `days[${i}]`,
        code: 'SHORTER_THAN_SLOT',
        message: 'Часы приёма короче одного интервала записи',
      });
    } else if (days.slice(0, i).some((e) => dayHoursCross(e, d))) {
      problems.push({
        field: `days[${i}]`,
        code: 'OVERLAPS',
        message: 'Часы приёма пересекаются с другими часами того же дня',
      });
    }
  });
  return problems;
}

/**
 * Whom a schedule receives: individuals, organisations — legal entities and sole proprietors,
 * both `legal_entity` applicants — or all.
 */
export function audienceAdmits(
  audience: ReceptionAudience,
  applicantType: 'individual' | 'legal_entity',
): boolean {
  if (audience === 'all') return true;
  return audience === 'individuals'
    ? applicantType === 'individual'
    : applicantType === 'legal_entity';
}

/** A schedule without topics receives on any topic. */
export const topicServed = (topicCodes: readonly string[] | null, topicCode: string): boolean =>
  !topicCodes || topicCodes.length === 0 || topicCodes.includes(topicCode);

const filled = (v: string | null | undefined): boolean => typeof v === 'string' && v.trim() !== '';

/** A booking must say how to reach the applicant: to confirm, remind or cancel (issue 22). */
export function contactProblems(a: {
  email?: string | null;
  phone?: string | null;
  postalAddress?: string | null;
}): FieldError[] {
  if (filled(a.email) || filled(a.phone) || filled(a.postalAddress)) return [];
  return [
    {
      field: 'applicant',
      code: 'CONTACT_REQUIRED',
      message: 'Укажите хотя бы один способ связи: электронную почту, телефон или почтовый адрес',
    },
  ];
}

/**
 * Who the applicant is, for the limit of active bookings: each of e-mail, phone and ИНН that is
 * given. A Russian number written with 8 is the same as with +7.
 */
export function applicantKeys(a: {
  email?: string | null;
  phone?: string | null;
  inn?: string | null;
}): string[] {
  const keys: string[] = [];
  if (filled(a.email)) keys.push(`email:${a.email!.trim().toLowerCase()}`);
  if (filled(a.phone)) {
    let digits = a.phone!.replace(/\D/g, '');
    if (digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
    if (digits.length === 10) digits = `7${digits}`;
    keys.push(`phone:${digits}`);
  }
  if (filled(a.inn)) keys.push(`inn:${a.inn!.trim()}`);
  return keys;
}

/** Company policy (config RECEPTION_MAX_ACTIVE_BOOKINGS): no more active bookings than this. */
export const activeBookingLimitReached = (active: number, max: number): boolean => active >= max;

/** Who comes to the reception: an individual's name, or the organisation's (59-ФЗ ст. 13 ч. 2). */
export function applicantNameProblems(a: {
  type?: 'individual' | 'legal_entity';
  lastName?: string | null;
  firstName?: string | null;
  organizationName?: string | null;
}): FieldError[] {
  const required = (field: string, message: string): FieldError => ({
    field: `applicant.${field}`,
    code: 'REQUIRED',
    message,
  });
  if (a.type === 'legal_entity') {
    return filled(a.organizationName)
      ? []
      : [required('organizationName', 'Укажите наименование организации или ИП')];
  }
  return [
    ...(filled(a.lastName) ? [] : [required('lastName', 'Укажите фамилию')]),
    ...(filled(a.firstName) ? [] : [required('firstName', 'Укажите имя')]),
  ];
}

/**
 * The reminder goes one working day before the reception (issue 22): from the last working day
 * before its date on. A run that missed that day (the scheduler was down) still reminds, as long
 * as the reception is ahead (the caller only asks for those).
 */
export const reminderDue = (
  receptionDate: LocalDate,
  today: LocalDate,
  calendar: { previousWorkingDay(date: LocalDate): LocalDate },
): boolean => today >= calendar.previousWorkingDay(receptionDate);

/** The card of a reception is kept once it has begun (59-ФЗ ст. 13 ч. 2). */
export function cardProblems(startsAt: Date, now: Date): FieldError[] {
  if (now.getTime() >= startsAt.getTime()) return [];
  return [
    {
      field: 'outcome',
      code: 'BEFORE_RECEPTION',
      message: 'Карточку личного приёма заполняют после начала приёма',
    },
  ];
}
