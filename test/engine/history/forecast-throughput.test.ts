import seedrandom from 'seedrandom';
import { forecastThroughput, throughputEstimate } from '../../../src/engine/history/forecast-throughput';
import { dailyThroughput } from '../../../src/engine/history/daily-throughput';

const calendar = { workdays: [1, 2, 3, 4, 5], holidays: [] };

describe('forecastThroughput', () => {
  it('rejects unusable histories and options', () => {
    const rng = seedrandom('t');
    expect(() => forecastThroughput([], 5, { rng })).toThrow(expect.objectContaining({ code: 'not-enough-data' }));
    expect(() => forecastThroughput([0, 0], 5, { rng })).toThrow(expect.objectContaining({ code: 'not-enough-data' }));
    expect(() => forecastThroughput([1, -1], 5, { rng })).toThrow(expect.objectContaining({ code: 'invalid-option', culprit: 'dailyDone[1]' }));
    expect(() => forecastThroughput([1], 2.5, { rng })).toThrow(expect.objectContaining({ code: 'invalid-option', culprit: 'items' }));
    expect(() => forecastThroughput([1], 5, { rng, growth: 1 })).toThrow(expect.objectContaining({ code: 'invalid-option', culprit: 'growth' }));
    expect(() => forecastThroughput([1], 5, { rng, splitRate: 2 })).toThrow(expect.objectContaining({ code: 'invalid-option', culprit: 'splitRate' }));
  });

  it('a constant throughput of k per day takes exactly ceil(N / k) days', () => {
    for (const [k, n] of [[3, 10], [2, 10], [1, 7], [5, 0]]) {
      const f = forecastThroughput([k, k, k], n, { rng: seedrandom('c'), iterations: 200 });
      expect([f.p5, f.p50, f.p95, f.mean]).toEqual(Array(4).fill(Math.ceil(n / k)));
    }
  });

  it('Bernoulli(p) days give the negative-binomial mean N / p', () => {
    // p = 0.3, N = 20: mean 66.67 days, s.d. sqrt(N (1 - p)) / p = 12.47; SE over 10,000 iterations 0.125.
    const f = forecastThroughput([1, 0, 0, 1, 0, 0, 1, 0, 0, 0], 20, { rng: seedrandom('bernoulli'), iterations: 10_000 });
    expect(Math.abs(f.mean - 20 / 0.3)).toBeLessThan(0.5);
  });

  it('splits and growth lengthen the forecast; growth is exact in expectation', () => {
    const base = forecastThroughput([2], 20, { rng: seedrandom('g'), iterations: 2000 });
    const split = forecastThroughput([2], 20, { rng: seedrandom('g'), iterations: 2000, splitRate: 0.5 });
    // 20 + Binomial(20, 0.5) = 30 items on average, at 2 a day: about 15 days (vs 10).
    expect(base.p50).toBe(10);
    expect(Math.abs(split.mean - 15)).toBeLessThan(0.3);
    const grow = forecastThroughput([2], 20, { rng: seedrandom('g'), iterations: 2000, growth: 1 });
    // Net 1 item a day on average: about 20 days.
    expect(Math.abs(grow.mean - 20)).toBeLessThan(1);
  });

  it('throughputEstimate is a lognormal P5 / P50 / P95, flagged assumed', () => {
    const e = throughputEstimate([1, 0, 2, 1, 0], 10, { rng: seedrandom('e'), iterations: 2000 });
    expect(e.assumed).toBe(true);
    expect(e.estimate).toEqual({ optimistic: e.forecast.p5, mostLikely: e.forecast.p50, pessimistic: e.forecast.p95, distribution: 'lognormal' });
    expect(throughputEstimate([2], 10, { rng: seedrandom('e'), iterations: 50 }).estimate).toEqual({ optimistic: 5, mostLikely: 5, pessimistic: 5, distribution: 'fixed' });
  });
});

describe('dailyThroughput', () => {
  it('rejects a bad date and counts per working day, weekend work on the next working day', () => {
    expect(() => dailyThroughput(['2024-13-01'], calendar)).toThrow(expect.objectContaining({ code: 'invalid-work', culprit: 'resolved[0]' }));
    // Mon 2024-01-01 .. Mon 2024-01-08: 6 working days; Saturday's item counts on Monday the 8th.
    expect(dailyThroughput(['2024-01-01', '2024-01-01T10:00:00.000+0000', '2024-01-03', '2024-01-06', '2024-01-08'], calendar)).toEqual([2, 0, 1, 0, 0, 2]);
  });
});
