import { percentileCont } from './percentile';

describe('percentileCont', () => {
  it('is null without values', () => {
    expect(percentileCont([], 0.5)).toBeNull();
    expect(percentileCont([[3, 0]], 0.5)).toBeNull();
  });

  it('interpolates between the neighbouring ranks as percentile_cont does', () => {
    // 5, 18, 32 (docs/reports.md): median 18, p90 18 + 0.8 × 14 = 29.2
    const sut = [
      [5, 1],
      [18, 1],
      [32, 1],
    ] as const;
    expect(percentileCont(sut, 0.5)).toBe(18);
    expect(percentileCont(sut, 0.9)).toBeCloseTo(29.2, 10);
  });

  it('expands counts, whatever the order of the histogram', () => {
    // 1,1,1,4,4,9 → rank 0.5 × 5 = 2.5 between 1 and 4
    expect(
      percentileCont(
        [
          [9, 1],
          [1, 3],
          [4, 2],
        ],
        0.5,
      ),
    ).toBe(2.5);
  });

  it('handles negative days from bad legacy dates', () => {
    expect(
      percentileCont(
        [
          [-2, 1],
          [0, 1],
        ],
        0.5,
      ),
    ).toBe(-1);
  });
});
