/**
 * PostgreSQL's `percentile_cont(p)` over a histogram of integer values (value, count), exactly:
 * the values at the 0-based ranks floor and ceil of p × (n − 1), interpolated by the fraction,
 * in the same float arithmetic (PostgreSQL's percentile_cont_final_common). So the summary's
 * median and 90th percentile from the rollup equal the query over appeals.
 */
export function percentileCont(
  histogram: readonly (readonly [value: number, count: number])[],
  p: number,
): number | null {
  const bins = histogram.filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const n = bins.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return null;
  const rank = p * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const at = (k: number): number => {
    let seen = 0;
    for (const [v, c] of bins) {
      seen += c;
      if (seen > k) return v;
    }
    return bins[bins.length - 1][0];
  };
  const first = at(lo);
  if (hi === lo) return first;
  const second = at(hi);
  return first + (rank - lo) * (second - first);
}
