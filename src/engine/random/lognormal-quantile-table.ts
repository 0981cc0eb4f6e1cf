/**
 * Lognormal quantiles with a = P5 and b = P95 by a shared table of the standard
 * normal quantile, so a draw costs a lookup and one exp instead of AS 241 and exp.
 *
 * x(u) = exp(μ + σ·Φ⁻¹(u)), μ = (ln a + ln b)/2, σ = (ln b − ln a)/(2 × 1.6448536)
 * (docs/plan-format.md).
 * Method: Φ⁻¹ is tabulated once (one table for every task, so it stays in cache;
 * per-σ tables of x were tried and missed the cache on plans with many distinct
 * σ) at u = k/CELLS (CELLS = 512) for the body TAIL <= k <= CELLS − TAIL (TAIL = 32)
 * and interpolated linearly; the tails u < TAIL/CELLS and u >= 1 − TAIL/CELLS (12.5 %
 * of draws) use AS 241 directly, so the heavy right tail is never clipped.
 * Error of Φ⁻¹ in the body <= max|Φ⁻¹''|·h²/8 = 5e-5 (at the body's edges), i.e. a
 * relative error of x below 5e-5·σ: below 1e-4 for σ <= 1 (a 27-fold P5..P95 range),
 * checked in test/engine/distributions.test.ts.
 * Cost: O(1) per draw: a lookup and one exp (two logs more in the tails).
 * Reference: inverse-transform sampling, L. Devroye (1986), II.2; Φ⁻¹: Wichura (1988).
 */
import { normalQuantile } from './normal-quantile';

const CELLS = 512;
const TAIL = 32;
/** Half a step of a 32-bit uniform: keeps Φ⁻¹ finite when the stream returns exactly 0. */
const HALF_ULP32 = 2 ** -33;

const Z = new Float64Array(CELLS + 1);
for (let k = TAIL; k <= CELLS - TAIL; k++) Z[k] = normalQuantile(k / CELLS);

/** The lognormal quantile at u in [0, 1) given μ and σ. */
export function lognormalQuantile(mu: number, sigma: number, u: number): number {
  const t = u * CELLS;
  const j = t | 0;
  if (j >= TAIL && j < CELLS - TAIL) {
    const lo = Z[j];
    return Math.exp(mu + sigma * (lo + (t - j) * (Z[j + 1] - lo)));
  }
  return Math.exp(mu + sigma * normalQuantile(u + HALF_ULP32));
}
