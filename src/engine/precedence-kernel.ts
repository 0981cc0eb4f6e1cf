/**
 * One Monte Carlo iteration of the precedence model, fused: sample every task's
 * duration, run the forward pass (ES = max(EF of predecessors, notBefore),
 * EF = ES + d), write each task's finish-histogram bin, and mark the critical tasks.
 *
 * Method (the layout of /work/shared/bench/mc_limit.c, in TypeScript and WebAssembly):
 * - The plan comes renumbered by level and distribution (monte-carlo.ts levelOrder),
 *   so tasks form runs of one distribution; all runs are sampled into `dur` (one
 *   WebAssembly call per iteration; only the rare deep-tail draws are finished in
 *   JavaScript), then one forward pass with the histogram bins runs over every task.
 *   Durations of 10,000 tasks (80 kB) stay in L2 between the two loops; sampling
 *   each run inside the pass measured slower in V8.
 * - Why WebAssembly: the pass, the samplers, the sensitivity sums and the bin
 *   counting run as kernel-wasm-module.ts, over one WebAssembly memory that holds
 *   all of this kernel's arrays (V8 re-checks each typed array's map, base and length
 *   on every access; cachegrind: 421 instructions per task-iteration in JavaScript,
 *   226 with the four loops in WebAssembly). The JavaScript loops here stay as the
 *   reference and the fallback (`kernelOptions.wasm = false`, or no WebAssembly).
 *   Bit identity: each WebAssembly function performs the same IEEE double operations
 *   in the same order as its JavaScript twin; test/engine/precedence-kernel.test.ts
 *   runs both on generated plans (every distribution, rework, notBefore, windows) and
 *   compares durations, finishes, scores, bins and critical tasks byte for byte, and
 *   a whole forecast (histograms and sensitivity sums included) against the JS loops.
 * - ES is the exact maximum (see max below), so EF is bit for bit what
 *   PrecedenceForwardPass computes whatever the order of the predecessors: the
 *   WebAssembly pass takes it on the bits (compare and conditional move, no branch)
 *   over four fixed predecessor slots per task, as mc_limit.c pads them, plus an
 *   overflow list (kernel-wasm-module.ts passFunction).
 * - The project finish is the largest EF of the tasks without successors (durations
 *   are >= 0), which keeps a loop-carried maximum out of the pass.
 * - Uniforms come in one bulk call per iteration (the Alea lanes stepped by
 *   WebAssembly SIMD, `alea`, the same bits as seeded-streams.ts; task i uses the
 *   i-th, as DurationSampler.fill does; tasks with rework then draw theirs in task order), and
 *   the same array is then overwritten with each task's rank score / 2^SCORE_BITS
 *   (the uniform itself for single draws, 0 for fixed tasks, the mid-rank score with
 *   rework), which is what sensitivity sums: no second array per iteration.
 * - Criticality by backward reachability along binding edges from the sinks at the
 *   finish, as PrecedenceForwardPass.markCritical; ES is recomputed for the few
 *   critical tasks (within an ulp, see maxNear) instead of being stored for all. The
 *   walk and the counting run in WebAssembly too (`critical`; markCriticalJs is its
 *   twin): 2.4 % fewer instructions in a whole 10,000-task forecast (cachegrind).
 * - Finish constraints (review-board sittings, deployment windows; compile-plan.ts,
 *   gates/allowed-finish.ts): a constrained task ends a segment of the pass, and after
 *   its forward step its finish moves to the next allowed finish, as in critical-path.ts.
 * The durations and task finishes equal DurationSampler.fill followed by
 * PrecedenceForwardPass (test/engine/precedence-kernel.test.ts replays them); the project
 * finish may differ from that pass's running maximum by an ulp.
 * Assumptions: plan in a topological order (predecessors first).
 * Cost: O(V + E) per iteration, no allocation; memory O(V + E): one WebAssembly
 * memory of about 130 bytes per task and 8 per edge (ef, dur, notBefore, histogram
 * range, CSR predecessors and predecessor slots, a row of bins, uniforms, the
 * samplers' parameters), the PERT, Φ⁻¹ and exp tables, and with a Simulation's
 * accumulators its bins, 16-bit histograms and sensitivity sums.
 * Reference: R. M. Van Slyke (1963), "Monte Carlo methods and the PERT problem",
 * Operations Research 11(5).
 */
