import { readFileSync } from 'fs';
import * as path from 'path';
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

    it('takes a year that is not loaded from the provisional calendar, never an error', () => {
      expect(sut.isWorkingDay('2028-01-14')).toBe(true); // Friday
      expect(sut.isWorkingDay('2028-01-08')).toBe(false); // ст. 112 ч. 1
      expect(sut.isWorkingDay('2028-11-06')).toBe(false); // 4 November, a Saturday, moved (ч. 2)
      expect(sut.isWorkingDay('2023-06-12')).toBe(false); // День России
      expect(sut.isWorkingDay('2023-06-01')).toBe(true);
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

    it('walks on into a missing year by the provisional calendar', () => {
      // 2027-12-31 is off (official), 2028-01-01…08 are the New Year holidays, the 9th a Sunday.
      expect(sut.nextWorkingDay('2027-12-30')).toBe('2028-01-10');
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

    it('walks back into a missing year by the provisional calendar', () => {
      // 2024-01-01…08 are off (official); 2023-12-31 and 12-30 are a weekend.
      expect(sut.previousWorkingDay('2024-01-09')).toBe('2023-12-29');
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

  describe('hasYear and missingYears', () => {
    it('names the official years a range lacks', () => {
      expect(sut.missingYears('2027-12-01', '2028-03-30')).toEqual([2028]);
      expect(sut.missingYears('2026-09-01', '2026-12-30')).toEqual([]);
      expect(sut.missingYears('2023-12-01', '2029-01-01')).toEqual([2023, 2028, 2029]);
    });
  });

  describe('track', () => {
    it('tells which provisional years a computation consulted', () => {
      expect(sut.track((c) => c.isWorkingDay('2027-12-30'))).toEqual({
        value: true,
        provisionalYears: [],
      });
      expect(sut.track((c) => c.nextWorkingDay('2027-12-30'))).toEqual({
        value: '2028-01-10',
        provisionalYears: [2028],
      });
    });

    it('nests: an inner computation counts for the outer one too, and a throw clears it', () => {
      const outer = sut.track((c) => {
        const inner = c.track((d) => d.isWorkingDay('2023-05-01'));
        expect(inner.provisionalYears).toEqual([2023]);
        return c.isWorkingDay('2028-05-01');
      });
      expect(outer.provisionalYears).toEqual([2023, 2028]);
      expect(() =>
        sut.track(() => {
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(sut.track((c) => c.isWorkingDay('2026-05-01')).provisionalYears).toEqual([]);
    });
  });

  describe('regional days off', () => {
    const regional = ProductionCalendar.fromYears(
      [
        parseXmlCalendar(readFileSync(path.join(CALENDAR_DIR, '2024.xml'), 'utf8')),
        parseXmlCalendar(readFileSync(path.join(CALENDAR_DIR, '2026.xml'), 'utf8')),
      ],
      // Ураза-байрам 2026 in Татарстан (a Friday); a federal working Saturday (t=3) made off.
      ['2026-03-20', '2024-12-28', '2028-06-13'],
    );

    it('adds days off on top of the federal calendar', () => {
      expect(sut.isWorkingDay('2026-03-20')).toBe(true);
      expect(regional.isWorkingDay('2026-03-20')).toBe(false);
      expect(regional.previousWorkingDay('2026-03-23')).toBe('2026-03-19');
    });

    it('wins over a federal working weekend day (t=3) and over a provisional year', () => {
      expect(sut.isWorkingDay('2024-12-28')).toBe(true);
      expect(regional.isWorkingDay('2024-12-28')).toBe(false);
      expect(regional.isWorkingDay('2028-06-13')).toBe(false);
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
