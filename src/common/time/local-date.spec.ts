import {
  addDays,
  compareDates,
  dayOfWeek,
  isLocalDate,
  localDateInZone,
  minDate,
  toLocalDate,
  yearOf,
} from './local-date';

describe('isLocalDate', () => {
  it('accepts real dates written as YYYY-MM-DD', () => {
    expect(isLocalDate('2026-04-10')).toBe(true);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('0001-01-01')).toBe(true);
  });

  it('rejects dates that do not exist', () => {
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-00-10')).toBe(false);
    expect(isLocalDate('2026-04-31')).toBe(false);
    expect(isLocalDate('0000-01-01')).toBe(false);
  });

  it('rejects anything that is not strictly YYYY-MM-DD', () => {
    expect(isLocalDate('2026-4-10')).toBe(false);
    expect(isLocalDate('2026-04-10T00:00:00Z')).toBe(false);
    expect(isLocalDate(' 2026-04-10')).toBe(false);
    expect(isLocalDate('10.04.2026')).toBe(false);
    expect(isLocalDate('')).toBe(false);
    expect(isLocalDate(null)).toBe(false);
    expect(isLocalDate(20260410)).toBe(false);
  });
});

describe('toLocalDate', () => {
  it('builds a zero-padded date from parts', () => {
    expect(toLocalDate(2026, 5, 8)).toBe('2026-05-08');
    expect(toLocalDate(99, 1, 1)).toBe('0099-01-01');
  });

  it('throws a RangeError for a date that does not exist', () => {
    expect(() => toLocalDate(2026, 2, 30)).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2026-01-30', 30)).toBe('2026-03-01');
    expect(addDays('2025-12-05', 30)).toBe('2026-01-04');
    expect(addDays('2024-01-30', 30)).toBe('2024-02-29');
  });

  it('subtracts days with a negative n and returns the same date for zero', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-04-10', 0)).toBe('2026-04-10');
  });

  it('is not affected by daylight saving transitions of any zone', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
  });

  it('rejects a fractional n and an invalid date', () => {
    expect(() => addDays('2026-04-10', 1.5)).toThrow(RangeError);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('dayOfWeek', () => {
  it('returns 0 for Sunday through 6 for Saturday', () => {
    expect(dayOfWeek('2026-05-10')).toBe(0);
    expect(dayOfWeek('2026-05-11')).toBe(1);
    expect(dayOfWeek('2026-05-08')).toBe(5);
    expect(dayOfWeek('2024-12-28')).toBe(6);
  });
});

describe('compareDates', () => {
  it('orders dates chronologically', () => {
    expect(compareDates('2025-12-30', '2026-01-12')).toBeLessThan(0);
    expect(compareDates('2026-01-12', '2025-12-30')).toBeGreaterThan(0);
    expect(compareDates('2026-05-08', '2026-05-08')).toBe(0);
  });
});

describe('minDate', () => {
  it('returns the earliest date', () => {
    expect(minDate('2026-05-12', '2026-05-08', '2026-06-01')).toBe('2026-05-08');
    expect(minDate('2026-05-12')).toBe('2026-05-12');
  });

  it('throws a RangeError when called without dates', () => {
    expect(() => minDate()).toThrow(RangeError);
  });
});

describe('yearOf', () => {
  it('returns the year as a number', () => {
    expect(yearOf('2028-01-14')).toBe(2028);
  });
});

describe('localDateInZone', () => {
  const instant = new Date('2026-03-31T21:30:00Z');

  it('returns the next day in Europe/Moscow for an instant after 21:00 UTC', () => {
    expect(localDateInZone(instant, 'Europe/Moscow')).toBe('2026-04-01');
  });

  it('returns the UTC date in UTC', () => {
    expect(localDateInZone(instant, 'UTC')).toBe('2026-03-31');
  });

  it('handles zones west of UTC and far east of Moscow', () => {
    expect(localDateInZone(new Date('2026-04-01T02:00:00Z'), 'America/New_York')).toBe(
      '2026-03-31',
    );
    expect(localDateInZone(new Date('2026-03-31T14:30:00Z'), 'Asia/Vladivostok')).toBe(
      '2026-04-01',
    );
  });

  it('answers each second afresh, across local midnight and between zones (it remembers the last)', () => {
    const before = new Date('2026-03-31T20:59:59.999Z'); // 23:59:59.999 in Moscow
    const after = new Date('2026-03-31T21:00:00.000Z'); // 00:00 in Moscow
    for (let i = 0; i < 3; i++) {
      expect(localDateInZone(before, 'Europe/Moscow')).toBe('2026-03-31');
      expect(localDateInZone(new Date('2026-03-31T20:59:59.000Z'), 'Europe/Moscow')).toBe(
        '2026-03-31',
      );
      expect(localDateInZone(after, 'Europe/Moscow')).toBe('2026-04-01');
      expect(localDateInZone(after, 'UTC')).toBe('2026-03-31');
      expect(localDateInZone(new Date('2026-03-31T21:00:00.999Z'), 'Europe/Moscow')).toBe(
        '2026-04-01',
      );
    }
    // Before 1970 (negative milliseconds) the second is floored, not truncated towards zero.
    expect(localDateInZone(new Date('1969-12-31T23:59:59.500Z'), 'UTC')).toBe('1969-12-31');
    expect(localDateInZone(new Date('1970-01-01T00:00:00.000Z'), 'UTC')).toBe('1970-01-01');
  });

  it('throws a RangeError for an unknown zone or an invalid instant', () => {
    expect(() => localDateInZone(instant, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => localDateInZone(new Date('nonsense'), 'UTC')).toThrow(RangeError);
  });
});
