/**
 * The precedence kernel's hot loops as one WebAssembly module (precedence-kernel.ts
 * runs them; its JavaScript twins are the reference and the fallback):
 * - `pass`: the forward pass and histogram bins of the tasks [from, to), as
 *   PrecedenceKernel.passJs;
 * - `pert`: the body of pertQuantileRun (random/pert-quantile-table.ts);
 * - `scores`: one row of sensitivity sums, as PrecedenceKernel.addScores;
 * - `countBins`, `countBlocks`: buffered bins into the histograms, as PrecedenceKernel.countBins.
 * Why WebAssembly: V8 re-checks every typed array's map, base pointer and length on
 * each access in these loops (~130 machine instructions per task for the pass
 * alone), while WebAssembly addresses one linear memory. Counted with cachegrind
 * (node --single-threaded, 10,000-task plan, whole simulation): 421 instructions per
 * task-iteration with the JavaScript loops, 282 with `pass` and `pert` here, 226
 * with `scores` and the looped `countBins` too; the unrolled `countBlocks` then took
 * the counting from ~3.3 to ~2.0 ns per increment (timed inside a 10,000-task forecast,
 * six alternating runs each, loaded 2-core VM).
 * Bit identity: each function is its JavaScript twin operation for operation; the
 * same IEEE double operations in the same order give the same bits (the bin is the
 * saturating truncation of t clamped to [0, 255], which is what `t < 0 ? 0 : t >= 255
 * ? 255 : t | 0` gives, NaN included; float32 tables widen exactly).
 * test/engine/precedence-kernel.test.ts runs both on generated plans and compares
 * the bytes.
 * Parameters are byte addresses in the kernel's own memory (imported as env.memory).
 * Written with kernel-wasm-emitter.ts: no toolchain, about 1.3 kB.
 * Cost: compiled once per process (kernelWasmModule), instantiated per kernel.
 * Reference: WebAssembly Core Specification 2.0; the kernel: precedence-kernel.ts.
 */
import {
  at, BLOCK, BR_IF, END, F64, F64_ABS, F64_ADD, F64_CONVERT_I32_S, F64_FLOOR, F64_MAX, F64_MIN, F64_MUL, F64_PROMOTE_F32, F64_SUB,
  f64, get, I32, i32, I32_ADD, I32_SUB, I32_EQZ, I32_GE_S, I32_GE_U, I32_LT_S, I32_LT_U, I32_MUL, I32_OR, I32_SHL, I32_TRUNC_SAT_F64_S,
  loadF32, loadF64, loadI32, loadU8, LOOP, moduleBytes, SELECT, set, store8, storeF64, storeI32, tee, type Code, type WasmFunction,
} from './kernel-wasm-emitter';
import { SCORE_BITS } from './random/sample-duration';
import { TABLE_INTERVALS, TAIL_CELLS } from './random/pert-quantile-table';

/** Largest histogram bin (bins are bytes). */
export const KERNEL_TOP_BIN = 255;
/** Tasks per block when counting buffered bins (monte-carlo.ts explains the blocking). */
export const KERNEL_COUNT_BLOCK = 16;
/** Histogram bins per task that countBlocks is compiled for (monte-carlo.ts HISTOGRAM_BINS). */
export const KERNEL_HIST_BINS = 256;

export type WasmPass = (from: number, to: number, ef: number, dur: number, nb: number, hs: number, hi: number, ps: number, pr: number, bins: number) => void;
export type WasmPert = (from: number, to: number, u: number, p0: number, p1: number, tableOffset: number, tables: number, dur: number, rest: number) => number;
export type WasmScores = (score: number, sensRow: number, n: number) => void;
export type WasmCount = (bins: number, hist: number, n: number, rows: number, histBins: number, from: number) => void;
export type WasmCountBlocks = (bins: number, hist: number, n: number, rows: number, blocks: number) => void;
export interface KernelWasm {
  pass: WasmPass;
  pert: WasmPert;
  scores: WasmScores;
  countBins: WasmCount;
  countBlocks: WasmCountBlocks;
}

