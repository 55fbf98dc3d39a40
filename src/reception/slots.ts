import { addDays, compareDates, dayOfWeek, type LocalDate } from '../common/time/local-date';

/** What slot generation needs of a schedule. */
export interface SlotSchedule {
  id: string;
  /** weekday 1–7, Monday = 1 (ISO 8601); hours "HH:MM" in the organisation's zone. */
  days: readonly { weekday: number; from: string; to: string }[];
  slotMinutes: number;
  validFrom: LocalDate;
  validTo: LocalDate | null;
}

/** The working days as the production calendar gives them. */
export interface SlotCalendar {
  isWorkingDay(date: LocalDate): boolean;
  isShortenedDay(date: LocalDate): boolean;
}

export interface Slot {
  id: string;
  scheduleId: string;
  startsAt: Date;
  endsAt: Date;
}

const MINUTE = 60_000;
/** ТК РФ ст. 95: the working day before a non-working holiday is one hour shorter. */
const SHORTENED_BY_MINUTES = 60;

export const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const n = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a wall-clock time of a local date shows in the zone. */
export function zonedInstant(date: LocalDate, hhmm: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, mo - 1, d) + minutesOf(hhmm) * MINUTE;
  // Twice: the offset at the first guess may differ from the offset at the answer (DST).
  let guess = wall - offsetMs(wall, timeZone);
  guess = wall - offsetMs(guess, timeZone);
  return new Date(guess);
}

/** ISO weekday of a local date: Monday = 1 … Sunday = 7. */
export const isoWeekday = (date: LocalDate): number => dayOfWeek(date) || 7;

/**
 * A slot's id is its schedule and its start, so it is the same on every instance and every
 * request, and nothing has to be stored for a slot nobody booked.
 */
export const slotIdOf = (scheduleId: string, startsAt: Date): string =>
  `${scheduleId}:${startsAt.toISOString()}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseSlotId(id: string): { scheduleId: string; startsAt: Date } | null {
  const cut = id.indexOf(':');
  if (cut < 0) return null;
  const scheduleId = id.slice(0, cut);
  const iso = id.slice(cut + 1);
  if (!UUID.test(scheduleId) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(iso)) {
    return null;
  }
  const startsAt = new Date(iso);
  return Number.isNaN(startsAt.getTime()) ? null : { scheduleId, startsAt };
}

/**
 * The slots of a schedule from `range.from` to `range.to` (local dates, inclusive): only on
 * working days of the production calendar, a shortened day ending an hour earlier, not on the
 * days of an exception, within the schedule's validity. A slot that would not end by the close
 * of the reception is not offered.
 */
export function generateSlots(
  schedule: SlotSchedule,
  range: { from: LocalDate; to: LocalDate },
  calendar: SlotCalendar,
  exceptions: readonly { from: LocalDate; to: LocalDate }[],
  timeZone: string,
): Slot[] {
  const slots: Slot[] = [];
  let date = compareDates(range.from, schedule.validFrom) < 0 ? schedule.validFrom : range.from;
  const last =
    schedule.validTo && compareDates(schedule.validTo, range.to) < 0 ? schedule.validTo : range.to;
  for (; compareDates(date, last) <= 0; date = addDays(date, 1)) {
    if (!calendar.isWorkingDay(date)) continue;
    if (exceptions.some((e) => compareDates(e.from, date) <= 0 && compareDates(date, e.to) <= 0))
      continue;
    const cut = calendar.isShortenedDay(date) ? SHORTENED_BY_MINUTES : 0;
    const day = isoWeekday(date);
    for (const hours of schedule.days.filter((d) => d.weekday === day)) {
      const end = minutesOf(hours.to) - cut;
      for (
        let m = minutesOf(hours.from);
        m + schedule.slotMinutes <= end;
        m += schedule.slotMinutes
      ) {
        const at = zonedInstant(date, toHhmm(m), timeZone);
        slots.push({
          id: slotIdOf(schedule.id, at),
          scheduleId: schedule.id,
          startsAt: at,
          endsAt: new Date(at.getTime() + schedule.slotMinutes * MINUTE),
        });
      }
    }
  }
  return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

const toHhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
