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
 * - Tails: the first and last TAIL_CELLS cells are steep (Q(u) ~ u^(1/α) at 0 and
 *   1 - Q(u) ~ (1-u)^(1/β) at 1, infinite slope), so there Q is tabulated against
 *   v = (u/u_E)^(1/α) (resp. v = ((1-u)/u_E)^(1/β)), u_E = TAIL_CELLS/TABLE_INTERVALS,
 *   in which it is smooth: Q = Q(u_E)·g(v), g tabulated on TAIL_POINTS + 1 points.
 *   The upper tail is the lower tail of the mirrored shape Beta(β, α).
 * Measured error (test/engine/distributions.test.ts, against bisection on a
 * 20,000-interval Simpson integral): at most 4e-5·(b - a) over u in [1e-7, 1 - 1e-7]
 * for shapes 0..1, tails included; the test asserts < 2e-4. Tables are stored as
 * float32 (adds < 6e-8) so that a plan's few hundred shapes stay in cache. Means and
 * variances over 200,000 draws match (a+4m+b)/6 and (μ-a)(b-μ)/7.
 * Assumptions: α, β >= 1 (always true for lambda 4), so the density is bounded.
 * Cost: building a table is O(CDF_INTERVALS + TABLE_INTERVALS) density evaluations
 * (~0.7 ms on a loaded 2-core VM; cached per process, and the CLI hands its tables to
 * its workers); a draw is O(1): a lookup in the body (96.9 % of draws), one pow and a
 * lookup in the tails.
 * Reference: D. Vose (2008), "Risk Analysis", 3rd ed., ch. 9 (PERT); inverse-transform
 * sampling: L. Devroye (1986), "Non-Uniform Random Variate Generation", II.2.
 */

// Module-local constants (TypeScript compiles uses of an exported const to property loads).
const K_BODY = 512;
const K_TAIL = 8;
const K_TAIL_POINTS = 64;
/** Cells of the body's u grid. */
export const TABLE_INTERVALS = K_BODY;
/** Cells at each end handled by the tail tables. */
export const TAIL_CELLS = K_TAIL;
/** Cells of each tail table (in v). */
export const TAIL_POINTS = K_TAIL_POINTS;
/** Shape grid: s is rounded to a multiple of 1/SHAPE_STEPS. */
export const SHAPE_STEPS = 8192;
const CDF_INTERVALS = 1024;
const U_TAIL = K_TAIL / K_BODY;
const INV_U_TAIL = K_BODY / K_TAIL;

/** Float32 values per shape: body, lower tail, upper tail. */
const STRIDE = K_BODY + 1 + 2 * (K_TAIL_POINTS + 1);
export const TABLE_STRIDE = STRIDE;
/** Float64 constants per shape: 1/α, 1/β, Q(u_E), 1 - Q(1 - u_E). */
export const CONST_STRIDE = 4;

/** The quantized shape key of a PERT estimate (integer in 0..SHAPE_STEPS). */
export function pertShapeKey(a: number, m: number, b: number): number {
  return Math.round(((m - a) / (b - a)) * SHAPE_STEPS);
}

