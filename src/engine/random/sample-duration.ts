/**
 * Task duration sampling for Monte Carlo: every distribution of the plan format by
 * inverse transform of one uniform draw, plus geometric rework (`attempts`).
 *
 * Method (docs/plan-format.md):
 *   pert        a + (b-a)·Q_s(u), Q_s a cached inverse-CDF table of Beta(1+4s, 1+4(1-s)),
 *               s = (m-a)/(b-a) (see pert-quantile-table.ts for the error bounds)
 *   triangular  closed-form inverse CDF (exact)
 *   uniform     a + (b-a)·u (exact)
 *   lognormal   exp(μ + σ·Φ⁻¹(u)), μ = (ln a + ln b)/2, σ = (ln b - ln a)/(2·1.6448536),
 *               Φ⁻¹ from a shared table in the body, AS 241 in the tails (lognormal-quantile-table.ts)
 *   fixed       m (done tasks: 0); a = m = b is fixed (compile-plan folds it)
 *   attempts    K ~ Geometric(p) capped at maxAttempts (K = 1 + number of failed
 *               Bernoulli(p) trials before the first success, at most max); the
 *               duration is the sum of K independent draws
 * Inverse transform keeps each draw a monotone function of its uniform u, so u is
 * the exact probability integral transform of the duration and serves as its rank
 * for sensitivity. With attempts the duration is no longer monotone in one draw:
 * its rank score is the mid-rank of the duration in RANK_SAMPLE draws made once,
 * up front, from a separate stream (error of the score ~ 1/sqrt(RANK_SAMPLE)).
 * Uniforms come from the `rng` passed in (random/seeded-streams.ts: seedrandom Alea);
 * per iteration n uniforms are taken in one bulk call (task i uses the i-th), and
 * tasks are sampled in runs of equal distribution, so the hot loops have no dispatch.
 * Cost: O(1) per draw; per distinct PERT shape one table of 643 floats (2.6 kB).
 * Reference: L. Devroye (1986), "Non-Uniform Random Variate Generation", II.2.
 */
import type { CompiledPlan } from '../compile-plan';
import { DistCode, estimateInForce } from '../compile-plan';
import type { Task } from '../plan';
import { Z95 } from './normal-quantile';
import { lognormalQuantile, lognormalQuantileRun } from './lognormal-quantile-table';
import { CONST_STRIDE, pertQuantile, pertQuantileRun, pertShapeKey, TABLE_STRIDE } from './pert-quantile-table';
import { copyPertQuantileTable } from './pert-table-cache';

export type Rng = () => number;

/** Draws made up front per task with attempts to rank its durations. */
export const RANK_SAMPLE = 4096;
/** Sensitivity scores are summed as integers in units of 2^-SCORE_BITS (exact, order-free sums). */
export const SCORE_BITS = 20;
const SCORE_ONE = 1 << SCORE_BITS;

/** The PERT shape keys of a plan's tasks, each once: the tables its DurationSampler needs (pert-table-cache.ts). */
export function pertShapeKeys(cp: CompiledPlan): number[] {
  const keys = new Set<number>();
  for (let i = 0; i < cp.n; i++) {
    // As the constructor: done tasks and a = b are Fixed.
    if (!cp.done[i] && cp.dist[i] === DistCode.Pert && cp.b[i] > cp.a[i]) keys.add(pertShapeKey(cp.a[i], cp.m[i], cp.b[i]));
  }
  return [...keys];
}

/**
 * The PERT shape keys a plan file's tasks will likely need, from its raw JSON alone (no
 * validation, no compiling): the estimate in force as compilePlan takes it, `pert` when no
 * distribution is named. A guess made while the plan is still being read, to build tables
 * ahead (forecast-workers.ts); a key it misses is built when needed, one too many costs only
 * time (the tables are a cache by key).
 */
