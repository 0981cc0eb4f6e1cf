/**
 * A lognormal fitted to positive durations (training runs), as the plan format's
 * lognormal estimate: optimistic = P5, pessimistic = P95 (docs/plan-format.md), most
 * likely = the median.
 * Method: maximum likelihood in log space with the unbiased variance:
 *   mu = mean(ln x), sigma^2 = sum (ln x - mu)^2 / (n - 1),
 *   P5 = exp(mu - 1.6448536 sigma), P50 = exp(mu), P95 = exp(mu + 1.6448536 sigma).
 * Also reported: the empirical share of the data below the fitted P5 and above the fitted
 * P95 (about 5% each when the lognormal fits), so a poor fit is visible.
 * Needs at least 2 values, all > 0 and finite (HistoryError 'not-enough-data' /
 * 'invalid-work'). Cost: O(n). Reference: N. L. Johnson, S. Kotz & N. Balakrishnan,
 * "Continuous Univariate Distributions" vol. 1, ch. 14 (1994).
 */
import type { Estimate } from '../plan';
import { HistoryError } from './history-error';
import { Z95 } from '../random/normal-quantile';

// The sampler's constant, so that sampling a fitted estimate gives back the fitted P5 and P95.
export { Z95 };

export interface LognormalFit {
  samples: number;
  mu: number;
  sigma: number;
  p5: number;
  p50: number;
  p95: number;
  /** Share of the values below the fitted P5 / above the fitted P95. */
  belowP5: number;
  aboveP95: number;
  /** The plan-format estimate (lognormal, optimistic = P5, mostLikely = P50, pessimistic = P95), in the values' unit. */
  estimate: Estimate;
}

export function fitLognormal(values: readonly number[]): LognormalFit {
  if (!Array.isArray(values) || values.length < 2) throw new HistoryError('not-enough-data', `a lognormal fit needs at least 2 durations, got ${Array.isArray(values) ? values.length : 0}`);
  let sum = 0;
  values.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) throw new HistoryError('invalid-work', `duration ${i} must be a number > 0, got ${JSON.stringify(x)}`, `values[${i}]`);
    sum += Math.log(x);
  });
  const n = values.length;
  const mu = sum / n;
  let ss = 0;
  for (const x of values) ss += (Math.log(x) - mu) ** 2;
  const sigma = Math.sqrt(ss / (n - 1));
  const p5 = Math.exp(mu - Z95 * sigma), p50 = Math.exp(mu), p95 = Math.exp(mu + Z95 * sigma);
  let below = 0, above = 0;
  for (const x of values) {
    if (x < p5) below++;
    if (x > p95) above++;
  }
  return {
    samples: n, mu, sigma, p5, p50, p95, belowP5: below / n, aboveP95: above / n,
    estimate: { optimistic: p5, mostLikely: p50, pessimistic: p95, distribution: sigma > 0 ? 'lognormal' : 'fixed' },
  };
}
