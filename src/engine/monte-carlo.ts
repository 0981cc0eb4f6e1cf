/**
 * Monte Carlo schedule simulation in mergeable batches.
 *
 * What: per iteration, sample every task's duration (done tasks 0, in-progress
 * tasks their `remaining` estimate, as compile-plan put in force), run a forward
 * pass (ES = max(EF of predecessors, notBefore), EF = ES + d), take the project
 * finish, mark the critical tasks, and accumulate: the finish itself (kept whole,
 * for exact percentiles), per-task criticality counts, per-task finish histograms,
 * hits of per-task due dates, and sensitivity sums (sensitivity.ts).
 *
 * Method:
 * - Criticality by backward reachability along binding edges (as in
 *   /work/shared/bench/mc_limit.c): tasks with EF = finish are critical; a
 *   predecessor p of a critical task j is critical iff EF[p] = ES[j] (tolerance
 *   1e-9·max(1, finish)). A start held by `notBefore` has no binding predecessor,
 *   so criticality does not propagate through it. This marks exactly the tasks
 *   with total float 0.
 * - Batches: a run of N iterations is cut into ceil(N / batchSize) batches; batch
 *   k draws from the stream (seed, "batch/k") only. Every accumulator is an integer
 *   (counts, and rank scores in units of 2^-20, summed exactly in doubles below
 *   2^53), so merging is exact, associative and commutative; finish samples are
 *   kept per batch and concatenated in batch order. Hence the same seed and
 *   iteration count give identical results for any number of workers or any merge
 *   order.
 * - Layout (computed once per run, deterministically from the seed): a pilot of
 *   PILOT_ITERATIONS iterations (in PILOT_PARTS parts, each on its own stream, which
 *   threads may share) fixes (1) the project-finish bins
 *   used by sensitivity (pilot quantiles, SENS_BINS equal-probability bins) and
 *   (2) per task the range of its finish histogram: [min - span, max + span] of the
 *   pilot finishes (span = max - min, at least MIN_SPAN), in HIST_BINS bins; values
 *   outside land in the edge bins and are reported (see forecast.ts). Tasks whose
 *   finish cannot vary (nothing stochastic upstream) get their exact finish.
 * - Speed: without a caller's pass, iterations run in the fused kernel of
 *   precedence-kernel.ts (sampling, forward pass, histogram bins, criticality) on the
 *   plan renumbered by levelOrder (level, then distribution), so sampling goes in
 *   long runs of one distribution; its accumulators are mapped back to cp's positions
 *   when the state is read (settle), or before a 16-bit count could overflow. No
 *   allocation per iteration; histogram bins of CHUNK
 *   iterations are buffered as bytes and counted per BLOCK of tasks afterwards, so
 *   the scattered increments stay in L1; only the tasks marked critical are counted.
 * - A `ForwardPass` replaces the kernel (e.g. a resource-aware serial schedule); it
 *   must also mark the critical tasks of its own schedule. The kernel's samplers
 *   still draw the durations (PrecedenceKernel.sampleInto, the same values as
 *   DurationSampler.fill). Given as a
 *   `ResourceModel` (pass + pool statistics), each batch also records the pool
 *   statistics of its own iterations (integer counts, merged like the rest).
 * - Finish constraints (gates/allowed-finish.ts) move constrained finishes in both
 *   the kernel and PrecedenceForwardPass, as critical-path.ts does.
 * - Risk events, correlations and review rework (risk/risk-model.ts) adjust the
 *   sampled durations between sampling and the pass, so a plan with any of them runs
 *   the non-fused path (PrecedenceForwardPass, or the caller's pass) and each batch
 *   also keeps every iteration's risk occurrences (a bitmask) for the report.
 * Assumptions: compiled plan (topological positions, predecessors first).
 * Cost: O(iterations · (V + E)) time; memory O(V · (HIST_BINS + SENS_BINS + CHUNK))
 * bytes x 4..8 for the accumulators plus 8 bytes per iteration for the finishes
 * (50,000 tasks x 10,000 iterations: ~330 MB peak RSS, measured with bench/run.mjs).
 * Reference: R. M. Van Slyke (1963), "Monte Carlo methods and the PERT problem",
 * Operations Research 11(5); criticality index: Dodin & Elmaghraby (1985).
 */
import { lazyIndexOf, type CompiledPlan } from './compile-plan';
import { markSinksAtFinish, sinksOf } from './critical-sinks';
import { DurationSampler, SCORE_BITS, type Rng } from './random/sample-duration';
import { PrecedenceKernel, widenRange } from './precedence-kernel';
import { addInternalSums, mergeableState } from './state-merge-wasm';
import { aleaStreams, type StreamFactory } from './random/seeded-streams';
import { quantileSorted } from './percentiles';
import { nextAllowedFinish } from './gates/allowed-finish';
import { mergePoolStats, type PoolStats } from './rcpsp/resource-forward-pass';
import { hasRiskFeatures, RiskModel } from './risk/risk-model';

/** A schedule pass over sampled durations: fills ES/EF and returns the project finish. */
export interface ForwardPass {
  run(dur: Float64Array, es: Float64Array, ef: Float64Array): number;
  /** Sets crit[i] = 1 for every task with zero total float in the schedule just run (crit arrives all 0). */
  markCritical(dur: Float64Array, es: Float64Array, ef: Float64Array, finish: number, crit: Uint8Array): void;
}

// Module-local values (TypeScript compiles uses of an exported const to property loads).
const HISTOGRAM_BINS = 256;
const SENSITIVITY_BINS = 64;
/**
 * Iterations per batch: the unit of seeding, of merging and of work sharing between threads.
 * 250 rather than 1000: a thread that finishes first then waits for at most a quarter of the
 * time it used to (2-worker forecast of 10,000 tasks: up to ~0.2 s idle at the end with 1000);
 * the per-batch cost (a stream, a finish array) is a few microseconds.
 */
export const DEFAULT_BATCH_SIZE = 250;
export const PILOT_ITERATIONS = 256;
/**
 * The pilot runs in parts of PILOT_ITERATIONS / PILOT_PARTS iterations, each on its own
 * stream: threads share them out (cli/forecast-workers.ts), and the layout is the same.
 */
