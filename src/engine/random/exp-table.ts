/**
 * e^y by table and polynomial, for the lognormal sampler's hot loop.
 *
 * Why: Math.exp in V8 is a call into a software routine (~25 ns per call on the
 * 2-core VM, measured in the 10,000-task benchmark), which made a lognormal draw
 * cost four PERT draws. This version is plain arithmetic TurboFan inlines.
 * Method (Tang 1989): k = round(y·64/ln 2), r = y − k·ln2/64 with ln2/64 split in a
 * high part (its low bits zero, so k·HI is exact for |k| < 2^20) and a low part
 * (Cody–Waite), |r| <= ln2/128; then e^y = 2^(k div 64) · 2^((k mod 64)/64) · p(r),
 * p the degree-5 Taylor polynomial of e^r (truncation < r^6/720 < 4e-17 relative).
 * Both powers of two come from tables built once: 2^m by exact doubling/halving,
 * 2^(j/64) by Math.pow. Outside (-700, 700) (and for NaN) expTable defers to Math.exp.
 * Accuracy: within 5e-16 relative of Math.exp (2 ulps measured over (-699, 699); test/engine/distributions.test.ts).
 * Deterministic: only +, ×, Math.floor and table lookups, so every platform gives
 * the same bits.
 * Cost: O(1): ~12 flops and two table loads.
 * Reference: P. T. P. Tang (1989), "Table-driven implementation of the exponential
 * function in IEEE floating-point arithmetic", ACM TOMS 15(2).
 */

const STEPS = 64;
const INV_STEP = STEPS / Math.LN2;
// fdlibm's ln2_hi / ln2_lo divided by 64 (exact: a power of two).
const STEP_HI = 6.93147180369123816490e-1 / STEPS;
const STEP_LO = 1.90821492927058770002e-10 / STEPS;
/** 2^m at POW2[m + POW2_OFFSET] for m in [-1022, 1023]. */
const POW2_OFFSET = 1022;
const POW2 = new Float64Array(2046);
POW2[POW2_OFFSET] = 1;
for (let m = 1; m <= 1023; m++) POW2[POW2_OFFSET + m] = POW2[POW2_OFFSET + m - 1] * 2;
for (let m = -1; m >= -1022; m--) POW2[POW2_OFFSET + m] = POW2[POW2_OFFSET + m + 1] * 0.5;
const FRACTION = new Float64Array(STEPS);
for (let j = 0; j < STEPS; j++) FRACTION[j] = Math.pow(2, j / STEPS);

/** The tables and constants of expInRange, for its WebAssembly twin (kernel-wasm-module.ts). */
export const EXP_TABLE = { STEPS, INV_STEP, STEP_HI, STEP_LO, POW2_OFFSET, POW2, FRACTION } as const;

/** The open range of y where expInRange applies. */
export const EXP_TABLE_MIN = -700;
export const EXP_TABLE_MAX = 700;

/** e^y for any y (see the banner for accuracy). */
export function expTable(y: number): number {
  return y > EXP_TABLE_MIN && y < EXP_TABLE_MAX ? expInRange(y) : Math.exp(y);
}

/**
 * e^y for EXP_TABLE_MIN < y < EXP_TABLE_MAX only (no range check, so a hot loop
 * that checks the range itself carries no call to Math.exp).
 */
export function expInRange(y: number): number {
  // Round half up by floor (Math.round measured ~6 ns slower per call); |k| < 2^16, an int32.
  const k = Math.floor(y * INV_STEP + 0.5) | 0;
  const r = y - k * STEP_HI - k * STEP_LO;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return POW2[POW2_OFFSET + (k >> 6)] * FRACTION[k & (STEPS - 1)] * p;
}
