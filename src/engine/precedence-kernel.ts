/**
 * One Monte Carlo iteration of the precedence model, fused: sample every task's
 * duration, run the forward pass (ES = max(EF of predecessors, notBefore),
 * EF = ES + d), write each task's finish-histogram bin, and mark the critical tasks.
 *
 * Method (the layout of /work/shared/bench/mc_limit.c, in TypeScript):
 * - The plan comes renumbered by level and distribution (monte-carlo.ts levelOrder),
 *   so tasks form runs of one distribution; each run is sampled into `dur` and then
 *   pushed through the forward pass while its durations are still in L1 cache.
 * - Predecessors in fixed slots: EF values live in `ef[0 .. n)` followed by constant
 *   slots (0, and each distinct notBefore), and task i reads four slots
 *   slot[4i .. 4i+3] (padding points at the 0 slot; notBefore is a pseudo
 *   predecessor), so the common in-degree <= 4 (notBefore included) costs four loads
 *   and three maxima without a data-dependent loop exit; the rest of a longer list
 *   is read from an overflow list. The maxima are exact (`a > b ? a : b`), so a
 *   start does not depend on the order its predecessors are read in.
 * - The project finish is the largest EF of the tasks without successors (durations
 *   are >= 0), which keeps a loop-carried maximum out of the pass.
 * - Uniforms come in one bulk call per iteration (task i uses the i-th, as
 *   DurationSampler.fill does; tasks with rework then draw theirs in task order), and
 *   the same array is then overwritten with each task's rank score / 2^SCORE_BITS
 *   (the uniform itself for single draws, 0 for fixed tasks, the mid-rank score with
 *   rework), which is what sensitivity sums: no second array per iteration.
 * - Criticality by backward reachability along binding edges from the sinks at the
 *   finish, as PrecedenceForwardPass.markCritical; ES is recomputed for the few
 *   critical tasks from the same slots instead of being stored for all.
 * The durations, finishes and critical sets equal DurationSampler.fill followed by
 * PrecedenceForwardPass (test/engine/monte-carlo.test.ts replays them).
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

const SLOTS = 4;
const TOP_BIN = 255;
const SCORE_UNIT = 2 ** -SCORE_BITS;
/** Run kind of tasks whose duration is already in `dur` (fixed, or drawn with rework). */
const PREFILLED = 0;

export class PrecedenceKernel {
  readonly n: number;
  /** EF of each task in the last iteration at [0, n), then the constant slots. */
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
  private readonly slot: Int32Array;
  private readonly moreStart: Int32Array;
  private readonly more: Int32Array;
  private readonly predStart: Int32Array;
  private readonly preds: Int32Array;
  private readonly sinks: Int32Array;
  /** Runs as (kind, from, to) triples covering every task. */
  private readonly runs: Int32Array;
  /** Tasks whose score is 0 (their duration never varies), and tasks with rework. */
  private readonly fixed: Int32Array;
  private readonly rework: Int32Array;
  private histStart: Float64Array;
  private histInv: Float64Array;