export const PILOT_PARTS = 4;
export const HIST_BINS = HISTOGRAM_BINS;
export const SENS_BINS = SENSITIVITY_BINS;
/** Smallest histogram span (working days), for tasks whose pilot finish did not vary. */
export const MIN_SPAN = 0.5;
const FORMAT = 'converge-mc-batch/1';
const SCORE_ONE = 2 ** SCORE_BITS;

/**
 * The exact maximum (starts and finishes are never NaN). Exact, so it is the same
 * whatever the order of the predecessors: the WebAssembly pass (kernel-wasm-module.ts)
 * takes it on the bits of its operands, in its own order, and gets the same doubles.
 */
function max(a: number, b: number): number {
  return a > b ? a : b;
}

/**
 * The precedence-only forward pass with notBefore (no resources). It also keeps
 * the list of tasks it marked, so the simulation can count criticality by visiting
 * only those (typically a path, not the whole plan).
 */
export class PrecedenceForwardPass implements ForwardPass {
  /** marked[0 .. markedCount): the tasks marked critical by the last markCritical. */
  readonly marked: Int32Array;
  markedCount = 0;
  private readonly n: number;
  private readonly predStart: Int32Array;
  private readonly preds: Int32Array;
  private readonly notBefore: Float64Array;
  /** Tasks without successors: only they can end the project (a task finishing at the finish with a successor binds it). */
  private readonly sinks: Int32Array;
  private readonly constraints: Required<CompiledPlan> | null;

  constructor(cp: CompiledPlan) {
    this.n = cp.n;
    this.predStart = cp.predStart;
    this.preds = cp.preds;
    this.notBefore = cp.notBefore;
    this.marked = new Int32Array(cp.n);
    this.constraints = cp.finishRule ? (cp as Required<CompiledPlan>) : null;
    this.sinks = sinksOf(cp);
  }

  run(dur: Float64Array, es: Float64Array, ef: Float64Array): number {
    const { n, predStart, preds, notBefore, constraints } = this;
    let finish = 0;
    for (let i = 0; i < n; i++) {
      let s = notBefore[i];
      for (let e = predStart[i], end = predStart[i + 1]; e < end; e++) s = max(s, ef[preds[e]]);
      let f = s + dur[i];
      if (constraints && constraints.finishRule[i] >= 0) {
        // As critical-path.ts: the finish moves to the next allowed one; a deploy's start moves with it.
        // No allowed day left before the horizon: the finish stays (see precedence-kernel.ts).
        const g = nextAllowedFinish(constraints, i, f);
        if (g > f && g !== Infinity) {
          if (constraints.finishShift[i]) s = g - dur[i];
          f = g;
        }
      }
      es[i] = s;
      ef[i] = f;
      finish = max(finish, f);
    }
    return finish;
  }

  markCritical(_dur: Float64Array, es: Float64Array, ef: Float64Array, finish: number, crit: Uint8Array): void {
    const { sinks, predStart, preds, marked } = this;
    const tol = 1e-9 * (finish > 1 ? finish : 1);
    // marked[] doubles as the work stack: entries below `done` are visited, the rest pending.
    // Seeds are the sinks at the finish: any other task at the finish binds a successor
    // that is also at the finish, so the walk reaches it.
    let count = markSinksAtFinish(sinks, ef, finish, tol, crit, marked);
    for (let done = 0; done < count; done++) {
      const j = marked[done];
      const s = es[j];
      // A finish a constraint moved later than start + duration binds no predecessor.
      if (ef[j] - (s + _dur[j]) > tol) continue;
      for (let e = predStart[j], end = predStart[j + 1]; e < end; e++) {
        const p = preds[e];
        if (crit[p] === 0 && s - ef[p] <= tol) {
          crit[p] = 1;
          marked[count++] = p;
        }
      }
    }
    this.markedCount = count;
  }
}

/**
 * A resource-aware forward pass with its pool statistics, as
 * rcpsp/resource-forward-pass.ts createResourceForwardPass returns it. `stats()` is
 * cumulative over every markCritical call; each batch records the difference across
 * its own iterations, so the statistics merge like the other accumulators.
 */
export interface ResourceModel {
  pass: ForwardPass;
  /** A cheap snapshot of the pool counts, for statsSince. */
  mark(): unknown;
  /** The pool statistics of the iterations run since `mark` was taken (a batch's own). */
  statsSince(mark: unknown): PoolStats;
}

export function precedenceForwardPass(cp: CompiledPlan): ForwardPass {
  return new PrecedenceForwardPass(cp);
}

/** What every batch of one run shares: fixed up front, plain JSON. */
export interface ForecastLayout {
  format: typeof FORMAT;
  seed: string;
  n: number;
  /** SENS_BINS - 1 increasing edges of the project-finish bins. */
  finishEdges: number[];
  /** Per task: histogram start and bin width (HIST_BINS bins). */
  histStart: number[];
  histWidth: number[];
  /** Per task: its finish when it is the same in every iteration (no varying task upstream, precedence pass), else null. */
  exactFinish: Array<number | null>;
  /** Positions of tasks with their own due date, and that date in working days (end of day). */
  dueTasks: number[];
  dueDays: number[];
}

/** One part of the pilot (Simulation.pilotPart): its project finishes, and per task (internal order) the least and largest finish. */
export interface PilotPart {
  part: number;
  finishes: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
}

export interface BatchSpec {
  seed: string;
  batchIndex: number;
  batchSize: number;
  /** Iterations of the whole run (the last batch may be short). */
  iterations: number;
  forwardPass?: ForwardPass;
  /** A resource-aware pass with pool statistics (replaces forwardPass; the batch result then carries `pools`). */
  resources?: ResourceModel;
  /** The run's layout; computed (deterministically) when absent. */
  layout?: ForecastLayout;
  streams?: StreamFactory;
}

/**
 * The accumulated result of one or more batches: plain JSON (numbers, arrays,
 * strings), so it can cross worker postMessage, Forge queue events and storage.
 */
export interface BatchResult {
  format: typeof FORMAT;
  seed: string;
  n: number;
  batchSize: number;
  iterations: number;
  /** Finish samples of each batch included, by batch index; with risk events also each iteration's occurrence bits (risk/risk-events.ts). */
  batches: Array<{ index: number; finish: number[]; risks?: number[] }>;
  critical: number[];
  /** Per task: [first non-empty bin, count k, k bin counts], concatenated in task order. */
  hist: number[];
  /** Sensitivity sums, bin-major: sens[bin * n + task]. */
  sens: number[];
  dueHits: number[];
  /** Pool statistics of these iterations (resource-aware runs given `resources`). */
  pools?: PoolStats;
}

