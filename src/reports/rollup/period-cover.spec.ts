import { coverPeriod, type Grain, type PeriodCover } from './period-cover';

const DAY = 86_400_000;
const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};
/** Every day a cover's pieces take, in order. */
const daysOf = (c: PeriodCover): string[] =>
  [
    ...c.day,
    ...c.week.flatMap((w) => days(w, new Date(Date.parse(w) + 6 * DAY).toISOString().slice(0, 10))),
    ...c.month.flatMap((m) => {
      const d = new Date(`${m}T00:00:00Z`);
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
      return days(m, last.toISOString().slice(0, 10));
    }),
  ].sort();

/** The bucket of a trend a day falls in (ISO week from Monday, calendar month). */
const bucketOf = (day: string, bucket: Grain): string => {
  const d = new Date(`${day}T00:00:00Z`);
  if (bucket === 'month') d.setUTCDate(1);
  if (bucket === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
};

describe('coverPeriod', () => {
  it('takes a year as its whole months and the days and weeks at its edges', () => {
    // Sunday 2025-12-07 … Sunday 2026-12-06.
    expect(coverPeriod('2025-12-07', '2026-12-06')).toEqual({
      month: [
        '2026-01-01',
        '2026-02-01',
        '2026-03-01',
        '2026-04-01',
        '2026-05-01',
        '2026-06-01',
        '2026-07-01',
        '2026-08-01',
        '2026-09-01',
        '2026-10-01',
        '2026-11-01',
      ],
      week: ['2025-12-08', '2025-12-15', '2025-12-22'],
      day: [
        '2025-12-07',
        '2025-12-29',
        '2025-12-30',
        '2025-12-31',
        '2026-12-01',
        '2026-12-02',
        '2026-12-03',
        '2026-12-04',
        '2026-12-05',
        '2026-12-06',
      ],
    });
  });

  it('takes a week across the first of a month that would not be whole anyway', () => {
    // Monday 2026-09-28 … Sunday 2026-10-11: October is not whole.
    expect(coverPeriod('2026-09-28', '2026-10-11')).toEqual({
      month: [],
      week: ['2026-09-28', '2026-10-05'],
      day: [],
    });
  });

  it('covers every day of the period exactly once, for any period and bucket', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 120; i++) {
      const from = new Date(Date.UTC(2025, 0, 1) + Math.floor(rnd() * 700) * DAY);
      const to = new Date(from.getTime() + Math.floor(rnd() * 400) * DAY);
      const f = from.toISOString().slice(0, 10);
      const t = to.toISOString().slice(0, 10);
      for (const bucket of [undefined, 'day', 'week', 'month'] as const) {
        const c = coverPeriod(f, t, bucket);
        expect(daysOf(c)).toEqual(days(f, t));
        if (bucket === 'day') expect(c.week.length + c.month.length).toBe(0);
        if (bucket === 'week') expect(c.month).toEqual([]);
        if (bucket) {
          // Each piece lies inside one bucket of the trend.
          for (const w of c.week)
            expect(bucketOf(w, bucket)).toBe(
              bucketOf(new Date(Date.parse(w) + 6 * DAY).toISOString().slice(0, 10), bucket),
            );
        }
        // Few rows: at most 6 + 4 weeks + 6 days at each edge around the months.
        expect(c.day.length).toBeLessThanOrEqual(bucket === 'day' ? 401 : 24);
      }
    }
  });

  it('is empty for an empty period', () => {
    expect(coverPeriod('2026-03-02', '2026-03-01')).toEqual({ day: [], week: [], month: [] });
  });
});