const i32s = (k: number) => Array.from({ length: k }, (): typeof I32 => I32);

/**
 * pass(from, to, ef, dur, nb, hs, hi, ps, pr, bins):
 * s = notBefore[i]; s = 0.5·(s + x + |s − x|) for x = ef[p] over the predecessors p
 * (CSR ps/pr); f = s + dur[i]; ef[i] = f; bins[i] = clamp((f − histStart[i])·histInv[i]).
 */
function passFunction(): WasmFunction {
  const FROM = 0, TO = 1, EF = 2, DUR = 3, NB = 4, HS = 5, HI = 6, PS = 7, PR = 8, BINS = 9;
  const I = 10, E = 11, EEND = 12, S = 13, F = 14, X = 15;
  return {
    name: 'pass', params: i32s(10), results: [], locals: [[3, I32], [3, F64]],
    body: [
      ...get(FROM), ...set(I),
      ...at(PS, FROM, 2), ...loadI32(), ...set(E),
      ...BLOCK,
      ...get(I), ...get(TO), I32_GE_S, BR_IF, 0,
      ...LOOP,
      ...at(NB, I, 3), ...loadF64(), ...set(S),
      ...at(PS, I, 2), ...loadI32(4), ...set(EEND),
      ...BLOCK,
      ...get(E), ...get(EEND), I32_GE_S, BR_IF, 0,
      ...LOOP,
      // x = ef[preds[e]]; s = 0.5 * (s + x + |s - x|)
      ...get(EF), ...at(PR, E, 2), ...loadI32(), ...i32(3), I32_SHL, I32_ADD, ...loadF64(), ...set(X),
      ...f64(0.5), ...get(S), ...get(X), F64_ADD, ...get(S), ...get(X), F64_SUB, F64_ABS, F64_ADD, F64_MUL, ...set(S),
      ...get(E), ...i32(1), I32_ADD, ...tee(E), ...get(EEND), I32_LT_S, BR_IF, 0,
      END,
      END,
      // f = s + dur[i]; ef[i] = f; bins[i] = clamp((f - histStart[i]) * histInv[i])
      ...get(S), ...at(DUR, I, 3), ...loadF64(), F64_ADD, ...set(F),
      ...at(EF, I, 3), ...get(F), ...storeF64(),
      ...get(BINS), ...get(I), I32_ADD,
      ...get(F), ...at(HS, I, 3), ...loadF64(), F64_SUB, ...at(HI, I, 3), ...loadF64(), F64_MUL,
      ...f64(0), F64_MAX, ...f64(KERNEL_TOP_BIN), F64_MIN, ...I32_TRUNC_SAT_F64_S, ...store8(),
      ...get(I), ...i32(1), I32_ADD, ...tee(I), ...get(TO), I32_LT_S, BR_IF, 0,
      END,
      END,
    ],
  };
}

/**
 * pert(from, to, u, p0, p1, tableOffset, tables, dur, rest) -> count of rest: the body
 * of pertQuantileRun, operation for operation; the tables are float32 there and here,
 * widened exactly. Tail draws are listed in rest (always stored, counted when
 * j < TAIL_CELLS or j >= TABLE_INTERVALS − TAIL_CELLS) and finished in JavaScript.
 */
