/**
 * Adds a Simulation's internal-order accumulators (with another thread's: monte-carlo.ts
 * addPending) into a state's plan-order histograms and sensitivity sums, in
 * WebAssembly. Why: that merge runs once per run, at its end, on the critical path of
 * every forecast (of a 2-worker one after both threads have finished); as JavaScript
 * it ran cold there: 28-40 ms on 10,000 tasks (2.6 million histogram cells, 640,000
 * sums).
 *
 * Method: a state from mergeableState keeps its `hist` and `sens` in a WebAssembly
 * memory of its own, with a staging area after them. The sources (a kernel's memory,
 * another thread's arrays) are copied in CHUNK tasks at a time (contiguous copies), and
 * two functions add them at the plan positions `order` gives:
 *   hist(own, extra, order, count, dst): dst[order[k]·H + b] += own[k·H + b] (+ extra[k·H + b])
 *   sens(own, extra, order, count, dst, n): per bin b, v = own[b·CHUNK + k] (+ extra[b·CHUNK + k]);
 *     if v ≠ 0, dst[b·n + order[k]] += v
 * (extra 0: none). These are the integer and IEEE operations of monte-carlo.ts
 * flushScratch, so the values are the same (each cell is added to once per merge, so the
 * order of the adds does not matter); the JavaScript stays the reference and the fallback.
 * Cost: the state's arrays (as emptyState's) plus ~2.6 MB of staging.
 */
import {
  compiledOnce, ELSE, END, F64, f64, F64_ADD, F64_NE, forRange, get, I32, i32, I32_ADD, I32_EQZ, I32_MUL, I32_SHL, IF,
  loadF64, loadI32, loadU16, moduleBytes, set, storeF64, storeI32, tee, type Code, type WasmFunction,
} from './kernel-wasm-emitter';

/** Tasks per staged chunk. */
const CHUNK = 1024;

const i32s = (k: number) => Array.from({ length: k }, (): typeof I32 => I32);

/** The `hist` function for `bins` bins per task (see the banner). */
function histFunction(bins: number): WasmFunction {
  const OWN = 0, EXTRA = 1, ORDER = 2, COUNT = 3, DST = 4, K = 5, B = 6, NB = 7, D = 8, S = 9, X = 10, A = 11, ZERO = 12;
  const row = (withExtra: boolean): Code => forRange(B, ZERO, NB, [
    ...get(D), ...get(B), ...i32(2), I32_SHL, I32_ADD, ...tee(A),
    ...get(A), ...loadI32(),
    ...get(S), ...get(B), ...i32(1), I32_SHL, I32_ADD, ...loadU16(), I32_ADD,
    ...(withExtra ? [...get(X), ...get(B), ...i32(1), I32_SHL, I32_ADD, ...loadU16(), I32_ADD] : []),
    ...storeI32(),
  ]);
  return {
    name: 'hist', params: i32s(5), results: [], locals: [[8, I32]],
    body: [
      ...i32(bins), ...set(NB),
      ...forRange(K, ZERO, COUNT, [
        ...get(DST), ...get(ORDER), ...get(K), ...i32(2), I32_SHL, I32_ADD, ...loadI32(), ...i32(bins * 4), I32_MUL, I32_ADD, ...set(D),
        ...get(OWN), ...get(K), ...i32(bins * 2), I32_MUL, I32_ADD, ...set(S),
        ...get(EXTRA), I32_EQZ,
        ...IF,
        ...row(false),
        ELSE,
        ...get(EXTRA), ...get(K), ...i32(bins * 2), I32_MUL, I32_ADD, ...set(X),
        ...row(true),
        END,
      ]),
    ],
  };
}

/** The `sens` function for `sensBins` finish bins (see the banner). */
function sensFunction(sensBins: number): WasmFunction {
  const OWN = 0, EXTRA = 1, ORDER = 2, COUNT = 3, DST = 4, N = 5, BIN = 6, K = 7, NBIN = 8, ROW = 9, A = 10, ZERO = 11, V = 12;
  return {
    name: 'sens', params: i32s(6), results: [], locals: [[6, I32], [1, F64]],
    body: [
      ...i32(sensBins), ...set(NBIN),
      ...forRange(BIN, ZERO, NBIN, [
        ...get(BIN), ...i32(CHUNK * 8), I32_MUL, ...set(ROW),
        ...forRange(K, ZERO, COUNT, [
          ...get(OWN), ...get(ROW), I32_ADD, ...get(K), ...i32(3), I32_SHL, I32_ADD, ...loadF64(), ...set(V),
          ...get(EXTRA),
          ...IF,
          ...get(V), ...get(EXTRA), ...get(ROW), I32_ADD, ...get(K), ...i32(3), I32_SHL, I32_ADD, ...loadF64(), F64_ADD, ...set(V),
          END,
          ...get(V), ...f64(0), F64_NE,
          ...IF,
          ...get(DST), ...get(BIN), ...get(N), I32_MUL, ...get(ORDER), ...get(K), ...i32(2), I32_SHL, I32_ADD, ...loadI32(), I32_ADD, ...i32(3), I32_SHL, I32_ADD, ...tee(A),
          ...get(A), ...loadF64(), ...get(V), F64_ADD, ...storeF64(),
          END,
        ]),
      ]),
    ],
  };
}


