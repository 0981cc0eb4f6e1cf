/**
 * The precedence kernel's hot loops as one WebAssembly module (precedence-kernel.ts
 * runs them; its JavaScript twins are the reference and the fallback):
 * - `pass`: the forward pass and histogram bins of the tasks [from, to), as
 *   PrecedenceKernel.passJs;
 * - `sample`: every run of sampled tasks, by `pert` (the body of pertQuantileRun and the
 *   near tails of pertQuantile, random/pert-quantile-table.ts), `lognormal` (the body of
 *   lognormalQuantileRun with expInRange, random/lognormal-quantile-table.ts,
 *   exp-table.ts), `triangular` and `uniform` (PrecedenceKernel.sample);
 * - `alea`: the four Alea lanes of random/seeded-streams.ts (SIMD, same stream);
 * - `scores`: one row of sensitivity sums, as PrecedenceKernel.addScores (SIMD);
 * - `countBins`, `countBlocks`: buffered bins into the 16-bit histograms, as PrecedenceKernel.countBins.
 * - `critical`: the critical tasks of an iteration and their counts, as PrecedenceKernel.markCriticalJs.
 * Why WebAssembly: V8 re-checks every typed array's map, base pointer and length on
 * each access in these loops (~130 machine instructions per task for the pass
 * alone), while WebAssembly addresses one linear memory. Counted with cachegrind
 * (node --single-threaded, 10,000-task plan, whole simulation): 421 instructions per
 * task-iteration with the JavaScript loops, 282 with `pass` and `pert` here, 226
 * with `scores` and the looped `countBins` too; the unrolled `countBlocks` then took
 * the counting from ~3.3 to ~2.0 ns per increment (timed inside a 10,000-task forecast,
 * six alternating runs each, loaded 2-core VM). With every sampler, the random stream,
 * exact maxima over fixed predecessor slots, 16-bit tables and counts (session 11):
 * 18 ns per task-iteration on that plan, 1.26-1.41x the C reference's time.
 * Bit identity: each function is its JavaScript twin operation for operation; the
 * same IEEE double operations in the same order give the same bits (the bin is the
 * saturating truncation of t clamped to [0, 255], which is what `t < 0 ? 0 : t >= 255
 * ? 255 : t | 0` gives, NaN included; 16-bit table values convert exactly; SIMD lanes
 * are the same IEEE operations per lane).
 * test/engine/precedence-kernel.test.ts runs both on generated plans and compares
 * the bytes.
 * Parameters are byte addresses in the kernel's own memory (imported as env.memory).
 * Written with kernel-wasm-emitter.ts: no toolchain, about 3 kB.
 * Cost: compiled once per process (kernelWasmModule), instantiated per kernel.
 * Reference: WebAssembly Core Specification 2.0; the kernel: precedence-kernel.ts.
 */
import {
  at, BLOCK, BR, BR_IF, call, F64_ABS, F64_LE, I32_NE, ELSE, END, F64, F64_REINTERPRET_I64, I64, I64_GT_S, loadI64, loadV128, storeV128, V128, F64X2_ADD, F64X2_MUL, F64X2_SPLAT, F64X2_SUB, F64X2_TRUNC, F64X2_FLOOR, F64_GT, F64_LT, F64_SQRT, I32_AND, I32_EQ, I32_SHR_S, IF, F64_ADD, F64_CONVERT_I32_S, F64_FLOOR, F64_MAX, F64_MIN, F64_MUL, F64_SUB,
  compiledOnce, f64, forRange, get, I32, i32, loadU16, store16, I32_ADD, I32_SUB, I32_EQZ, I32_GE_S, I32_GE_U, I32_LT_S, I32_LT_U, I32_MUL, I32_OR, I32_SHL, I32_TRUNC_SAT_F64_S,
  loadF64, loadI32, loadU8, LOOP, moduleBytes, SELECT, set, store8, storeF64, storeI32, tee, type Code, type WasmFunction,
} from './kernel-wasm-emitter';
import { DistCode } from './compile-plan';
import { SCORE_BITS } from './random/sample-duration';
import { FINE_CELLS, FINE_HIGH, FINE_HIGH_FROM, FINE_LOW, FINE_SCALE, TABLE_INTERVALS, TABLE_UNIT, TAIL_CELLS } from './random/pert-quantile-table';
import { NORMAL_QUANTILE_TABLE } from './random/lognormal-quantile-table';
import { EXP_TABLE, EXP_TABLE_MAX, EXP_TABLE_MIN } from './random/exp-table';