import type { CompiledPlan } from './compile-plan';
import { markSinksAtFinish, sinksOf } from './critical-sinks';
import { DistCode } from './compile-plan';
import { SCORE_BITS, type DurationSampler, type Rng } from './random/sample-duration';
import type { BulkRng, LaneStepper } from './random/seeded-streams';
import { NORMAL_QUANTILE_TABLE } from './random/lognormal-quantile-table';
import { EXP_TABLE } from './random/exp-table';
import { nextAllowedFinish } from './gates/allowed-finish';
import { instantiateKernelWasm, KERNEL_COUNT_BLOCK, KERNEL_PRED_SLOTS, KERNEL_HIST_BINS, KERNEL_TOP_BIN, type WasmCount, type WasmCountBlocks, type WasmRange, type WasmCritical, type WasmPass, type WasmSample, type WasmScores, ALEA_STATE_BYTES } from './kernel-wasm-module';

// Module-local copies (an imported const compiles to a property load in a hot loop).
const TOP_BIN = KERNEL_TOP_BIN;
const COUNT_BLOCK = KERNEL_COUNT_BLOCK;

/**
 * The exact maximum (starts and finishes are never NaN). Exact, so it is the same
 * whatever the order of the predecessors: the WebAssembly pass (kernel-wasm-module.ts)
 * takes it on the bits of its operands, in its own order, and gets the same doubles.
 */
function max(a: number, b: number): number {
  return a > b ? a : b;
}

/**
 * max(a, b) within an ulp or two, without a branch: (a + b + |a − b|)/2. V8 compiles
 * `a > b ? a : b` to a branch that sampled durations mispredict; for markCritical,
 * whose comparisons allow 1e-9·finish, this measured ~3 % of a 10,000-task forecast faster.
 */
function maxNear(a: number, b: number): number {
  return 0.5 * (a + b + Math.abs(a - b));
}