export function pertShapeKeysOfRawPlan(raw: unknown): number[] {
  const tasks = (raw as { tasks?: unknown } | null)?.tasks;
  if (!Array.isArray(tasks)) return [];
  const keys = new Set<number>();
  for (const t of tasks as Array<Record<string, unknown> | null>) {
    if (!t || typeof t !== 'object' || t.status === 'done') continue;
    const est = estimateInForce(t as unknown as Task) as unknown as Record<string, unknown> | null | undefined;
    if (!est || typeof est !== 'object' || (est.distribution ?? 'pert') !== 'pert') continue;
    const { optimistic: a, mostLikely: m, pessimistic: b } = est;
    if (typeof a === 'number' && typeof m === 'number' && typeof b === 'number' && b > a && a <= m && m <= b) keys.add(pertShapeKey(a, m, b));
  }
  return [...keys];
}

export class DurationSampler {
  readonly n: number;
  /** DistCode per task (done tasks and a = b are Fixed). */
  readonly kind: Uint8Array;
  /** Kind-specific parameters, see the banner. */
  readonly p0: Float64Array;
  readonly p1: Float64Array;
  readonly p2: Float64Array;
  readonly p3: Float64Array;
  readonly p4: Float64Array;
  /** PERT: index of the task's shape in `tables` / `consts`. */
  readonly shapeIndex: Int32Array;
  /** Standardized PERT quantile tables, 16-bit steps of 1/65535 so that all of them stay in cache (adds < 7.7e-6·(b-a)). */
  readonly tables: Uint16Array;
  readonly consts: Float64Array;
  readonly attemptP: Float64Array;
  readonly attemptMax: Int32Array;
  /** 1 when the duration varies between iterations (sensitivity is computed only for these). */
  readonly stochastic: Uint8Array;
  /** Tasks with rework (attemptMax > 1 and p < 1) get a sorted reference sample for their rank score. */
  readonly rankSample: Map<number, Float64Array> = new Map();
  /** Variance of the rank score: 1/12 for single draws (u is uniform), measured on the reference sample with rework. */
  readonly scoreVariance: Float64Array;