/** Largest histogram bin (bins are bytes). */
export const KERNEL_TOP_BIN = 255;
/** Tasks per block when counting buffered bins (monte-carlo.ts explains the blocking). */
export const KERNEL_COUNT_BLOCK = 16;
/** Histogram bins per task that countBlocks is compiled for (monte-carlo.ts HISTOGRAM_BINS). */
export const KERNEL_HIST_BINS = 256;

export type WasmPass = (from: number, to: number, ef: number, dur: number, nb: number, hs: number, hi: number, slots: number, exStart: number, exPreds: number, bins: number) => void;
export type WasmSample = (
  runs: number, runsLength: number, u: number, p0: number, p1: number, p2: number, p3: number, p4: number,
  tableOffset: number, tables: number, dur: number, rest: number, coef: number, pow2: number, fraction: number,
) => number;
export type WasmAlea = (state: number, out: number, groups: number) => void;
export type WasmScores = (score: number, sensRow: number, n: number) => void;
export type WasmCount = (bins: number, hist: number, n: number, rows: number, histBins: number, from: number) => void;
export type WasmCountBlocks = (bins: number, hist: number, n: number, rows: number, blocks: number) => void;
export type WasmRange = (ef: number, lo: number, hi: number, n: number) => void;
export type WasmCritical = (ef: number, dur: number, nb: number, ps: number, pr: number, sinks: number, nSinks: number, crit: number, marked: number, counts: number, finish: number, tol: number) => number;
export interface KernelWasm {
  pass: WasmPass;
  sample: WasmSample;
  alea: WasmAlea;
  scores: WasmScores;
  countBins: WasmCount;
  countBlocks: WasmCountBlocks;
  range: WasmRange;
  critical: WasmCritical;
}

const i32s = (k: number) => Array.from({ length: k }, (): typeof I32 => I32);

/** Predecessors per task in fixed slots (the rest in an overflow list): see passFunction. */
export const KERNEL_PRED_SLOTS = 4;

/**
 * pass(from, to, ef, dur, nb, hs, hi, slots, exStart, exPreds, bins):
 * s = max(notBefore[i], ef[p] for the predecessors p); f = s + dur[i]; ef[i] = f;
 * bins[i] = clamp((f − histStart[i])·histInv[i]).
 * The first KERNEL_PRED_SLOTS predecessors of task i are in slots[4i ..] as byte
 * addresses of their ef (a task with fewer points the rest at a cell holding 0), the
 * others at exPreds[exStart[i] .. exStart[i + 1]).
 * Why: the maximum is exact and taken on the bits. Starts and finishes are never
 * negative, and for doubles >= 0 the order of the IEEE bit patterns (as signed 64-bit
 * integers) is the numeric order, so max is a compare and a conditional move, with no
 * branch to mispredict and a short dependency chain; being exact, it does not depend on
 * the order of the predecessors, and the padding (max(s, 0) = s) changes nothing. A
 * loop over 0 to 4 predecessors mispredicted its exit for most tasks.
 */
function passFunction(): WasmFunction {
  const FROM = 0, TO = 1, EF = 2, DUR = 3, NB = 4, HS = 5, HI = 6, SLOTS = 7, XS = 8, XP = 9, BINS = 10;
  const I = 11, E = 12, EEND = 13, O = 14, S = 15, X = 16, F = 17;
  // s = s > x ? s : x on the bits (x pushed by `load` as an i64)
  const maxWith = (load: Code): Code => [...load, ...set(X), ...get(S), ...get(X), ...get(S), ...get(X), I64_GT_S, SELECT, ...set(S)];
  const slots: Code = [];
  for (let k = 0; k < KERNEL_PRED_SLOTS; k++) slots.push(...maxWith([...get(O), ...loadI32(4 * k), ...loadI64()]));
  return {
    name: 'pass', params: i32s(11), results: [], locals: [[4, I32], [2, I64], [1, F64]],
    body: forRange(I, FROM, TO, [
      ...at(NB, I, 3), ...loadI64(), ...set(S),
      ...get(SLOTS), ...get(I), ...i32(2 + Math.log2(KERNEL_PRED_SLOTS)), I32_SHL, I32_ADD, ...set(O),
      ...slots,
      // the overflow: exPreds[exStart[i] .. exStart[i + 1])
      ...at(XS, I, 2), ...loadI32(), ...set(E),
      ...at(XS, I, 2), ...loadI32(4), ...set(EEND),
      ...BLOCK,
      ...get(E), ...get(EEND), I32_GE_S, BR_IF, 0,
      ...LOOP,
      ...maxWith([...at(XP, E, 2), ...loadI32(), ...loadI64()]),
      ...get(E), ...i32(1), I32_ADD, ...tee(E), ...get(EEND), I32_LT_S, BR_IF, 0,
      END,
      END,
      // f = s + dur[i]; ef[i] = f; bins[i] = clamp((f - histStart[i]) * histInv[i])
      ...get(S), F64_REINTERPRET_I64, ...at(DUR, I, 3), ...loadF64(), F64_ADD, ...set(F),
      ...at(EF, I, 3), ...get(F), ...storeF64(),
      ...get(BINS), ...get(I), I32_ADD,
      ...get(F), ...at(HS, I, 3), ...loadF64(), F64_SUB, ...at(HI, I, 3), ...loadF64(), F64_MUL,
      ...f64(0), F64_MAX, ...f64(KERNEL_TOP_BIN), F64_MIN, ...I32_TRUNC_SAT_F64_S, ...store8(),
    ]),
  };
}

