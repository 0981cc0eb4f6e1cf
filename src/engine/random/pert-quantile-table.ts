/**
 * Inverse-CDF tables of the standardized Beta-PERT distribution, for sampling by
 * one uniform draw and a table lookup instead of two gamma variates.
 *
 * Beta-PERT with lambda 4 on [a, b] with mode m is a + (b - a) · Beta(α, β) with
 * α = 1 + 4s, β = 1 + 4(1 - s), s = (m - a)/(b - a) (docs/plan-format.md), so one
 * table per shape s serves every task with that shape.
 *
 * Method:
 * - The shape is quantized to a grid of 1/SHAPE_STEPS (max shape error 6.1e-5,
 *   α and β off by at most 2.4e-4; the mean moves by at most 4.1e-5·(b - a)).
 * - The CDF of x^(α-1)(1-x)^(β-1) is integrated by Simpson's rule on CDF_INTERVALS
 *   equal x intervals and normalized by its total (no Beta function needed); a
 *   quantile is found in its x interval by linear inversion and one Newton step.
 * - Body: Q(u) on a uniform u grid of TABLE_INTERVALS cells, linear interpolation.
 * - Near tails: the first and last TAIL_CELLS cells are steep (Q(u) ~ u^(1/α) at 0,
 *   1 - Q(u) ~ (1-u)^(1/β) at 1), so there Q is tabulated again on FINE_STEPS times
 *   finer cells (u_E = TAIL_CELLS/TABLE_INTERVALS split in FINE_CELLS cells). The
 *   error of linear interpolation in a cell of width h at u is ~h²·|Q''(u)|/8 with
 *   |Q''| ~ u^(1/α − 2): FINE_STEPS times narrower cells at u down to u_E/FINE_STEPS
 *   err by FINE_STEPS^(−1/α) times the body's worst cell, so no more than the body.
 * - Deep tails (u < u_E/FINE_STEPS or u >= 1 − u_E/FINE_STEPS, 0.2 % of draws):
 *   Q is tabulated against v = (u/u_E)^(1/α) (resp. v = ((1-u)/u_E)^(1/β)), in which
 *   it is smooth: Q = Q(u_E)·g(v), g tabulated on TAIL_POINTS + 1 points. The upper
 *   tail is the lower tail of the mirrored shape Beta(β, α). Only these draws need
 *   a Math.pow (which cost ~8 % of a 10,000-task forecast when the near tails used it too).
 * Measured error (test/engine/distributions.test.ts, against bisection on a
 * 20,000-interval Simpson integral): at most 4e-5·(b - a) over u in [1e-7, 1 - 1e-7]
 * for shapes 0..1, tails included; the test asserts < 2e-4. Tables are stored as
 * 16-bit multiples of 1/65535 (adds < 7.7e-6) so that a plan's few hundred shapes stay
 * in cache: with float32 tables (twice the bytes) cache misses took half of the PERT
 * sampling time of a 10,000-task plan (272 shapes, 0.5 MB of body tables). Means and
 * variances over 200,000 draws match (a+4m+b)/6 and (μ-a)(b-μ)/7.
 * Assumptions: α, β >= 1 (always true for lambda 4), so the density is bounded.
 * Cost: building a table is O(CDF_INTERVALS + TABLE_INTERVALS): table exps for the
 * density, then each quantile by a forward walk of the CDF and Newton on Simpson's
 * cubic (~0.1 ms per shape once optimized; in a fresh process 111 shapes took ~85 ms, so
 * pert-quantile-table-wasm.ts builds the same tables in WebAssembly, ~35 ms with its
 * setup; pert-table-cache.ts keeps them per process, and the CLI hands its tables to its
 * workers); a draw is O(1): a lookup in
 * the body (96.9 % of draws) or the near tails (2.9 %), one pow and a lookup in the
 * deep tails (0.2 %).
 * Reference: D. Vose (2008), "Risk Analysis", 3rd ed., ch. 9 (PERT); inverse-transform
 * sampling: L. Devroye (1986), "Non-Uniform Random Variate Generation", II.2.
 */

