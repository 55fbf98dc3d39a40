import { VersionedCache } from '../common/versioned-cache';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as path from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { Clock } from '../common/time/clock';
import { type LocalDate, addDays, toLocalDate } from '../common/time/local-date';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LockId } from '../database/lock-ids';
import {
  CalendarDay,
  CalendarRegionDay,
  CalendarRegionYear,
  CalendarYear,
  type CalendarDaySource,
} from './calendar-day.entity';
import { ProductionCalendar, type CalendarDayType } from './production-calendar';
import { provisionalYear } from './provisional-calendar';
import { isRegionCode, type RegionCode } from './regions';
import {
  CalendarFormatError,
  assertCompleteFederalYear,
  parseXmlCalendar,
  type XmlCalendar,
} from './xmlcalendar.parser';

/** The calendar shipped with the product (copied from shared/data/production-calendar/ru). */
export const BUNDLED_CALENDAR_DIR = path.join(__dirname, 'calendar-data');

/**
 * How long an instance trusts its copy of the calendar before it reads the version row again
 * (issue 19): a change made on one instance is used by every other within this time (plus one
 * query); the instance that made it uses it at once. At most one version read per second per
 * instance, never one per registration.
 */
export const CALENDAR_REFRESH_MS = 1000;

/** The years the currency check wants loaded: those of the next 120 days (issue 19). */
export const CALENDAR_CHECK_DAYS_AHEAD = 120;

const VERSION_SQL = 'SELECT version::text AS version FROM calendar_version';
const BUMP_SQL = 'UPDATE calendar_version SET version = version + 1';

/** Where a day of `GET /calendar/{year}` comes from (issue 19). */
export type DaySource = CalendarDaySource | 'regional' | 'provisional';

export interface CalendarYearView {
  year: number;
  /** `bundled:<file>`, `import`, or `provisional` for a year the official calendar lacks. */
  source: string;
  provisional: boolean;
  region: RegionCode | null;
  days: { date: LocalDate; type: CalendarDayType; note: string | null; source: DaySource }[];
}

/** What a calendar change touched, for the deadlines it may move. */
export interface CalendarChange {
  cause: 'import' | 'day' | 'overlay' | 'seed';
  /** Russian: the reason each recomputed appeal's history gives. */
  reason: string;
  /** The dates whose working status may have changed (a year, or one day). */
  from: LocalDate;
  to: LocalDate;
}

/**
 * Recomputes the deadlines a calendar change moved, in the change's transaction. Implemented
 * by DueDateRecomputeService (SlaWorkflowModule, which may use appeals and notifications) and
 * handed over at start, so this module needs neither.
 */
export interface DueDateRecompute {
  afterCalendarChange(
    em: EntityManager,
    before: ProductionCalendar,
    after: ProductionCalendar,
    change: CalendarChange,
    actor: Principal | null,
  ): Promise<number>;
}

/** The years the next CALENDAR_CHECK_DAYS_AHEAD days need and which of them are missing. */
export interface CalendarStatus {
  today: LocalDate;
  through: LocalDate;
  /** Official years missing: deadlines into them are provisional. */
  missingYears: number[];
  region: RegionCode | null;
  /** Years of the organisation's regional overlay missing (its own days off are not counted). */
  missingRegionalYears: number[];
}

interface Snapshot {
  calendar: ProductionCalendar;
  regionYears: ReadonlySet<number>;
}

const yearStart = (year: number): LocalDate => toLocalDate(year, 1, 1);
const yearEnd = (year: number): LocalDate => toLocalDate(year, 12, 31);

/** A malformed or partial xmlcalendar document: 422, with the line when known. */
function invalidCalendar(e: CalendarFormatError): AppError {
  return new AppError(
    ErrorCode.VALIDATION_FAILED,
    `Календарь не загружен, ничего не изменено: ${e.message}`,
    [{ field: 'body', code: 'INVALID_CALENDAR', message: e.message }],
    e.line === undefined ? undefined : { line: e.line },
  );
}

function parse(xml: string): XmlCalendar {
  try {
    return parseXmlCalendar(xml);
  } catch (e) {
    if (e instanceof CalendarFormatError) throw invalidCalendar(e);
    throw e;
  }
}

@Injectable()
export class CalendarService {
  private readonly cache = new VersionedCache<Snapshot>(
    CALENDAR_REFRESH_MS,
    async () => (await this.ds.query<{ version: string }[]>(VERSION_SQL))[0].version,
    // The days and the version they belong to from one snapshot.
    () =>
      this.ds.transaction('REPEATABLE READ', async (em) => {
        const [row] = await em.query<{ version: string }[]>(VERSION_SQL);
        return { value: await this.load(em), version: row.version };
      }),
  );
  private recompute: DueDateRecompute | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Set once at start by DueDateRecomputeService. */
  useRecompute(recompute: DueDateRecompute): void {
    this.recompute = recompute;
  }