/**
 * pert(from, to, u, p0, p1, tableOffset, tables, dur, rest, nr) -> nr': the body of
 * pertQuantileRun, operation for operation (16-bit table values converted exactly). Tail
 * draws (j < TAIL_CELLS or j >= TABLE_INTERVALS − TAIL_CELLS) are listed in rest from
 * rest[nr] on (always stored, counted when in a tail), then a second loop finishes the
 * near tails by the fine tables as pertNearTail does (tables of 16-bit steps) and keeps only the deep-tail
 * draws listed, for JavaScript (Math.pow) to finish.
 */
function pertFunction(): WasmFunction {
  const FROM = 0, TO = 1, U = 2, P0 = 3, P1 = 4, TOFF = 5, TAB = 6, OUT = 7, REST = 8, NR0 = 9;
  const PI = 10, J = 11, O = 12, NR = 13, K = 14, D = 15, LOWER = 16, T = 17, LO = 18;
  // dur[pi] = p0[pi] + p1[pi]·(lo + (t − j)·(tables[o + 1] − lo)), lo = tables[o]
  // dur = p0 + p1·((lo + (t − j)·(hi − lo))·TABLE_UNIT), lo and hi the 16-bit table values at o and o + 2
  const interpolate: Code = [
    ...get(O), ...loadU16(), F64_CONVERT_I32_S, ...set(LO),
    ...at(OUT, PI, 3),
    ...at(P0, PI, 3), ...loadF64(),
    ...at(P1, PI, 3), ...loadF64(),
    ...get(LO), ...get(T), ...get(J), F64_CONVERT_I32_S, F64_SUB, ...get(O), ...loadU16(2), F64_CONVERT_I32_S, ...get(LO), F64_SUB, F64_MUL, F64_ADD,
    ...f64(TABLE_UNIT), F64_MUL,
    F64_MUL, F64_ADD, ...storeF64(),
  ];
  const tableAddress = (offset: Code): Code => [...get(TAB), ...at(TOFF, PI, 2), ...loadI32(), ...offset, I32_ADD, ...get(J), I32_ADD, ...i32(1), I32_SHL, I32_ADD, ...set(O)];
  return {
    name: 'pert', params: i32s(10), results: [I32], locals: [[7, I32], [2, F64]],
    body: [
      ...get(NR0), ...set(NR),
      ...forRange(PI, FROM, TO, [
        ...at(U, PI, 3), ...loadF64(), ...f64(TABLE_INTERVALS), F64_MUL, ...tee(T), ...I32_TRUNC_SAT_F64_S, ...set(J),
        ...tableAddress(i32(0)),
        ...interpolate,
        ...at(REST, NR, 2), ...get(PI), ...storeI32(),
        ...get(NR), ...get(J), ...i32(TAIL_CELLS), I32_LT_U, ...get(J), ...i32(TABLE_INTERVALS - TAIL_CELLS), I32_GE_U, I32_OR, I32_ADD, ...set(NR),
      ]),
      // The near tails: t in fine cells (lower: u·S; upper: (u − FINE_HIGH_FROM)·S, S = TABLE_INTERVALS·FINE_SCALE).
      ...get(NR0), ...set(D),
      ...forRange(K, NR0, NR, [
        ...at(REST, K, 2), ...loadI32(), ...set(PI),
        ...at(U, PI, 3), ...loadF64(), ...set(LO),
        ...get(LO), ...f64(TABLE_INTERVALS), F64_MUL, ...I32_TRUNC_SAT_F64_S, ...i32(TAIL_CELLS), I32_LT_S, ...set(LOWER),
        ...get(LO), ...f64(TABLE_INTERVALS * FINE_SCALE), F64_MUL,
        ...get(LO), ...f64(FINE_HIGH_FROM), F64_SUB, ...f64(TABLE_INTERVALS * FINE_SCALE), F64_MUL,
        ...get(LOWER), SELECT, ...tee(T), ...I32_TRUNC_SAT_F64_S, ...set(J),
        ...get(J), ...i32(TAIL_CELLS), I32_GE_S, ...get(J), ...i32(FINE_CELLS - TAIL_CELLS), I32_LT_S, ...get(LOWER), SELECT,
        ...IF,
        ...tableAddress([...i32(FINE_LOW), ...i32(FINE_HIGH), ...get(LOWER), SELECT]),
        ...interpolate,
        ELSE,
        ...at(REST, D, 2), ...get(PI), ...storeI32(),
        ...get(D), ...i32(1), I32_ADD, ...set(D),
        END,
      ]),
      ...get(D),
    ],
  };
}