/** ln x and ln(1 − x) at the Simpson grid points j/M and midpoints (j + 0.5)/M (built once per process). */
let logs: { lnX: Float64Array; ln1mX: Float64Array; lnMid: Float64Array; ln1mMid: Float64Array } | undefined;
function gridLogs(): NonNullable<typeof logs> {
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
 * Quantile functions of Beta(1 + am1, 1 + bm1) and of its mirror Beta(1 + bm1, 1 + am1),
 * accurate to about 1e-9 (see banner); the mirror reuses the reversed density grid.
 */
function betaQuantiles(am1: number, bm1: number): [(u: number) => number, (u: number) => number] {
  const pdf = (x: number) => (x <= 0 ? (am1 === 0 ? 1 : 0) : x >= 1 ? (bm1 === 0 ? 1 : 0) : Math.pow(x, am1) * Math.pow(1 - x, bm1));
  const M = CDF_INTERVALS, h = 1 / M;
  const f = new Float64Array(M + 1), mid = new Float64Array(M);
  // The density on the Simpson grid as exp(am1·ln x + bm1·ln(1 − x)) with the logarithms
  // shared by every shape: one exp instead of two pow per point (within ~1e-15 relative
  // of pdf; the table build took ~3 times as long with pow).
  const { lnX, ln1mX, lnMid, ln1mMid } = gridLogs();
  f[0] = pdf(0);
  f[M] = pdf(1);
  for (let j = 1; j < M; j++) f[j] = Math.exp(am1 * lnX[j] + bm1 * ln1mX[j]);
  for (let j = 0; j < M; j++) mid[j] = Math.exp(am1 * lnMid[j] + bm1 * ln1mMid[j]);
  const make = (mirror: boolean) => {
    const dens = mirror ? (x: number) => pdf(1 - x) : pdf;
    const fj = new Float64Array(M + 1), cdf = new Float64Array(M + 1);
    for (let j = 0; j <= M; j++) fj[j] = mirror ? f[M - j] : f[j];
    for (let j = 0; j < M; j++) cdf[j + 1] = cdf[j] + (h / 6) * (fj[j] + 4 * (mirror ? mid[M - 1 - j] : mid[j]) + fj[j + 1]);
    const total = cdf[M];
    for (let j = 0; j <= M; j++) {
      cdf[j] /= total;
      fj[j] /= total;
    }
    return (u: number) => {
      if (u <= 0) return 0;
      if (u >= 1) return 1;
      let lo = 0, hi = M;
      while (hi - lo > 1) {
        const m = (lo + hi) >> 1;
        if (cdf[m] < u) lo = m; else hi = m;
      }
      const j = lo, x0 = j * h, c0 = cdf[j], c1 = cdf[j + 1];
      let x = c1 > c0 ? x0 + (h * (u - c0)) / (c1 - c0) : x0;
      // Newton on F(x) - u, F(x) = cdf[j] + Simpson over [x0, x]; kept inside the interval.
      for (let it = 0; it < 1; it++) {
        const fx = dens(x) / total;
        if (!(fx > 0)) break;
        const Fx = c0 + ((x - x0) / 6) * (fj[j] + (4 * dens((x0 + x) / 2)) / total + fx);
        const nx = x - (Fx - u) / fx;
        x = nx < x0 ? x0 : nx > x0 + h ? x0 + h : nx;
      }
      return x;
    };
  };
  return [make(false), make(true)];
}

/** Writes the tables of shape `key` at tables[tOff..] and its constants at consts[cOff..]. */
export function fillPertQuantileTable(key: number, tables: Float32Array, tOff: number, consts: Float64Array, cOff: number): void {
  const s = key / SHAPE_STEPS;
  const am1 = 4 * s, bm1 = 4 * (1 - s);
  const [q, mirror] = betaQuantiles(am1, bm1);
  const K = K_BODY, T = K_TAIL_POINTS;
  for (let k = 0; k <= K; k++) tables[tOff + k] = q(k / K);
  const qLo = q(U_TAIL), qHiC = mirror(U_TAIL);
  const lowOff = tOff + K + 1, highOff = lowOff + T + 1;
  for (let k = 0; k <= T; k++) {
    const v = k / T;
    tables[lowOff + k] = k === T ? 1 : q(U_TAIL * Math.pow(v, 1 + am1)) / qLo;
    tables[highOff + k] = k === T ? 1 : mirror(U_TAIL * Math.pow(v, 1 + bm1)) / qHiC;
  }
  consts[cOff] = 1 / (1 + am1);
  consts[cOff + 1] = 1 / (1 + bm1);
  consts[cOff + 2] = qLo;
  consts[cOff + 3] = qHiC;
}

/** Standardized PERT quantile at u in [0, 1) from the tables of one shape. */
export function pertQuantile(tables: Float32Array, tOff: number, consts: Float64Array, cOff: number, u: number): number {
  const t = u * K_BODY;
  const j = t | 0;
  if (j >= K_TAIL && j < K_BODY - K_TAIL) {
    const lo = tables[tOff + j];
    return lo + (t - j) * (tables[tOff + j + 1] - lo);
  }
  return pertTail(tables, tOff, consts, cOff, u, j < K_TAIL);
}

/**
 * out[i] = p0[i] + p1[i]·pertQuantile(tables, tOff[i], consts, cOff[i], u[i]) for i in
 * [from, to), bit for bit: a + (b − a)·Q. The hot loop handles the body only; tail
 * draws (3 % of them) are listed in `rest` and finished after it, so the loop carries
 * no call to Math.pow (a call in a loop cost ~6 ns per draw, measured).
 */
export function pertQuantileRun(
  tables: Float32Array, tOff: Int32Array, consts: Float64Array, cOff: Int32Array,
  p0: Float64Array, p1: Float64Array, u: Float64Array, out: Float64Array, from: number, to: number, rest: Int32Array,
): void {
  let nRest = 0;
  for (let i = from; i < to; i++) {
    const t = u[i] * K_BODY;
    const j = t | 0;
    // j <= K_BODY - 1, so j + 1 stays inside the body table even for a tail draw (replaced below).
    const o = tOff[i] + j;
    const lo = tables[o];
    out[i] = p0[i] + p1[i] * (lo + (t - j) * (tables[o + 1] - lo));
    if (j < K_TAIL || j >= K_BODY - K_TAIL) rest[nRest++] = i;
  }
  for (let r = 0; r < nRest; r++) {
    const i = rest[r];
    out[i] = p0[i] + p1[i] * pertQuantile(tables, tOff[i], consts, cOff[i], u[i]);
  }
}

function pertTail(tables: Float32Array, tOff: number, consts: Float64Array, cOff: number, u: number, lower: boolean): number {
  const v = lower ? Math.pow(u * INV_U_TAIL, consts[cOff]) : Math.pow((1 - u) * INV_U_TAIL, consts[cOff + 1]);
  const tv = v * K_TAIL_POINTS;
  let k = tv | 0;
  if (k >= K_TAIL_POINTS) k = K_TAIL_POINTS - 1;
  const o = tOff + K_BODY + 1 + (lower ? 0 : K_TAIL_POINTS + 1) + k;
  const g = tables[o] + (tv - k) * (tables[o + 1] - tables[o]);
  return lower ? consts[cOff + 2] * g : 1 - consts[cOff + 3] * g;
}

/** Tables already built in this process, by shape key: a pure function of the key, so safe to share. */
const built = new Map<number, { tables: Float32Array; consts: Float64Array }>();
const MAX_CACHED = SHAPE_STEPS + 1;

/** Copies the tables of shape `key` (built once per process) to tables[tOff..] and consts[cOff..]. */
export function copyPertQuantileTable(key: number, tables: Float32Array, tOff: number, consts: Float64Array, cOff: number): void {
  let hit = built.get(key);
  if (!hit) {
    hit = { tables: new Float32Array(STRIDE), consts: new Float64Array(CONST_STRIDE) };
    fillPertQuantileTable(key, hit.tables, 0, hit.consts, 0);
    if (built.size < MAX_CACHED) built.set(key, hit);
  }
  tables.set(hit.tables, tOff);
  consts.set(hit.consts, cOff);
}

/**
 * Seeds this process's table cache with tables built elsewhere (e.g. by the main
 * thread for its workers): keys[k]'s tables at tables[k·TABLE_STRIDE..] and consts[k·CONST_STRIDE..].
 */
export function primePertQuantileTables(keys: readonly number[], tables: Float32Array, consts: Float64Array): void {
  keys.forEach((key, k) => {
    if (built.has(key) || built.size >= MAX_CACHED) return;
    built.set(key, {
      tables: tables.slice(k * STRIDE, (k + 1) * STRIDE),
      consts: consts.slice(k * CONST_STRIDE, (k + 1) * CONST_STRIDE),
    });
  });
}
