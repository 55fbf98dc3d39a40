import { readFileSync } from 'fs';
import * as path from 'path';
import {
  CalendarFormatError,
  assertCompleteFederalYear,
  parseXmlCalendar,
} from './xmlcalendar.parser';

const CALENDAR_DIR = path.resolve(__dirname, 'calendar-data');

function readCalendarXml(year: number): string {
  return readFileSync(path.join(CALENDAR_DIR, `${year}.xml`), 'utf8');
}

function calendarXml(days: string, attrs = 'year="2026"'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<calendar ${attrs} lang="ru">
  <holidays><holiday id="1" title="Новогодние каникулы"/></holidays>
  <days>${days}</days>
</calendar>`;
}

describe('parseXmlCalendar', () => {
  it('reads the year and every listed day of the 2026 file', () => {
    const result = parseXmlCalendar(readCalendarXml(2026));

    expect(result.year).toBe(2026);
    expect(result.days).toHaveLength(22);
    expect(result.days[0]).toEqual({ date: '2026-01-01', type: 1, note: 'Новогодние каникулы' });
  });

  it('uses the holiday title as the note when the day has h', () => {
    const { days } = parseXmlCalendar(readCalendarXml(2026));

    expect(days.find((d) => d.date === '2026-01-07')).toEqual({
      date: '2026-01-07',
      type: 1,
      note: 'Рождество Христово',
    });
    expect(days.find((d) => d.date === '2026-05-09')?.note).toBe('День Победы');
  });

  it('describes a transferred day off as "перенесён с DD.MM" when the day has f', () => {
    const { days } = parseXmlCalendar(readCalendarXml(2026));

    expect(days.find((d) => d.date === '2026-05-11')).toEqual({
      date: '2026-05-11',
      type: 1,
      note: 'перенесён с 09.05',
    });
    expect(days.find((d) => d.date === '2026-01-09')?.note).toBe('перенесён с 03.01');
    expect(days.find((d) => d.date === '2026-12-31')?.note).toBe('перенесён с 04.01');
  });

  it('returns shortened (t=2) and working weekend (t=3) days without a note', () => {
    const { days } = parseXmlCalendar(readCalendarXml(2024));

    expect(days.find((d) => d.date === '2024-04-30')).toEqual({
      date: '2024-04-30',
      type: 1,
      note: 'перенесён с 02.11',
    });
    expect(days.find((d) => d.date === '2024-11-02')).toEqual({ date: '2024-11-02', type: 2 });
    expect(days.find((d) => d.date === '2024-12-28')).toEqual({ date: '2024-12-28', type: 3 });
  });

  it.each([2024, 2025, 2026, 2027])('parses the shipped %i file', (year) => {
    const result = parseXmlCalendar(readCalendarXml(year));

    expect(result.year).toBe(year);
    expect(result.days.length).toBeGreaterThan(15);
    expect(result.days.every((d) => d.date.startsWith(`${year}-`))).toBe(true);
  });

  it('returns days sorted by date', () => {
    const { days } = parseXmlCalendar(
      calendarXml('<day d="05.09" t="1"/><day d="01.01" t="1" h="1"/>'),
    );

    expect(days.map((d) => d.date)).toEqual(['2026-01-01', '2026-05-09']);
  });

  it('parses a calendar with a single day and with no days', () => {
    expect(parseXmlCalendar(calendarXml('<day d="01.01" t="1" h="1"/>')).days).toHaveLength(1);
    expect(parseXmlCalendar(calendarXml(''))).toEqual({ year: 2026, days: [] });
  });

  it('leaves the note empty when h refers to an unknown holiday', () => {
    const { days } = parseXmlCalendar(calendarXml('<day d="02.23" t="1" h="99"/>'));

    expect(days).toEqual([{ date: '2026-02-23', type: 1 }]);
  });

  it('throws CalendarFormatError on garbage', () => {
    expect(() => parseXmlCalendar('это не XML <<<')).toThrow(CalendarFormatError);
    expect(() => parseXmlCalendar('')).toThrow(CalendarFormatError);
    expect(() => parseXmlCalendar('<calendar year="2026"><days>')).toThrow(CalendarFormatError);
  });

  it('throws CalendarFormatError when there is no calendar element', () => {
    expect(() => parseXmlCalendar('<root><days/></root>')).toThrow(CalendarFormatError);
    expect(() => parseXmlCalendar('<calendar/>')).toThrow(CalendarFormatError);
  });

  it('throws CalendarFormatError when the calendar has no days element', () => {
    expect(() => parseXmlCalendar('<calendar year="2026"><holidays/></calendar>')).toThrow(
      CalendarFormatError,
    );
  });

  it.each([['year="20x6"'], ['year="26"'], ['year=""'], ['lang="ru"']])(
    'throws CalendarFormatError for a bad year (%s)',
    (attrs) => {
      expect(() => parseXmlCalendar(calendarXml('', attrs))).toThrow(CalendarFormatError);
    },
  );

  it.each([['13.01'], ['02.30'], ['1.1'], ['2026-01-01'], ['']])(
    'throws CalendarFormatError for a bad d (%s)',
    (d) => {
      expect(() => parseXmlCalendar(calendarXml(`<day d="${d}" t="1"/>`))).toThrow(
        CalendarFormatError,
      );
    },
  );

  it('throws CalendarFormatError for a day without d', () => {
    expect(() => parseXmlCalendar(calendarXml('<day t="1"/>'))).toThrow(CalendarFormatError);
  });

  it.each([['0'], ['4'], ['x'], ['']])('throws CalendarFormatError for a bad t (%s)', (t) => {
    expect(() => parseXmlCalendar(calendarXml(`<day d="01.01" t="${t}"/>`))).toThrow(
      CalendarFormatError,
    );
  });

  it('throws CalendarFormatError for a day listed twice', () => {
    expect(() =>
      parseXmlCalendar(calendarXml('<day d="01.01" t="1"/><day d="01.01" t="2"/>')),
    ).toThrow(CalendarFormatError);
  });

  it('reports the problem in Russian', () => {
    expect(() => parseXmlCalendar(calendarXml('<day d="01.01" t="7"/>'))).toThrow(
      'Некорректный тип дня t="7" для 01.01 (2026 год)',
    );
  });

  it('names the line of the day it refuses (issue 19: the import says where)', () => {
    const xml = calendarXml('\n    <day d="01.01" t="1" h="1"/>\n    <day d="01.02" t="9"/>\n');
    let error: unknown;
    try {
      parseXmlCalendar(xml);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalendarFormatError);
    // calendarXml: line 1 the declaration, 2 <calendar>, 3 holidays, 4 <days>, 5 and 6 the days.
    expect((error as CalendarFormatError).line).toBe(6);
    expect((error as CalendarFormatError).message).toContain('(строка 6)');
  });

  it('does not count a commented-out day when it names the line', () => {
    const xml = calendarXml('\n<!-- <day d="01.01" t="1"/> -->\n<day d="13.01" t="1"/>');
    expect(() => parseXmlCalendar(xml)).toThrow('(строка 6)');
  });
});

describe('assertCompleteFederalYear', () => {
  it('accepts every shipped year', () => {
    for (const year of [2024, 2025, 2026, 2027]) {
      const xml = readCalendarXml(year);
      expect(() => assertCompleteFederalYear(parseXmlCalendar(xml), xml)).not.toThrow();
    }
  });

  it('refuses a year without all the holidays of ТК ст. 112 ч. 1 (a partial file)', () => {
    const xml = calendarXml('<day d="01.01" t="1" h="1"/>');
    expect(() => assertCompleteFederalYear(parseXmlCalendar(xml), xml)).toThrow(
      /нет нерабочего праздничного дня 01\.02.*календарь неполный \(строка 4\)/,
    );
  });

  it('refuses a holiday that is not a day off, with its line', () => {
    const xml = readCalendarXml(2026).replace(
      '<day d="06.12" t="1" h="7"/>',
      '<day d="06.12" t="2"/>',
    );
    const parsed = parseXmlCalendar(xml);
    const line = xml.split('\n').findIndex((l) => l.includes('d="06.12"')) + 1;
    expect(() => assertCompleteFederalYear(parsed, xml)).toThrow(`(строка ${line})`);
  });
});