/**
 * lognormal(from, to, u, mu, sigma, dur, rest, nr, coef, pow2, fraction) -> nr': the body
 * of lognormalQuantileRun with expInRange, operation for operation. Draws in the tail
 * cells or with an exponent outside (EXP_TABLE_MIN, EXP_TABLE_MAX) are listed in rest
 * from rest[nr] on for JavaScript to finish (their stored value is a placeholder: the
 * exponent is clamped into the range only so that the table address stays sane).
 */
function lognormalFunction(): WasmFunction {
  const FROM = 0, TO = 1, U = 2, MU = 3, SIGMA = 4, OUT = 5, REST = 6, NR0 = 7, COEF = 8, POW2 = 9, FRAC = 10;
  const I = 11, K = 12, O = 13, NR = 14, T = 15, F = 16, Y = 17, YC = 18, R = 19;
  const { CELLS, TAIL } = NORMAL_QUANTILE_TABLE;
  const { STEPS, INV_STEP, STEP_HI, STEP_LO, POW2_OFFSET } = EXP_TABLE;
  const coef = (c: number): Code => [...get(O), ...loadF64(8 * c)];
  return {
    name: 'lognormal', params: i32s(11), results: [I32], locals: [[4, I32], [5, F64]],
    body: [
      ...get(NR0), ...set(NR),
      ...forRange(I, FROM, TO, [
        // t = u·CELLS; k = t | 0; f = t − k; o = coef + 32·k
        ...at(U, I, 3), ...loadF64(), ...f64(CELLS), F64_MUL, ...tee(T), ...I32_TRUNC_SAT_F64_S, ...set(K),
        ...get(T), ...get(K), F64_CONVERT_I32_S, F64_SUB, ...set(F),
        ...get(COEF), ...get(K), ...i32(5), I32_SHL, I32_ADD, ...set(O),
        // y = mu + sigma·(c0 + f·(c1 + f·(c2 + f·c3)))
        ...at(MU, I, 3), ...loadF64(),
        ...at(SIGMA, I, 3), ...loadF64(),
        ...coef(0), ...get(F), ...coef(1), ...get(F), ...coef(2), ...get(F), ...coef(3), F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD,
        F64_MUL, F64_ADD, ...tee(Y),
        ...f64(EXP_TABLE_MIN), F64_MAX, ...f64(EXP_TABLE_MAX), F64_MIN, ...set(YC),
        // expInRange(y): k = floor(y·INV_STEP + 0.5) | 0; r = y − k·STEP_HI − k·STEP_LO
        ...get(YC), ...f64(INV_STEP), F64_MUL, ...f64(0.5), F64_ADD, F64_FLOOR, ...I32_TRUNC_SAT_F64_S, ...set(K),
        ...get(YC), ...get(K), F64_CONVERT_I32_S, ...f64(STEP_HI), F64_MUL, F64_SUB, ...get(K), F64_CONVERT_I32_S, ...f64(STEP_LO), F64_MUL, F64_SUB, ...set(R),
        // dur[i] = POW2[OFFSET + (k >> 6)]·FRACTION[k & 63]·p(r)
        ...at(OUT, I, 3),
        ...get(POW2), ...get(K), ...i32(Math.log2(STEPS)), I32_SHR_S, ...i32(POW2_OFFSET), I32_ADD, ...i32(3), I32_SHL, I32_ADD, ...loadF64(),
        ...get(FRAC), ...get(K), ...i32(STEPS - 1), I32_AND, ...i32(3), I32_SHL, I32_ADD, ...loadF64(),
        F64_MUL,
        ...f64(1), ...get(R), ...f64(1), ...get(R), ...f64(0.5), ...get(R), ...f64(1 / 6), ...get(R), ...f64(1 / 24), ...get(R), ...f64(1 / 120),
        F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD,
        F64_MUL, ...storeF64(),
        // listed unless TAIL <= cell < CELLS − TAIL and EXP_TABLE_MIN < y < EXP_TABLE_MAX
        ...at(REST, NR, 2), ...get(I), ...storeI32(),
        ...get(NR),
        ...get(T), ...I32_TRUNC_SAT_F64_S, ...i32(TAIL), I32_LT_S,
        ...get(T), ...I32_TRUNC_SAT_F64_S, ...i32(CELLS - TAIL), I32_GE_S, I32_OR,
        ...get(Y), ...f64(EXP_TABLE_MIN), F64_GT, I32_EQZ, I32_OR,
        ...get(Y), ...f64(EXP_TABLE_MAX), F64_LT, I32_EQZ, I32_OR,
        I32_ADD, ...set(NR),
      ]),
      ...get(NR),
    ],
  };
}