/** Module builders by layout (histogram and sensitivity bins), compiled once per process each. */
const modules = new Map<string, () => WebAssembly.Module | null>();
function mergeModule(bins: number, sensBins: number): WebAssembly.Module | null {
  const name = `state-merge-${bins}-${sensBins}`;
  let compiled = modules.get(name);
  if (!compiled) modules.set(name, (compiled = compiledOnce(name, () => moduleBytes([histFunction(bins), sensFunction(sensBins)]))));
  return compiled();
}

type Hist = (own: number, extra: number, order: number, count: number, dst: number) => void;
type Sens = (own: number, extra: number, order: number, count: number, dst: number, n: number) => void;

/** A state's arrays in their WebAssembly memory, with the staging views and functions. */
interface MergeTarget {
  n: number;
  bins: number;
  sensBins: number;
  hist: Hist;
  sens: Sens;
  at: { hist: number; sens: number; order: number; ownHist: number; extraHist: number; ownSens: number; extraSens: number };
  order: Int32Array;
  ownHist: Uint16Array;
  extraHist: Uint16Array;
  ownSens: Float64Array;
  extraSens: Float64Array;
}

/** Targets by the state arrays they hold (a state keeps the arrays mergeableState gave it). */
const targets = new WeakMap<Uint32Array, MergeTarget>();

/**
 * `hist` (n·bins counts) and `sens` (sensBins·n sums), zero, in a WebAssembly memory that
 * addInternalSums can add to; null where WebAssembly is missing or refuses the module (the
 * caller then makes plain arrays).
 */
export function mergeableState(n: number, bins: number, sensBins: number): { hist: Uint32Array; sens: Float64Array } | null {
  const module = n > 0 ? mergeModule(bins, sensBins) : null;
  if (!module) return null;
  const C = Math.min(CHUNK, n);
  const at = { hist: 0, sens: 4 * n * bins, order: 0, ownHist: 0, extraHist: 0, ownSens: 0, extraSens: 0 };
  const align = (x: number) => (x + 7) & ~7;
  at.order = align(at.sens + 8 * n * sensBins);
  at.ownHist = align(at.order + 4 * C);
  at.extraHist = align(at.ownHist + 2 * C * bins);
  at.ownSens = align(at.extraHist + 2 * C * bins);
  at.extraSens = at.ownSens + 8 * CHUNK * sensBins;
  const bytes = at.extraSens + 8 * CHUNK * sensBins;
  try {
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    const buffer = memory.buffer;
    const hist = new Uint32Array(buffer, at.hist, n * bins);
    targets.set(hist, {
      n, bins, sensBins, at,
      hist: exports.hist as unknown as Hist,
      sens: exports.sens as unknown as Sens,
      order: new Int32Array(buffer, at.order, C),
      ownHist: new Uint16Array(buffer, at.ownHist, C * bins),
      extraHist: new Uint16Array(buffer, at.extraHist, C * bins),
      ownSens: new Float64Array(buffer, at.ownSens, CHUNK * sensBins),
      extraSens: new Float64Array(buffer, at.extraSens, CHUNK * sensBins),
    });
    return { hist, sens: new Float64Array(buffer, at.sens, n * sensBins) };
  } catch {
    return null;
  }
}

/** Internal-order accumulators: 16-bit histogram counts (task-major) and sensitivity sums (bin-major). */
export interface InternalSums {
  hist: Uint16Array;
  sens: Float64Array;
}

/**
 * Adds `own` (and `extra`, the same layout) to the state arrays `to` at the plan positions
 * order[p], as flushScratch does; false (nothing added) when `to` did not come from
 * mergeableState with this shape.
 */
export function addInternalSums(to: { hist: Uint32Array; sens: Float64Array }, own: InternalSums, order: Int32Array, extra?: InternalSums): boolean {
  const t = targets.get(to.hist);
  if (!t) return false;
  const { n, bins, sensBins, at } = t;
  if (order.length !== n || own.hist.length !== n * bins || own.sens.length !== n * sensBins || to.sens.length !== n * sensBins) return false;
  if (extra && (extra.hist.length !== own.hist.length || extra.sens.length !== own.sens.length)) return false;
  for (let p0 = 0; p0 < n; p0 += CHUNK) {
    const count = Math.min(CHUNK, n - p0);
    t.order.set(order.subarray(p0, p0 + count));
    t.ownHist.set(own.hist.subarray(p0 * bins, (p0 + count) * bins));
    if (extra) t.extraHist.set(extra.hist.subarray(p0 * bins, (p0 + count) * bins));
    t.hist(at.ownHist, extra ? at.extraHist : 0, at.order, count, at.hist);
    for (let b = 0; b < sensBins; b++) {
      t.ownSens.set(own.sens.subarray(b * n + p0, b * n + p0 + count), b * CHUNK);
      if (extra) t.extraSens.set(extra.sens.subarray(b * n + p0, b * n + p0 + count), b * CHUNK);
    }
    t.sens(at.ownSens, extra ? at.extraSens : 0, at.order, count, at.sens, n);
  }
  return true;
}
