import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LocalDate, isLocalDate, toLocalDate } from '../common/time/local-date';
import { CalendarDayType } from './production-calendar';
import { FIXED_HOLIDAYS } from './provisional-calendar';

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

/** The production calendar XML is malformed or incomplete; `line` is where, when known. */
export class CalendarFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `${message} (строка ${line})`);
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

/** Comments and CDATA blanked out (newlines kept), so tags found by a scan are real ones. */
const blankMarkup = (xml: string): string =>
  xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (m) => m.replace(/[^\n]/g, ' '));

/** The 1-based line of each match of `tag` in document order (the parser keeps that order). */
function tagLines(xml: string, tag: RegExp): number[] {
  const text = blankMarkup(xml);
  const lines: number[] = [];
  let line = 1;
  let at = 0;
  for (const m of text.matchAll(tag)) {
    for (; at < m.index; at++) if (text.charCodeAt(at) === 10) line++;
    lines.push(line);
  }
  return lines;
}

const DAY_TAG = /<day\b/g;

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
  const calendarLine = tagLines(xml, /<calendar\b/g)[0];

  const yearText = attr(calendar, 'year');
  if (yearText === undefined || !/^\d{4}$/.test(yearText) || Number(yearText) < 1) {
    throw new CalendarFormatError(
      `Некорректный год календаря: ${yearText ?? '(нет атрибута year)'}`,
      calendarLine,
    );
  }
  const year = Number(yearText);

  if (!('days' in calendar)) {
    throw new CalendarFormatError('В календаре нет элемента <days>', calendarLine);
  }
  const dayLines = tagLines(xml, DAY_TAG);

  const holidayTitles = new Map<string, string>();
  for (const holiday of children(calendar.holidays, 'holiday')) {
    const id = attr(holiday, 'id');
    const title = attr(holiday, 'title');
    if (id !== undefined && title) holidayTitles.set(id, title);
  }

  const seen = new Set<LocalDate>();
  const days = children(calendar.days, 'day').map((day, i): XmlCalendarDay => {
    const line = dayLines[i];
    const d = attr(day, 'd');
    const date = d === undefined ? null : monthDayToDate(year, d);
    if (date === null) {
      throw new CalendarFormatError(
        `Некорректная дата d="${d ?? ''}" в календаре на ${year} год`,
        line,
      );
    }
    if (seen.has(date)) {
      throw new CalendarFormatError(
        `День ${d} встречается в календаре на ${year} год дважды`,
        line,
      );
    }
    seen.add(date);

    const t = attr(day, 't');
    if (t !== '1' && t !== '2' && t !== '3') {
      throw new CalendarFormatError(
        `Некорректный тип дня t="${t ?? ''}" для ${d} (${year} год)`,
        line,
      );
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
        throw new CalendarFormatError(`Некорректный атрибут f="${f}" для ${d} (${year} год)`, line);
      }
      result.note = `перенесён с ${m[2]}.${m[1]}`;
    }
    return result;
  });

  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { year, days };
}

/**
 * A federal year must be whole: every non-working holiday of ТК ст. 112 ч. 1 is a day off
 * (t=1) in it, whatever weekday it falls on (the official calendars list them all). A file
 * without them is partial — cut short, or a regional overlay sent to the federal import — and is
 * refused whole before anything changes (issue 19, "Bad input").
 */
export function assertCompleteFederalYear(parsed: XmlCalendar, xml: string): void {
  const types = new Map(parsed.days.map((d) => [d.date, d.type]));
  for (const h of FIXED_HOLIDAYS) {
    const date = toLocalDate(parsed.year, h.month, h.day);
    const dm = `${date.slice(5, 7)}.${date.slice(8, 10)}`;
    if (types.get(date) === 1) continue;
    const listed = types.has(date);
    throw new CalendarFormatError(
      listed
        ? `День ${dm} (${h.title}) должен быть нерабочим (t="1", ТК ст. 112 ч. 1), а не t="${types.get(date)}"`
        : `В календаре на ${parsed.year} год нет нерабочего праздничного дня ${dm} (${h.title}, ТК ст. 112 ч. 1): календарь неполный`,
      listed ? lineOfDay(xml, dm) : tagLines(xml, /<days\b/g)[0],
    );
  }
}

/** The line of the <day d="MM.DD"> element, for an error about that day. */
function lineOfDay(xml: string, monthDay: string): number | undefined {
  const tags = [...blankMarkup(xml).matchAll(/<day\b[^>]*>/g)];
  const i = tags.findIndex((m) => /\bd\s*=\s*["']([^"']*)["']/.exec(m[0])?.[1].trim() === monthDay);
  return i < 0 ? undefined : tagLines(xml, DAY_TAG)[i];
}