/** triangular(from, to, u, p0, p1, p2, p3, p4, dur): u < p2 ? p0 + √(u·p3) : p1 − √((1 − u)·p4), both computed, one selected. */
function triangularFunction(): WasmFunction {
  const FROM = 0, TO = 1, U = 2, P0 = 3, P1 = 4, P2 = 5, P3 = 6, P4 = 7, OUT = 8, I = 9, X = 10;
  return {
    name: 'triangular', params: i32s(9), results: [], locals: [[1, I32], [1, F64]],
    body: forRange(I, FROM, TO, [
      ...at(U, I, 3), ...loadF64(), ...set(X),
      ...at(OUT, I, 3),
      ...at(P0, I, 3), ...loadF64(), ...get(X), ...at(P3, I, 3), ...loadF64(), F64_MUL, F64_SQRT, F64_ADD,
      ...at(P1, I, 3), ...loadF64(), ...f64(1), ...get(X), F64_SUB, ...at(P4, I, 3), ...loadF64(), F64_MUL, F64_SQRT, F64_SUB,
      ...get(X), ...at(P2, I, 3), ...loadF64(), F64_LT, SELECT,
      ...storeF64(),
    ]),
  };
}

/** uniform(from, to, u, p0, p1, dur): p0 + p1·u. */
function uniformFunction(): WasmFunction {
  const FROM = 0, TO = 1, U = 2, P0 = 3, P1 = 4, OUT = 5, I = 6;
  return {
    name: 'uniform', params: i32s(6), results: [], locals: [[1, I32]],
    body: forRange(I, FROM, TO, [
      ...at(OUT, I, 3), ...at(P0, I, 3), ...loadF64(), ...at(P1, I, 3), ...loadF64(), ...at(U, I, 3), ...loadF64(), F64_MUL, F64_ADD, ...storeF64(),
    ]),
  };
}

/** Byte layout of the Alea state that `alea` steps (see aleaFunction). */
export const ALEA_STATE_BYTES = 128;

/**
 * alea(state, out, groups): steps the four Alea lanes of random/seeded-streams.ts
 * `groups` times, writing draw 4k + l of lane l to out[4k + l] (f64), as stepLanes does,
 * operation for operation: t = 2091639·a + c·2^-32; a = b; b = d; c = t | 0; d = t − c.
 * Lanes (0, 1) and (2, 3) share a 128-bit vector; the state is laid out as the vectors
 * a01, a23, b01, b23, d01, d23, c01, c23. trunc(t) is t | 0 here: 0 <= t < 2^31.
 * Why: each lane's recurrence is a chain (about 15 cycles a step), so the lanes' steps
 * overlap; in JavaScript the same loop ran at two speeds from one process to the next.
 */
function aleaFunction(): WasmFunction {
  const STATE = 0, OUT = 1, GROUPS = 2, G = 3;
  const [A01, A23, B01, B23, D01, D23, C01, C23, T01, T23, K, M] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const vars = [A01, A23, B01, B23, D01, D23, C01, C23];
  const step = (A: number, B: number, D: number, C: number, T: number): Code => [
    ...get(K), ...get(A), ...F64X2_MUL, ...get(C), ...get(M), ...F64X2_MUL, ...F64X2_ADD, ...set(T),
    ...get(B), ...set(A), ...get(D), ...set(B),
    ...get(T), ...F64X2_TRUNC, ...set(C),
    ...get(T), ...get(C), ...F64X2_SUB, ...set(D),
  ];
  return {
    name: 'alea', params: i32s(3), results: [], locals: [[1, I32], [12, V128]],
    body: [
      ...vars.flatMap((v, k) => [...get(STATE), ...loadV128(16 * k), ...set(v)]),
      ...f64(2091639), ...F64X2_SPLAT, ...set(K),
      ...f64(2 ** -32), ...F64X2_SPLAT, ...set(M),
      ...BLOCK,
      ...get(GROUPS), I32_EQZ, BR_IF, 0,
      ...LOOP,
      ...step(A01, B01, D01, C01, T01),
      ...step(A23, B23, D23, C23, T23),
      ...get(OUT), ...get(D01), ...storeV128(0),
      ...get(OUT), ...get(D23), ...storeV128(16),
      ...get(OUT), ...i32(32), I32_ADD, ...set(OUT),
      ...get(G), ...i32(1), I32_ADD, ...tee(G), ...get(GROUPS), I32_LT_S, BR_IF, 0,
      END,
      END,
      ...vars.flatMap((v, k) => [...get(STATE), ...get(v), ...storeV128(16 * k)]),
    ],
  };
}

