/**
 * "When will these N items be done?" from the team's daily throughput, for backlogs
 * nobody has estimated.
 *
 * Method (Monte Carlo over the team's own history): in each iteration, the scope is N
 * items plus Binomial(N, splitRate) items that split in two once started (splitRate = the
 * share of items that turn out to be two); then day by day a throughput is drawn
 * uniformly from `dailyDone` (one past working day each, so weekly rhythm and bad days
 * keep their real frequency) and taken off the scope, and Poisson(growth) new items
 * arrive (growth = items added to the scope per working day). The finish is the first
 * working day on which nothing is left; finishes are whole working days (x days: done by
 * the end of working day x - 1, as in docs/plan-format.md).
 * Assumptions: days are independent draws (no autocorrelation); the history reflects
 * the team that will do the work. A constant throughput k with no splits or growth
 * gives exactly ceil(N / k) days; Bernoulli(p) days give N / p on average (negative
 * binomial).
 * Errors: no positive day in the history, or growth at or above the mean throughput
 * (the backlog would never empty): HistoryError 'not-enough-data' / 'invalid-option'.
 * Cost: O(iterations x days to finish). Reference: D. Vacanti, "When Will It Be Done?"
 * (2020); T. Magennis, "Forecasting and Simulating Software Development Projects" (2011).
 */
import type { Estimate } from '../plan';
import { quantileSorted } from '../percentiles';
import { HistoryError } from './history-error';

export interface ThroughputOptions {
  /** Default 10,000. */
  iterations?: number;
  rng: () => number;
  /** Share of items that split into two (0..1); default 0. */
  splitRate?: number;
  /** Items added to the scope per working day, on average; default 0. */
  growth?: number;
}

export interface ThroughputForecast {
  iterations: number;
  items: number;
  /** Working days to finish. */
  mean: number;
  p5: number;
  p10: number;
  p50: number;
  p80: number;
  p85: number;
  p90: number;
  p95: number;
}

/** A cap on simulated days, so a pathological history cannot loop for ever. */
export const MAX_THROUGHPUT_DAYS = 100_000;

function poisson(lambda: number, rng: () => number): number {
  // Knuth's product method: fine for the small daily rates this is used with.
  if (lambda <= 0) return 0;
  const limit = Math.exp(-lambda);
  let k = 0, p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

function check(dailyDone: readonly number[], items: number, opts: ThroughputOptions): { iterations: number; split: number; growth: number } {
  if (!Array.isArray(dailyDone) || dailyDone.length === 0) throw new HistoryError('not-enough-data', 'throughput needs at least one past working day');
  dailyDone.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isFinite(d) || d < 0) throw new HistoryError('invalid-option', `dailyDone[${i}] must be a number >= 0, got ${JSON.stringify(d)}`, `dailyDone[${i}]`);
  });
  if (!Number.isInteger(items) || items < 0) throw new HistoryError('invalid-option', `items must be a whole number >= 0, got ${items}`, 'items');
  const iterations = opts.iterations ?? 10_000;
  if (!Number.isInteger(iterations) || iterations < 1) throw new HistoryError('invalid-option', `iterations must be a whole number >= 1, got ${iterations}`, 'iterations');
  if (typeof opts.rng !== 'function') throw new HistoryError('invalid-option', 'a random source rng is required', 'rng');
  const split = opts.splitRate ?? 0, growth = opts.growth ?? 0;
  if (!(split >= 0 && split <= 1)) throw new HistoryError('invalid-option', `splitRate must be in [0, 1], got ${split}`, 'splitRate');
  if (!(growth >= 0) || !Number.isFinite(growth)) throw new HistoryError('invalid-option', `growth must be a number >= 0, got ${growth}`, 'growth');
  const mean = dailyDone.reduce((s, d) => s + d, 0) / dailyDone.length;
  if (!(mean > 0)) throw new HistoryError('not-enough-data', 'the throughput history has no day on which anything was done');
  if (growth >= mean) throw new HistoryError('invalid-option', `scope growth ${growth}/day is at or above the mean throughput ${mean.toFixed(3)}/day: the backlog never empties`, 'growth');
  return { iterations, split, growth };
}

export function forecastThroughput(dailyDone: readonly number[], items: number, opts: ThroughputOptions): ThroughputForecast {
  const { iterations, split, growth } = check(dailyDone, items, opts);
  const rng = opts.rng;
  const n = dailyDone.length;
  const days = new Float64Array(iterations);
  let total = 0;
  for (let it = 0; it < iterations; it++) {
    let left = items;
    if (split > 0) for (let i = 0; i < items; i++) if (rng() < split) left++;
    let d = 0;
    while (left > 0) {
      if (++d > MAX_THROUGHPUT_DAYS) throw new HistoryError('invalid-option', `the backlog is not done after ${MAX_THROUGHPUT_DAYS} simulated days`, 'growth');
      left -= dailyDone[Math.floor(rng() * n)];
      if (growth > 0) left += poisson(growth, rng);
    }
    days[it] = d;
    total += d;
  }
  days.sort();
  const q = (p: number) => quantileSorted(days, p);
  return { iterations, items, mean: total / iterations, p5: q(0.05), p10: q(0.1), p50: q(0.5), p80: q(0.8), p85: q(0.85), p90: q(0.9), p95: q(0.95) };
}

/**
 * An estimate for unestimated work (an epic of N items) from throughput: lognormal with
 * optimistic = P5, mostLikely = P50, pessimistic = P95 of the simulated days (the plan
 * format's lognormal reads a and b as P5 / P95), `fixed` when they coincide; always
 * flagged `assumed` (it is the team's pace, not anyone's estimate of this work).
 */
export function throughputEstimate(dailyDone: readonly number[], items: number, opts: ThroughputOptions): { estimate: Estimate; assumed: true; forecast: ThroughputForecast } {
  const f = forecastThroughput(dailyDone, items, opts);
  const estimate: Estimate = f.p5 === f.p95 || !(f.p5 > 0)
    ? { optimistic: f.p50, mostLikely: f.p50, pessimistic: f.p50, distribution: 'fixed' }
    : { optimistic: f.p5, mostLikely: f.p50, pessimistic: f.p95, distribution: 'lognormal' };
  return { estimate, assumed: true, forecast: f };
}