/** The typed-array form of accumulated batches (what mergeBatches returns). */
export interface MonteCarloState {
  seed: string;
  n: number;
  batchSize: number;
  iterations: number;
  finishByBatch: Map<number, Float64Array>;
  critical: Float64Array;
  hist: Uint32Array;
  sens: Float64Array;
  dueHits: Float64Array;
  pools?: PoolStats;
  /** With risk events: per batch, the occurrence bitmask of every iteration (RiskModel.words words each). */
  riskMasks?: Map<number, Uint32Array>;
}

export class MonteCarloError extends Error {
  constructor(readonly code: 'invalid-batch' | 'batch-mismatch' | 'duplicate-batch' | 'missing-batch' | 'invalid-iterations', message: string) {
    super(message);
    this.name = 'MonteCarloError';
  }
}

export function batchCount(iterations: number, batchSize: number): number {
  return Math.ceil(iterations / batchSize);
}

export function emptyState(n: number, seed: string, batchSize: number, iterations: number): MonteCarloState {
  return stateWith(n, seed, batchSize, iterations, { hist: new Uint32Array(n * HIST_BINS), sens: new Float64Array(n * SENS_BINS) });
}

/**
 * emptyState for the batches of a run (or of one Forge batch): its histograms and sums
 * are where a Simulation adds its own in WebAssembly (state-merge-wasm.ts), where that runs.
 */
export function runState(n: number, seed: string, batchSize: number, iterations: number): MonteCarloState {
  const arrays = mergeableState(n, HIST_BINS, SENS_BINS);
  return arrays ? stateWith(n, seed, batchSize, iterations, arrays) : emptyState(n, seed, batchSize, iterations);
}

function stateWith<H extends Uint16Array | Uint32Array>(
  n: number, seed: string, batchSize: number, iterations: number, arrays: { hist: H; sens: Float64Array; critical?: Float64Array },
): Omit<MonteCarloState, 'hist'> & { hist: H } {
  return { seed, n, batchSize, iterations, finishByBatch: new Map(), critical: new Float64Array(n), ...arrays, dueHits: new Float64Array(0) };
}

/** Iterations whose histogram bins are buffered before they are counted (see simulate). */
const CHUNK = 128;
/** Tasks per block when counting buffered bins: a block's histograms (16 x 256 x 4 B) stay in L1 (measured: 2.8 ns per count against 5.0 with 64). */
const BLOCK = 16;

/**
 * The order the precedence simulation runs in: by level (1 + the largest level of
 * the predecessors, sources 0), then by distribution class, then by topological
 * position. Any order by level is topological; grouping distributions within a
 * level gives the sampler long runs of one distribution (as mc_limit.c does).
 * Returns order[p] = the topological position of the p-th task to simulate.
 */
export function levelOrder(cp: CompiledPlan): Int32Array {
  const n = cp.n;
  const level = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let l = 0;
    for (let e = cp.predStart[i]; e < cp.predStart[i + 1]; e++) l = Math.max(l, level[cp.preds[e]] + 1);
    level[i] = l;
  }
  const cls = (i: number) => (cp.done[i] || !(cp.b[i] > cp.a[i]) ? 0 : cp.attemptMax[i] > 1 && cp.attemptP[i] < 1 ? 9 : cp.dist[i]);
  return Int32Array.from(Array.from({ length: n }, (_, i) => i).sort((x, y) => level[x] - level[y] || cls(x) - cls(y) || x - y));
}

/** The compiled plan with its tasks renumbered: position p holds cp's task order[p] (order must be topological). */
export function permuteCompiledPlan(cp: CompiledPlan, order: Int32Array): CompiledPlan {
  const n = cp.n;
  const inv = new Int32Array(n);
  for (let p = 0; p < n; p++) inv[order[p]] = p;
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(src: T): T => {
    const out = new (src.constructor as new (k: number) => T)(n);
    for (let p = 0; p < n; p++) out[p] = src[order[p]];
    return out;
  };
  const csr = (start: Int32Array, list: Int32Array) => {
    const s = new Int32Array(n + 1), l = new Int32Array(list.length);
    for (let p = 0; p < n; p++) {
      const i = order[p], from = s[p];
      let to = from;
      // The renumbered neighbours in increasing order, by insertion (lists are short; no arrays per task).
      for (let e = start[i]; e < start[i + 1]; e++) {
        const v = inv[list[e]];
        let k = to++;
        while (k > from && l[k - 1] > v) {
          l[k] = l[k - 1];
          k--;
        }
        l[k] = v;
      }
      s[p + 1] = to;
    }
    return [s, l] as const;
  };
  const [predStart, preds] = csr(cp.predStart, cp.preds);
  const [succStart, succs] = csr(cp.succStart, cp.succs);
  const ids = Array.from(order, (i) => cp.ids[i]);
  const R = cp.resourceIds.length;
  const demand = new Float64Array(n * R);
  for (let p = 0; p < n; p++) for (let r = 0; r < R; r++) demand[p * R + r] = cp.demand[order[p] * R + r];
  // cp's own indexOf, copied by the spread, is replaced by the renumbered plan's.
  return lazyIndexOf({
    ...cp,
    ids,
    planIndex: pick(cp.planIndex),
    predStart, preds, succStart, succs,
    dist: pick(cp.dist), a: pick(cp.a), m: pick(cp.m), b: pick(cp.b), det: pick(cp.det), done: pick(cp.done),
    notBefore: pick(cp.notBefore), attemptP: pick(cp.attemptP), attemptMax: pick(cp.attemptMax),
    demand,
    ...(cp.finishRule && cp.finishShift ? { finishRule: pick(cp.finishRule), finishShift: pick(cp.finishShift) } : {}),
  }, ids);
}

/** levelOrder and the renumbered plan, per compiled plan (immutable): computed once per thread. */
const internalPlans = new WeakMap<CompiledPlan, { order: Int32Array; plan: CompiledPlan }>();