/** Positions of the functions in the module (for `call`). */
const FN = { pass: 0, pert: 1, scores: 2, countBins: 3, countBlocks: 4, lognormal: 5, triangular: 6, uniform: 7, sample: 8, alea: 9 } as const;

/**
 * sample(runs, runsLength, u, p0, p1, p2, p3, p4, tableOffset, tables, dur, rest, coef, pow2, fraction)
 * -> count of rest: every run (kind, from, to) of PrecedenceKernel.runs by its sampler,
 * in one call per iteration; the draws left for JavaScript (PERT deep tails,
 * lognormal tails) are listed in rest.
 */
function sampleFunction(): WasmFunction {
  const RUNS = 0, LEN = 1, U = 2, P0 = 3, P1 = 4, P2 = 5, P3 = 6, P4 = 7, TOFF = 8, TAB = 9, OUT = 10, REST = 11, COEF = 12, POW2 = 13, FRAC = 14;
  const R = 15, KIND = 16, FROM = 17, TO = 18, NR = 19;
  const when = (kind: number, body: Code): Code => [...get(KIND), ...i32(kind), I32_EQ, ...IF, ...body, END];
  return {
    name: 'sample', params: i32s(15), results: [I32], locals: [[5, I32]],
    body: [
      ...BLOCK,
      ...get(LEN), I32_EQZ, BR_IF, 0,
      ...LOOP,
      ...get(RUNS), ...get(R), ...i32(2), I32_SHL, I32_ADD, ...tee(FROM), ...loadI32(), ...set(KIND),
      ...get(FROM), ...loadI32(8), ...set(TO),
      ...get(FROM), ...loadI32(4), ...set(FROM),
      ...when(DistCode.Pert, [...get(FROM), ...get(TO), ...get(U), ...get(P0), ...get(P1), ...get(TOFF), ...get(TAB), ...get(OUT), ...get(REST), ...get(NR), ...call(FN.pert), ...set(NR)]),
      ...when(DistCode.Lognormal, [...get(FROM), ...get(TO), ...get(U), ...get(P0), ...get(P1), ...get(OUT), ...get(REST), ...get(NR), ...get(COEF), ...get(POW2), ...get(FRAC), ...call(FN.lognormal), ...set(NR)]),
      ...when(DistCode.Triangular, [...get(FROM), ...get(TO), ...get(U), ...get(P0), ...get(P1), ...get(P2), ...get(P3), ...get(P4), ...get(OUT), ...call(FN.triangular)]),
      ...when(DistCode.Uniform, [...get(FROM), ...get(TO), ...get(U), ...get(P0), ...get(P1), ...get(OUT), ...call(FN.uniform)]),
      ...get(R), ...i32(3), I32_ADD, ...tee(R), ...get(LEN), I32_LT_S, BR_IF, 0,
      END,
      END,
      ...get(NR),
    ],
  };
}

/** scores(score, sensRow, n): sensRow[i] += floor(score[i] · 2^SCORE_BITS), as monte-carlo.ts sums them. */
function scoresFunction(): WasmFunction {
  const SCORE = 0, ROW = 1, N = 2, I = 3, PAIRS = 4, UNIT = 5;
  return {
    name: 'scores', params: i32s(3), results: [], locals: [[2, I32], [1, V128]],
    body: [
      // Two tasks at a time (f64x2: the same IEEE operations per lane), then the odd last one.
      ...f64(2 ** SCORE_BITS), ...F64X2_SPLAT, ...set(UNIT),
      ...get(N), ...i32(-2), I32_AND, ...set(PAIRS),
      ...BLOCK,
      ...get(PAIRS), I32_EQZ, BR_IF, 0,
      ...LOOP,
      ...at(ROW, I, 3), ...at(ROW, I, 3), ...loadV128(), ...at(SCORE, I, 3), ...loadV128(), ...get(UNIT), ...F64X2_MUL, ...F64X2_FLOOR, ...F64X2_ADD, ...storeV128(),
      ...get(I), ...i32(2), I32_ADD, ...tee(I), ...get(PAIRS), I32_LT_S, BR_IF, 0,
      END,
      END,
      ...get(I), ...get(N), I32_LT_S,
      ...IF,
      ...at(ROW, I, 3), ...at(ROW, I, 3), ...loadF64(), ...at(SCORE, I, 3), ...loadF64(), ...f64(2 ** SCORE_BITS), F64_MUL, F64_FLOOR, F64_ADD, ...storeF64(),
      END,
    ],
  };
}