import { expTable } from './exp-table';

// Module-local constants (TypeScript compiles uses of an exported const to property loads).
const K_BODY = 512;
const K_TAIL = 8;
const K_TAIL_POINTS = 64;
const FINE_STEPS = 16;
const K_FINE = K_TAIL * FINE_STEPS;
/** Cells of the body's u grid. */
export const TABLE_INTERVALS = K_BODY;
/** Cells at each end handled by the tail tables. */
export const TAIL_CELLS = K_TAIL;
/** Cells of each tail table (in v). */
export const TAIL_POINTS = K_TAIL_POINTS;
/** Cells of each near-tail table (in u, FINE_STEPS times finer than the body's). */
export const FINE_CELLS = K_FINE;
/** Fine cells per body cell in the near tails. */
export const FINE_SCALE = FINE_STEPS;
/** Shape grid: s is rounded to a multiple of 1/SHAPE_STEPS. */
export const SHAPE_STEPS = 8192;
const CDF_INTERVALS = 1024;
/** CDF intervals at each end where quantiles use the exact density (see betaQuantiles). */
const EDGE_INTERVALS = 4;
const U_TAIL = K_TAIL / K_BODY;
const INV_U_TAIL = K_BODY / K_TAIL;

/** Table values: Q in [0, 1] as a multiple of 1/LEVELS (see the banner). */
const LEVELS = 65535;
const UNIT = 1 / LEVELS;
/** The value of one table step, for the WebAssembly twin of pertQuantileRun. */
export const TABLE_UNIT = UNIT;
/** Values per shape: body, lower tail, upper tail (in v), lower and upper near tails (in u). */
const STRIDE = K_BODY + 1 + 2 * (K_TAIL_POINTS + 1) + 2 * (K_FINE + 1);
const FINE_LO = K_BODY + 1 + 2 * (K_TAIL_POINTS + 1);
const FINE_HI = FINE_LO + K_FINE + 1;
/** Offsets of the near-tail tables in a shape's tables. */
export const FINE_LOW = FINE_LO;
export const FINE_HIGH = FINE_HI;
/** Where the upper near-tail table starts in u (exact: a multiple of 2^-6). */
export const FINE_HIGH_FROM = 1 - U_TAIL;
export const TABLE_STRIDE = STRIDE;
/** Float64 constants per shape: 1/α, 1/β, Q(u_E), 1 - Q(1 - u_E). */
export const CONST_STRIDE = 4;

/** The quantized shape key of a PERT estimate (integer in 0..SHAPE_STEPS). */
export function pertShapeKey(a: number, m: number, b: number): number {
  return Math.round(((m - a) / (b - a)) * SHAPE_STEPS);
}

/** What the WebAssembly twin of fillPertQuantileTable (pert-quantile-table-wasm.ts) computes with. */
export const PERT_TABLE_BUILD = { CDF_INTERVALS, EDGE_INTERVALS, U_TAIL, LEVELS } as const;

/** ln x and ln(1 − x) at the Simpson grid points j/M and midpoints (j + 0.5)/M (built once per process). */
let logs: { lnX: Float64Array; ln1mX: Float64Array; lnMid: Float64Array; ln1mMid: Float64Array } | undefined;
export function gridLogs(): NonNullable<typeof logs> {
  if (!logs) {
    const M = CDF_INTERVALS, h = 1 / M;
    const lnX = new Float64Array(M + 1), ln1mX = new Float64Array(M + 1), lnMid = new Float64Array(M), ln1mMid = new Float64Array(M);
    for (let j = 1; j < M; j++) {
      lnX[j] = Math.log(j * h);
      ln1mX[j] = Math.log(1 - j * h);
    }
    for (let j = 0; j < M; j++) {
      lnMid[j] = Math.log((j + 0.5) * h);
      ln1mMid[j] = Math.log(1 - (j + 0.5) * h);
    }
    logs = { lnX, ln1mX, lnMid, ln1mMid };
  }
  return logs;
}