/** The plan the fused kernel runs on (cp renumbered by levelOrder), computed on first use. */
function internalPlanOf(cp: CompiledPlan): { order: Int32Array; plan: CompiledPlan } {
  let internal = internalPlans.get(cp);
  if (!internal) {
    const order = levelOrder(cp);
    internalPlans.set(cp, (internal = { order, plan: permuteCompiledPlan(cp, order) }));
  }
  return internal;
}

/**
 * Does now the part of a Simulation's construction that needs neither the sampler
 * tables nor the layout (the renumbered plan, ~25 ms on 10,000 tasks): the main thread
 * of a multi-thread run does it while its workers start on the tables. Returns the
 * order it renumbered by (levelOrder; null when the simulation does not renumber);
 * `order`: that order, computed by another thread for the same plan (a worker then only
 * renumbers: levelOrder's sort took ~10-15 ms there).
 */
export function prepareSimulation(cp: CompiledPlan, opts: Pick<SimulationOptions, 'forwardPass' | 'resources'> = {}, order?: Int32Array): Int32Array | null {
  if (callerPass(opts) || hasRiskFeatures(cp)) return null;
  if (order && order.length === cp.n && !internalPlans.has(cp)) internalPlans.set(cp, { order, plan: permuteCompiledPlan(cp, order) });
  return internalPlanOf(cp).order;
}

/** The pass a caller gives (a resource model's, or a bare one); undefined: the fused precedence kernel. */
function callerPass(opts: Pick<SimulationOptions, 'forwardPass' | 'resources'>): ForwardPass | undefined {
  return opts.resources?.pass ?? opts.forwardPass;
}

/** The internal-order accumulators of the fused kernel: its 16-bit histogram counts (precedence-kernel.ts). */
type Scratch = Omit<MonteCarloState, 'hist'> & { hist: Uint16Array | Uint32Array };

/** Iterations the 16-bit histogram counts of a Scratch may hold before they are added to the state. */
const MAX_PENDING = 65535;

/**
 * Adds the internal-order accumulators into `state` (cp order) and clears them; with
 * `extra` (another thread's, the same internal order) those too, in the same pass
 * (every value is an integer count or a multiple of 2^-SCORE_BITS: exact in any order).
 * (Counting straight into the cp-ordered histograms was measured slower: a block's
 * histograms are then scattered.)
 */
function flushScratch(s: Scratch, order: Int32Array, state: MonteCarloState, extra?: Accumulators): void {
  const n = s.n, H = HISTOGRAM_BINS, B = SENSITIVITY_BINS;
  const { critical, hist, sens, dueHits } = s;
  const { critical: toCritical, hist: toHist, sens: toSens, dueHits: toDue } = state;
  const xc = extra?.critical, xh = extra?.hist, xs = extra?.sens, xd = extra?.dueHits;
  const nDue = dueHits.length;
  for (let p = 0; p < n; p++) {
    const i = order[p];
    toCritical[i] += xc ? critical[p] + xc[p] : critical[p];
  }
  const wasm = hist instanceof Uint16Array && (!xh || xh instanceof Uint16Array) &&
    addInternalSums(state, { hist, sens }, order, extra && { hist: extra.hist as Uint16Array, sens: extra.sens });
  if (!wasm) {
    for (let p = 0; p < n; p++) {
      const from = p * H, to = order[p] * H;
      if (xh) for (let b = 0; b < H; b++) toHist[to + b] += hist[from + b] + xh[from + b];
      else for (let b = 0; b < H; b++) toHist[to + b] += hist[from + b];
    }
    // Row by row: a row (one finish bin, every task) is read in order and written within itself.
    for (let b = 0; b < B; b++) {
      const row = b * n;
      for (let p = 0; p < n; p++) {
        const v = xs ? sens[row + p] + xs[row + p] : sens[row + p];
        if (v !== 0) toSens[row + order[p]] += v;
      }
    }
  }
  for (let k = 0; k < nDue; k++) toDue[k] += xd ? dueHits[k] + xd[k] : dueHits[k];
  critical.fill(0);
  hist.fill(0);
  sens.fill(0);
  dueHits.fill(0);
}

/**
 * States whose per-task accumulators still sit in a Simulation's internal-order scratch.
 * Why: adding the scratch into the state (flushScratch) after every batch cost ~5 % of a
 * 10,000-task forecast; a Simulation now keeps them while the same state takes its
 * batches, and whoever reads the accumulators (critical, hist, sens, dueHits) calls settle first.
 */
const pendingScratch = new WeakMap<MonteCarloState, Simulation>();

/** What a Simulation still holds for `state`, taken out of it (Simulation.takePending); null when nothing is held. */
export function takePending(state: MonteCarloState): ReturnType<Simulation['takePending']> {
  return pendingScratch.get(state)?.takePending(state) ?? null;
}

/** Makes `state`'s accumulators complete (adds what a Simulation still holds for it); returns it. */
export function settle(state: MonteCarloState): MonteCarloState {
  pendingScratch.get(state)?.flushPending();
  return state;
}

/** The per-task accumulators of a state (or of a Simulation's internal-order scratch), as added across threads. */
export type Accumulators = Pick<MonteCarloState, 'critical' | 'sens' | 'dueHits'> & { hist: Uint16Array | Uint32Array };

/** to's accumulators += from's, element by element, skipping zeros (most histogram cells are empty); the same order of tasks. */
export function addAccumulators(to: Accumulators, from: Accumulators): void {
  for (const key of ['critical', 'hist', 'sens', 'dueHits'] as const) {
    const a = to[key], b = from[key];
    for (let k = 0, K = a.length; k < K; k++) {
      const v = b[k];
      if (v !== 0) a[k] += v;
    }
  }
}

/**
 * One iteration of the non-fused path (a caller's pass) into the accumulators, in one
 * pass over the tasks: criticality counts (crit cleared for the next iteration), the
 * histogram bin of each finish (buffered, counted by countBins) and the rank scores
 * into the sensitivity row of the finish's bin. A function of its own, so its loop is
 * optimized for these array types alone (inside simulate, with the kernel's path
 * beside it, it ran at ~9 ns per task: ~9% of a 2,000-task resource-aware forecast).
 */