  /** The calendar deadlines use: federal, the provisional years, the organisation's overlay. */
  async getCalendar(): Promise<ProductionCalendar> {
    return (await this.current()).calendar;
  }

  /** The years the next 120 days need, and which are missing (start, daily job, health, metric). */
  async status(today: LocalDate): Promise<CalendarStatus> {
    const { calendar, regionYears } = await this.current();
    const through = addDays(today, CALENDAR_CHECK_DAYS_AHEAD);
    const region = this.config.calendar.region;
    const years: number[] = [];
    for (let y = Number(today.slice(0, 4)); y <= Number(through.slice(0, 4)); y++) years.push(y);
    return {
      today,
      through,
      missingYears: calendar.missingYears(today, through),
      region,
      missingRegionalYears: region ? years.filter((y) => !regionYears.has(y)) : [],
    };
  }

  /** Reads the calendar (and the region's loaded years) in the caller's transaction. */
  async load(em: EntityManager): Promise<Snapshot> {
    const region = this.config.calendar.region;
    const years = await em.getRepository(CalendarYear).find();
    const days = await em.getRepository(CalendarDay).find();
    const regional = region ? await em.getRepository(CalendarRegionDay).findBy({ region }) : [];
    const regionYears = region ? await em.getRepository(CalendarRegionYear).findBy({ region }) : [];
    return {
      calendar: new ProductionCalendar({
        years: years.map((y) => y.year),
        days: days.map((d) => ({ date: d.date, type: d.type })),
        regionalDaysOff: regional.map((d) => d.date),
      }),
      regionYears: new Set(regionYears.map((y) => y.year)),
    };
  }