/**
 * countBins(bins, hist, n, rows, histBins, from): hist[i·histBins + bins[r·n + i]]++ (16-bit counts) for
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
      ...get(CH), ...get(CI), ...get(HB), I32_MUL, ...get(CB), ...get(ROW), I32_ADD, ...get(CI), I32_ADD, ...loadU8(), I32_ADD, ...i32(1), I32_SHL, I32_ADD, ...tee(ADDR),
      ...get(ADDR), ...loadU16(), ...i32(1), I32_ADD, ...store16(),
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
    // hist[(i0 + j)·H + bins[r·n + i0 + j]]++, as offsets from HP = hist + 2·i0·H and ROWP = bins + r·n + i0
    const histOffset = 2 * KERNEL_HIST_BINS * j;
    unrolled.push(
      ...get(HP), ...get(ROWP), ...loadU8(j), ...i32(1), I32_SHL, I32_ADD, ...tee(ADDR),
      ...get(ADDR), ...loadU16(histOffset), ...i32(1), I32_ADD, ...store16(histOffset),
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
      ...get(HP), ...i32(2 * KERNEL_HIST_BINS * KERNEL_COUNT_BLOCK), I32_ADD, ...set(HP),
      ...get(ROWP), ...get(CR), ...get(CN), I32_MUL, I32_SUB, ...i32(KERNEL_COUNT_BLOCK), I32_ADD, ...set(ROWP),
      ...get(K), ...i32(1), I32_ADD, ...tee(K), ...get(NB), I32_LT_S, BR_IF, 0,
      END,
      END,
    ],
  };
}

/**
 * range(ef, lo, hi, n): for i < n, lo[i] = ef[i] if ef[i] < lo[i], and hi[i] = ef[i] if
 * ef[i] > hi[i]: the least and largest finish of each task over the pilot's iterations
 * (monte-carlo.ts pilotPart). As a JavaScript loop it ran once per thread and cold:
 * 17-47 ms of each thread's first part of the pilot on 10,000 tasks, ~2 ms once optimized.
 */
function rangeFunction(): WasmFunction {
  const EF = 0, LO = 1, HI = 2, N = 3, I = 4, ZERO = 5, E = 6, V = 7;
  const widen = (to: number, cmp: typeof F64_LT | typeof F64_GT): Code => [
    ...at(to, I, 3), ...loadF64(), ...set(V),
    ...at(to, I, 3), ...get(E), ...get(V), ...get(E), ...get(V), cmp, SELECT, ...storeF64(),
  ];
  return {
    name: 'range', params: i32s(4), results: [], locals: [[2, I32], [2, F64]],
    body: forRange(I, ZERO, N, [...at(EF, I, 3), ...loadF64(), ...set(E), ...widen(LO, F64_LT), ...widen(HI, F64_GT)]),
  };
}

/**
 * critical(ef, dur, nb, ps, pr, sinks, nSinks, crit, marked, counts, finish, tol) -> count:
 * PrecedenceKernel.markCriticalJs, operation for operation. The sinks finishing within tol
 * of the finish are marked (crit[i] = 1) and listed in marked[]; walking that list, a
 * listed task j whose finish is its start s plus its duration (s = notBefore and the
 * predecessors' finishes folded by maxNear, in CSR order) lists each unmarked predecessor
 * finishing within tol of s. Then crit is cleared for the listed tasks and, with counts
 * >= 0, counts[i] += 1 for each (the criticality counts of monte-carlo.ts simulate).
 * Why: as JavaScript this walk, the sinks' check and the counting were ~8 % of a
 * 10,000-task forecast, and the function holding them was compiled by V8's optimizer
 * twice in every thread (once on stack), competing with the batches of a 2-worker run.
 */