/**
 * The quantile function of Beta(1 + am1, 1 + bm1) from a Simpson CDF table, accurate to
 * about 1e-9 (see banner). A class, not closures per shape: V8 optimized code that had
 * inlined one shape's closure deoptimized at the next shape's.
 */
class BetaQuantile {
  private readonly fj = new Float64Array(CDF_INTERVALS + 1);
  private readonly fm = new Float64Array(CDF_INTERVALS);
  private readonly cdf = new Float64Array(CDF_INTERVALS + 1);
  private total = 1;
  private am1 = 0;
  private bm1 = 0;
  /** Tables ask for increasing u: the search walks on from the previous interval (a binary search, with its unpredictable branches, cost more than the rest). */
  private cursor = 0;

  /**
   * Sets the shape: Beta(1 + am1, 1 + bm1) from the density on the Simpson grid (f at
   * the points, mid at the midpoints), read backwards when `mirror` (then the density is
   * that of Beta(1 + bm1, 1 + am1)).
   */
  reset(am1: number, bm1: number, f: Float64Array, mid: Float64Array, mirror: boolean): void {
    const M = CDF_INTERVALS, h = 1 / M;
    const { fj, fm, cdf } = this;
    this.am1 = mirror ? bm1 : am1;
    this.bm1 = mirror ? am1 : bm1;
    for (let j = 0; j <= M; j++) fj[j] = mirror ? f[M - j] : f[j];
    for (let j = 0; j < M; j++) fm[j] = mirror ? mid[M - 1 - j] : mid[j];
    for (let j = 0; j < M; j++) cdf[j + 1] = cdf[j] + (h / 6) * (fj[j] + 4 * fm[j] + fj[j + 1]);
    const total = (this.total = cdf[M]);
    for (let j = 0; j <= M; j++) {
      cdf[j] /= total;
      fj[j] /= total;
    }
    for (let j = 0; j < M; j++) fm[j] /= total;
    this.cursor = 0;
  }

  /** The unnormalized density x^am1 (1 − x)^bm1. */
  private pdf(x: number): number {
    const { am1, bm1 } = this;
    return x <= 0 ? (am1 === 0 ? 1 : 0) : x >= 1 ? (bm1 === 0 ? 1 : 0) : Math.pow(x, am1) * Math.pow(1 - x, bm1);
  }

  at(u: number): number {
    if (u <= 0) return 0;
    if (u >= 1) return 1;
    const M = CDF_INTERVALS, h = 1 / M;
    const { cdf, fj, fm } = this;
    let lo = cdf[this.cursor] < u ? this.cursor : 0;
    while (lo + 1 < M && cdf[lo + 1] < u) lo++;
    this.cursor = lo;
    const j = lo, x0 = j * h, c0 = cdf[j], c1 = cdf[j + 1];
    if (j >= EDGE_INTERVALS && j < M - EDGE_INTERVALS) {
      // Newton on the cubic that Simpson's rule integrates: the density as the quadratic
      // through f(x0), f(x0 + h/2), f(x0 + h), so F(x0 + τh) = c0 + h(f0·τ + B·τ²/2 + C·τ³/3)
      // agrees with the cdf table at both ends (no pow per step).
      const f0 = fj[j], B = -3 * f0 + 4 * fm[j] - fj[j + 1], C = 2 * (f0 - 2 * fm[j] + fj[j + 1]);
      let tau = c1 > c0 ? (u - c0) / (c1 - c0) : 0;
      for (let it = 0; it < 3; it++) {
        const dF = h * (f0 + tau * (B + tau * C));
        if (!(dF > 0)) break;
        const F = c0 + h * tau * (f0 + tau * (B / 2 + (tau * C) / 3));
        const next = tau - (F - u) / dF;
        tau = next < 0 ? 0 : next > 1 ? 1 : next;
      }
      return x0 + h * tau;
    }
    // Next to 0 and 1 the density may be far from a quadratic (x^(α−1) with α up to 5):
    // one Newton step with the exact density.
    const total = this.total;
    let x = c1 > c0 ? x0 + (h * (u - c0)) / (c1 - c0) : x0;
    const fx = this.pdf(x) / total;
    if (fx > 0) {
      const Fx = c0 + ((x - x0) / 6) * (fj[j] + (4 * this.pdf((x0 + x) / 2)) / total + fx);
      const nx = x - (Fx - u) / fx;
      x = nx < x0 ? x0 : nx > x0 + h ? x0 + h : nx;
    }
    return x;
  }
}