function accumulateIteration(
  n: number, crit: Uint8Array, critical: Float64Array, ef: Float64Array, histStart: Float64Array, histInv: Float64Array,
  bins: Uint8Array, brow: number, score: Float64Array, sens: Float64Array, srow: number,
): void {
  const H = HISTOGRAM_BINS;
  for (let i = 0; i < n; i++) {
    critical[i] += crit[i];
    crit[i] = 0;
    const t = (ef[i] - histStart[i]) * histInv[i];
    bins[brow + i] = t < 0 ? 0 : t >= H ? H - 1 : t | 0;
    sens[srow + i] += score[i];
  }
}

/** Counts the buffered bins of `rows` iterations, BLOCK tasks at a time (their histograms stay in L1). */
function countBins(bins: Uint8Array, hist: Uint16Array | Uint32Array, n: number, rows: number): void {
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    for (let r = 0; r < rows; r++) {
      const row = r * n;
      for (let i = i0; i < i1; i++) hist[i * HISTOGRAM_BINS + bins[row + i]]++;
    }
  }
}

export interface SimulationOptions {
  forwardPass?: ForwardPass;
  resources?: ResourceModel;
  /** The run's layout; without it the Simulation runs the pilot, unless `layoutLater` (then useLayout gives it before any batch). */
  layout?: ForecastLayout;
  /** Build everything but the layout now (a worker thread, while the main thread runs the pilot). */
  layoutLater?: boolean;
  streams?: StreamFactory;
}

/**
 * A Simulation's internal-order accumulators for one state (copies), handed from a worker
 * thread to the main thread's Simulation of the same run (takePending / addPending), so
 * neither maps them to cp order more than once.
 */
export interface PendingAccumulators extends Accumulators {
  /** Iterations counted in them. */
  count: number;
  hist: Uint16Array;
}

export class Simulation {
  /**
   * The plan the kernel runs on: cp itself with a caller's forward pass (it indexes
   * tasks by cp's positions), else cp renumbered by levelOrder. Results are mapped
   * back to cp's positions at the end of every simulate().
   */
  readonly internalPlan: CompiledPlan;
  /** order[p]: cp position of internal task p (null: the same order as cp). */
  readonly order: Int32Array | null;
  readonly sampler: DurationSampler;
  /** The forward pass of a caller (a resource-aware one); null: the fused precedence kernel. */
  readonly pass: ForwardPass | null;
  /** The fused precedence kernel (precedence-kernel.ts), when no pass was given. */
  readonly kernel: PrecedenceKernel | null;
  private runLayout: ForecastLayout | null = null;
  /** The last layout layoutFromPilot made, with its internal-order histogram start and 1/width (useLayout takes them as they are). */
  private madeLayout: { layout: ForecastLayout; histStart: Float64Array<ArrayBuffer>; histInv: Float64Array<ArrayBuffer> } | null = null;
  readonly streams: StreamFactory;
  /** The pass the caller gave (undefined: the precedence kernel). */
  readonly customPass: ForwardPass | undefined;
  /** The caller's resource model, whose pool statistics each batch records. */
  readonly resources: ResourceModel | undefined;
  /** Risk events, correlations and review rework (risk/risk-model.ts), applied between sampling and the pass; null: none. */
  readonly risk: RiskModel | null;
  /** Per cp position: the variance of the task's rank score, and 1 when its duration varies. */
  readonly scoreVariance: Float64Array;
  readonly stochastic: Uint8Array;
  private readonly dur: Float64Array;
  private readonly score: Float64Array;
  private readonly es: Float64Array;
  private readonly ef: Float64Array;
  private readonly crit: Uint8Array;
  private readonly bins: Uint8Array;
  /** Internal order: histogram start and 1/width, and the tasks with due dates. */
  private histStart = new Float64Array(0);
  private histInv = new Float64Array(0);
  private dueTasks = new Int32Array(0);
  private dueDays = new Float64Array(0);
  private edges = new Float64Array(0);
  /** Accumulators in internal order, added to the state (in cp order) when it is read (settle); null when the orders agree. */
  private readonly scratch: Scratch | null;
  /** The samplers of a kernel for the non-fused pass; null with the fused kernel or without WebAssembly. */
  private readonly sampleKernel: PrecedenceKernel | null;
  /** Iterations counted into the scratch's histograms since it was last added to a state. */
  private pendingCounts = 0;
  /** States the scratch was ever added to (the others' per-task accumulators are all zero). */
  private readonly flushedInto = new WeakSet<MonteCarloState>();
  /** The state whose iterations are still in `scratch` (flushed by settle, or when another state comes). */
  private pendingState: MonteCarloState | null = null;

  constructor(readonly cp: CompiledPlan, readonly seed: string, opts: SimulationOptions = {}) {
    const n = cp.n;
    this.streams = opts.streams ?? aleaStreams;
    this.resources = opts.resources;
    const customPass = (this.customPass = callerPass(opts));
    // Risk features need a step between sampling and the pass: the non-fused path (the kernel stays untouched).
    const risky = hasRiskFeatures(cp);
    const internal = customPass || risky ? null : internalPlanOf(cp);
    this.order = internal?.order ?? null;
    const icp = (this.internalPlan = internal?.plan ?? cp);
    const order = this.order;
    const toCp = (p: number) => (order ? order[p] : p);
    this.sampler = new DurationSampler(icp);
    this.sampler.prepareRankSamples((p) => this.streams(seed, `rank/${icp.ids[p]}`));
    this.pass = customPass ?? (risky ? new PrecedenceForwardPass(cp) : null);
    this.kernel = this.pass ? null : new PrecedenceKernel(icp, this.sampler, { rows: CHUNK, histBins: HISTOGRAM_BINS, sensBins: SENSITIVITY_BINS });
    // Without the fused kernel, its WebAssembly samplers still draw the durations (same values as sampler.fill).
    const sampling = this.pass ? new PrecedenceKernel(icp, this.sampler) : null;
    this.sampleKernel = sampling?.usesWasm ? sampling : null;
    this.risk = risky ? new RiskModel(cp, this.sampler) : null;
    this.scoreVariance = new Float64Array(n);
    this.stochastic = new Uint8Array(n);
    for (let p = 0; p < n; p++) {
      this.scoreVariance[toCp(p)] = this.sampler.scoreVariance[p];
      this.stochastic[toCp(p)] = this.sampler.stochastic[p];
    }
    const withPass = !!this.pass;
    this.dur = new Float64Array(withPass ? n : 0);
    this.sampler.fillFixed(this.dur);
    this.score = new Float64Array(withPass ? n : 0);
    this.es = new Float64Array(withPass ? n : 0);
    this.ef = new Float64Array(withPass ? n : 0);
    this.crit = new Uint8Array(withPass ? n : 0);
    // With the kernel, the bins and the internal-order histograms and sums live in its memory (its WebAssembly counts them).
    this.bins = this.kernel ? this.kernel.bins : new Uint8Array(n * CHUNK);
    // The scratch is the kernel's accumulators (its WebAssembly counts into them); the kernel renumbers whenever it runs.
    const k = this.kernel;
    this.scratch = order && k ? stateWith(n, seed, 1, 1, { hist: k.hist, sens: k.sens, critical: k.critical }) : null;
    if (opts.layout) this.useLayout(opts.layout);
    else if (!opts.layoutLater) this.useLayout(this.pilot());
  }

