/**
 * One Monte Carlo iteration of the precedence model, fused: sample every task's
 * duration, run the forward pass (ES = max(EF of predecessors, notBefore),
 * EF = ES + d), write each task's finish-histogram bin, and mark the critical tasks.
 *
 * Method (the layout of /work/shared/bench/mc_limit.c, in TypeScript):
 * - The plan comes renumbered by level and distribution (monte-carlo.ts levelOrder),
 *   so tasks form runs of one distribution; each run is sampled into `dur` and then
 *   pushed through the forward pass while its durations are still in L1 cache.
 * - Predecessors by CSR in the order of cp.preds, maxima without a branch (see max
 *   below), so EF is bit for bit what PrecedenceForwardPass computes. (Fixed slots of
 *   four predecessors, as mc_limit.c pads them, measured no faster here.)
 * - The project finish is the largest EF of the tasks without successors (durations
 *   are >= 0), which keeps a loop-carried maximum out of the pass.
 * - Uniforms come in one bulk call per iteration (task i uses the i-th, as
 *   DurationSampler.fill does; tasks with rework then draw theirs in task order), and
 *   the same array is then overwritten with each task's rank score / 2^SCORE_BITS
 *   (the uniform itself for single draws, 0 for fixed tasks, the mid-rank score with
 *   rework), which is what sensitivity sums: no second array per iteration.
 * - Criticality by backward reachability along binding edges from the sinks at the
 *   finish, as PrecedenceForwardPass.markCritical; ES is recomputed for the few
 *   critical tasks (same operations, same bits) instead of being stored for all.
 * - Finish constraints (review-board sittings, deployment windows; compile-plan.ts,
 *   gates/allowed-finish.ts): a constrained task is a run of its own, and after its
 *   forward step its finish moves to the next allowed finish, as in critical-path.ts.
 * The durations and task finishes equal DurationSampler.fill followed by
 * PrecedenceForwardPass (test/engine/monte-carlo.test.ts replays them); the project
 * finish may differ from that pass's running maximum by an ulp.
 * Assumptions: plan in a topological order (predecessors first).
 * Cost: O(V + E) per iteration, no allocation; memory O(V) plus 8 bytes per distinct
 * notBefore.
 * Reference: R. M. Van Slyke (1963), "Monte Carlo methods and the PERT problem",
 * Operations Research 11(5).
 */
import type { CompiledPlan } from './compile-plan';
import { DistCode } from './compile-plan';
import { SCORE_BITS, type DurationSampler, type Rng } from './random/sample-duration';
import { pertQuantileRun } from './random/pert-quantile-table';
import { lognormalQuantileRun } from './random/lognormal-quantile-table';
import { nextAllowedFinish } from './gates/allowed-finish';

const TOP_BIN = 255;

/**
 * max(a, b) without a branch: (a + b + |a − b|)/2. With sampled durations the
 * comparison of a branchy max is unpredictable, and V8 compiles `a > b ? a : b` to a
 * branch: this form measured several ns per task faster on the 10,000-task plan. It may
 * differ from the exact maximum by an ulp or two, far inside the 1e-9·finish
 * tolerance of the criticality test; it is deterministic (same operands, same bits).
 */
function max(a: number, b: number): number {
  return 0.5 * (a + b + Math.abs(a - b));
}
const SCORE_UNIT = 2 ** -SCORE_BITS;
/** Run kind of tasks whose duration is already in `dur` (fixed, or drawn with rework). */
const PREFILLED = 0;
// Module-local copies of DistCode (an imported object's members compile to property loads).
const PERT = DistCode.Pert;
const TRIANGULAR = DistCode.Triangular;
const UNIFORM = DistCode.Uniform;
const LOGNORMAL = DistCode.Lognormal;

/**
 * Moves the finish of constrained task i to its next allowed finish (a board's
 * sitting, a deployment window), as critical-path.ts does, and re-bins it. A sampled
 * finish with no allowed day left before the horizon keeps its unconstrained value
 * (the deterministic schedule reports such a plan; a rare late draw should not abort
 * the run).
 */
