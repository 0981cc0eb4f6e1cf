/**
 * Per-day pool usage histograms of one Monte Carlo iteration (the statistics half
 * of resource-forward-pass.ts markCritical) as a WebAssembly function over one
 * linear memory; the JavaScript loop there stays the reference and the fallback.
 *
 * usage(users, qty, count, es, dur, days, use, diff, hist, bins, inv) -> upTo * 2 + past:
 * for the `count` users i of one pool (users[x], demand qty[x]) holding it over
 * [es[i], es[i] + dur[i]), adds each one's use of every day d < days (partial first
 * and last days directly into use[], whole days through the difference array
 * diff[]), then for d < upTo counts hist[d * bins + clamp(floor(u * inv + 1e-9))] with
 * u the day's use, clearing use[] and diff[] behind it (both all zero between calls).
 * upTo = min(days, 1 + the last day used); past = 1 when some use ends after `days`.
 * Bit identity: the JavaScript loop's double operations in the same order (floor,
 * min, products and sums), so the same bins are counted.
 * Why: the loop was ~60 % of markCritical's time in V8 (typed-array checks, floor).
 * s14: day indexes compared as i32 (saturating conversions: a day beyond i32 is beyond
 * `days` either way) and the bin clamped by selects; run on the SGS's memory
 * (resource-forward-pass.ts), so the starts and durations are no longer copied in per
 * iteration. markCritical (with sgs-wasm-module.ts mark) on the bench plan, per call,
 * native, alternating builds: ~40 µs (s13) -> ~34 µs (mark in WebAssembly) -> ~27 µs.
 * Tried and dropped in s14: the per-user branches made branch-free (selects, writes of
 * +0): ~1.8x slower (read-modify-writes of the same slots chain through memory).
 * Cost: O(users + days) per pool and iteration; compiled once per process.
 * Reference: WebAssembly Core Specification 2.0; the loop: resource-forward-pass.ts.
 */
import {
  BLOCK, BR_IF, END, f64, F64, F64_ADD, F64_CONVERT_I32_S, I32_EQZ, I32_SHL, F64_FLOOR, F64_MUL, F64_SUB, I32, i32, I32_ADD, I32_GE_S, I32_LT_S, I32_MUL, I32_SUB, I32_TRUNC_SAT_F64_S,
  loadF64, loadI32, LOOP, moduleBytes, SELECT, set, storeF64, storeI32, tee, type Code, type WasmFunction,
} from '../kernel-wasm-emitter';
import { addr, BR, F64_GT, frame, IF, ELSE, I32_EQ, I32_GT_S, ldF, ldI } from './wasm-opcodes';

export type WasmUsage = (users: number, qty: number, count: number, es: number, dur: number, days: number, use: number, diff: number, hist: number, bins: number, inv: number) => number;

