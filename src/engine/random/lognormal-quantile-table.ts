/**
 * Inverse-CDF tables of the lognormal distribution with a = P5 and b = P95, for
 * sampling by a table lookup instead of Φ⁻¹ and exp on every draw.
 *
 * x(u) = exp(μ + σ·Φ⁻¹(u)) = e^μ · T_σ(u), T_σ(u) = exp(σ·Φ⁻¹(u)), with
 * μ = (ln a + ln b)/2 and σ = (ln b − ln a)/(2 × 1.6448536) (docs/plan-format.md).
 * Method: T_σ is tabulated, per distinct σ (exact value, not quantized), at
 * u = k/CELLS (CELLS = 512) for the body TAIL <= k <= CELLS − TAIL (TAIL = 32) and interpolated
 * linearly; the tails u < TAIL/CELLS and u >= 1 − TAIL/CELLS (12.5 % of
 * draws) are computed exactly (AS 241 and exp), so the heavy right tail is never
 * clipped. Interpolation error in the body <= max|T''|·h²/8: for σ <= 1 (a 27-fold
 * P5..P95 range) below 1e-4 of the value (measured 7.8e-5 at σ = 1, 3.1e-5 at σ = 0.5),
 * checked in test/engine/distributions.test.ts.
 * Tables are float64 (they are few: one per distinct σ; plans above MAX_TABLES
 * distinct σ sample the remaining ones exactly).
 * Cost: CELLS Φ⁻¹ evaluations per table; O(1) per draw.
 * Reference: inverse-transform sampling, L. Devroye (1986), II.2; Φ⁻¹: Wichura (1988).
 */
import { normalQuantile } from './normal-quantile';

const CELLS = 512;
const TAIL = 32;
export const LOGNORMAL_TABLE_STRIDE = CELLS + 1;
export const MAX_TABLES = 4096;
/** Half a step of a 32-bit uniform: keeps Φ⁻¹ finite when the stream returns exactly 0. */
const HALF_ULP32 = 2 ** -33;

export function fillLognormalTable(sigma: number, out: Float64Array, offset: number): void {
  for (let k = 0; k <= CELLS; k++) out[offset + k] = k < TAIL || k > CELLS - TAIL ? NaN : Math.exp(sigma * normalQuantile(k / CELLS));
}

/**
 * The lognormal quantile at u in [0, 1) given e^μ, σ, μ and the σ table at
 * `offset` (offset < 0: no table, computed exactly).
 */
export function lognormalQuantile(table: Float64Array, offset: number, expMu: number, mu: number, sigma: number, u: number): number {
  const t = u * CELLS;
  const j = t | 0;
  if (offset >= 0 && j >= TAIL && j < CELLS - TAIL) {
    const lo = table[offset + j];
    return expMu * (lo + (t - j) * (table[offset + j + 1] - lo));
  }
  return Math.exp(mu + sigma * normalQuantile(u + HALF_ULP32));
}