  constructor(cp: CompiledPlan, private readonly sampler: DurationSampler) {
    const n = (this.n = cp.n);
    this.predStart = cp.predStart;
    this.preds = cp.preds;
    this.dur = new Float64Array(n);
    sampler.fillFixed(this.dur);
    this.score = new Float64Array(n);
    this.crit = new Uint8Array(n);
    this.rest = new Int32Array(n);
    this.marked = new Int32Array(n);
    this.histStart = new Float64Array(n);
    this.histInv = new Float64Array(n);

    const constSlot = new Map<number, number>();
    const constants = [0];
    const slotOf = (v: number) => {
      let s = constSlot.get(v);
      if (s === undefined) {
        s = n + constants.length;
        constSlot.set(v, s);
        constants.push(v);
      }
      return s;
    };
    this.slot = new Int32Array(SLOTS * n).fill(n);
    const moreStart = new Int32Array(n + 1), more: number[] = [];
    const sinks: number[] = [];
    for (let i = 0; i < n; i++) {
      const list = Array.from(cp.preds.subarray(cp.predStart[i], cp.predStart[i + 1]));
      if (cp.notBefore[i] > 0) list.push(slotOf(cp.notBefore[i]));
      for (let k = 0; k < list.length; k++) {
        if (k < SLOTS) this.slot[SLOTS * i + k] = list[k];
        else more.push(list[k]);
      }
      moreStart[i + 1] = more.length;
      if (cp.succStart[i + 1] === cp.succStart[i]) sinks.push(i);
    }
    this.moreStart = moreStart;
    this.more = Int32Array.from(more);
    this.sinks = Int32Array.from(sinks);
    this.ef = new Float64Array(n + constants.length);
    this.ef.set(constants, n);

    const kindOf = (i: number) => (sampler.attemptMax[i] !== 1 || sampler.kind[i] === DistCode.Fixed ? PREFILLED : sampler.kind[i]);
    const runs: number[] = [], fixed: number[] = [], rework: number[] = [];
    for (let i = 0; i < n; ) {
      const kind = kindOf(i);
      let j = i + 1;
      while (j < n && kindOf(j) === kind) j++;
      runs.push(kind, i, j);
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
   */
  iterate(rng: Rng, bins: Uint8Array, row: number): number {
    const { n, sampler, runs, dur, ef, score: U, slot, moreStart, more, histStart, histInv, fixed, rework, sinks, rest } = this;
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
    const { p0, p1, p2, p3, p4, tables, consts, tableOffset, constOffset } = sampler;
    for (let r = 0, R = runs.length; r < R; r += 3) {
      const kind = runs[r], from = runs[r + 1], to = runs[r + 2];
      if (kind === DistCode.Pert) {
        pertQuantileRun(tables, tableOffset, consts, constOffset, p0, p1, U, dur, from, to, rest);
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
      for (let i = from; i < to; i++) {
        const g = SLOTS * i;
        const x0 = ef[slot[g]], x1 = ef[slot[g + 1]], x2 = ef[slot[g + 2]], x3 = ef[slot[g + 3]];
        const m01 = x0 > x1 ? x0 : x1, m23 = x2 > x3 ? x2 : x3;
        let s = m01 > m23 ? m01 : m23;
        for (let e = moreStart[i], end = moreStart[i + 1]; e < end; e++) {
          const x = ef[more[e]];
          if (x > s) s = x;
        }
        const f = s + dur[i];
        ef[i] = f;
        const t = (f - histStart[i]) * histInv[i];
        bins[row + i] = t < 0 ? 0 : t >= TOP_BIN ? TOP_BIN : t | 0;
      }
    }
    let finish = 0;
    for (let k = 0, K = sinks.length; k < K; k++) {
      const f = ef[sinks[k]];
      if (f > finish) finish = f;
    }
    return finish;
  }

  /** The start of task i in the last iteration (what the forward pass computed). */
  private start(i: number): number {
    const { ef, slot, moreStart, more } = this;
    const g = SLOTS * i;
    const x0 = ef[slot[g]], x1 = ef[slot[g + 1]], x2 = ef[slot[g + 2]], x3 = ef[slot[g + 3]];
    const m01 = x0 > x1 ? x0 : x1, m23 = x2 > x3 ? x2 : x3;
    let s = m01 > m23 ? m01 : m23;
    for (let e = moreStart[i], end = moreStart[i + 1]; e < end; e++) {
      const x = ef[more[e]];
      if (x > s) s = x;
    }
    return s;
  }

  /**
   * Marks the tasks with zero total float in the last iteration: marked[0 ..
   * markedCount). A predecessor p of a critical task j is critical iff EF[p] = ES[j]
   * (tolerance 1e-9·max(1, finish)); a start held by notBefore binds no predecessor.
   */
  markCritical(finish: number): void {
    const { sinks, predStart, preds, marked, crit, ef } = this;
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
      const s = this.start(j);
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