function pertFunction(): WasmFunction {
  const FROM = 0, TO = 1, U = 2, P0 = 3, P1 = 4, TOFF = 5, TAB = 6, OUT = 7, REST = 8;
  const PI = 9, J = 10, O = 11, NR = 12, T = 13, LO = 14;
  return {
    name: 'pert', params: i32s(9), results: [I32], locals: [[4, I32], [2, F64]],
    body: [
      ...get(FROM), ...set(PI),
      ...BLOCK,
      ...get(PI), ...get(TO), I32_GE_S, BR_IF, 0,
      ...LOOP,
      ...at(U, PI, 3), ...loadF64(), ...f64(TABLE_INTERVALS), F64_MUL, ...tee(T), ...I32_TRUNC_SAT_F64_S, ...set(J),
      ...get(TAB), ...at(TOFF, PI, 2), ...loadI32(), ...get(J), I32_ADD, ...i32(2), I32_SHL, I32_ADD, ...set(O),
      ...get(O), ...loadF32(), F64_PROMOTE_F32, ...set(LO),
      ...at(OUT, PI, 3),
      ...at(P0, PI, 3), ...loadF64(),
      ...at(P1, PI, 3), ...loadF64(),
      ...get(LO), ...get(T), ...get(J), F64_CONVERT_I32_S, F64_SUB, ...get(O), ...loadF32(4), F64_PROMOTE_F32, ...get(LO), F64_SUB, F64_MUL, F64_ADD,
      F64_MUL, F64_ADD, ...storeF64(),
      ...at(REST, NR, 2), ...get(PI), ...storeI32(),
      ...get(NR), ...get(J), ...i32(TAIL_CELLS), I32_LT_U, ...get(J), ...i32(TABLE_INTERVALS - TAIL_CELLS), I32_GE_U, I32_OR, I32_ADD, ...set(NR),
      ...get(PI), ...i32(1), I32_ADD, ...tee(PI), ...get(TO), I32_LT_S, BR_IF, 0,
      END,
      END,
      ...get(NR),
    ],
  };
}

/** scores(score, sensRow, n): sensRow[i] += floor(score[i] · 2^SCORE_BITS), as monte-carlo.ts sums them. */
function scoresFunction(): WasmFunction {
  const SCORE = 0, ROW = 1, N = 2, I = 3;
  return {
    name: 'scores', params: i32s(3), results: [], locals: [[1, I32]],
    body: [
      ...BLOCK,
      ...get(N), I32_EQZ, BR_IF, 0,
      ...LOOP,
      ...at(ROW, I, 3), ...at(ROW, I, 3), ...loadF64(), ...at(SCORE, I, 3), ...loadF64(), ...f64(2 ** SCORE_BITS), F64_MUL, F64_FLOOR, F64_ADD, ...storeF64(),
      ...get(I), ...i32(1), I32_ADD, ...tee(I), ...get(N), I32_LT_S, BR_IF, 0,
      END,
      END,
    ],
  };
}

/**
 * countBins(bins, hist, n, rows, histBins, from): hist[i·histBins + bins[r·n + i]]++ for
 * every row r and task i in [from, n), KERNEL_COUNT_BLOCK tasks at a time so that their
 * histograms stay in L1.
 */
function countBinsFunction(): WasmFunction {
  const CB = 0, CH = 1, CN = 2, CR = 3, HB = 4, FROM = 5, I0 = 6, I1 = 7, R = 8, CI = 9, ROW = 10, ADDR = 11;
  return {
    name: 'countBins', params: i32s(6), results: [], locals: [[6, I32]],
    body: [
      ...get(FROM), ...set(I0),
      ...BLOCK,
      ...get(I0), ...get(CN), I32_GE_S, BR_IF, 0,
      ...get(CR), I32_EQZ, BR_IF, 0,
      ...LOOP,
      // i1 = min(i0 + COUNT_BLOCK, n)
      ...get(I0), ...i32(KERNEL_COUNT_BLOCK), I32_ADD, ...get(CN), ...get(I0), ...i32(KERNEL_COUNT_BLOCK), I32_ADD, ...get(CN), I32_LT_S, SELECT, ...set(I1),
      ...i32(0), ...set(R), ...i32(0), ...set(ROW),
      ...LOOP,
      ...get(I0), ...set(CI),
      ...LOOP,
      ...get(CH), ...get(CI), ...get(HB), I32_MUL, ...get(CB), ...get(ROW), I32_ADD, ...get(CI), I32_ADD, ...loadU8(), I32_ADD, ...i32(2), I32_SHL, I32_ADD, ...tee(ADDR),
      ...get(ADDR), ...loadI32(), ...i32(1), I32_ADD, ...storeI32(),
      ...get(CI), ...i32(1), I32_ADD, ...tee(CI), ...get(I1), I32_LT_S, BR_IF, 0,
      END,
      ...get(ROW), ...get(CN), I32_ADD, ...set(ROW),
      ...get(R), ...i32(1), I32_ADD, ...tee(R), ...get(CR), I32_LT_S, BR_IF, 0,
      END,
      ...get(I1), ...tee(I0), ...get(CN), I32_LT_S, BR_IF, 0,
      END,
      END,
    ],
  };
}