  /**
   * A year as deadlines see it: the federal exceptions (or the provisional year) and the
   * organisation's regional days off, each day with where it comes from.
   */
  async getYear(year: number): Promise<CalendarYearView> {
    if (!Number.isInteger(year) || year < 1 || year > 9999) {
      throw AppError.validation([
        { field: 'year', code: 'INVALID_FORMAT', message: 'Год — от 0001 до 9999' },
      ]);
    }
    const region = this.config.calendar.region;
    const loaded = await this.ds.getRepository(CalendarYear).findOneBy({ year });
    const days = new Map<LocalDate, CalendarYearView['days'][number]>();
    if (loaded) {
      const rows = await this.ds
        .getRepository(CalendarDay)
        .find({ where: { year }, order: { date: 'ASC' } });
      for (const d of rows) {
        days.set(d.date, { date: d.date, type: d.type, note: d.note, source: d.source });
      }
    } else {
      for (const d of provisionalYear(year)) {
        days.set(d.date, { date: d.date, type: d.type, note: d.note, source: 'provisional' });
      }
    }
    if (region) {
      const regional = await this.ds
        .getRepository(CalendarRegionDay)
        .find({ where: { region, year }, order: { date: 'ASC' } });
      for (const d of regional) {
        // A day the federal calendar already has off stays as it is; otherwise the region's
        // day off wins (also over a working weekend day, t=3).
        if (days.get(d.date)?.type === 1) continue;
        days.set(d.date, { date: d.date, type: 1, note: d.note, source: 'regional' });
      }
    }
    return {
      year,
      source: loaded?.source ?? 'provisional',
      provisional: !loaded,
      region,
      days: [...days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    };
  }

  /**
   * Sets one day's type (1 day off, 2 shortened, 3 working weekend day) or, with null, returns
   * it to the Mon–Fri rule. Only days of a loaded year: a year is either fully known or missing.
   * The deadlines it moves are recomputed in the same transaction.
   */
  async setDay(
    date: LocalDate,
    type: 1 | 2 | 3 | null,
    note: string | null,
    actor: Principal | null,
  ): Promise<{ day: CalendarDay | null; recomputed: number }> {
    const year = Number(date.slice(0, 4));
    if (!(await this.ds.getRepository(CalendarYear).existsBy({ year }))) {
      throw new AppError(
        ErrorCode.CALENDAR_YEAR_MISSING,
        `Производственный календарь на ${year} год не загружен: сначала импортируйте год`,
        undefined,
        { year },
      );
    }
    const result = await this.ds.transaction(async (em) => {
      const repo = em.getRepository(CalendarDay);
      const recomputed = await this.applyChange(
        em,
        async () => {
          if (type === null) await repo.delete({ date });
          else await repo.upsert({ date, year, type, note, source: 'manual' }, ['date']);
          return {
            cause: 'day',
            reason: `Изменён день ${date} производственного календаря`,
            from: date,
            to: date,
          };
        },
        actor,
      );
      return { day: type === null ? null : await repo.findOneByOrFail({ date }), recomputed };
    });
    this.invalidate();
    return result;
  }

  /**
   * Replaces one federal year from an xmlcalendar document and recomputes the deadlines it moves,
   * all in one transaction. A malformed or partial document is refused whole (422 with the line):
   * nothing is stored, nothing recomputed.
   */
  async importXml(
    xml: string,
    actor: Principal | null,
  ): Promise<{ year: number; recomputed: number }> {
    const parsed = parse(xml);
    try {
      assertCompleteFederalYear(parsed, xml);
    } catch (e) {
      if (e instanceof CalendarFormatError) throw invalidCalendar(e);
      throw e;
    }
    const recomputed = await this.ds.transaction((em) =>
      this.applyChange(
        em,
        async () => {
          await replaceCalendarYear(em, parsed, 'import', this.clock.now());
          return yearChange(
            'import',
            parsed.year,
            `Импортирован производственный календарь на ${parsed.year} год`,
          );
        },
        actor,
      ),
    );
    this.invalidate();
    return { year: parsed.year, recomputed };
  }

  /**
   * Replaces one year of a region's overlay from an xmlcalendar document: its days off (t=1)
   * are the region's own; shortened and working days (t=2, t=3) are not taken, since an overlay
   * only adds days off. Deadlines are recomputed when the region is the organisation's.
   */
  async importOverlay(
    region: string,
    xml: string,
    actor: Principal | null,
  ): Promise<{
    region: RegionCode;
    year: number;
    daysOff: number;
    applies: boolean;
    recomputed: number;
  }> {
    const code = region.trim().toUpperCase();
    if (!isRegionCode(code)) {
      throw AppError.validation([
        {
          field: 'region',
          code: 'UNKNOWN_REGION',
          message: `Неизвестный код субъекта РФ «${region}»: ожидается код ISO 3166-2:RU, например RU-TA`,
        },
      ]);
    }
    const parsed = parse(xml);
    const daysOff = parsed.days.filter((d) => d.type === 1);
    const recomputed = await this.ds.transaction((em) =>
      this.applyChange(
        em,
        async () => {
          await em.delete(CalendarRegionDay, { region: code, year: parsed.year });
          if (daysOff.length > 0) {
            await em.insert(
              CalendarRegionDay,
              daysOff.map((d) => ({
                region: code,
                date: d.date,
                year: parsed.year,
                note: d.note ?? null,
              })),
            );
          }
          await em.upsert(
            CalendarRegionYear,
            { region: code, year: parsed.year, source: 'import', loadedAt: this.clock.now() },
            ['region', 'year'],
          );
          return yearChange(
            'overlay',
            parsed.year,
            `Загружен региональный календарь ${code} на ${parsed.year} год`,
          );
        },
        actor,
      ),
    );
    this.invalidate();
    return {
      region: code,
      year: parsed.year,
      daysOff: daysOff.length,
      applies: code === this.config.calendar.region,
      recomputed,
    };
  }

  /**
   * Runs a calendar change in the caller's transaction: one change at a time, the version
   * bumped (other instances reload), and the open deadlines it moves recomputed (issue 19).
   * Returns how many appeals got a new date. The caller invalidates after its commit.
   */
  async applyChange(
    em: EntityManager,
    change: (em: EntityManager) => Promise<CalendarChange>,
    actor: Principal | null,
  ): Promise<number> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [LockId.calendar]);
    const before = (await this.load(em)).calendar;
    const what = await change(em);
    await em.query(BUMP_SQL);
    const after = (await this.load(em)).calendar;
    return this.recompute ? this.recompute.afterCalendarChange(em, before, after, what, actor) : 0;
  }

  /** This instance uses its own change at once. */
  invalidate(): void {
    this.cache.invalidate();
  }

  private current(): Promise<Snapshot> {
    return this.cache.current();
  }
}

/** A whole year's change. */
function yearChange(cause: CalendarChange['cause'], year: number, reason: string): CalendarChange {
  return { cause, reason, from: yearStart(year), to: yearEnd(year) };
}

/** Replaces one year of the federal calendar in the caller's transaction. */
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
        source: 'federal' as const,
      })),
    );
  }
  await em.upsert(CalendarYear, { year: parsed.year, source, loadedAt: now }, ['year']);
}

/** The seed's change of a bundled year (src/database/seed.ts). */
export const seededYearChange = (year: number): CalendarChange =>
  yearChange('seed', year, `Загружен производственный календарь на ${year} год из поставки`);
