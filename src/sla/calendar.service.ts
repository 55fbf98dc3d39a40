import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as path from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { Clock } from '../common/time/clock';
import { CalendarDay, CalendarYear } from './calendar-day.entity';
import { addDays, yearOf } from '../common/time/local-date';
import { ProductionCalendar } from './production-calendar';
import { TtlCache } from '../common/ttl-cache';
import { CalendarFormatError, parseXmlCalendar, type XmlCalendar } from './xmlcalendar.parser';

/** The calendar shipped with the product (copied from shared/data/production-calendar/ru). */
export const BUNDLED_CALENDAR_DIR = path.join(__dirname, 'calendar-data');

// Edits are rare and affect only future deadlines; every instance re-reads within this window.
const CACHE_TTL_MS = 60_000;

@Injectable()
export class CalendarService {
  private readonly cache = new TtlCache<ProductionCalendar>(CACHE_TTL_MS);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  getCalendar(): Promise<ProductionCalendar> {
    return this.cache.get('calendar', async () => {
      const [years, days] = await Promise.all([
        this.ds.getRepository(CalendarYear).find(),
        this.ds.getRepository(CalendarDay).find(),
      ]);
      return new ProductionCalendar({
        years: years.map((y) => y.year),
        days: days.map((d) => ({ date: d.date, type: d.type })),
      });
    });
  }

  /**
   * Deadlines need the calendar up to two months ahead; say so before registrations start to
   * fail with CALENDAR_YEAR_MISSING (the next year is usually published in September).
   */
  async missingYearAhead(today: string, daysAhead = 75): Promise<number | null> {
    const calendar = await this.getCalendar();
    const needed = yearOf(addDays(today, daysAhead));
    return calendar.hasYear(needed) ? null : needed;
  }

  async getYear(year: number): Promise<{ year: number; source: string; days: CalendarDay[] }> {
    const loaded = await this.ds.getRepository(CalendarYear).findOneBy({ year });
    if (!loaded) {
      throw new AppError(
        ErrorCode.CALENDAR_YEAR_MISSING,
        `Производственный календарь на ${year} год не загружен`,
        undefined,
        { year },
      );
    }
    const days = await this.ds
      .getRepository(CalendarDay)
      .find({ where: { year }, order: { date: 'ASC' } });
    return { year, source: loaded.source, days };
  }

  /**
   * Sets one day's type (1 day off, 2 shortened, 3 working weekend day) or, with null, returns
   * it to the Mon–Fri rule. Only days of a loaded year: a year is either fully known or missing.
   */
  async setDay(
    date: string,
    type: 1 | 2 | 3 | null,
    note: string | null,
  ): Promise<CalendarDay | null> {
    const year = Number(date.slice(0, 4));
    if (!(await this.ds.getRepository(CalendarYear).existsBy({ year }))) {
      throw new AppError(
        ErrorCode.CALENDAR_YEAR_MISSING,
        `Производственный календарь на ${year} год не загружен: сначала импортируйте год`,
        undefined,
        { year },
      );
    }
    const repo = this.ds.getRepository(CalendarDay);
    this.cache.clear();
    if (type === null) {
      await repo.delete({ date });
      return null;
    }
    await repo.upsert({ date, year, type, note }, ['date']);
    return repo.findOneByOrFail({ date });
  }

  /** Replaces one year from an xmlcalendar document; returns the year. */
  async importXml(xml: string, source: string, em?: EntityManager): Promise<number> {
    let parsed;
    try {
      parsed = parseXmlCalendar(xml);
    } catch (e) {
      if (e instanceof CalendarFormatError) {
        throw AppError.validation([
          { field: 'body', code: 'INVALID_CALENDAR', message: e.message },
        ]);
      }
      throw e;
    }
    const run = (tx: EntityManager): Promise<void> =>
      replaceCalendarYear(tx, parsed, source, this.clock.now());
    await (em ? run(em) : this.ds.transaction(run));
    this.cache.clear();
    return parsed.year;
  }
}

/** Replaces one year of the calendar in the caller's transaction. */
export async function replaceCalendarYear(
  em: EntityManager,
  parsed: XmlCalendar,
  source: string,
  now: Date,
): Promise<void> {
  await em.delete(CalendarDay, { year: parsed.year });
  if (parsed.days.length > 0) {
    await em.insert(
      CalendarDay,
      parsed.days.map((d) => ({
        date: d.date,
        year: parsed.year,
        type: d.type,
        note: d.note ?? null,
      })),
    );
  }
  await em.upsert(CalendarYear, { year: parsed.year, source, loadedAt: now }, ['year']);
}
