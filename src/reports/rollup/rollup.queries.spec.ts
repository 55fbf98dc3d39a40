import { bucketsOf, onTimeShare } from './rollup.queries';

describe('bucketsOf', () => {
  it('lists every day of the period', () => {
    expect(bucketsOf('2026-02-27', '2026-03-02', 'day')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  it('starts weeks on Monday (ISO), the first one before the period when it starts mid-week', () => {
    // 2026-03-01 is a Sunday; 2026-03-15 too.
    expect(bucketsOf('2026-03-01', '2026-03-15', 'week')).toEqual([
      '2026-02-23',
      '2026-03-02',
      '2026-03-09',
    ]);
    expect(bucketsOf('2026-03-02', '2026-03-02', 'week')).toEqual(['2026-03-02']);
  });

  it('crosses a year end by months', () => {
    expect(bucketsOf('2025-11-15', '2026-02-01', 'month')).toEqual([
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
    ]);
  });
});

describe('onTimeShare', () => {
  it('divides the answered on time by everything whose term has come', () => {
    expect(onTimeShare(2, 3, 1)).toBe(0.5);
    expect(onTimeShare(1, 3, 0)).toBe(0.333);
  });

  it('is null when nothing is due yet', () => {
    expect(onTimeShare(0, 0, 0)).toBeNull();
  });
});
