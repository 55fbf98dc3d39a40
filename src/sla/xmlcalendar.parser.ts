import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LocalDate, isLocalDate } from '../common/time/local-date';
import { CalendarDayType } from './production-calendar';

export interface XmlCalendarDay {
  date: LocalDate;
  type: CalendarDayType;
  /** Holiday title (h="id") or 'перенесён с DD.MM' (f="MM.DD"). */
  note?: string;
}

export interface XmlCalendar {
  year: number;
  days: XmlCalendarDay[];
}

/** The production calendar XML is malformed. */
export class CalendarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarFormatError';
  }
}

type XmlNode = Record<string, unknown>;

const MONTH_DAY_RE = /^(\d{2})\.(\d{2})$/;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (tagName) => tagName === 'day' || tagName === 'holiday',
});

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Child elements of a container; an empty container (<days/>) parses to ''. */
function children(container: unknown, tag: string): XmlNode[] {
  if (container === undefined || container === '') return [];
  if (!isNode(container)) {
    throw new CalendarFormatError(`Некорректное содержимое элемента со списком <${tag}>`);
  }
  const list = container[tag];
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    throw new CalendarFormatError(`Некорректные элементы <${tag}>`);
  }
  return list.map((item) => {
    if (isNode(item)) return item;
    if (item === '') return {};
    throw new CalendarFormatError(`Некорректный элемент <${tag}>`);
  });
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new CalendarFormatError(`Некорректный атрибут ${name}`);
  }
  return value.trim();
}

/** 'MM.DD' within the year → LocalDate, or null if it is not a real date. */
function monthDayToDate(year: number, monthDay: string): LocalDate | null {
  const m = MONTH_DAY_RE.exec(monthDay);
  if (!m) return null;
  const date = `${String(year).padStart(4, '0')}-${m[1]}-${m[2]}`;
  return isLocalDate(date) ? date : null;
}

/** Parses a production calendar in the xmlcalendar.ru format (one year per file). */
export function parseXmlCalendar(xml: string): XmlCalendar {
  if (typeof xml !== 'string' || xml.trim() === '') {
    throw new CalendarFormatError('Файл производственного календаря пуст');
  }
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line } = validation.err;
    throw new CalendarFormatError(
      `Некорректный XML производственного календаря (строка ${line}): ${msg}`,
    );
  }
  let root: unknown;
  try {
    root = parser.parse(xml);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new CalendarFormatError(`Некорректный XML производственного календаря: ${reason}`);
  }

  const calendar = isNode(root) ? root.calendar : undefined;
  if (!isNode(calendar)) {
    throw new CalendarFormatError('В XML нет элемента <calendar> с атрибутами');
  }

  const yearText = attr(calendar, 'year');
  if (yearText === undefined || !/^\d{4}$/.test(yearText) || Number(yearText) < 1) {
    throw new CalendarFormatError(
      `Некорректный год календаря: ${yearText ?? '(нет атрибута year)'}`,
    );
  }
  const year = Number(yearText);

  if (!('days' in calendar)) {
    throw new CalendarFormatError('В календаре нет элемента <days>');
  }

  const holidayTitles = new Map<string, string>();
  for (const holiday of children(calendar.holidays, 'holiday')) {
    const id = attr(holiday, 'id');
    const title = attr(holiday, 'title');
    if (id !== undefined && title) holidayTitles.set(id, title);
  }

  const seen = new Set<LocalDate>();
  const days = children(calendar.days, 'day').map((day): XmlCalendarDay => {
    const d = attr(day, 'd');
    const date = d === undefined ? null : monthDayToDate(year, d);
    if (date === null) {
      throw new CalendarFormatError(`Некорректная дата d="${d ?? ''}" в календаре на ${year} год`);
    }
    if (seen.has(date)) {
      throw new CalendarFormatError(`День ${d} встречается в календаре на ${year} год дважды`);
    }
    seen.add(date);

    const t = attr(day, 't');
    if (t !== '1' && t !== '2' && t !== '3') {
      throw new CalendarFormatError(`Некорректный тип дня t="${t ?? ''}" для ${d} (${year} год)`);
    }
    const result: XmlCalendarDay = { date, type: Number(t) as CalendarDayType };

    const h = attr(day, 'h');
    const f = attr(day, 'f');
    if (h !== undefined && holidayTitles.has(h)) {
      result.note = holidayTitles.get(h);
    } else if (f !== undefined) {
      // f = the date the day off was transferred from, 'MM.DD' (ТК ст. 112 ч. 5).
      const m = MONTH_DAY_RE.exec(f);
      if (!m) {
        throw new CalendarFormatError(`Некорректный атрибут f="${f}" для ${d} (${year} год)`);
      }
      result.note = `перенесён с ${m[2]}.${m[1]}`;
    }
    return result;
  });

  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { year, days };
}
