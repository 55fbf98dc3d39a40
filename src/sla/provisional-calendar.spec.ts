import { readFileSync } from 'fs';
import * as path from 'path';
import { addDays, dayOfWeek } from '../common/time/local-date';
import { ProductionCalendar } from './production-calendar';
import { FIXED_HOLIDAYS, provisionalYear } from './provisional-calendar';
import { parseXmlCalendar } from './xmlcalendar.parser';

const CALENDAR_DIR = path.resolve(__dirname, 'calendar-data');
const official = (year: number): ProductionCalendar =>
  ProductionCalendar.fromYears([
    parseXmlCalendar(readFileSync(path.join(CALENDAR_DIR, `${year}.xml`), 'utf8')),
  ]);
/** A calendar that has no official year at all: every date is provisional. */
const provisional = new ProductionCalendar({ years: [], days: [] });

const daysOff = (year: number): string[] => provisionalYear(year).map((d) => d.date);

describe('provisionalYear (ТК РФ ст. 112)', () => {
  it('lists the fixed holidays of ст. 112 ч. 1 and the transfers of ч. 2 (2028)', () => {
    expect(daysOff(2028)).toEqual([
      '2028-01-01',
      '2028-01-02',
      '2028-01-03',
      '2028-01-04',
      '2028-01-05',
      '2028-01-06',
      '2028-01-07',
      '2028-01-08',
      '2028-02-23',
      '2028-03-08',
      '2028-05-01',
      '2028-05-09',
      '2028-06-12',
      '2028-11-04',
      // 4 November 2028 is a Saturday: the next working day, Monday, is off (ч. 2).
      '2028-11-06',
    ]);
    expect(provisionalYear(2028).every((d) => d.type === 1)).toBe(true);
    expect(provisionalYear(2028).find((d) => d.date === '2028-11-06')?.note).toBe(
      'перенесён с 04.11 (ТК ст. 112 ч. 2)',
    );
    expect(provisionalYear(2028).find((d) => d.date === '2028-05-09')?.note).toBe('День Победы');
  });

  it.each([
    ['2026-03-08', '2026-03-09'], // Sunday → Monday
    ['2027-05-09', '2027-05-10'], // Sunday → Monday
    ['2029-11-04', '2029-11-05'], // Sunday → Monday
    ['2027-06-12', '2027-06-14'], // Saturday → Monday
    ['2027-05-01', '2027-05-03'], // Saturday → Monday
  ])('moves a holiday on a weekend (%s) to the next working day (%s)', (holiday, moved) => {
    expect(dayOfWeek(holiday) === 0 || dayOfWeek(holiday) === 6).toBe(true);
    expect(daysOff(Number(holiday.slice(0, 4)))).toContain(moved);
    expect(provisional.isWorkingDay(moved)).toBe(false);
    expect(provisional.isWorkingDay(addDays(moved, 1))).toBe(true);
  });

  it('does not move the January holidays (ч. 2: the government does, by decree)', () => {
    // 1 and 2 January 2028 are a Saturday and a Sunday: no day after the 8th is added.
    expect(daysOff(2028).filter((d) => d.startsWith('2028-01'))).toHaveLength(8);
    expect(provisional.isWorkingDay('2028-01-10')).toBe(true);
  });

  it('lists each of the 14 fixed holidays once a year', () => {
    expect(FIXED_HOLIDAYS).toHaveLength(14);
    for (const year of [2024, 2025, 2026, 2027, 2028, 2030, 2100]) {
      const days = daysOff(year);
      expect(new Set(days).size).toBe(days.length);
      expect(days.length).toBeGreaterThanOrEqual(14);
    }
  });

  /**
   * The official calendars of 2024–2027 against the provisional year: every difference is one
   * the government made by decree (ТК ст. 112 ч. 5 — moving a weekend day, often a January
   * holiday's, to bridge a holiday, with a Saturday made working in exchange) or a
   * shortened Saturday; ст. 112 ч. 1–2 alone agree on every other day of the year.
   */
  it.each([
    [
      2024,
      [
        '2024-04-27 work', // Saturday made working (t=3)…
        '2024-04-29 off', // …for Monday 29 April
        '2024-04-30 off', // transferred from 2 November
        '2024-05-10 off', // transferred from 6 January
        '2024-11-02 work', // shortened working Saturday
        '2024-12-28 work', // working Saturday…
        '2024-12-30 off', // …for Monday 30 December
        '2024-12-31 off', // transferred from 7 January
      ],
    ],
    [
      2025,
      [
        // 23 February (Sunday) and 8 March (Saturday) were not moved to the next Monday as
        // ч. 2 says: the decree moved those days off to 8 May and 13 June instead.
        '2025-02-24 work',
        '2025-03-10 work',
        '2025-05-02 off', // transferred from 4 January
        '2025-05-08 off', // from 23 February
        '2025-06-13 off', // from 8 March
        '2025-11-01 work', // shortened working Saturday…
        '2025-11-03 off', // …for Monday 3 November
        '2025-12-31 off', // transferred from 5 January
      ],
    ],
    [
      2026,
      [
        '2026-01-09 off', // transferred from 3 January
        '2026-12-31 off', // transferred from 4 January
      ],
    ],
    [
      2027,
      [
        '2027-02-20 work', // shortened working Saturday…
        '2027-02-22 off', // …for Monday 22 February
        '2027-11-05 off', // transferred from 2 January
        '2027-12-31 off', // transferred from 3 January
      ],
    ],
  ])('agrees with the official %i calendar except for its decrees', (year, decreed) => {
    const fact = official(year);
    const differences: string[] = [];
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
      const works = fact.isWorkingDay(d);
      if (works !== provisional.isWorkingDay(d)) differences.push(`${d} ${works ? 'work' : 'off'}`);
    }
    expect(differences).toEqual(decreed);
  });

  it('refuses a year that cannot be a calendar year', () => {
    expect(() => provisionalYear(0)).toThrow(RangeError);
    expect(() => provisionalYear(2026.5)).toThrow(RangeError);
  });
});
