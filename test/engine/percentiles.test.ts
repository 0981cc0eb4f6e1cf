import { histogramQuantile, histogramQuantiles, quantileSorted } from '../../src/engine/percentiles';
import seedrandom from 'seedrandom';

describe('percentiles', () => {
  it('returns NaN for no data', () => {
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(histogramQuantile([0, 0], 0, 2, 0, 1, 0, 0.5).value).toBeNaN();
  });

  it('type-7 quantiles match NumPy (numpy.quantile defaults)', () => {
    // numpy.quantile([1, 2, 3, 4], [0, 0.1, 0.5, 0.95, 1]) = [1, 1.3, 2.5, 3.85, 4]
    const xs = [1, 2, 3, 4];
    expect(quantileSorted(xs, 0)).toBe(1);
    expect(quantileSorted(xs, 0.1)).toBeCloseTo(1.3, 12);
    expect(quantileSorted(xs, 0.5)).toBe(2.5);
    expect(quantileSorted(xs, 0.95)).toBeCloseTo(3.85, 12);
    expect(quantileSorted(xs, 1)).toBe(4);
    expect(quantileSorted([7], 0.8)).toBe(7);
  });

  it('histogram quantiles are the midpoint of the bin holding rank ceil(pN); edge bins are flagged', () => {
    // Bins of width 2 from 10: [10,12) 1, [12,14) 3, [14,16) 6 -> rank 5 of 10 is in [14,16).
    const counts = [1, 3, 6];
    expect(histogramQuantile(counts, 0, 3, 10, 2, 10, 0.5)).toEqual({ value: 15, clamped: true });
    expect(histogramQuantile(counts, 0, 3, 10, 2, 10, 0.4)).toEqual({ value: 13, clamped: false });
    expect(histogramQuantile(counts, 0, 3, 10, 2, 10, 0.1)).toEqual({ value: 11, clamped: true });
    expect(histogramQuantile(counts, 0, 3, 0, 2, 10, 0.1)).toEqual({ value: 1, clamped: false });
    expect(histogramQuantile([9, 1, 3, 6], 1, 3, 10, 2, 10, 0.4).value).toBe(13);
  });

  it('several histogram quantiles in one pass answer as histogramQuantile does, empty bins and short counts included', () => {
    const rng = seedrandom('hq');
    const ps = [0.1, 0.5, 0.5, 0.8, 0.9, 0.95, 1];
    const out = new Float64Array(ps.length);
    for (let t = 0; t < 200; t++) {
      const bins = 1 + Math.floor(rng() * 12);
      // Sparse counts (many empty bins), sometimes fewer than the total (values never counted).
      const counts = Array.from({ length: bins + 2 }, () => (rng() < 0.5 ? 0 : Math.floor(rng() * 5)));
      const inRange = counts.slice(1, bins + 1).reduce((a, b) => a + b, 0);
      const total = inRange + (rng() < 0.2 ? 3 : 0);
      const start = rng() < 0.5 ? 0 : 4;
      const clamped = histogramQuantiles(counts, 1, bins, start, 0.5, total, ps, out);
      const one = ps.map((p) => histogramQuantile(counts, 1, bins, start, 0.5, total, p));
      expect(Array.from(out)).toEqual(one.map((q) => q.value));
      expect(clamped).toBe(one.some((q) => q.clamped));
    }
  });
});
