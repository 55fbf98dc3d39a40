import { readFileSync } from 'fs';
import * as path from 'path';
import { ErrorCode } from '../common/errors/error-codes';
import { problemBody, toAppError } from '../common/errors/problem.filter';
import { CalendarYearMissingError, ProductionCalendar } from './production-calendar';
import { parseXmlCalendar } from './xmlcalendar.parser';

const CALENDAR_DIR = path.resolve(__dirname, 'calendar-data');

function loadCalendar(years: number[]): ProductionCalendar {
  return ProductionCalendar.fromYears(
    years.map((year) =>
      parseXmlCalendar(readFileSync(path.join(CALENDAR_DIR, `${year}.xml`), 'utf8')),
    ),
  );
}

describe('ProductionCalendar', () => {
  let sut: ProductionCalendar;

  beforeAll(() => {
    sut = loadCalendar([2024, 2025, 2026, 2027]);
  });

  describe('hasYear', () => {
    it('is true for loaded years and false for others', () => {
      expect(sut.hasYear(2024)).toBe(true);
      expect(sut.hasYear(2027)).toBe(true);
      expect(sut.hasYear(2023)).toBe(false);
      expect(sut.hasYear(2028)).toBe(false);
      expect(sut.loadedYears()).toEqual([2024, 2025, 2026, 2027]);
    });
  });

  describe('isWorkingDay', () => {
    it('treats ordinary weekdays as working and ordinary weekends as days off', () => {
      expect(sut.isWorkingDay('2026-04-10')).toBe(true); // Friday
      expect(sut.isWorkingDay('2026-04-11')).toBe(false); // Saturday
      expect(sut.isWorkingDay('2026-04-12')).toBe(false); // Sunday
    });

    it('treats holidays and transferred days off (t=1) as days off', () => {
      expect(sut.isWorkingDay('2026-01-07')).toBe(false); // Рождество, Wednesday
      expect(sut.isWorkingDay('2026-05-11')).toBe(false); // Monday, перенесён с 09.05
      expect(sut.isWorkingDay('2025-12-31')).toBe(false); // Wednesday, перенесён с 05.01
    });

    it('counts a shortened day (t=2) as a working day', () => {
      expect(sut.isWorkingDay('2026-04-30')).toBe(true);
      expect(sut.isWorkingDay('2026-05-08')).toBe(true);
    });

    it('counts a working weekend day (t=3) as a working day', () => {
      expect(sut.isWorkingDay('2024-04-27')).toBe(true); // Saturday
      expect(sut.isWorkingDay('2024-12-28')).toBe(true); // Saturday
    });

    it('counts a shortened Saturday (t=2 on a weekend) as a working day', () => {
      expect(sut.isWorkingDay('2024-11-02')).toBe(true);
      expect(sut.isWorkingDay('2025-11-01')).toBe(true);
      expect(sut.isWorkingDay('2027-02-20')).toBe(true);
    });

    it('throws CalendarYearMissingError with the year for a year that is not loaded', () => {
      expect(() => sut.isWorkingDay('2028-01-14')).toThrow(CalendarYearMissingError);
      expect(() => sut.isWorkingDay('2028-01-14')).toThrow(
        'Производственный календарь на 2028 год не загружен',
      );
      let error: unknown;
      try {
        sut.isWorkingDay('2023-06-01');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CalendarYearMissingError);
      expect((error as CalendarYearMissingError).year).toBe(2023);
    });

    it('answers a missing year as 422 CALENDAR_YEAR_MISSING with the year, wherever it is thrown', () => {
      let error: unknown;
      try {
        sut.isWorkingDay('2028-01-14');
      } catch (e) {
        error = e;
      }
      expect(problemBody(toAppError(error), 'r1')).toMatchObject({
        status: 422,
        code: ErrorCode.CALENDAR_YEAR_MISSING,
        detail: 'Производственный календарь на 2028 год не загружен',
        year: 2028,
        requestId: 'r1',
      });
    });

    it('throws a RangeError for an invalid date', () => {
      expect(() => sut.isWorkingDay('2026-02-30')).toThrow(RangeError);
    });
  });

  describe('nextWorkingDay', () => {
    it('returns the next working day strictly after the date', () => {
      expect(sut.nextWorkingDay('2026-04-09')).toBe('2026-04-10');
      expect(sut.nextWorkingDay('2026-05-08')).toBe('2026-05-12');
    });

    it('skips the New Year holidays into the next year', () => {
      expect(sut.nextWorkingDay('2025-12-30')).toBe('2026-01-12');
    });

    it('throws CalendarYearMissingError when it walks into a missing year', () => {
      expect(() => sut.nextWorkingDay('2027-12-30')).toThrow(CalendarYearMissingError);
    });
  });

  describe('previousWorkingDay', () => {
    it('returns the last working day strictly before the date', () => {
      expect(sut.previousWorkingDay('2026-04-13')).toBe('2026-04-10');
      expect(sut.previousWorkingDay('2026-05-12')).toBe('2026-05-08');
    });

    it('skips the New Year holidays into the previous year', () => {
      expect(sut.previousWorkingDay('2026-01-12')).toBe('2025-12-30');
    });

    it('throws CalendarYearMissingError when it walks into a missing year', () => {
      expect(() => sut.previousWorkingDay('2024-01-09')).toThrow(CalendarYearMissingError);
    });
  });

  describe('addWorkingDays', () => {
    it('counts working days starting the day after the date', () => {
      expect(sut.addWorkingDays('2026-04-10', 1)).toBe('2026-04-13');
      expect(sut.addWorkingDays('2026-04-29', 3)).toBe('2026-05-05');
    });

    it('counts a working Saturday (t=3) and skips its transferred day off', () => {
      expect(sut.addWorkingDays('2024-12-26', 2)).toBe('2024-12-28');
      expect(sut.addWorkingDays('2024-12-26', 3)).toBe('2025-01-09');
    });

    it('returns the date itself for zero and walks back for a negative n', () => {
      expect(sut.addWorkingDays('2026-05-10', 0)).toBe('2026-05-10');
      expect(sut.addWorkingDays('2026-05-15', -9)).toBe('2026-04-30');
    });

    it('rejects a fractional n', () => {
      expect(() => sut.addWorkingDays('2026-04-10', 0.5)).toThrow(RangeError);
    });
  });

  describe('constructor', () => {
    it('applies the default weekend rule to a loaded year without exceptions', () => {
      const calendar = new ProductionCalendar({ years: [2030], days: [] });

      expect(calendar.isWorkingDay('2030-01-01')).toBe(true); // Tuesday, no holidays listed
      expect(calendar.isWorkingDay('2030-01-05')).toBe(false); // Saturday
    });

    it('rejects a day whose year is not in years', () => {
      expect(
        () => new ProductionCalendar({ years: [2026], days: [{ date: '2027-01-01', type: 1 }] }),
      ).toThrow(RangeError);
    });

    it('rejects contradictory types for the same date', () => {
      expect(
        () =>
          new ProductionCalendar({
            years: [2026],
            days: [
              { date: '2026-01-01', type: 1 },
              { date: '2026-01-01', type: 2 },
            ],
          }),
      ).toThrow(RangeError);
    });
  });
});
