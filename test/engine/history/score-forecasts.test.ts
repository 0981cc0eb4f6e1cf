import seedrandom from 'seedrandom';
import { scoreForecasts, type ForecastRecord } from '../../../src/engine/history/score-forecasts';

// Standard normal quantiles (scipy.stats.norm.ppf).
const Z = { p5: -1.6448536269514722, p10: -1.2815515655446004, p50: 0, p80: 0.8416212335729143, p90: 1.2815515655446004, p95: 1.6448536269514722 };

describe('scoreForecasts', () => {
  it('rejects unusable records, naming the field', () => {
    expect(() => scoreForecasts([])).toThrow(expect.objectContaining({ code: 'not-enough-data' }));
    expect(() => scoreForecasts([{ p50: 1, p80: 2, actual: 3 } as unknown as ForecastRecord])).toThrow(expect.objectContaining({ code: 'invalid-record', culprit: 'records[0].p95' }));
    expect(() => scoreForecasts([{ p50: 3, p80: 2, p95: 4, actual: 3 }])).toThrow(expect.objectContaining({ code: 'invalid-record', culprit: 'records[0].p80' }));
    expect(() => scoreForecasts([{ p50: 1, p80: 2, p95: 4, actual: '2024-01-01' }])).toThrow(expect.objectContaining({ code: 'invalid-record', culprit: 'records[0].actual' }));
    expect(() => scoreForecasts([{ p50: '2024-01-01', p80: '2024-01-02', p95: '2024-02-30', actual: '2024-01-01' }])).toThrow(expect.objectContaining({ code: 'invalid-record', culprit: 'records[0].p95' }));
  });

  it('scores a hand-computed set', () => {
    const s = scoreForecasts([
      { p5: 8, p50: 10, p80: 12, p95: 15, actual: 11 }, // inside: width 7
      { p5: 8, p50: 10, p80: 12, p95: 15, actual: 17 }, // above: 7 + 20 * 2 = 47
      { p5: 8, p50: 10, p80: 12, p95: 15, actual: 6 }, //  below: 7 + 20 * 2 = 47
    ]);
    expect(s.p80HitRate).toBeCloseTo(2 / 3, 12);
    expect(s.p50Error).toEqual({ mean: 4 / 3, median: 1, meanAbsolute: (1 + 7 + 4) / 3 });
    expect(s.interval).toEqual({ lower: 'p5', upper: 'p95', alpha: 0.1, mean: (7 + 47 + 47) / 3 });
    expect(s.calibration.map((c) => [c.level, c.observed])).toEqual([[0.05, 1 / 3], [0.5, 1 / 3], [0.8, 2 / 3], [0.95, 2 / 3]]);
  });

  it('dates count calendar days, or working days with a calendar', () => {
    const r = { p50: '2024-01-05', p80: '2024-01-08', p95: '2024-01-10', actual: '2024-01-08' };
    expect(scoreForecasts([r]).p50Error.mean).toBe(3);
    const w = scoreForecasts([r], { calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } });
    expect(w.p50Error.mean).toBe(1);
    expect(w.unit).toBe('working-days');
    expect(w.interval).toBeUndefined();
  });

  it('actuals drawn from the forecast distribution: P80 hit rate about 0.8, calibration on the diagonal', () => {
    // 4,000 forecasts, each a normal N(m, s^2) with its own m, s; the actual is drawn from it.
    // SE of a hit rate: sqrt(0.8 * 0.2 / 4000) = 0.0063; tolerance 0.025 (4 SE).
    const rng = seedrandom('score');
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const records: ForecastRecord[] = [];
    let expectedScore = 0;
    for (let i = 0; i < 4000; i++) {
      const m = 20 + 40 * rng(), s = 2 + 8 * rng();
      const rec: ForecastRecord = { actual: m + s * normal(), p50: m, p80: m, p95: m };
      for (const [k, z] of Object.entries(Z)) rec[k] = m + s * z;
      records.push(rec);
      // E[interval score] of N(m, s^2) for the central 90% interval: s (2 z + (2 / 0.1) 2 (phi(z) - z (1 - Phi(z)))) with z = 1.6449.
      expectedScore += s * (2 * Z.p95 + 40 * (0.10313564037537 - Z.p95 * 0.05));
    }
    const score = scoreForecasts(records);
    expect(Math.abs(score.p80HitRate - 0.8)).toBeLessThan(0.025);
    for (const c of score.calibration) expect(Math.abs(c.observed - c.level)).toBeLessThan(0.025);
    expect(Math.abs(score.p50Error.mean)).toBeLessThan(0.4);
    // The interval score is a mean of a skewed quantity; 5% tolerance.
    expect(Math.abs(score.interval!.mean / (expectedScore / 4000) - 1)).toBeLessThan(0.05);
  });
});
