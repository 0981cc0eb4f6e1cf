/**
 * Percentiles of Monte Carlo output.
 *
 * - quantileSorted: the type-7 sample quantile (linear interpolation between order
 *   statistics at h = (N - 1)p, as NumPy and R do by default; docs/plan-format.md).
 *   O(1) on sorted data.
 * - histogramQuantile: the quantile of a fixed-bin histogram, reported as the
 *   midpoint of the bin that holds the order statistic of rank ceil(p·N). Error
 *   against the exact sample quantile: at most half a bin width plus the gap between
 *   neighbouring order statistics; when the rank falls in an edge bin, which also
 *   collects out-of-range values, the result is only a bound (`clamped` says so).
 *   O(bins); histogramQuantiles gives several in one pass, with the same answers.
 * Reference: R. J. Hyndman & Y. Fan (1996), "Sample quantiles in statistical
 * packages", The American Statistician 50(4).
 */

/** Type-7 quantile of ascending `sorted` at p in [0, 1]; NaN for no data. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface HistogramQuantile {
  value: number;
  /** True when the answer lies in an edge bin, which also collects values beyond the range. */
  clamped: boolean;
}

/**
 * Quantile p of counts[offset .. offset + bins) whose bin k covers
 * [start + k·width, start + (k+1)·width); the first and last bins also hold values
 * below/above the range (none can be below a start of 0: finishes are >= 0).
 */
export function histogramQuantile(
  counts: ArrayLike<number>, offset: number, bins: number, start: number, width: number,
  total: number, p: number,
): HistogramQuantile {
  if (total <= 0) return { value: NaN, clamped: false };
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  let k = 0;
  for (; k < bins; k++) {
    seen += counts[offset + k];
    if (seen >= rank) break;
  }
  if (k >= bins) k = bins - 1;
  return { value: start + (k + 0.5) * width, clamped: (k === 0 && start > 0) || k === bins - 1 };
}

/**
 * histogramQuantile at each of `ps` (ascending), in one pass over the counts: out[j]
 * is bin k's midpoint as histogramQuantile(…, ps[j]) gives it; clamped when any is
 * in an edge bin.
 */
export function histogramQuantiles(
  counts: ArrayLike<number>, offset: number, bins: number, start: number, width: number,
  total: number, ps: readonly number[], out: Float64Array,
): boolean {
  const m = ps.length;
  if (total <= 0) {
    out.fill(NaN, 0, m);
    return false;
  }
  let clamped = false;
  let seen = 0, k = 0;
  for (let j = 0; j < m; j++) {
    const rank = Math.max(1, Math.ceil(ps[j] * total));
    while (seen < rank && k < bins) seen += counts[offset + k++];
    // k is one past the bin holding the rank (or bins when the counts fall short).
    const bin = seen >= rank ? k - 1 : bins - 1;
    out[j] = start + (bin + 0.5) * width;
    if ((bin === 0 && start > 0) || bin === bins - 1) clamped = true;
  }
  return clamped;
}