function constrainFinish(
  cp: Required<CompiledPlan>, i: number, ef: Float64Array, histStart: Float64Array, histInv: Float64Array, bins: Uint8Array, row: number,
): void {
  const f = ef[i];
  const g = nextAllowedFinish(cp, i, f);
  if (g > f && g !== Infinity) {
    ef[i] = g;
    const t = (g - histStart[i]) * histInv[i];
    bins[row + i] = t < 0 ? 0 : t >= TOP_BIN ? TOP_BIN : t | 0;
  }
}

export class PrecedenceKernel {
  readonly n: number;
  /** EF of each task in the last iteration. */
  readonly ef: Float64Array;
  /** After iterate(): each task's rank score / 2^SCORE_BITS (see the banner). */
  readonly score: Float64Array;
  /** Durations of the last iteration. */
  readonly dur: Float64Array;
  /** marked[0 .. markedCount): the critical tasks found by the last markCritical. */
  readonly marked: Int32Array;
  markedCount = 0;
  private readonly crit: Uint8Array;
  /** Scratch list for the samplers' rare cases (tail draws). */
  private readonly rest: Int32Array;
  private readonly predStart: Int32Array;
  private readonly preds: Int32Array;
  private readonly notBefore: Float64Array;
  private readonly sinks: Int32Array;
  /** Runs as (kind, from, to, constrained) quadruples covering every task; a task with a finish constraint is a run of its own. */
  private readonly runs: Int32Array;
  /** Tasks whose score is 0 (their duration never varies), and tasks with rework. */
  private readonly fixed: Int32Array;
  private readonly rework: Int32Array;
  private histStart: Float64Array;
  private histInv: Float64Array;
  /** The plan's finish constraints (gates/allowed-finish.ts), when it has any. */
  private readonly constraints: Required<CompiledPlan> | null;

  constructor(cp: CompiledPlan, private readonly sampler: DurationSampler) {
    const n = (this.n = cp.n);
    this.predStart = cp.predStart;
    this.preds = cp.preds;
    this.notBefore = cp.notBefore;
    this.dur = new Float64Array(n);
    sampler.fillFixed(this.dur);
    this.score = new Float64Array(n);
    this.crit = new Uint8Array(n);
    this.rest = new Int32Array(n);
    this.marked = new Int32Array(n);
    this.histStart = new Float64Array(n);
    this.histInv = new Float64Array(n);

    const sinks: number[] = [];
    for (let i = 0; i < n; i++) if (cp.succStart[i + 1] === cp.succStart[i]) sinks.push(i);
    this.sinks = Int32Array.from(sinks);
    this.ef = new Float64Array(n);

    const kindOf = (i: number) => (sampler.attemptMax[i] !== 1 || sampler.kind[i] === DistCode.Fixed ? PREFILLED : sampler.kind[i]);
    const rule = cp.finishRule;
    const constrained = (i: number) => (rule && rule[i] >= 0 ? 1 : 0);
    this.constraints = rule ? (cp as Required<CompiledPlan>) : null;
    const runs: number[] = [], fixed: number[] = [], rework: number[] = [];
    for (let i = 0; i < n; ) {
      const kind = kindOf(i), c = constrained(i);
      let j = i + 1;
      while (!c && j < n && kindOf(j) === kind && !constrained(j)) j++;
      runs.push(kind, i, j, c);
      i = j;
    }
    for (let i = 0; i < n; i++) {
      if (sampler.attemptMax[i] !== 1) rework.push(i);
      else if (sampler.kind[i] === DistCode.Fixed) fixed.push(i);
    }
    this.runs = Int32Array.from(runs);
    this.fixed = Int32Array.from(fixed);
    this.rework = Int32Array.from(rework);
  }

  /** Sets the finish histograms (start, 1/width per task) that iterate() bins into. */
  setHistograms(start: Float64Array, inv: Float64Array): void {
    this.histStart = start;
    this.histInv = inv;
  }

  /**
   * One iteration on `rng`: fills dur, ef and score, writes task i's histogram bin
   * (a byte, 0..255, clamped) to bins[row + i], and returns the project finish.
   * Three methods, each with its loop last: V8 compiles a hot loop on stack while the
   * method's first call is still in it, and code after the loop that has not run yet
   * has no type feedback; that measured as a deoptimization loop (~50 % slower).
   */
  iterate(rng: Rng, bins: Uint8Array, row: number): number {
    this.draw(rng);
    this.forward(bins, row);
    return this.finish();
  }