  constructor(cp: CompiledPlan) {
    const n = (this.n = cp.n);
    this.kind = new Uint8Array(n);
    this.p0 = new Float64Array(n);
    this.p1 = new Float64Array(n);
    this.p2 = new Float64Array(n);
    this.p3 = new Float64Array(n);
    this.p4 = new Float64Array(n);
    this.shapeIndex = new Int32Array(n);
    this.tableOffset = new Int32Array(n);
    this.constOffset = new Int32Array(n);
    this.uniforms = new Float64Array(n);
    this.rest = new Int32Array(n);
    this.attemptP = new Float64Array(n).fill(1);
    this.attemptMax = new Int32Array(n).fill(1);
    this.stochastic = new Uint8Array(n);
    this.scoreVariance = new Float64Array(n).fill(1 / 12);
    const shapes = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const a = cp.a[i], m = cp.m[i], b = cp.b[i];
      let kind = cp.done[i] ? DistCode.Fixed : (cp.dist[i] as number);
      if (kind !== DistCode.Fixed && !(b > a)) kind = DistCode.Fixed;
      this.kind[i] = kind;
      switch (kind) {
        case DistCode.Fixed:
          this.p0[i] = cp.done[i] ? 0 : m;
          break;
        case DistCode.Pert: {
          this.p0[i] = a;
          this.p1[i] = b - a;
          const key = pertShapeKey(a, m, b);
          if (!shapes.has(key)) shapes.set(key, shapes.size);
          this.shapeIndex[i] = shapes.get(key)!;
          break;
        }
        case DistCode.Triangular:
          this.p0[i] = a;
          this.p1[i] = b;
          this.p2[i] = (m - a) / (b - a);
          this.p3[i] = (b - a) * (m - a);
          this.p4[i] = (b - a) * (b - m);
          break;
        case DistCode.Uniform:
          this.p0[i] = a;
          this.p1[i] = b - a;
          break;
        case DistCode.Lognormal: {
          const la = Math.log(a), lb = Math.log(b);
          this.p0[i] = (la + lb) / 2;
          this.p1[i] = (lb - la) / (2 * Z95);
          break;
        }
      }
      if (!cp.done[i] && cp.attemptMax[i] > 1 && cp.attemptP[i] < 1) {
        this.attemptP[i] = cp.attemptP[i];
        this.attemptMax[i] = cp.attemptMax[i];
      }
      this.stochastic[i] = kind !== DistCode.Fixed || this.attemptMax[i] > 1 ? 1 : 0;
    }
    this.tables = new Uint16Array(shapes.size * TABLE_STRIDE);
    this.consts = new Float64Array(shapes.size * CONST_STRIDE);
    for (const [key, k] of shapes) copyPertQuantileTable(key, this.tables, k * TABLE_STRIDE, this.consts, k * CONST_STRIDE);
    for (let i = 0; i < n; i++) {
      this.tableOffset[i] = this.shapeIndex[i] * TABLE_STRIDE;
      this.constOffset[i] = this.shapeIndex[i] * CONST_STRIDE;
    }
  }

  /** The single-draw inverse CDF of task i at u in [0, 1). */
  quantile(i: number, u: number): number {
    switch (this.kind[i]) {
      case DistCode.Pert: {
        const k = this.shapeIndex[i];
        return this.p0[i] + this.p1[i] * pertQuantile(this.tables, k * TABLE_STRIDE, this.consts, k * CONST_STRIDE, u);
      }
      case DistCode.Triangular:
        return u < this.p2[i] ? this.p0[i] + Math.sqrt(u * this.p3[i]) : this.p1[i] - Math.sqrt((1 - u) * this.p4[i]);
      case DistCode.Uniform:
        return this.p0[i] + this.p1[i] * u;
      case DistCode.Lognormal:
        return lognormalQuantile(this.p0[i], this.p1[i], u);
      default:
        return this.p0[i];
    }
  }

  /** One duration of task i, rework included; rng supplies the uniforms. */
  sample(i: number, rng: Rng): number {
    const max = this.attemptMax[i];
    if (max === 1) return this.quantile(i, rng());
    const p = this.attemptP[i];
    let k = 1;
    while (k < max && rng() >= p) k++;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += this.quantile(i, rng());
    return sum;
  }

  /**
   * Builds the reference samples that rank durations of tasks with rework; `rngFor`
   * gives each such task its own stream, so the result does not depend on which
   * process builds it.
   */
  prepareRankSamples(rngFor: (task: number) => Rng): void {
    for (let i = 0; i < this.n; i++) {
      if (this.attemptMax[i] === 1 || this.rankSample.has(i)) continue;
      const rng = rngFor(i);
      const xs = new Float64Array(RANK_SAMPLE);
      for (let r = 0; r < RANK_SAMPLE; r++) xs[r] = this.sample(i, rng);
      xs.sort();
      this.rankSample.set(i, xs);
      // Variance of the mid-rank score over the reference sample (ties lower it below 1/12).
      let s1 = 0, s2 = 0;
      for (let r = 0; r < RANK_SAMPLE; ) {
        let e = r + 1;
        while (e < RANK_SAMPLE && xs[e] === xs[r]) e++;
        const score = (r + e) / 2 / RANK_SAMPLE;
        s1 += (e - r) * score;
        s2 += (e - r) * score * score;
        r = e;
      }
      const mean = s1 / RANK_SAMPLE;
      this.scoreVariance[i] = s2 / RANK_SAMPLE - mean * mean;
    }
  }

  /**
   * Samples every task for one iteration: dur[i] the duration, score[i] its rank
   * score in [0, 1] as an integer multiple of 2^-SCORE_BITS (left untouched, i.e. 0,
   * for tasks that never vary). First n uniforms are taken in one bulk call (task i
   * uses the i-th; tasks that draw none leave theirs unused), then the rework tasks
   * draw what they need. Tasks are visited in runs of consecutive positions with the
   * same distribution (built once), so the hot loops carry no per-task dispatch; an
   * order sorted by distribution within each level gives long runs.
   */
  fill(rng: Rng, dur: Float64Array, score: Float64Array): void {
    if (!this.runs) this.runs = this.buildRuns();
    const { runs, uniforms: U } = this;
    const bulk = (rng as Rng & { fill?: (out: Float64Array, count: number) => void }).fill;
    if (bulk) bulk(U, this.n);
    else for (let k = 0; k < this.n; k++) U[k] = rng();
    for (let r = 0; r < runs.length; r += 3) {
      const from = runs[r + 1], to = runs[r + 2];
      this.sampleRun(runs[r], from, to, U, dur);
      for (let i = from; i < to; i++) score[i] = Math.floor(U[i] * SCORE_ONE);
    }
    const rework = this.rework!;
    for (let k = 0, K = rework.length; k < K; k++) {
      const i = rework[k];
      const d = this.sample(i, rng);
      dur[i] = d;
      score[i] = this.rankScore(i, d);
    }
  }

  /**
   * dur[i] for the tasks [from, to), all of distribution `kind` and without rework, from
   * the uniforms U[i]: the run samplers of fill, and the precedence kernel's JavaScript path.
   */
  sampleRun(kind: number, from: number, to: number, U: Float64Array, dur: Float64Array): void {
    const { p0, p1, p2, p3, p4, rest } = this;
    if (kind === DistCode.Pert) {
      pertQuantileRun(this.tables, this.tableOffset, this.consts, this.constOffset, p0, p1, U, dur, from, to, rest);
    } else if (kind === DistCode.Lognormal) {
      lognormalQuantileRun(p0, p1, U, dur, from, to, rest);
    } else if (kind === DistCode.Triangular) {
      for (let i = from; i < to; i++) {
        const u = U[i];
        dur[i] = u < p2[i] ? p0[i] + Math.sqrt(u * p3[i]) : p1[i] - Math.sqrt((1 - u) * p4[i]);
      }
    } else if (kind === DistCode.Uniform) {
      for (let i = from; i < to; i++) dur[i] = p0[i] + p1[i] * U[i];
    }
  }

  /** Runs as (kind, from, to) triples; Fixed runs are skipped (fillFixed wrote them). */
  private runs?: Int32Array;
  private rework?: Int32Array;
  private readonly uniforms: Float64Array;
  /** Scratch list for the run samplers' rare cases. */
  private readonly rest: Int32Array;
  /** Per task: offsets of its PERT shape's tables and constants. */
  readonly tableOffset: Int32Array;
  readonly constOffset: Int32Array;

  /** Writes the durations that never change (fixed tasks, done tasks) once; fill() leaves them alone. */
  fillFixed(dur: Float64Array): void {
    for (let i = 0; i < this.n; i++) if (this.kind[i] === DistCode.Fixed && this.attemptMax[i] === 1) dur[i] = this.p0[i];
  }

  /** Distribution class of task i for the runs: its DistCode, or -1 for rework and for fixed tasks. */
  private runKind(i: number): number {
    return this.attemptMax[i] !== 1 || this.kind[i] === DistCode.Fixed ? -1 : this.kind[i];
  }

  private buildRuns(): Int32Array {
    const out: number[] = [];
    const rework: number[] = [];
    for (let i = 0; i < this.n; ) {
      const kind = this.runKind(i);
      let j = i + 1;
      while (j < this.n && this.runKind(j) === kind) j++;
      if (kind >= 0) out.push(kind, i, j);
      i = j;
    }
    for (let i = 0; i < this.n; i++) if (this.attemptMax[i] !== 1) rework.push(i);
    this.rework = Int32Array.from(rework);
    return Int32Array.from(out);
  }

  /** Mid-rank of d in the task's reference sample, as an integer score (see fill); task i must have rework. */
  rankScore(i: number, d: number): number {
    const xs = this.rankSample.get(i);
    if (!xs) throw new Error(`rank sample of task ${i} not prepared`);
    let lo = 0, hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] < d) lo = mid + 1; else hi = mid;
    }
    let up = lo, top = xs.length;
    while (up < top) {
      const mid = (up + top) >> 1;
      if (xs[mid] <= d) up = mid + 1; else top = mid;
    }
    return Math.floor(((lo + up) / 2 / xs.length) * SCORE_ONE);
  }
}