  /** The run's layout (histogram ranges, sensitivity bins, due tasks). */
  get layout(): ForecastLayout {
    if (!this.runLayout) throw new MonteCarloError('batch-mismatch', 'this simulation has no layout yet');
    return this.runLayout;
  }

  /** Sets the run's layout (once: a Simulation built with layoutLater). */
  useLayout(L: ForecastLayout): void {
    const { cp, seed, order } = this;
    const n = cp.n;
    if (L.format !== FORMAT || L.seed !== seed || L.n !== n) {
      throw new MonteCarloError('batch-mismatch', 'the layout belongs to another run (seed or plan differ)');
    }
    if (this.runLayout) throw new MonteCarloError('batch-mismatch', 'this simulation already has a layout');
    this.runLayout = L;
    const made = this.madeLayout?.layout === L ? this.madeLayout : null;
    this.madeLayout = null;
    if (made) {
      this.histStart = made.histStart;
      this.histInv = made.histInv;
    } else {
      // Plain loops: this runs once per run, cold (Float64Array.from with a callback took ~2x longer).
      const start = (this.histStart = new Float64Array(n)), inv = (this.histInv = new Float64Array(n));
      for (let p = 0; p < n; p++) {
        const i = order ? order[p] : p;
        start[p] = L.histStart[i];
        inv[p] = 1 / L.histWidth[i];
      }
    }
    this.kernel?.setHistograms(this.histStart, this.histInv);
    const inv = new Int32Array(n);
    for (let p = 0; p < n; p++) inv[order ? order[p] : p] = p;
    this.dueTasks = Int32Array.from(L.dueTasks, (i) => inv[i]);
    this.dueDays = Float64Array.from(L.dueDays);
    this.edges = Float64Array.from(L.finishEdges);
    if (this.scratch) this.scratch.dueHits = new Float64Array(L.dueTasks.length);
  }

  /** One iteration's durations and scores for the non-fused pass (DurationSampler.fill, by WebAssembly where it runs). */
  private fillDurations(rng: Rng, dur: Float64Array, score: Float64Array): void {
    if (this.sampleKernel) this.sampleKernel.sampleInto(rng, dur, score);
    else this.sampler.fill(rng, dur, score);
  }

  /** Runs one iteration of the caller's (or the risk) pass, outside any batch (pilot, warm-up); returns the finish, with the task finishes in the returned array. */
  private passIteration(rng: Rng): [number, Float64Array] {
    this.fillDurations(rng, this.dur, this.score);
    if (this.risk) this.risk.apply(rng, this.dur, this.score, new Uint32Array(this.risk.words), 0);
    return [this.pass!.run(this.dur, this.es, this.ef), this.ef];
  }

  /**
   * Runs `iterations` throwaway iterations (own stream, nothing accumulated, no pool
   * statistics; fewer when `stop` returns true), so that a worker thread's first batch does not run in unoptimized
   * code: it warms up while it waits for the layout. Results never depend on it.
   */
  warmUp(iterations: number, stop?: () => boolean): void {
    const rng = this.streams(this.seed, 'warm-up');
    if (this.kernel) this.kernel.warmUp(rng, iterations, stop);
    else for (let it = 0; it < iterations && !stop?.(); it++) this.passIteration(rng);
  }

  /** Runs the pilot that fixes the layout (bins) of this run; the layout is in cp order. */
  pilot(): ForecastLayout {
    return this.layoutFromPilot(Array.from({ length: PILOT_PARTS }, (_, k) => this.pilotPart(k)));
  }

  /**
   * Runs part `part` of the pilot: PILOT_ITERATIONS / PILOT_PARTS iterations on the
   * stream (seed, "pilot/part"), so the parts may run on different threads and give
   * the same layout (layoutFromPilot) whichever thread ran which.
   */
  pilotPart(part: number): PilotPart {
    if (!(Number.isInteger(part) && part >= 0 && part < PILOT_PARTS)) throw new MonteCarloError('invalid-batch', `pilot part ${part} is outside 0..${PILOT_PARTS - 1}`);
    const n = this.cp.n;
    const rng = this.streams(this.seed, `pilot/${part}`);
    const count = PILOT_ITERATIONS / PILOT_PARTS;
    const finishes = new Float64Array(count);
    const lo = new Float64Array(n).fill(Infinity), hi = new Float64Array(n).fill(-Infinity);
    if (this.kernel) this.kernel.pilot(rng, finishes, lo, hi);
    else {
      for (let it = 0; it < count; it++) {
        const [f, ef] = this.passIteration(rng);
        finishes[it] = f;
        widenRange(ef, lo, hi);
      }
    }
    return { part, finishes, lo, hi };
  }