  /** Uniforms for every task (scores: 0 for fixed tasks), and the durations of tasks with rework. */
  private draw(rng: Rng): void {
    const { n, sampler, dur, score: U, fixed, rework } = this;
    const bulk = (rng as Rng & { fill?: (out: Float64Array, count: number) => void }).fill;
    if (bulk) bulk(U, n);
    else for (let k = 0; k < n; k++) U[k] = rng();
    for (let k = 0, K = fixed.length; k < K; k++) U[fixed[k]] = 0;
    for (let k = 0, K = rework.length; k < K; k++) {
      const i = rework[k];
      const d = sampler.sample(i, rng);
      dur[i] = d;
      U[i] = sampler.rankScore(i, d) * SCORE_UNIT;
    }
  }

  /** Samples each run and pushes it through the forward pass. */
  private forward(bins: Uint8Array, row: number): void {
    const { sampler, runs, dur, ef, score: U, predStart, preds, notBefore, histStart, histInv, rest, constraints } = this;
    const { p0, p1, p2, p3, p4, tables, consts, tableOffset, constOffset } = sampler;
    const nRuns = runs.length;
    for (let r = 0; r < nRuns; r += 4) {
      const kind = runs[r], from = runs[r + 1], to = runs[r + 2];
      if (kind === PERT) {
        pertQuantileRun(tables, tableOffset, consts, constOffset, p0, p1, U, dur, from, to, rest);
      } else if (kind === LOGNORMAL) {
        lognormalQuantileRun(p0, p1, U, dur, from, to, rest);
      } else if (kind === TRIANGULAR) {
        for (let i = from; i < to; i++) {
          const u = U[i];
          dur[i] = u < p2[i] ? p0[i] + Math.sqrt(u * p3[i]) : p1[i] - Math.sqrt((1 - u) * p4[i]);
        }
      } else if (kind === UNIFORM) {
        for (let i = from; i < to; i++) dur[i] = p0[i] + p1[i] * U[i];
      }
      let e = predStart[from];
      for (let i = from; i < to; i++) {
        let s = notBefore[i];
        for (const end = predStart[i + 1]; e < end; e++) s = max(s, ef[preds[e]]);
        const f = s + dur[i];
        ef[i] = f;
        const t = (f - histStart[i]) * histInv[i];
        bins[row + i] = t < 0 ? 0 : t >= TOP_BIN ? TOP_BIN : t | 0;
      }
      if (runs[r + 3] !== 0) constrainFinish(constraints!, from, ef, histStart, histInv, bins, row);
    }
  }

  /** The project finish: the largest EF of the tasks without successors. */
  private finish(): number {
    const { sinks, ef } = this;
    let finish = 0;
    for (let k = 0, K = sinks.length; k < K; k++) {
      const f = ef[sinks[k]];
      if (f > finish) finish = f;
    }
    return finish;
  }

  /**
   * Marks the tasks with zero total float in the last iteration: marked[0 ..
   * markedCount). A predecessor p of a critical task j is critical iff EF[p] = ES[j]
   * (tolerance 1e-9·max(1, finish)); a start held by notBefore, or a finish moved by
   * a finish constraint, binds no predecessor.
   */
  markCritical(finish: number): void {
    const { sinks, predStart, preds, notBefore, marked, crit, ef, dur } = this;
    const tol = 1e-9 * (finish > 1 ? finish : 1);
    let count = 0;
    for (let k = 0, K = sinks.length; k < K; k++) {
      const i = sinks[k];
      if (finish - ef[i] <= tol) {
        crit[i] = 1;
        marked[count++] = i;
      }
    }
    for (let done = 0; done < count; done++) {
      const j = marked[done];
      const e0 = predStart[j], e1 = predStart[j + 1];
      if (e0 === e1) continue;
      // ES of j, recomputed exactly as iterate() did (same operations, same order).
      let s = notBefore[j];
      for (let e = e0; e < e1; e++) s = max(s, ef[preds[e]]);
      if (ef[j] - (s + dur[j]) > tol) continue;
      for (let e = e0; e < e1; e++) {
        const p = preds[e];
        if (crit[p] === 0 && s - ef[p] <= tol) {
          crit[p] = 1;
          marked[count++] = p;
        }
      }
    }
    for (let k = 0; k < count; k++) crit[marked[k]] = 0;
    this.markedCount = count;
  }
}