/**
 * countBlocks(bins, hist, n, rows, blocks): countBins of the tasks [0, blocks·KERNEL_COUNT_BLOCK)
 * with KERNEL_HIST_BINS bins per task, the block's KERNEL_COUNT_BLOCK increments written
 * out with constant offsets: no inner loop, so no mispredicted loop exit per block and
 * row (measured ~2 ns per increment against ~3.5 with the loop, 10,000 tasks x 128 rows).
 */
function countBlocksFunction(): WasmFunction {
  const CB = 0, CH = 1, CN = 2, CR = 3, NB = 4, K = 5, R = 6, ROWP = 7, HP = 8, ADDR = 9;
  const unrolled: Code = [];
  for (let j = 0; j < KERNEL_COUNT_BLOCK; j++) {
    // hist[(i0 + j)·H + bins[r·n + i0 + j]]++, as offsets from HP = hist + 4·i0·H and ROWP = bins + r·n + i0
    const histOffset = 4 * KERNEL_HIST_BINS * j;
    unrolled.push(
      ...get(HP), ...get(ROWP), ...loadU8(j), ...i32(2), I32_SHL, I32_ADD, ...tee(ADDR),
      ...get(ADDR), ...loadI32(histOffset), ...i32(1), I32_ADD, ...storeI32(histOffset),
    );
  }
  return {
    name: 'countBlocks', params: i32s(5), results: [], locals: [[5, I32]],
    body: [
      ...BLOCK,
      ...get(NB), I32_EQZ, BR_IF, 0,
      ...get(CR), I32_EQZ, BR_IF, 0,
      ...get(CH), ...set(HP), ...get(CB), ...set(ROWP),
      ...LOOP,
      ...i32(0), ...set(R),
      ...LOOP,
      ...unrolled,
      ...get(ROWP), ...get(CN), I32_ADD, ...set(ROWP),
      ...get(R), ...i32(1), I32_ADD, ...tee(R), ...get(CR), I32_LT_S, BR_IF, 0,
      END,
      // next block: HP += 4·H·BLOCK; ROWP = ROWP − rows·n + BLOCK
      ...get(HP), ...i32(4 * KERNEL_HIST_BINS * KERNEL_COUNT_BLOCK), I32_ADD, ...set(HP),
      ...get(ROWP), ...get(CR), ...get(CN), I32_MUL, I32_SUB, ...i32(KERNEL_COUNT_BLOCK), I32_ADD, ...set(ROWP),
      ...get(K), ...i32(1), I32_ADD, ...tee(K), ...get(NB), I32_LT_S, BR_IF, 0,
      END,
      END,
    ],
  };
}

/** The module's bytes (exported for tests). */
export function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes([passFunction(), pertFunction(), scoresFunction(), countBinsFunction(), countBlocksFunction()]);
}

/** The compiled module (once per process); null where WebAssembly is missing or refuses it. */
let compiled: WebAssembly.Module | null | undefined;
function kernelWasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(kernelModuleBytes()) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * The kernel's functions over a new memory of at least `bytes` bytes, or null where
 * WebAssembly is missing (the caller then runs the JavaScript loops on an ArrayBuffer).
 */
export function instantiateKernelWasm(bytes: number): { memory: WebAssembly.Memory; fns: KernelWasm } | null {
  const module = kernelWasmModule();
  if (!module) return null;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const fns = {
    pass: exports.pass as unknown as WasmPass,
    pert: exports.pert as unknown as WasmPert,
    scores: exports.scores as unknown as WasmScores,
    countBins: exports.countBins as unknown as WasmCount,
    countBlocks: exports.countBlocks as unknown as WasmCountBlocks,
  };
  return { memory, fns };
}