/** Scratch of the table builder (one per process; building is synchronous). */
let scratch: { f: Float64Array; mid: Float64Array; q: BetaQuantile; mirror: BetaQuantile } | undefined;

/**
 * Quantile functions of Beta(1 + am1, 1 + bm1) and of its mirror Beta(1 + bm1, 1 + am1)
 * (valid until the next call); the mirror reuses the reversed density grid.
 */
function betaQuantiles(am1: number, bm1: number): { q: BetaQuantile; mirror: BetaQuantile } {
  const M = CDF_INTERVALS;
  scratch ??= { f: new Float64Array(M + 1), mid: new Float64Array(M), q: new BetaQuantile(), mirror: new BetaQuantile() };
  const { f, mid } = scratch;
  // The density on the Simpson grid as exp(am1·ln x + bm1·ln(1 − x)) with the logarithms
  // shared by every shape: one table exp (exp-table.ts) instead of two pow per point
  // (within ~1e-15 relative of pdf; the table build took ~3 times as long with pow).
  const { lnX, ln1mX, lnMid, ln1mMid } = gridLogs();
  f[0] = am1 === 0 ? 1 : 0;
  f[M] = bm1 === 0 ? 1 : 0;
  for (let j = 1; j < M; j++) f[j] = expTable(am1 * lnX[j] + bm1 * ln1mX[j]);
  for (let j = 0; j < M; j++) mid[j] = expTable(am1 * lnMid[j] + bm1 * ln1mMid[j]);
  scratch.q.reset(am1, bm1, f, mid, false);
  scratch.mirror.reset(am1, bm1, f, mid, true);
  return scratch;
}

/** Writes the tables of shape `key` at tables[tOff..] and its constants at consts[cOff..]. */
export function fillPertQuantileTable(key: number, tables: Uint16Array, tOff: number, consts: Float64Array, cOff: number): void {
  const s = key / SHAPE_STEPS;
  // Values in [0, 1] as multiples of 1/LEVELS (rounded).
  const level = (x: number) => Math.min(LEVELS, Math.max(0, Math.round(x * LEVELS)));
  const am1 = 4 * s, bm1 = 4 * (1 - s);
  const { q, mirror } = betaQuantiles(am1, bm1);
  const K = K_BODY, T = K_TAIL_POINTS;
  for (let k = 0; k <= K; k++) tables[tOff + k] = level(q.at(k / K));
  const qLo = q.at(U_TAIL), qHiC = mirror.at(U_TAIL);
  const lowOff = tOff + K + 1, highOff = lowOff + T + 1;
  for (let k = 0; k <= T; k++) {
    const v = k / T;
    tables[lowOff + k] = level(k === T ? 1 : q.at(U_TAIL * Math.pow(v, 1 + am1)) / qLo);
    tables[highOff + k] = level(k === T ? 1 : mirror.at(U_TAIL * Math.pow(v, 1 + bm1)) / qHiC);
  }
  for (let k = 0; k <= K_FINE; k++) tables[tOff + FINE_LO + k] = level(q.at((U_TAIL * k) / K_FINE));
  for (let k = K_FINE; k >= 0; k--) tables[tOff + FINE_HI + k] = level(k === K_FINE ? 1 : 1 - mirror.at((U_TAIL * (K_FINE - k)) / K_FINE));
  consts[cOff] = 1 / (1 + am1);
  consts[cOff + 1] = 1 / (1 + bm1);
  consts[cOff + 2] = qLo;
  consts[cOff + 3] = qHiC;
}

