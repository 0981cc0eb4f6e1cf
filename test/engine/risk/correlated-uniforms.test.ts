import { normalQuantile } from '../../../src/engine/random/normal-quantile';
import { DurationSampler } from '../../../src/engine/random/sample-duration';
import { aleaStreams } from '../../../src/engine/random/seeded-streams';
import { applyCorrelations, compileCorrelations } from '../../../src/engine/risk/correlated-uniforms';
import { normalCdf } from '../../../src/engine/risk/normal-cdf';
import { forecast } from '../../../src/engine/forecast';
import { runBatches, simulationFor } from '../../../src/engine/monte-carlo';
import { compiled, issues, mean, sd } from './helpers';

/** Spearman's rank correlation (no ties: continuous draws). */
function spearman(x: Float64Array, y: Float64Array): number {
  const rank = (v: Float64Array) => {
    const idx = Array.from(v.keys()).sort((a, b) => v[a] - v[b]);
    const r = new Float64Array(v.length);
    idx.forEach((i, k) => { r[i] = k; });
    return r;
  };
  const rx = rank(x), ry = rank(y);
  const mx = mean(rx), my = mean(ry);
  let sxy = 0, sxx = 0, syy = 0;
  for (let k = 0; k < x.length; k++) {
    sxy += (rx[k] - mx) * (ry[k] - my);
    sxx += (rx[k] - mx) ** 2;
    syy += (ry[k] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('correlations: validation', () => {
  it('rejects an empty group and a coefficient outside [0, 1]', () => {
    expect(issues({ correlations: [{ group: {}, coefficient: 0.5 }] })).toEqual([{ code: 'invalid-rule', field: 'correlations[0].group' }]);
    expect(issues({ correlations: [{ group: { team: 'ml' }, coefficient: -0.2 }] })).toEqual([{ code: 'invalid-rule', field: 'correlations[0].coefficient' }]);
    expect(issues({ correlations: [{ group: { team: 'ml' }, coefficient: 1.5 }] })).toEqual([{ code: 'invalid-rule', field: 'correlations[0].coefficient' }]);
  });
});

describe('normalCdf', () => {
  it('inverts AS 241 to 1e-14 absolute (relative in the lower tail: 1e-12 for |x| < 4, 1e-8 beyond, measured)', () => {
    for (const p of [1e-100, 1e-15, 1e-9, 1e-4, 0.01, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97575, 0.999, 1 - 1e-9]) {
      const back = normalCdf(normalQuantile(p));
      expect(Math.abs(back - p)).toBeLessThan(1e-14);
      if (p < 0.5) expect(Math.abs(back - p) / p).toBeLessThan(p > 1e-4 ? 1e-12 : 2e-8);
    }
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });
});

describe('correlated estimates (one-factor Gaussian copula)', () => {
  const group = (coefficient: number) => compiled({
    tasks: [
      { id: 'A', duration: { optimistic: 2, mostLikely: 4, pessimistic: 12 }, meta: { team: 'ml' } },
      { id: 'B', duration: { optimistic: 1, mostLikely: 3, pessimistic: 20, distribution: 'lognormal' }, meta: { team: 'ml' } },
      { id: 'C', duration: { optimistic: 1, mostLikely: 2, pessimistic: 3, distribution: 'uniform' }, labels: ['infra'] },
    ],
    correlations: [{ group: { team: 'ml' }, coefficient }],
  });

  it.each([0.3, 0.8])('gives rank correlation (6/pi)asin(rho/2) within a group and keeps the marginals (rho = %p)', (rho) => {
    // Spearman's rho of the Gaussian copula is (6/pi)asin(rho/2) (Nelsen 2006, §5.1.2) for any marginals;
    // its sampling sd at 100,000 draws is below 0.003: tolerance 0.012.
    const cp = group(rho);
    const sampler = new DurationSampler(cp);
    const g = compileCorrelations(cp, sampler)!;
    expect(Array.from(g.members, (i) => cp.ids[i])).toEqual(['A', 'B']);
    const N = 100_000;
    const rng = aleaStreams('corr', String(rho));
    const dur = new Float64Array(cp.n), score = new Float64Array(cp.n);
    sampler.fillFixed(dur);
    const a = new Float64Array(N), b = new Float64Array(N), c = new Float64Array(N);
    const [ia, ib, ic] = ['A', 'B', 'C'].map((id) => cp.indexOf.get(id)!);
    for (let k = 0; k < N; k++) {
      sampler.fill(rng, dur, score);
      applyCorrelations(g, sampler, rng, dur, score);
      a[k] = dur[ia]; b[k] = dur[ib]; c[k] = dur[ic];
      // The score stays the duration's probability integral transform: A's PERT quantile of score/2^20 is its duration.
      if (k < 100) expect(Math.abs(sampler.quantile(ia, score[ia] / 2 ** 20) - a[k])).toBeLessThan(1e-4);
    }
    expect(Math.abs(spearman(a, b) - (6 / Math.PI) * Math.asin(rho / 2))).toBeLessThan(0.012);
    expect(Math.abs(spearman(a, c))).toBeLessThan(0.012);
    // Marginal of A unchanged: PERT mean (a + 4m + b)/6 = 5, sd (b - a)/sqrt(...) ~ 1.9; SE 0.006, tolerance 0.03.
    expect(Math.abs(mean(a) - 5)).toBeLessThan(0.03);
  });

  it('widens the spread of a chain as Var = N s^2 (1 + (N-1) r) predicts', () => {
    // 10 equal symmetric PERT(2, 5, 8) tasks in a chain. Independent: sd of the finish = sqrt(10)·s; with Pearson
    // correlation r between durations, sqrt(10 s^2 (1 + 9 r)). The copula's r for these near-normal Beta(3,3)
    // marginals lies between Spearman's 0.4826 and rho = 0.5, so the sd ratio is 2.31 .. 2.345; allowed 2.26 .. 2.40
    // (sampling error of the ratio at 20,000 iterations ~1%). P95 - P5 scales alike (the sums are near normal): 6%.
    const chain = (coefficient?: number) => compiled({
      tasks: Array.from({ length: 10 }, (_, k) => ({ id: `T${k}`, duration: { optimistic: 2, mostLikely: 5, pessimistic: 8 }, labels: ['model'], ...(k ? { after: [`T${k - 1}`] } : {}) })),
      ...(coefficient !== undefined ? { correlations: [{ group: { labels: ['model'] }, coefficient }] } : {}),
    });
    const finishes = (cp: ReturnType<typeof chain>) => Float64Array.from(runBatches(cp, { seed: '4', batchSize: 5000, iterations: 20_000, batchIndexes: [0, 1, 2, 3] }).batches.flatMap((b) => b.finish));
    const ind = finishes(chain()), cor = finishes(chain(0.5));
    const ratio = sd(cor) / sd(ind);
    expect(ratio).toBeGreaterThan(2.26);
    expect(ratio).toBeLessThan(2.40);
    const spread = (x: Float64Array) => { const s = x.slice().sort(); return s[Math.round(0.95 * (s.length - 1))] - s[Math.round(0.05 * (s.length - 1))]; };
    expect(Math.abs(spread(cor) / spread(ind) / 2.33 - 1)).toBeLessThan(0.06);
    // The mean does not move (the marginals are kept): 50 days, tolerance 0.1.
    expect(Math.abs(mean(cor) - 50)).toBeLessThan(0.1);
  });

  it('puts a task in several groups into the first, correlates the first attempt of tasks with attempts, and says what changed nothing', () => {
    const cp = compiled({
      tasks: [
        { id: 'A', duration: { optimistic: 1, mostLikely: 2, pessimistic: 4 }, kind: 'training', meta: { team: 'ml' } },
        { id: 'B', duration: { optimistic: 1, mostLikely: 2, pessimistic: 4 }, kind: 'training', meta: { team: 'ml' } },
        { id: 'C', duration: { optimistic: 1, mostLikely: 2, pessimistic: 4 }, kind: 'training', attempts: { successProbability: 0.5, maxAttempts: 3 } },
        { id: 'D', duration: { optimistic: 1, mostLikely: 2, pessimistic: 4 }, kind: 'training' },
        { id: 'E', duration: 3, kind: 'training', labels: ['solo'] },
      ],
      correlations: [{ group: { team: 'ml' }, coefficient: 0.6 }, { group: { kinds: ['training'] }, coefficient: 0.3 }, { group: { labels: ['solo'] }, coefficient: 0.9 }],
    });
    const sim = simulationFor(cp, '1');
    const g = sim.risk!.correlations!;
    expect(Array.from(g.start)).toEqual([0, 2, 4]);
    expect(Array.from(g.members, (i) => cp.ids[i])).toEqual(['A', 'B', 'C', 'D']);
    const r = forecast(cp, { iterations: 500, seed: '1' });
    expect(r.warnings).toEqual([
      'correlations[1]: A, B already belong to an earlier correlation group and keep its coefficient',
      'correlations[2]: fewer than two varying tasks in the group, so it changes nothing',
    ]);
  });

  it('keeps the attempts distribution of a correlated task with attempts (mean by hand)', () => {
    // C: uniform(0, 2) per attempt (mean 1), K ~ Geometric(0.5) capped at 3: E[K] = 1 + 0.5 + 0.25 = 1.75, so E[d] = 1.75.
    // sd(d) ~ 0.9; SE at 20,000 iterations 0.007; tolerance 0.03.
    const cp = compiled({
      tasks: [
        { id: 'C', duration: { optimistic: 0, mostLikely: 1, pessimistic: 2, distribution: 'uniform' }, labels: ['g'], attempts: { successProbability: 0.5, maxAttempts: 3 } },
        { id: 'D', duration: { optimistic: 0, mostLikely: 1, pessimistic: 2, distribution: 'uniform' }, labels: ['g'], after: ['C'] },
      ],
      correlations: [{ group: { labels: ['g'] }, coefficient: 0.7 }],
    });
    const f = Float64Array.from(runBatches(cp, { seed: '8', batchSize: 20_000, iterations: 20_000, batchIndexes: [0] }).batches[0].finish);
    expect(Math.abs(mean(f) - 2.75)).toBeLessThan(0.03);
  });
});
