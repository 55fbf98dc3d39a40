/**
 * The rollup's grains: a row of grain `week` sums the days of an ISO week (from Monday), of
 * `month` a calendar month; `day` is the bucket's first day.
 */
export const GRAINS = ['day', 'week', 'month'] as const;
export type Grain = (typeof GRAINS)[number];

/** A period as whole rollup buckets: the first days of the months, weeks and days it takes. */
export type PeriodCover = Record<Grain, string[]>;

const DAY_MS = 86_400_000;
const parse = (s: string): number => Date.parse(`${s}T00:00:00Z`);
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
/** The first day of the month after the one of `t`. */
const nextMonth = (t: number): number => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/**
 * Covers the local dates [from, to] with as few rollup buckets as it greedily can: whole
 * months, then whole weeks, then days at the edges (a year: 12 months and at most a few weeks
 * and days at each end, instead of 365 days of rows). With `bucket`, every piece lies inside
 * one bucket of a trend (weeks do not nest in months, months not in weeks), so a trend can sum
 * the pieces by bucket. A week across the first of a month is taken only when that month
 * would not be whole in the period anyway (else the month is).
 */
export function coverPeriod(from: string, to: string, bucket?: Grain): PeriodCover {
  const cover: PeriodCover = { day: [], week: [], month: [] };
  const end = parse(to);
  for (let d = parse(from); d <= end;) {
    const next = nextMonth(d);
    const monthAllowed = bucket === undefined || bucket === 'month';
    if (monthAllowed && new Date(d).getUTCDate() === 1 && next - DAY_MS <= end) {
      cover.month.push(iso(d));
      d = next;
      continue;
    }
    const weekEnd = d + 6 * DAY_MS;
    if (bucket !== 'day' && new Date(d).getUTCDay() === 1 && weekEnd <= end) {
      const crossesMonth = weekEnd >= next;
      const nextMonthWhole = nextMonth(next) - DAY_MS <= end;
      if (!crossesMonth || bucket === 'week' || (bucket === undefined && !nextMonthWhole)) {
        cover.week.push(iso(d));
        d = weekEnd + DAY_MS;
        continue;
      }
    }
    cover.day.push(iso(d));
    d += DAY_MS;
  }
  return cover;
}