  /** The layout from every part of the pilot (any order; each exactly once). */
  layoutFromPilot(parts: PilotPart[]): ForecastLayout {
    const { cp, internalPlan: icp, order } = this;
    const n = cp.n;
    const toCp = (p: number) => (order ? order[p] : p);
    const seen = new Set(parts.map((x) => x.part));
    if (parts.length !== PILOT_PARTS || seen.size !== PILOT_PARTS || parts.some((x) => x.lo.length !== n || x.finishes.length !== PILOT_ITERATIONS / PILOT_PARTS)) {
      throw new MonteCarloError('batch-mismatch', `the pilot needs its ${PILOT_PARTS} parts once each, for this plan`);
    }
    const finishes = new Float64Array(PILOT_ITERATIONS);
    const lo = new Float64Array(n).fill(Infinity), hi = new Float64Array(n).fill(-Infinity);
    for (const x of parts) {
      finishes.set(x.finishes, x.part * x.finishes.length);
      for (let p = 0; p < n; p++) {
        if (x.lo[p] < lo[p]) lo[p] = x.lo[p];
        if (x.hi[p] > hi[p]) hi[p] = x.hi[p];
      }
    }
    finishes.sort();
    const finishEdges: number[] = [];
    for (let k = 1; k < SENS_BINS; k++) finishEdges.push(quantileSorted(finishes, k / SENS_BINS));
    const histStart: number[] = new Array(n), histWidth: number[] = new Array(n);
    // The internal-order start and 1/width too, for useLayout of this simulation (it runs cold, once per run: ~3-8 ms on 10,000 tasks).
    const startIn = new Float64Array(n), invIn = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      const span = Math.max(hi[p] - lo[p], MIN_SPAN);
      const start = Math.max(0, lo[p] - span);
      const width = (hi[p] + span - start) / HIST_BINS;
      const i = order ? order[p] : p;
      histStart[i] = start;
      histWidth[i] = width;
      startIn[p] = start;
      invIn[p] = 1 / width;
    }
    // A task's finish never varies when neither it nor anything upstream does (precedence pass only).
    const exactFinish: Array<number | null> = new Array(n).fill(null);
    if (!this.customPass) {
      const fixed = new Uint8Array(n);
      for (let p = 0; p < n; p++) {
        let f = this.sampler.stochastic[p] || this.risk?.varies[p] ? 0 : 1;
        for (let e = icp.predStart[p]; f && e < icp.predStart[p + 1]; e++) f = fixed[icp.preds[e]];
        fixed[p] = f;
        // The same finish in every pilot iteration: lo = hi.
        if (f) exactFinish[toCp(p)] = lo[p];
      }
    }
    const dueTasks: number[] = [], dueDays: number[] = [];
    for (let i = 0; i < n; i++) {
      const due = cp.plan.tasks[cp.planIndex[i]].due;
      if (due) {
        dueTasks.push(i);
        dueDays.push(cp.calendar.workingDaysThrough(due));
      }
    }
    const layout: ForecastLayout = { format: FORMAT, seed: this.seed, n, finishEdges, histStart, histWidth, exactFinish, dueTasks, dueDays };
    this.madeLayout = { layout, histStart: startIn, histInv: invIn };
    return layout;
  }

  /**
   * Simulates `count` iterations on `rng` into `state`, recording the finishes in
   * `finish`. Histogram bins of CHUNK iterations are buffered as bytes (written in
   * task order, so sequentially) and counted block by block afterwards, which keeps
   * the scattered histogram increments inside the cache.
   */
  simulate(rng: Rng, count: number, state: MonteCarloState, finish: Float64Array, riskMasks?: Uint32Array): void {
    const { kernel, pass, dur, es, ef: passEf, crit, bins, histStart, histInv, edges, dueTasks, dueDays } = this;
    const n = this.cp.n;
    const nEdges = edges.length;
    // The scratch holds one state's iterations at a time: another state's go to it first.
    if (this.scratch) this.holdFor(state);
    const acc = this.scratch ?? state;
    const { critical, sens, hist, dueHits } = acc;
    const score = kernel ? kernel.score : this.score;
    const ef = kernel ? kernel.ef : passEf;
    // Read before the loops (see PrecedenceKernel.iterate: on-stack compilation without feedback).
    const { scratch, order, risk } = this;
    const masks = riskMasks ?? new Uint32Array(0);
    for (let c0 = 0; c0 < count; c0 += CHUNK) {
      const c1 = Math.min(count, c0 + CHUNK);
      for (let it = c0; it < c1; it++) {
        const brow = (it - c0) * n;
        let f: number;
        if (kernel) {
          f = kernel.iterate(rng, bins, brow);
          // Into the scratch's counts, which are the kernel's.
          kernel.markAndCount(f);
        } else {
          this.fillDurations(rng, dur, score);
          if (risk) risk.apply(rng, dur, score, masks, it * risk.words);
          f = pass!.run(dur, es, ef);
          pass!.markCritical(dur, es, ef, f, crit);
        }
        finish[it] = f;
        // Sensitivity bin of the finish: the number of edges <= f.
        let lo = 0, hi = nEdges;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (edges[mid] <= f) lo = mid + 1; else hi = mid;
        }
        // The kernel's scores are multiples of 2^-SCORE_BITS (or raw uniforms): floor gives the integer score.
        if (kernel) kernel.addScores(lo);
        else accumulateIteration(n, crit, critical, ef, histStart, histInv, bins, brow, score, sens, lo * n);
        for (let k = 0; k < dueTasks.length; k++) {
          const d = dueDays[k];
          if (ef[dueTasks[k]] <= d + 1e-9 * (d > 1 ? d : 1)) dueHits[k]++;
        }
      }
      if (kernel) {
        if (scratch) {
          // 16-bit counts: add them to the state before any could overflow.
          if (this.pendingCounts + (c1 - c0) > MAX_PENDING) this.flushInto(state);
          this.pendingCounts += c1 - c0;
        }
        kernel.countBins(c1 - c0);
      }
      else countBins(bins, hist, n, c1 - c0);
    }
  }

  /** Adds the internal-order accumulators into the state they belong to (see settle). */
  flushPending(): void {
    const state = this.pendingState;
    if (!state) return;
    this.release();
    this.flushInto(state);
  }

  /** Forgets which state the scratch holds iterations for (the caller adds them somewhere). */
  private release(): void {
    if (this.pendingState) pendingScratch.delete(this.pendingState);
    this.pendingState = null;
  }

  private flushInto(state: MonteCarloState, extra?: Accumulators): void {
    flushScratch(this.scratch!, this.order!, state, extra);
    this.flushedInto.add(state);
    this.pendingCounts = 0;
  }

  /** Makes `state` the one whose iterations the scratch holds (another state's are added to it first). */
  private holdFor(state: MonteCarloState): void {
    if (this.pendingState === state) return;
    this.flushPending();
    this.pendingState = state;
    pendingScratch.set(state, this);
  }

  /**
   * Removes what the scratch holds for `state` and returns a copy (internal order), with
   * whether the state's own per-task accumulators are still all zero (nothing was ever
   * added to them): a worker thread then sends only this, and the main thread adds it to
   * its own scratch (addPending). null when the scratch holds nothing for `state`.
   */
  takePending(state: MonteCarloState): { pending: PendingAccumulators; stateEmpty: boolean } | null {
    const s = this.scratch;
    if (!s || this.pendingState !== state) return null;
    const pending: PendingAccumulators = {
      count: this.pendingCounts, critical: s.critical.slice(), hist: (s.hist as Uint16Array).slice(), sens: s.sens.slice(), dueHits: s.dueHits.slice(),
    };
    s.critical.fill(0);
    s.hist.fill(0);
    s.sens.fill(0);
    s.dueHits.fill(0);
    this.release();
    this.pendingCounts = 0;
    return { pending, stateEmpty: !this.flushedInto.has(state) };
  }

  /** Adds another thread's takePending (same run, same internal order) and what the scratch holds to `state`. */
  addPending(state: MonteCarloState, p: PendingAccumulators): void {
    const s = this.scratch;
    if (!s || p.hist.length !== s.hist.length || p.sens.length !== s.sens.length || p.critical.length !== s.critical.length || p.dueHits.length !== s.dueHits.length) {
      throw new MonteCarloError('batch-mismatch', 'accumulators of another run');
    }
    // Another state's iterations go to it first; this state's go with p, in one pass (adding p to
    // the scratch, then the scratch to the state, walked the 16-bit histograms twice: ~10 ms more
    // on 10,000 tasks). The scratch then holds nothing for it: a later settle must not walk it
    // again (a second, empty pass: ~20 ms at the end of a 2-worker run on 10,000 tasks).
    if (this.pendingState === state) this.release();
    else this.flushPending();
    this.flushInto(state, p);
  }

  /** Runs batch `index` of a run of `iterations` into `state`. */
  runBatchInto(state: MonteCarloState, index: number): void {
    const { batchSize, iterations } = state;
    const count = Math.min(batchSize, iterations - index * batchSize);
    if (!Number.isInteger(index) || index < 0 || count <= 0) {
      throw new MonteCarloError('invalid-batch', `batch ${index} is outside a run of ${iterations} iterations in batches of ${batchSize}`);
    }
    if (state.finishByBatch.has(index)) throw new MonteCarloError('duplicate-batch', `batch ${index} is already included`);
    if (state.dueHits.length !== this.layout.dueTasks.length) state.dueHits = new Float64Array(this.layout.dueTasks.length);
    const finish = new Float64Array(count);
    const res = this.resources;
    const mark = res?.mark();
    const masks = this.risk?.words ? new Uint32Array(count * this.risk.words) : undefined;
    this.simulate(this.streams(this.seed, `batch/${index}`), count, state, finish, masks);
    state.finishByBatch.set(index, finish);
    if (masks) (state.riskMasks ??= new Map()).set(index, masks);
    if (res) {
      const delta = res.statsSince(mark);
      state.pools = state.pools ? mergePoolStats(state.pools, delta) : delta;
    }
  }
}

