import { readFileSync } from 'fs';
import * as path from 'path';
import { DeadlineTerm, computeDueDate, earliestDueDate } from './deadline';
import { ProductionCalendar } from './production-calendar';
import { parseXmlCalendar } from './xmlcalendar.parser';

const CALENDAR_DIR = path.resolve(__dirname, 'calendar-data');

function loadCalendar(years: number[]): ProductionCalendar {
  return ProductionCalendar.fromYears(
    years.map((year) =>
      parseXmlCalendar(readFileSync(path.join(CALENDAR_DIR, `${year}.xml`), 'utf8')),
    ),
  );
}

const calendarDays = (termDays: number, backward = true): DeadlineTerm => ({
  termDays,
  unit: 'calendar',
  nonWorkingDayPolicy: backward ? 'backward' : 'forward',
});

const workingDays = (termDays: number): DeadlineTerm => ({
  termDays,
  unit: 'working',
  nonWorkingDayPolicy: 'backward',
});

describe('computeDueDate', () => {
  let calendar: ProductionCalendar;

  beforeAll(() => {
    calendar = loadCalendar([2024, 2025, 2026, 2027]);
  });

  describe('calendar days', () => {
    it('returns registration date + term when that day is a working day', () => {
      // 2024-02-29 (Thursday): leap day, counting starts 2024-01-31.
      expect(computeDueDate('2024-01-30', calendarDays(30), calendar)).toBe('2024-02-29');
      expect(computeDueDate('2026-01-31', calendarDays(30), calendar)).toBe('2026-03-02');
    });

    it('moves Sunday 2026-05-10 back to the shortened day 2026-05-08 (spec example, backward)', () => {
      expect(computeDueDate('2026-04-10', calendarDays(30), calendar)).toBe('2026-05-08');
    });

    it('moves Sunday 2026-05-10 forward past the day off 2026-05-11 to 2026-05-12 (spec example, forward)', () => {
      expect(computeDueDate('2026-04-10', calendarDays(30, false), calendar)).toBe('2026-05-12');
    });

    it('moves the New Year holiday 2026-01-04 back across the year end to 2025-12-30', () => {
      // 2025-12-31 is a day off (t=1, перенесён с 05.01).
      expect(computeDueDate('2025-12-05', calendarDays(30), calendar)).toBe('2025-12-30');
    });

    it('moves the New Year holiday 2026-01-04 forward to 2026-01-12', () => {
      // 2026-01-05..08 holidays, 2026-01-09 перенесён с 03.01, then a weekend.
      expect(computeDueDate('2025-12-05', calendarDays(30, false), calendar)).toBe('2026-01-12');
    });

    it('does not move a due date landing on a working Saturday (t=3)', () => {
      expect(computeDueDate('2024-11-28', calendarDays(30), calendar)).toBe('2024-12-28');
      expect(computeDueDate('2024-11-28', calendarDays(30, false), calendar)).toBe('2024-12-28');
      expect(computeDueDate('2024-03-28', calendarDays(30), calendar)).toBe('2024-04-27');
    });

    it('does not move a due date landing on a shortened working Saturday (t=2)', () => {
      expect(computeDueDate('2024-10-03', calendarDays(30), calendar)).toBe('2024-11-02');
      expect(computeDueDate('2024-10-03', calendarDays(30, false), calendar)).toBe('2024-11-02');
    });

    it('keeps a due date landing on a shortened weekday (t=2)', () => {
      // 2026-04-30 is a shortened pre-holiday Thursday.
      expect(computeDueDate('2026-03-31', calendarDays(30), calendar)).toBe('2026-04-30');
    });

    it('moves forward when backward would end on or before the registration day (claim on 31 December)', () => {
      // 2025-12-31 + 10 = Saturday 2026-01-10; every day back to 2025-12-31 is off.
      const claim = { termDays: 10, unit: 'calendar', nonWorkingDayPolicy: 'backward' } as const;
      expect(computeDueDate('2025-12-31', claim, calendar)).toBe('2026-01-12');
      expect(computeDueDate('2025-12-30', claim, calendar)).toBe('2026-01-12');
    });

    it('handles a month end: 2026-01-30 + 30 = Sunday 2026-03-01', () => {
      expect(computeDueDate('2026-01-30', calendarDays(30), calendar)).toBe('2026-02-27');
      expect(computeDueDate('2026-01-30', calendarDays(30, false), calendar)).toBe('2026-03-02');
    });

    it('moves back within a loaded year even when the next year is missing', () => {
      // 2027-12-31 is a day off (перенесён с 03.01); backward stays in 2027.
      expect(computeDueDate('2027-12-01', calendarDays(30), calendar)).toBe('2027-12-30');
    });

    it('takes a last day in a missing year from the provisional calendar (issue 19)', () => {
      // Friday 2028-01-14: a working day by ТК ст. 112 (the New Year holidays end on the 8th).
      expect(calendar.track((c) => computeDueDate('2027-12-15', calendarDays(30), c))).toEqual({
        value: '2028-01-14',
        provisionalYears: [2028],
      });
    });

    it('moves forward into a missing year by the provisional calendar', () => {
      // 2027-12-31 is off; 2028-01-01…08 holidays, the 9th a Sunday.
      expect(
        calendar.track((c) => computeDueDate('2027-12-01', calendarDays(30, false), c)),
      ).toEqual({ value: '2028-01-10', provisionalYears: [2028] });
    });

    it('is not provisional when only loaded years were needed', () => {
      expect(
        calendar.track((c) => computeDueDate('2027-12-01', calendarDays(30), c)).provisionalYears,
      ).toEqual([]);
    });
  });

  describe('working days', () => {
    it('counts from the day after registration', () => {
      // Registered Friday 2026-04-10: the weekend is skipped.
      expect(computeDueDate('2026-04-10', workingDays(1), calendar)).toBe('2026-04-13');
    });

    it('counts a shortened day (t=2) as a working day', () => {
      expect(computeDueDate('2026-04-29', workingDays(1), calendar)).toBe('2026-04-30');
    });

    it('spans the May 2026 holidays: 3 working days from 2026-04-29 end on 2026-05-05', () => {
      // 04-30 (t=2), 05-04, 05-05; 05-01..05-03 are off.
      expect(computeDueDate('2026-04-29', workingDays(3), calendar)).toBe('2026-05-05');
    });

    it('spans the May 2026 holidays: 10 working days from 2026-04-29 end on 2026-05-15', () => {
      // 04-30, 05-04..05-08 (05-08 t=2), 05-12..05-15; 05-09..05-11 are off.
      expect(computeDueDate('2026-04-29', workingDays(10), calendar)).toBe('2026-05-15');
    });

    it('spans the May 2025 holidays: 3 and 10 working days from 2025-04-30', () => {
      // 05-01, 05-02 (перенесён с 04.01), 05-08 (перенесён с 23.02), 05-09 are off.
      expect(computeDueDate('2025-04-30', workingDays(3), calendar)).toBe('2025-05-07');
      expect(computeDueDate('2025-04-30', workingDays(10), calendar)).toBe('2025-05-20');
    });

    it('counts a working Saturday (t=3) and crosses the year end', () => {
      expect(computeDueDate('2024-12-26', workingDays(2), calendar)).toBe('2024-12-28');
      expect(computeDueDate('2024-12-26', workingDays(3), calendar)).toBe('2025-01-09');
    });

    it('counts a shortened Saturday (t=2) as a working day', () => {
      // 2024-11-01 (Friday), 2024-11-02 (working Saturday, shortened).
      expect(computeDueDate('2024-10-31', workingDays(2), calendar)).toBe('2024-11-02');
    });

    it('ignores the non-working-day policy', () => {
      const forward: DeadlineTerm = { ...workingDays(10), nonWorkingDayPolicy: 'forward' };

      expect(computeDueDate('2026-04-29', forward, calendar)).toBe('2026-05-15');
    });

    it('walks on into a missing year by the provisional calendar', () => {
      // 2027-12-29, 2027-12-30 count; 2027-12-31 is off; 2028-01-01…09 are off; 10, 11, 12 count.
      expect(calendar.track((c) => computeDueDate('2027-12-28', workingDays(5), c))).toEqual({
        value: '2028-01-12',
        provisionalYears: [2028],
      });
    });
  });

  describe('validation', () => {
    it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
      'throws a RangeError for termDays = %p',
      (termDays) => {
        expect(() => computeDueDate('2026-04-10', calendarDays(termDays), calendar)).toThrow(
          RangeError,
        );
        expect(() => computeDueDate('2026-04-10', workingDays(termDays), calendar)).toThrow(
          RangeError,
        );
      },
    );

    it('throws a RangeError for an unknown unit or policy', () => {
      const badUnit = { ...calendarDays(30), unit: 'weeks' } as unknown as DeadlineTerm;
      const badPolicy = {
        ...workingDays(3),
        nonWorkingDayPolicy: 'nearest',
      } as unknown as DeadlineTerm;

      expect(() => computeDueDate('2026-04-10', badUnit, calendar)).toThrow(RangeError);
      expect(() => computeDueDate('2026-04-10', badPolicy, calendar)).toThrow(RangeError);
    });

    it('throws a RangeError for an invalid registration date', () => {
      expect(() => computeDueDate('2026-02-30', calendarDays(30), calendar)).toThrow(RangeError);
    });

    it('computes with the provisional calendar when only other years are loaded', () => {
      const only2024 = loadCalendar([2024]);

      // The spec example by ТК ст. 112 alone: Sunday 2026-05-10 → Friday 2026-05-08.
      expect(only2024.track((c) => computeDueDate('2026-04-10', calendarDays(30), c))).toEqual({
        value: '2026-05-08',
        provisionalYears: [2026],
      });
    });
  });
});

describe('earliestDueDate', () => {
  it('returns the earliest date and ignores null and undefined', () => {
    expect(earliestDueDate(['2026-05-12', null, '2026-05-08', undefined, '2026-06-01'])).toBe(
      '2026-05-08',
    );
  });

  it('compares dates across years', () => {
    expect(earliestDueDate(['2026-01-12', '2025-12-30'])).toBe('2025-12-30');
  });

  it('returns null when there are no dates', () => {
    expect(earliestDueDate([])).toBeNull();
    expect(earliestDueDate([null, undefined])).toBeNull();
  });
});
