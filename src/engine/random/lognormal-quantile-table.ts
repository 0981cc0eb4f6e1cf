/**
 * Lognormal quantiles with a = P5 and b = P95 by a shared table of the standard
 * normal quantile, so a draw costs a table polynomial and a table exp instead of
 * AS 241 and Math.exp.
 *
 * x(u) = exp(μ + σ·Φ⁻¹(u)), μ = (ln a + ln b)/2, σ = (ln b − ln a)/(2 × 1.6448536)
 * (docs/plan-format.md).
 * Method: Φ⁻¹ is tabulated once (one table for every task, so it stays in cache;
 * per-σ tables of x were tried and missed the cache on plans with many distinct
 * σ) on the cells [k/CELLS, (k+1)/CELLS), CELLS = 512, as the cubic Hermite
 * interpolant of Φ⁻¹ and its derivative 1/φ(Φ⁻¹) at the cell's ends, stored as four
 * polynomial coefficients per cell, for the body TAIL <= k < CELLS − TAIL (TAIL = 4);
 * the tails u < TAIL/CELLS and u >= 1 − TAIL/CELLS (1.6 % of draws) use AS 241
 * directly, so the heavy right tail is never clipped. The exponential is
 * exp-table.ts (within a few ulps of Math.exp).
 * Error of Φ⁻¹ in the body <= 1.2e-5 (largest in the cells next to the tails,
 * measured on 50 points per cell against AS 241), i.e. a relative error of x below
 * 1.2e-5·σ: below 2e-5 for σ <= 1.6 (a 200-fold P5..P95 range), checked in
 * test/engine/distributions.test.ts.
 * Cost: O(1) per draw: 4 loads, ~15 flops (AS 241, one log and one sqrt, in the tails).
 * Reference: inverse-transform sampling, L. Devroye (1986), II.2; Φ⁻¹: Wichura (1988);
 * cubic Hermite interpolation: e.g. Burden & Faires, "Numerical Analysis", 3.4.
 */
import { normalQuantile } from './normal-quantile';
import { EXP_TABLE_MAX, EXP_TABLE_MIN, expInRange, expTable } from './exp-table';

// Module-local copies: an imported const compiles to a property load in the hot loop.
const Y_MIN = EXP_TABLE_MIN;
const Y_MAX = EXP_TABLE_MAX;

const CELLS = 512;
const TAIL = 4;
/** Half a step of a 32-bit uniform: keeps Φ⁻¹ finite when the stream returns exactly 0. */
const HALF_ULP32 = 2 ** -33;

/** Per body cell k: c0 + c1·t + c2·t² + c3·t³ at COEF[4k..4k+3], t = u·CELLS − k in [0, 1). */
const COEF = new Float64Array(4 * CELLS);
{
  const z = new Float64Array(CELLS + 1), dz = new Float64Array(CELLS + 1);
  for (let k = TAIL; k <= CELLS - TAIL; k++) {
    z[k] = normalQuantile(k / CELLS);
    // dΦ⁻¹/du = 1/φ(z), scaled to a cell of width 1/CELLS.
    dz[k] = (Math.sqrt(2 * Math.PI) * Math.exp(0.5 * z[k] * z[k])) / CELLS;
  }
  for (let k = TAIL; k < CELLS - TAIL; k++) {
    const f0 = z[k], f1 = z[k + 1], d0 = dz[k], d1 = dz[k + 1];
    COEF[4 * k] = f0;
    COEF[4 * k + 1] = d0;
    COEF[4 * k + 2] = 3 * (f1 - f0) - 2 * d0 - d1;
    COEF[4 * k + 3] = 2 * (f0 - f1) + d0 + d1;
  }
}

/** The Φ⁻¹ table and its layout, for the WebAssembly twin of lognormalQuantileRun (kernel-wasm-module.ts). */
export const NORMAL_QUANTILE_TABLE = { CELLS, TAIL, COEF } as const;

/** Φ⁻¹(u) for u in [0, 1): the table in the body, AS 241 in the tails. */
export function normalQuantileTable(u: number): number {
  const t = u * CELLS;
  const k = t | 0;
  if (k >= TAIL && k < CELLS - TAIL) {
    const f = t - k, o = 4 * k;
    return COEF[o] + f * (COEF[o + 1] + f * (COEF[o + 2] + f * COEF[o + 3]));
  }
  return normalQuantile(u + HALF_ULP32);
}

/** The lognormal quantile at u in [0, 1) given μ and σ. */
export function lognormalQuantile(mu: number, sigma: number, u: number): number {
  return expTable(mu + sigma * normalQuantileTable(u));
}

/**
 * out[i] = lognormalQuantile(mu[i], sigma[i], u[i]) for i in [from, to), bit for bit.
 * The hot loop handles the body only; draws in the tails (or with an exponent out
 * of expInRange's range) are listed in `rest` and finished after it, so the loop
 * carries no call (a call in it cost ~6 ns per draw, measured) and a rare branch.
 */
export function lognormalQuantileRun(mu: Float64Array, sigma: Float64Array, u: Float64Array, out: Float64Array, from: number, to: number, rest: Int32Array): void {
  let nRest = 0;
  for (let i = from; i < to; i++) {
    const t = u[i] * CELLS;
    const k = t | 0;
    // Tail cells hold zeros: a finite placeholder, replaced below.
    const f = t - k, o = 4 * k;
    const y = mu[i] + sigma[i] * (COEF[o] + f * (COEF[o + 1] + f * (COEF[o + 2] + f * COEF[o + 3])));
    if (k >= TAIL && k < CELLS - TAIL && y > Y_MIN && y < Y_MAX) out[i] = expInRange(y);
    else rest[nRest++] = i;
  }
  for (let r = 0; r < nRest; r++) {
    const i = rest[r];
    out[i] = lognormalQuantile(mu[i], sigma[i], u[i]);
  }
}