function checkRun(iterations: number, batchSize: number): void {
  if (!Number.isInteger(iterations) || iterations < 1) throw new MonteCarloError('invalid-iterations', `iterations must be a positive integer, got ${iterations}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new MonteCarloError('invalid-iterations', `batchSize must be a positive integer, got ${batchSize}`);
}

const cache = new WeakMap<CompiledPlan, Simulation>();

/** A Simulation for (cp, seed, pass, layout), reused while the same ones are asked for. */
export function simulationFor(cp: CompiledPlan, seed: string, opts: SimulationOptions = {}): Simulation {
  const hit = cache.get(cp);
  if (
    hit && hit.seed === seed && hit.customPass === callerPass(opts) && hit.resources === opts.resources &&
    (!opts.layout || hit.layout === opts.layout || JSON.stringify(hit.layout) === JSON.stringify(opts.layout)) &&
    hit.streams === (opts.streams ?? aleaStreams)
  ) return hit;
  const sim = new Simulation(cp, seed, opts);
  cache.set(cp, sim);
  return sim;
}

/** Runs one batch of a run and returns its plain-JSON result. */
export function runBatch(cp: CompiledPlan, spec: BatchSpec): BatchResult {
  checkRun(spec.iterations, spec.batchSize);
  const sim = simulationFor(cp, spec.seed, spec);
  const state = runState(cp.n, spec.seed, spec.batchSize, spec.iterations);
  sim.runBatchInto(state, spec.batchIndex);
  return toBatchResult(state);
}

/** Runs several batches of one run into one plain-JSON result (what a worker sends back). */
export function runBatches(cp: CompiledPlan, spec: Omit<BatchSpec, 'batchIndex'> & { batchIndexes: number[] }): BatchResult {
  checkRun(spec.iterations, spec.batchSize);
  const sim = simulationFor(cp, spec.seed, spec);
  const state = runState(cp.n, spec.seed, spec.batchSize, spec.iterations);
  for (const b of spec.batchIndexes) sim.runBatchInto(state, b);
  return toBatchResult(state);
}

export function toBatchResult(state: MonteCarloState): BatchResult {
  settle(state);
  const { n } = state;
  const H = HIST_BINS;
  const hist: number[] = [];
  for (let i = 0; i < n; i++) {
    const base = i * H;
    let first = 0, last = H - 1;
    while (first < H && state.hist[base + first] === 0) first++;
    while (last >= first && state.hist[base + last] === 0) last--;
    const k = last - first + 1;
    hist.push(first, Math.max(0, k));
    for (let b = first; b <= last; b++) hist.push(state.hist[base + b]);
  }
  const batches = [...state.finishByBatch.entries()].sort((x, y) => x[0] - y[0]).map(([index, f]) => {
    const masks = state.riskMasks?.get(index);
    return { index, finish: Array.from(f), ...(masks ? { risks: Array.from(masks) } : {}) };
  });
  return {
    format: FORMAT,
    seed: state.seed,
    n,
    batchSize: state.batchSize,
    iterations: state.iterations,
    batches,
    critical: Array.from(state.critical),
    hist,
    sens: Array.from(state.sens),
    dueHits: Array.from(state.dueHits),
    ...(state.pools ? { pools: state.pools } : {}),
  };
}