/** Switch for tests: false runs the JavaScript pass (the reference the WebAssembly one must equal bit for bit). */
export const kernelOptions = { wasm: true };
const SCORE_UNIT = 2 ** -SCORE_BITS;
const SCORE_ONE = 2 ** SCORE_BITS;
/** Run kind of tasks whose duration is already in `dur` (fixed, or drawn with rework). */
const PREFILLED = 0;

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
  private readonly predStart: Int32Array;
  private readonly preds: Int32Array;
  private readonly notBefore: Float64Array;
  private readonly sinks: Int32Array;
  /** Runs of sampled tasks of one distribution, as (kind, from, to) triples. */
  private readonly runs: Int32Array;
  /** The forward pass's segments as (from, to, constrained task or -1) triples: each constrained task ends one. */
  private readonly segments: Int32Array;
  /** Tasks whose score is 0 (their duration never varies), and tasks with rework. */
  private readonly fixed: Int32Array;
  private readonly rework: Int32Array;
  /** Tasks whose duration is drawn each iteration (sampled runs and rework), in task order. */
  private readonly varying: Int32Array;
  private readonly histStart: Float64Array;
  private readonly histInv: Float64Array;
  /** This iteration's histogram bins, copied to the caller's row after the pass. */
  private readonly binRow: Uint8Array;
  /**
   * Byte addresses in the memory, by index: 0 ef, 1 dur, 2 notBefore, 3 histStart, 4 histInv,
   * 5 predStart, 6 preds, 7 binRow, 8 uniforms/scores, 9 p0, 10 p1, 11 table offsets,
   * 12 tail list, 13 PERT tables, 14 bins, 15 hist, 16 sens, 17-19 p2-p4, 20 runs,
   * 21 Φ⁻¹ table, 22-23 exp tables, 24 zero cell, 25 predecessor slots, 26-27 overflow
   * list, 28 Alea state.
   */
  private readonly at: Int32Array;
  /** The WebAssembly pass and PERT sampler over this kernel's memory; null: the JavaScript ones. */
  private readonly wasmPass: WasmPass | null;
  private readonly wasmSample: WasmSample | null;
  /** The Alea lanes stepped by WebAssembly into `score` (null: seeded-streams.ts stepLanes). */
  private readonly aleaStep: LaneStepper | null;
  private readonly wasmScores: WasmScores | null;
  private readonly wasmCount: WasmCount | null;
  private readonly wasmCountBlocks: WasmCountBlocks | null;
  private readonly wasmRange: WasmRange | null;
  private readonly wasmCritical: WasmCritical | null;
  /** The accumulators given by the constructor's `acc` (empty without it). */
  readonly bins: Uint8Array;
  /** 16-bit counts: the Simulation adds them to its state before any could reach 65,536 (see MAX_PENDING in monte-carlo.ts). */
  readonly hist: Uint16Array;
  readonly sens: Float64Array;
  /** With `acc`: how many iterations found each task critical (markAndCount). */
  readonly critical: Float64Array;
  private readonly histBins: number;
  /** The draws left to JavaScript by wasmSample (PERT deep tails, lognormal tails). */
  private readonly tailList: Int32Array;
  /** The plan's finish constraints (gates/allowed-finish.ts), when it has any. */
  private readonly constraints: Required<CompiledPlan> | null;

  /**
   * With `acc`, the accumulators of a Simulation live in this kernel's memory too, so
   * that addScores and countBins run in WebAssembly: `bins` (rows x n bytes), `hist`
   * (n x histBins counts), `sens` (sensBins x n score sums, bin-major) and `critical`
   * (n counts).
   */
  constructor(cp: CompiledPlan, private readonly sampler: DurationSampler, acc?: { rows: number; histBins: number; sensBins: number }) {
    const n = (this.n = cp.n);
    // The arrays the pass reads and writes live in one WebAssembly memory (views over
    // it), laid out ef, dur, notBefore, histStart, histInv, predStart, preds, bins.
    // Then, for the PERT sampler: uniforms, p0, p1 (f64), table offsets, tail list (i32) and the tables (u16).
    const E = cp.preds.length, tableValues = sampler.tables.length;
    const at = [0, 8 * n, 16 * n, 24 * n, 32 * n, 40 * n, 40 * n + 4 * (n + 1), 40 * n + 4 * (n + 1 + E)];
    at.push((at[7] + n + 7) & ~7);
    for (const size of [8 * n, 8 * n, 8 * n, 4 * n, 4 * n]) at.push(at[at.length - 1] + size);
    // Then the accumulators: bins (u8), hist (u16), sens (f64).
    const { rows = 0, histBins = 0, sensBins = 0 } = acc ?? {};
    at.push((at[13] + 2 * tableValues + 7) & ~7);
    at.push((at[14] + rows * n + 7) & ~7);
    at.push((at[15] + 2 * histBins * n + 7) & ~7);
    // Then, for wasmSample: p2, p3, p4 (f64), the runs (i32), the Φ⁻¹ and exp tables (f64).
    const { COEF } = NORMAL_QUANTILE_TABLE, { POW2, FRACTION } = EXP_TABLE;
    at.push(at[16] + 8 * sensBins * n);
    for (const size of [8 * n, 8 * n, 8 * n]) at.push(at[at.length - 1] + size);
    at.push((at[20] + 4 * 3 * n + 7) & ~7);
    at.push(at[21] + 8 * COEF.length);
    at.push(at[22] + 8 * POW2.length);
    // Then, for the pass: a zero cell, the predecessor slots and the overflow list (i32 byte addresses of ef cells).
    const slotCount = KERNEL_PRED_SLOTS;
    let overflow = 0;
    for (let i = 0; i < n; i++) overflow += Math.max(0, cp.predStart[i + 1] - cp.predStart[i] - slotCount);
    at.push(at[23] + 8 * FRACTION.length);
    at.push(at[24] + 8);
    at.push(at[25] + 4 * slotCount * n);
    at.push(at[26] + 4 * (n + 1));
    at.push((at[27] + 4 * overflow + 15) & ~15);
    // Then, for the pilot: the least and largest finish per task (f64).
    at.push((at[28] + ALEA_STATE_BYTES + 7) & ~7);
    at.push(at[29] + 8 * n);
    // Then, for `critical`: the sinks (i32), crit (u8), the marked list (i32) and, with acc, the criticality counts (f64).
    const sinks = sinksOf(cp);
    at.push(at[30] + 8 * n);
    at.push(at[31] + 4 * sinks.length);
    at.push((at[32] + n + 7) & ~7);
    at.push((at[33] + 4 * n + 7) & ~7);
    const bytes = at[34] + (acc ? 8 * n : 0);
    const wasm = kernelOptions.wasm ? instantiateKernelWasm(bytes) : null;
    let buffer: ArrayBuffer;
    if (wasm) {
      this.wasmPass = wasm.fns.pass;
      this.wasmSample = wasm.fns.sample;
      // The stream's state in the lane-pair layout of `alea`: a01 a23 b01 b23 d01 d23 c01 c23.
      const alea = wasm.fns.alea, stateAt = at[28], uAt = at[8];
      const lanes = new Float64Array(wasm.memory.buffer, stateAt, 16);
      const slot = (field: number, lane: number) => 4 * field + lane;
      this.aleaStep = (state, out, k, groups) => {
        // Only ever called with out = score, from draw().
        for (let l = 0; l < 4; l++) for (let f = 0; f < 4; f++) lanes[slot(f, l)] = state[4 * l + f];
        alea(stateAt, uAt + 8 * k, groups);
        for (let l = 0; l < 4; l++) for (let f = 0; f < 4; f++) state[4 * l + f] = lanes[slot(f, l)];
      };
      this.wasmScores = wasm.fns.scores;
      this.wasmCount = wasm.fns.countBins;
      this.wasmCountBlocks = wasm.fns.countBlocks;
      this.wasmRange = wasm.fns.range;
      this.wasmCritical = wasm.fns.critical;
      buffer = wasm.memory.buffer;
    } else {
      this.wasmPass = null;
      this.wasmSample = null;
      this.aleaStep = null;
      this.wasmScores = null;
      this.wasmCount = null;
      this.wasmCountBlocks = null;
      this.wasmRange = null;
      this.wasmCritical = null;
      buffer = new ArrayBuffer(bytes);
    }
    this.at = Int32Array.from(at);
    this.ef = new Float64Array(buffer, at[0], n);
    this.dur = new Float64Array(buffer, at[1], n);
    this.notBefore = new Float64Array(buffer, at[2], n);
    this.histStart = new Float64Array(buffer, at[3], n);
    this.histInv = new Float64Array(buffer, at[4], n);
    this.predStart = new Int32Array(buffer, at[5], n + 1);
    this.preds = new Int32Array(buffer, at[6], E);
    this.binRow = new Uint8Array(buffer, at[7], n);
    this.score = new Float64Array(buffer, at[8], n);
    new Float64Array(buffer, at[9], n).set(sampler.p0);
    new Float64Array(buffer, at[10], n).set(sampler.p1);
    new Int32Array(buffer, at[11], n).set(sampler.tableOffset);
    this.tailList = new Int32Array(buffer, at[12], n);
    new Uint16Array(buffer, at[13], tableValues).set(sampler.tables);
    this.histBins = histBins;
    this.bins = new Uint8Array(buffer, at[14], rows * n);
    this.hist = new Uint16Array(buffer, at[15], histBins * n);
    this.sens = new Float64Array(buffer, at[16], sensBins * n);
    new Float64Array(buffer, at[17], n).set(sampler.p2);
    new Float64Array(buffer, at[18], n).set(sampler.p3);
    new Float64Array(buffer, at[19], n).set(sampler.p4);
    new Float64Array(buffer, at[21], COEF.length).set(COEF);
    new Float64Array(buffer, at[22], POW2.length).set(POW2);
    new Float64Array(buffer, at[23], FRACTION.length).set(FRACTION);
    {
      const slots = new Int32Array(buffer, at[25], slotCount * n).fill(at[24]);
      const exStart = new Int32Array(buffer, at[26], n + 1), exPreds = new Int32Array(buffer, at[27], overflow);
      for (let i = 0, x = 0; i < n; i++) {
        exStart[i] = x;
        for (let e = cp.predStart[i], k = 0; e < cp.predStart[i + 1]; e++, k++) {
          const address = at[0] + 8 * cp.preds[e];
          if (k < slotCount) slots[slotCount * i + k] = address;
          else exPreds[x++] = address;
        }
        exStart[i + 1] = x;
      }
    }
    this.notBefore.set(cp.notBefore);
    this.predStart.set(cp.predStart);
    this.preds.set(cp.preds);
    sampler.fillFixed(this.dur);
    this.sinks = new Int32Array(buffer, at[31], sinks.length);
    this.sinks.set(sinks);
    this.crit = new Uint8Array(buffer, at[32], n);
    this.marked = new Int32Array(buffer, at[33], n);
    this.critical = new Float64Array(buffer, at[34], acc ? n : 0);

    const kindOf = (i: number) => (sampler.attemptMax[i] !== 1 || sampler.kind[i] === DistCode.Fixed ? PREFILLED : sampler.kind[i]);
    const rule = cp.finishRule;
    const constrained = (i: number) => (rule && rule[i] >= 0 ? 1 : 0);
    this.constraints = rule ? (cp as Required<CompiledPlan>) : null;
    const runs: number[] = [], segments: number[] = [], fixed: number[] = [], rework: number[] = [];
    for (let i = 0; i < n; ) {
      const kind = kindOf(i);
      let j = i + 1;
      while (j < n && kindOf(j) === kind) j++;
      if (kind !== PREFILLED) runs.push(kind, i, j);
      i = j;
    }
    for (let i = 0; i < n; ) {
      let j = i;
      while (j < n && !constrained(j)) j++;
      if (j < n) segments.push(i, j + 1, j);
      else segments.push(i, n, -1);
      i = j + 1;
    }
    for (let i = 0; i < n; i++) {
      if (sampler.attemptMax[i] !== 1) rework.push(i);
      else if (sampler.kind[i] === DistCode.Fixed) fixed.push(i);
    }
    this.runs = new Int32Array(buffer, at[20], runs.length);
    this.runs.set(runs);
    this.segments = Int32Array.from(segments);
    this.fixed = Int32Array.from(fixed);
    this.rework = Int32Array.from(rework);
    const varying: number[] = [];
    for (let i = 0; i < n; i++) if (kindOf(i) !== PREFILLED || sampler.attemptMax[i] !== 1) varying.push(i);
    this.varying = Int32Array.from(varying);
  }

  /** Sets the finish histograms (start, 1/width per task) that iterate() bins into. */
  setHistograms(start: Float64Array, inv: Float64Array): void {
    this.histStart.set(start);
    this.histInv.set(inv);
  }

  /**
   * Runs finishes.length iterations on `rng` for the pilot (as iterate, bins in row 0):
   * finishes[k] the k-th project finish, and lo, hi (internal order, filled here) the least
   * and largest finish of each task over them.
   */
  pilot(rng: Rng, finishes: Float64Array, lo: Float64Array, hi: Float64Array): void {
    const { n, at, bins, wasmRange } = this;
    if (bins.length < n) throw new Error('the pilot needs a kernel built with a row of bins (acc.rows >= 1)');
    lo.fill(Infinity);
    hi.fill(-Infinity);
    if (!wasmRange) {
      for (let it = 0; it < finishes.length; it++) {
        finishes[it] = this.iterate(rng, bins, 0);
        widenRange(this.ef, lo, hi);
      }
      return;
    }
    const buffer = this.ef.buffer;
    const wlo = new Float64Array(buffer, at[29], n).fill(Infinity), whi = new Float64Array(buffer, at[30], n).fill(-Infinity);
    for (let it = 0; it < finishes.length; it++) {
      finishes[it] = this.iterate(rng, bins, 0);
      wasmRange(at[0], at[29], at[30], n);
    }
    lo.set(wlo);
    hi.set(whi);
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

  /** Whether the samplers and the pass run in WebAssembly (else the JavaScript loops). */
  get usesWasm(): boolean {
    return this.wasmSample !== null;
  }

  /**
   * One iteration's durations and integer rank scores into `dur` and `score`, exactly as
   * DurationSampler.fill writes them (same uniforms from `rng`, same durations; tasks that
   * never vary left untouched), by this kernel's samplers: for the passes that are not
   * fused (resources, risk features), where DurationSampler.fill cost ~10 % of a
   * 2,000-task resource-aware forecast.
   */
  sampleInto(rng: Rng, dur: Float64Array, score: Float64Array): void {
    this.draw(rng);
    this.sample();
    const { varying, dur: d, score: U } = this;
    for (let k = 0, K = varying.length; k < K; k++) {
      const i = varying[k];
      dur[i] = d[i];
      score[i] = Math.floor(U[i] * SCORE_ONE);
    }
  }

  /** Uniforms for every task (scores: 0 for fixed tasks), and the durations of tasks with rework. */
  private draw(rng: Rng): void {
    const { n, sampler, dur, score: U, fixed, rework } = this;
    const bulk = (rng as Partial<BulkRng>).fill;
    if (bulk) bulk(U, n, this.aleaStep ?? undefined);
    else for (let k = 0; k < n; k++) U[k] = rng();
    for (let k = 0, K = fixed.length; k < K; k++) U[fixed[k]] = 0;
    for (let k = 0, K = rework.length; k < K; k++) {
      const i = rework[k];
      const d = sampler.sample(i, rng);
      dur[i] = d;
      U[i] = sampler.rankScore(i, d) * SCORE_UNIT;
    }
  }

  /**
   * Samples every run, then runs the forward pass over all tasks. Two loops in two
   * methods, not one fused loop per run: with the sampler inlined into the pass,
   * V8 kept the arrays' base pointers in memory and the whole measured ~17-22 ns per
   * task against ~12 for the two passes (the durations, 8 bytes a task, stay in L2).
   */
  private forward(bins: Uint8Array, row: number): void {
    this.sample();
    this.pass(bins, row);
  }

  /** Durations of every run of sampled tasks, from the uniforms in `score`. */
  private sample(): void {
    const { sampler, runs, dur, score: U, wasmSample, tailList } = this;
    if (wasmSample) {
      const a = this.at;
      const nTail = wasmSample(a[20], runs.length, a[8], a[9], a[10], a[17], a[18], a[19], a[11], a[13], a[1], a[12], a[21], a[22], a[23]);
      // The draws left to JavaScript (deep tails): the sampler's own single-draw quantile, same operations.
      for (let k = 0; k < nTail; k++) {
        const i = tailList[k];
        dur[i] = sampler.quantile(i, U[i]);
      }
      return;
    }
    for (let r = 0, R = runs.length; r < R; r += 3) sampler.sampleRun(runs[r], runs[r + 1], runs[r + 2], U, dur);
  }

  /** The forward pass and the histogram bins, segment by segment (a constrained task ends its segment); the bins then go to bins[row ..]. */
  private pass(bins: Uint8Array, row: number): void {
    const { segments, wasmPass, at, binRow, ef, histStart, histInv, constraints } = this;
    for (let r = 0, R = segments.length; r < R; r += 3) {
      const from = segments[r], to = segments[r + 1], c = segments[r + 2];
      if (wasmPass) wasmPass(from, to, at[0], at[1], at[2], at[3], at[4], at[25], at[26], at[27], at[7]);
      else this.passJs(from, to);
      if (c >= 0) constrainFinish(constraints!, c, ef, histStart, histInv, binRow, 0);
    }
    bins.set(binRow, row);
  }

  /** The forward pass and the bins of tasks [from, to) in JavaScript (where WebAssembly is missing; the reference of the WebAssembly pass). */
  private passJs(from: number, to: number): void {
    const { dur, ef, predStart, preds, notBefore, histStart, histInv, binRow: bins } = this;
    let e = predStart[from];
    for (let i = from; i < to; i++) {
      let s = notBefore[i];
      for (const end = predStart[i + 1]; e < end; e++) s = max(s, ef[preds[e]]);
      const f = s + dur[i];
      ef[i] = f;
      const t = (f - histStart[i]) * histInv[i];
      bins[i] = t < 0 ? 0 : t >= TOP_BIN ? TOP_BIN : t | 0;
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

  /** sens[bin·n + i] += floor(score[i]·2^SCORE_BITS) for every task (the kernel's scores are multiples of 2^-SCORE_BITS or raw uniforms). */
  addScores(bin: number): void {
    const { n, sens, score, wasmScores } = this;
    if (wasmScores) {
      wasmScores(this.at[8], this.at[16] + 8 * bin * n, n);
      return;
    }
    const row = bin * n;
    for (let i = 0; i < n; i++) sens[row + i] += Math.floor(score[i] * SCORE_ONE);
  }

  /**
   * Runs everything a batch runs (sampling, pass, criticality, scores, bin counts) on
   * `iterations` throwaway iterations of `rng` (fewer when `stop` says so), then clears
   * the accumulators: their
   * pages are touched and the code warmed before the first batch. A worker thread does
   * it while the main thread runs the pilot (its first batch took ~3x the next ones).
   * The pages are touched first: counting the bins into fresh pages took 20-28 ms on
   * 10,000 tasks (5 MB of histograms), after `stop` had asked for the batches.
   */
  warmUp(rng: Rng, iterations: number, stop?: () => boolean): void {
    const { n, bins, sens } = this;
    const rows = n > 0 ? bins.length / n : 0, sensBins = n > 0 ? sens.length / n : 0;
    if (rows < 1 || sensBins < 1) return;
    this.prefault();
    let it = 0;
    for (; it < iterations && !stop?.(); it++) {
      this.markCritical(this.iterate(rng, bins, (it % rows) * n));
      this.addScores(it % sensBins);
    }
    this.countBins(Math.min(it, rows));
    this.prefault();
  }

  /**
   * Writes the (zero) accumulators once, so that their pages are mapped now rather than
   * in the first batch: with two threads faulting in fresh pages at the same time, a
   * first batch took ~3x the next ones on this VM (s13). Changes no value.
   */
  prefault(): void {
    this.bins.fill(0);
    this.hist.fill(0);
    this.sens.fill(0);
  }

  /** Counts the first `rows` rows of `bins` into `hist`, COUNT_BLOCK tasks at a time (their histograms stay in L1). */
  countBins(rows: number): void {
    const { n, bins, hist, histBins: H, wasmCount, wasmCountBlocks } = this;
    if (wasmCount && wasmCountBlocks) {
      // Whole blocks by the unrolled countBlocks where the bin count is the one it was built for, the rest by countBins.
      const blocks = H === KERNEL_HIST_BINS ? Math.floor(n / COUNT_BLOCK) : 0;
      if (blocks > 0) wasmCountBlocks(this.at[14], this.at[15], n, rows, blocks);
      wasmCount(this.at[14], this.at[15], n, rows, H, blocks * COUNT_BLOCK);
      return;
    }
    for (let i0 = 0; i0 < n; i0 += COUNT_BLOCK) {
      const i1 = Math.min(n, i0 + COUNT_BLOCK);
      for (let r = 0; r < rows; r++) {
        const row = r * n;
        for (let i = i0; i < i1; i++) hist[i * H + bins[row + i]]++;
      }
    }
  }

  /**
   * Marks the tasks with zero total float in the last iteration: marked[0 ..
   * markedCount). A predecessor p of a critical task j is critical iff EF[p] = ES[j]
   * (tolerance 1e-9·max(1, finish)); a start held by notBefore, or a finish moved by
   * a finish constraint, binds no predecessor.
   */
  markCritical(finish: number): void {
    this.mark(finish, false);
  }

  /** markCritical, and adds 1 to `critical` for every task it marks (a kernel built with `acc`). */
  markAndCount(finish: number): void {
    this.mark(finish, true);
  }

  private mark(finish: number, count: boolean): void {
    const fn = this.wasmCritical;
    if (fn) {
      const { at } = this;
      this.markedCount = fn(at[0], at[1], at[2], at[5], at[6], at[31], this.sinks.length, at[32], at[33], count ? at[34] : -1, finish, 1e-9 * (finish > 1 ? finish : 1));
      return;
    }
    this.markCriticalJs(finish);
    if (count) {
      const { marked, critical } = this;
      for (let k = 0, K = this.markedCount; k < K; k++) critical[marked[k]]++;
    }
  }

  /** The reference of the WebAssembly `critical` (kernel-wasm-module.ts), and the fallback. */
  markCriticalJs(finish: number): void {
    const { sinks, predStart, preds, notBefore, marked, crit, ef, dur } = this;
    const tol = 1e-9 * (finish > 1 ? finish : 1);
    let count = markSinksAtFinish(sinks, ef, finish, tol, crit, marked);
    for (let done = 0; done < count; done++) {
      const j = marked[done];
      const e0 = predStart[j], e1 = predStart[j + 1];
      if (e0 === e1) continue;
      // ES of j as iterate() computed it, within an ulp or two (maxNear), far inside tol.
      let s = notBefore[j];
      for (let e = e0; e < e1; e++) s = maxNear(s, ef[preds[e]]);
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

/** lo[i] = min(lo[i], ef[i]) and hi[i] = max(hi[i], ef[i]) for every task (the pilot's range; the kernel's WebAssembly `range` does the same). */
export function widenRange(ef: Float64Array, lo: Float64Array, hi: Float64Array): void {
  for (let p = 0, n = lo.length; p < n; p++) {
    const e = ef[p];
    if (e < lo[p]) lo[p] = e;
    if (e > hi[p]) hi[p] = e;
  }
}