function usageFn(): WasmFunction {
  const F = frame([['users', I32], ['qty', I32], ['count', I32], ['es', I32], ['dur', I32], ['days', I32], ['use', I32], ['diff', I32], ['hist', I32], ['bins', I32], ['inv', F64]], [
    ['x', I32], ['i', I32], ['ids', I32], ['idf', I32], ['ie', I32], ['past', I32], ['d', I32], ['up', I32], ['b', I32], ['last', I32],
    ['q', F64], ['s', F64], ['f', F64], ['ds', F64], ['df', F64], ['fd', F64], ['run', F64], ['u', F64],
  ]);
  const { v, get: g } = F;
  /** arr[idx] += value (f64). */
  const addAt = (arr: Code, idx: Code, value: Code): Code => [...addr(arr, idx, 3), ...addr(arr, idx, 3), ...loadF64(), ...value, F64_ADD, ...storeF64()];
  /** x < y ? x : y on i32. */
  const minI = (x: Code, y: Code): Code => [...x, ...y, ...x, ...y, I32_LT_S, SELECT];
  return {
    name: 'usage', params: F.paramTypes, results: [I32], locals: F.localRuns,
    body: [
      ...g('days'), F64_CONVERT_I32_S, ...set(v.fd),
      ...g('days'), ...i32(1), I32_SUB, ...set(v.last),
      ...BLOCK, ...LOOP,
      ...g('x'), ...g('count'), I32_GE_S, BR_IF, 1,
      ...BLOCK,
      ...ldI(g('users'), g('x')), ...set(v.i),
      ...ldF(g('qty'), g('x')), ...set(v.q),
      ...ldF(g('es'), g('i')), ...tee(v.s), ...ldF(g('dur'), g('i')), F64_ADD, ...set(v.f),
      // Held for the work only; nothing held: next user.
      ...g('f'), ...g('s'), F64_GT, I32_EQZ, BR_IF, 0,
      ...g('f'), ...g('fd'), F64_GT, ...IF, ...i32(1), ...set(v.past), END,
      // Day indexes in i32 (saturating: a day past i32 is past `days` either way), so the
      // comparisons with days and each other are integer ones (s14: ~-30% instructions).
      ...g('s'), F64_FLOOR, ...tee(v.ds), ...I32_TRUNC_SAT_F64_S, ...tee(v.ids), ...g('days'), I32_GE_S, BR_IF, 0,
      ...g('f'), F64_FLOOR, ...tee(v.df), ...I32_TRUNC_SAT_F64_S, ...set(v.idf),
      // up = max(up, min(df + 1, days)): min(upTo, days) of the JavaScript loop.
      ...minI(g('idf'), g('last')), ...i32(1), I32_ADD, ...tee(v.ie), ...g('up'), ...g('ie'), ...g('up'), I32_GT_S, SELECT, ...set(v.up),
      ...g('ids'), ...g('idf'), I32_EQ, ...IF,
      ...addAt(g('use'), g('ids'), [...g('q'), ...g('f'), ...g('s'), F64_SUB, F64_MUL]),
      ELSE,
      ...addAt(g('use'), g('ids'), [...g('q'), ...g('ds'), ...f64(1), F64_ADD, ...g('s'), F64_SUB, F64_MUL]),
      // Whole days ds+1 .. df-1 through the difference array; the partial last day directly.
      ...minI(g('idf'), g('days')), ...set(v.ie),
      ...g('ids'), ...i32(1), I32_ADD, ...g('ie'), I32_LT_S, ...IF,
      ...addAt(g('diff'), [...g('ids'), ...i32(1), I32_ADD], g('q')),
      ...addr(g('diff'), g('ie'), 3), ...addr(g('diff'), g('ie'), 3), ...loadF64(), ...g('q'), F64_SUB, ...storeF64(),
      END,
      ...g('idf'), ...g('days'), I32_LT_S, ...IF,
      ...addAt(g('use'), g('idf'), [...g('q'), ...g('f'), ...g('df'), F64_SUB, F64_MUL]),
      END,
      END,
      END,
      ...g('x'), ...i32(1), I32_ADD, ...set(v.x),
      BR, 0,
      END, END,
      // Count the days' bins, clearing use and diff behind. The bin: the truncation of
      // u * inv + 1e-9 clamped to [0, bins - 1], which is the clamped floor (they differ
      // only below 0, clamped to 0 either way; NaN gives 0 both ways).
      ...BLOCK, ...LOOP,
      ...g('d'), ...g('up'), I32_GE_S, BR_IF, 1,
      ...g('run'), ...ldF(g('diff'), g('d')), F64_ADD, ...set(v.run),
      ...ldF(g('use'), g('d')), ...g('run'), F64_ADD, ...set(v.u),
      ...g('u'), ...g('inv'), F64_MUL, ...f64(1e-9), F64_ADD, ...I32_TRUNC_SAT_F64_S, ...set(v.b),
      ...g('bins'), ...i32(1), I32_SUB, ...g('b'), ...g('b'), ...g('bins'), I32_GE_S, SELECT, ...set(v.b),
      ...i32(0), ...g('b'), ...g('b'), ...i32(0), I32_LT_S, SELECT, ...set(v.b),
      // hist[d * bins + b]++ (u32)
      ...addr(g('hist'), [...g('d'), ...g('bins'), I32_MUL, ...g('b'), I32_ADD], 2), ...tee(v.i),
      ...g('i'), ...loadI32(), ...i32(1), I32_ADD, ...storeI32(),
      ...addr(g('diff'), g('d'), 3), ...f64(0), ...storeF64(),
      ...addr(g('use'), g('d'), 3), ...f64(0), ...storeF64(),
      ...g('d'), ...i32(1), I32_ADD, ...set(v.d),
      BR, 0,
      END, END,
      ...addr(g('diff'), g('up'), 3), ...f64(0), ...storeF64(),
      ...g('up'), ...i32(1), I32_SHL, ...g('past'), I32_ADD,
    ],
  };
}

/** The module's bytes (exported for tests). */
export function usageModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes([usageFn()]);
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * usage() over `memory` (s14: the SGS's, sgs-wasm-module.ts, so that the decoding's starts
 * and durations are read in place) or else a new memory of at least `bytes` bytes; null
 * where WebAssembly is missing or refuses it.
 */
export function instantiateUsageWasm(bytes: number, memory?: WebAssembly.Memory): { memory: WebAssembly.Memory; usage: WasmUsage } | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(usageModuleBytes()) : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return null;
  memory ??= new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const ex = new WebAssembly.Instance(compiled, { env: { memory } }).exports;
  return { memory, usage: ex.usage as unknown as WasmUsage };
}