/** Table value at o + f (f in [0, 1)) by linear interpolation, in units of 1 (the tables hold steps of UNIT). */
function between(tables: Uint16Array, o: number, f: number): number {
  const lo = tables[o];
  return (lo + f * (tables[o + 1] - lo)) * UNIT;
}

/** Standardized PERT quantile at u in [0, 1) from the tables of one shape. */
export function pertQuantile(tables: Uint16Array, tOff: number, consts: Float64Array, cOff: number, u: number): number {
  const t = u * K_BODY;
  const j = t | 0;
  if (j >= K_TAIL && j < K_BODY - K_TAIL) return between(tables, tOff + j, t - j);
  return pertNearTail(tables, tOff, consts, cOff, u, j < K_TAIL);
}

/** Q in the near tails by the fine tables, in the deep tails by pertTail (u in a tail: j < K_TAIL or j >= K_BODY − K_TAIL). */
export function pertNearTail(tables: Uint16Array, tOff: number, consts: Float64Array, cOff: number, u: number, lower: boolean): number {
  const t = lower ? u * (K_BODY * FINE_STEPS) : (u - (1 - U_TAIL)) * (K_BODY * FINE_STEPS);
  const j = t | 0;
  if (lower ? j >= K_TAIL : j < K_FINE - K_TAIL) return between(tables, tOff + (lower ? FINE_LO : FINE_HI) + j, t - j);
  return pertTail(tables, tOff, consts, cOff, u, lower);
}

/**
 * out[i] = p0[i] + p1[i]·pertQuantile(tables, tOff[i], consts, cOff[i], u[i]) for i in
 * [from, to), bit for bit: a + (b − a)·Q. The hot loop handles the body only; tail
 * draws (3 % of them) are listed in `rest` and finished after it, so the loop carries
 * no call to Math.pow (a call in a loop cost ~6 ns per draw, measured).
 */
export function pertQuantileRun(
  tables: Uint16Array, tOff: Int32Array, consts: Float64Array, cOff: Int32Array,
  p0: Float64Array, p1: Float64Array, u: Float64Array, out: Float64Array, from: number, to: number, rest: Int32Array,
): void {
  let nRest = 0;
  for (let i = from; i < to; i++) {
    const t = u[i] * K_BODY;
    const j = t | 0;
    // j <= K_BODY - 1, so j + 1 stays inside the body table even for a tail draw (replaced below).
    out[i] = p0[i] + p1[i] * between(tables, tOff[i] + j, t - j);
    if (j < K_TAIL || j >= K_BODY - K_TAIL) rest[nRest++] = i;
  }
  for (let r = 0; r < nRest; r++) {
    const i = rest[r];
    out[i] = p0[i] + p1[i] * pertQuantile(tables, tOff[i], consts, cOff[i], u[i]);
  }
}

function pertTail(tables: Uint16Array, tOff: number, consts: Float64Array, cOff: number, u: number, lower: boolean): number {
  const v = lower ? Math.pow(u * INV_U_TAIL, consts[cOff]) : Math.pow((1 - u) * INV_U_TAIL, consts[cOff + 1]);
  const tv = v * K_TAIL_POINTS;
  let k = tv | 0;
  if (k >= K_TAIL_POINTS) k = K_TAIL_POINTS - 1;
  const o = tOff + K_BODY + 1 + (lower ? 0 : K_TAIL_POINTS + 1) + k;
  const g = between(tables, o, tv - k);
  return lower ? consts[cOff + 2] * g : 1 - consts[cOff + 3] * g;
}