function criticalFunction(): WasmFunction {
  const EF = 0, DUR = 1, NB = 2, PS = 3, PR = 4, SINKS = 5, NS = 6, CRIT = 7, MARKED = 8, COUNTS = 9, FINISH = 10, TOL = 11;
  const COUNT = 12, K = 13, I = 14, DONE = 15, J = 16, E0 = 17, E1 = 18, E = 19, P = 20, ZERO = 21, S = 22, X = 23;
  const mark = (task: number): Code => [
    ...get(CRIT), ...get(task), I32_ADD, ...i32(1), ...store8(),
    ...at(MARKED, COUNT, 2), ...get(task), ...storeI32(),
    ...get(COUNT), ...i32(1), I32_ADD, ...set(COUNT),
  ];
  return {
    name: 'critical', params: [...i32s(10), F64, F64], results: [I32], locals: [[10, I32], [2, F64]],
    body: [
      // the sinks at the finish (critical-sinks.ts markSinksAtFinish)
      ...forRange(K, ZERO, NS, [
        ...at(SINKS, K, 2), ...loadI32(), ...set(I),
        ...get(FINISH), ...at(EF, I, 3), ...loadF64(), F64_SUB, ...get(TOL), F64_LE,
        ...IF, ...mark(I), END,
      ]),
      // the walk: the list grows while it is read
      ...BLOCK, ...LOOP,
      ...get(DONE), ...get(COUNT), I32_GE_S, BR_IF, 1,
      ...at(MARKED, DONE, 2), ...loadI32(), ...set(J),
      ...at(PS, J, 2), ...loadI32(), ...set(E0),
      ...at(PS, J, 2), ...loadI32(4), ...set(E1),
      ...get(E0), ...get(E1), I32_NE,
      ...IF,
      // s = notBefore[j], then s = 0.5·((s + x) + |s − x|) for x = ef[p], p in CSR order
      ...at(NB, J, 3), ...loadF64(), ...set(S),
      ...forRange(E, E0, E1, [
        ...at(PR, E, 2), ...loadI32(), ...set(P),
        ...at(EF, P, 3), ...loadF64(), ...set(X),
        ...f64(0.5), ...get(S), ...get(X), F64_ADD, ...get(S), ...get(X), F64_SUB, F64_ABS, F64_ADD, F64_MUL, ...set(S),
      ]),
      // unless ef[j] − (s + dur[j]) > tol (a finish a constraint moved binds no predecessor)
      ...at(EF, J, 3), ...loadF64(), ...get(S), ...at(DUR, J, 3), ...loadF64(), F64_ADD, F64_SUB, ...get(TOL), F64_GT, I32_EQZ,
      ...IF,
      ...forRange(E, E0, E1, [
        ...at(PR, E, 2), ...loadI32(), ...set(P),
        ...get(CRIT), ...get(P), I32_ADD, ...loadU8(), I32_EQZ,
        ...IF,
        ...get(S), ...at(EF, P, 3), ...loadF64(), F64_SUB, ...get(TOL), F64_LE,
        ...IF, ...mark(P), END,
        END,
      ]),
      END,
      END,
      ...get(DONE), ...i32(1), I32_ADD, ...set(DONE),
      BR, 0,
      END, END,
      // clear crit; count
      ...forRange(K, ZERO, COUNT, [
        ...at(MARKED, K, 2), ...loadI32(), ...set(I),
        ...get(CRIT), ...get(I), I32_ADD, ...i32(0), ...store8(),
        ...get(COUNTS), ...i32(0), I32_GE_S,
        ...IF,
        ...at(COUNTS, I, 3), ...at(COUNTS, I, 3), ...loadF64(), ...f64(1), F64_ADD, ...storeF64(),
        END,
      ]),
      ...get(COUNT),
    ],
  };
}

/** The module's bytes (exported for tests). */
export function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes([passFunction(), pertFunction(), scoresFunction(), countBinsFunction(), countBlocksFunction(), lognormalFunction(), triangularFunction(), uniformFunction(), sampleFunction(), aleaFunction(), rangeFunction(), criticalFunction()]);
}

/** The kernel module's name (kernel-wasm-emitter.ts wasmModules). */
export const KERNEL_MODULE = 'precedence-kernel';

/** The compiled module (once per process); null where WebAssembly is missing or refuses it. */
const kernelWasmModule = compiledOnce(KERNEL_MODULE, kernelModuleBytes);

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
    sample: exports.sample as unknown as WasmSample,
    alea: exports.alea as unknown as WasmAlea,
    scores: exports.scores as unknown as WasmScores,
    countBins: exports.countBins as unknown as WasmCount,
    countBlocks: exports.countBlocks as unknown as WasmCountBlocks,
    range: exports.range as unknown as WasmRange,
    critical: exports.critical as unknown as WasmCritical,
  };
  return { memory, fns };
}
