/**
 * The WebAssembly twin of fillPertQuantileTable (pert-quantile-table.ts): the same
 * Beta-PERT quantile tables, bit for bit, built in WebAssembly.
 *
 * Why: building the tables is the largest fixed cost of a forecast, and most of it was
 * JavaScript warming up: 111 shapes (a 1,000-task plan) took ~70 ms in a fresh process
 * against ~11 ms once the JIT had optimized the builder, a fifth of it in the garbage
 * collector (unoptimized code boxes its doubles). WebAssembly runs compiled from the
 * first shape.
 * Method: operation for operation the JavaScript builder (density on the Simpson grid
 * by the table exp of exp-table.ts, Simpson CDF, BetaQuantile.at with its forward walk,
 * Newton on Simpson's cubic, the exact-density step next to 0 and 1, Math.round as
 * floor plus a half test), over one memory holding the grid logarithms, the exp tables,
 * the density, two quantile states (the shape and its mirror) and the output. Math.pow
 * and Math.exp are imported (the same functions the JavaScript calls), so every value,
 * and hence every 16-bit table entry, is the same; test/engine/distributions.test.ts
 * compares the two builders on hundreds of shapes.
 * Assumptions: as fillPertQuantileTable. Where WebAssembly is missing, callers use the
 * JavaScript builder (pertTableBuilder returns null).
 * Cost: O(CDF_INTERVALS + TABLE_STRIDE) per shape, ~0.1 ms; one module and one 64-KiB
 * page group per process.
 */
import {
  BLOCK, BR, BR_IF, call, compiledOnce, END, F64, F64_ADD, F64_CONVERT_I32_S, F64_DIV, F64_EQ, F64_FLOOR, F64_GE, F64_GT,
  F64_LE, F64_LT, F64_MAX, F64_MIN, F64_MUL, F64_SUB, f64, get, I32, I32_ADD, I32_GE_S, I32_LT_S, I32_SHL, I32_SUB,
  I32_TRUNC_SAT_F64_S, i32, IF, ELSE, LOOP, loadF64, loadI32, moduleBytes, RETURN, SELECT, set, store16, storeF64, storeI32,
  tee, I32_AND, I32_EQ, I32_EQZ, I32_SHR_S, type Code, type ValType, type WasmFunction,
} from '../kernel-wasm-emitter';
import { EXP_TABLE, EXP_TABLE_MAX, EXP_TABLE_MIN } from './exp-table';
import { FINE_CELLS, FINE_HIGH, FINE_LOW, gridLogs, PERT_TABLE_BUILD, SHAPE_STEPS, TABLE_INTERVALS, TABLE_STRIDE, TAIL_POINTS } from './pert-quantile-table';

const { CDF_INTERVALS: M, EDGE_INTERVALS: EDGE, U_TAIL, LEVELS } = PERT_TABLE_BUILD;
const H = 1 / M;
const { STEPS, INV_STEP, STEP_HI, STEP_LO, POW2_OFFSET, POW2, FRACTION } = EXP_TABLE;

// The memory map (byte addresses).
const LNX = 0;
const LN1MX = LNX + 8 * (M + 1);
const LNMID = LN1MX + 8 * (M + 1);
const LN1MMID = LNMID + 8 * M;
const POW2_AT = LN1MMID + 8 * M;
const FRAC_AT = POW2_AT + 8 * POW2.length;
const F_AT = FRAC_AT + 8 * FRACTION.length;
const MID_AT = F_AT + 8 * (M + 1);
// A quantile state (BetaQuantile): fj, fm, cdf, then total, am1, bm1 (f64) and the cursor (i32).
const FJ = 0, FM = 8 * (M + 1), CDF = FM + 8 * M, TOTAL = CDF + 8 * (M + 1), AM1 = TOTAL + 8, BM1 = AM1 + 8, CURSOR = BM1 + 8;
const Q_SIZE = CURSOR + 8;
const Q0 = MID_AT + 8 * M;
const Q1 = Q0 + Q_SIZE;
const OUT = Q1 + Q_SIZE;
const RES = (OUT + 2 * TABLE_STRIDE + 7) & ~7;
const BYTES = RES + 16;

// Function indices: the imports, then the module's own.
const POW = 0, EXP = 1, EXPT = 2, PDF = 3, RESET = 4, AT = 5, LEVEL = 6;
const IMPORTS = [
  { name: 'pow', params: [F64, F64] as ValType[], results: [F64] as ValType[] },
  { name: 'exp', params: [F64] as ValType[], results: [F64] as ValType[] },
];

/** f64 element `index` (an i32 on the stack built by `index`) of the array at byte `base` + `offset`. */
const f64At = (base: Code, index: Code, offset: number): Code => [...base, ...index, ...i32(3), I32_SHL, I32_ADD, ...loadF64(offset)];
/** The same at a constant base (the memory map): `index` << 3, offset base. */
const el = (index: Code, base: number): Code => [...index, ...i32(3), I32_SHL, ...loadF64(base)];
/** for (local = from; local < to; local++) body, with `from` and `to` as code. */
function forUp(local: number, from: Code, to: Code, body: Code): Code {
  return [
    ...from, ...set(local),
    ...BLOCK, ...get(local), ...to, I32_GE_S, BR_IF, 0,
    ...LOOP, ...body, ...get(local), ...i32(1), I32_ADD, ...tee(local), ...to, I32_LT_S, BR_IF, 0, END,
    END,
  ];
}

/** expT(y): expTable of exp-table.ts (expInRange inside (EXP_TABLE_MIN, EXP_TABLE_MAX), else Math.exp). */
function expTFunction(): WasmFunction {
  const Y = 0, K = 1, R = 2;
  return {
    name: 'expT', params: [F64], results: [F64], locals: [[1, I32], [1, F64]],
    body: [
      ...get(Y), ...f64(EXP_TABLE_MIN), F64_GT, ...get(Y), ...f64(EXP_TABLE_MAX), F64_LT, I32_AND,
      ...IF,
      ...get(Y), ...f64(INV_STEP), F64_MUL, ...f64(0.5), F64_ADD, F64_FLOOR, ...I32_TRUNC_SAT_F64_S, ...set(K),
      ...get(Y), ...get(K), F64_CONVERT_I32_S, ...f64(STEP_HI), F64_MUL, F64_SUB, ...get(K), F64_CONVERT_I32_S, ...f64(STEP_LO), F64_MUL, F64_SUB, ...set(R),
      ...get(K), ...i32(Math.log2(STEPS)), I32_SHR_S, ...i32(POW2_OFFSET), I32_ADD, ...i32(3), I32_SHL, ...loadF64(POW2_AT),
      ...get(K), ...i32(STEPS - 1), I32_AND, ...i32(3), I32_SHL, ...loadF64(FRAC_AT),
      F64_MUL,
      ...f64(1), ...get(R), ...f64(1), ...get(R), ...f64(0.5), ...get(R), ...f64(1 / 6), ...get(R), ...f64(1 / 24), ...get(R), ...f64(1 / 120),
      F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD,
      F64_MUL, RETURN,
      END,
      ...get(Y), ...call(EXP),
    ],
  };
}

/** pdf(q, x): BetaQuantile.pdf, x^am1 (1 − x)^bm1 with its values at 0 and 1. */
function pdfFunction(): WasmFunction {
  const Q = 0, X = 1;
  const am1 = [...get(Q), ...loadF64(AM1)], bm1 = [...get(Q), ...loadF64(BM1)];
  return {
    name: 'pdf', params: [I32, F64], results: [F64], locals: [],
    body: [
      ...get(X), ...f64(0), F64_LE, ...IF, ...f64(1), ...f64(0), ...am1, ...f64(0), F64_EQ, SELECT, RETURN, END,
      ...get(X), ...f64(1), F64_GE, ...IF, ...f64(1), ...f64(0), ...bm1, ...f64(0), F64_EQ, SELECT, RETURN, END,
      ...get(X), ...am1, ...call(POW), ...f64(1), ...get(X), F64_SUB, ...bm1, ...call(POW), F64_MUL,
    ],
  };
}

/** reset(q, am1, bm1, mirror): BetaQuantile.reset from the density at F_AT / MID_AT. */
function resetFunction(): WasmFunction {
  const Q = 0, A = 1, B = 2, MIRROR = 3, J = 4, T = 5;
  const q = get(Q), j = get(J);
  const jPlus = (k: number): Code => [...j, ...i32(k), I32_ADD];
  return {
    name: 'reset', params: [I32, F64, F64, I32], results: [], locals: [[1, I32], [1, F64]],
    body: [
      ...q, ...get(B), ...get(A), ...get(MIRROR), SELECT, ...storeF64(AM1),
      ...q, ...get(A), ...get(B), ...get(MIRROR), SELECT, ...storeF64(BM1),
      // fj[j] = mirror ? f[M − j] : f[j]; fm[j] = mirror ? mid[M − 1 − j] : mid[j]
      ...forUp(J, i32(0), i32(M + 1), [
        ...q, ...j, ...i32(3), I32_SHL, I32_ADD,
        ...el([...i32(M), ...j, I32_SUB], F_AT), ...el(j, F_AT), ...get(MIRROR), SELECT, ...storeF64(FJ),
      ]),
      ...forUp(J, i32(0), i32(M), [
        ...q, ...j, ...i32(3), I32_SHL, I32_ADD,
        ...el([...i32(M - 1), ...j, I32_SUB], MID_AT), ...el(j, MID_AT), ...get(MIRROR), SELECT, ...storeF64(FM),
      ]),
      // cdf[j + 1] = cdf[j] + (h / 6)·(fj[j] + 4·fm[j] + fj[j + 1])
      ...forUp(J, i32(0), i32(M), [
        ...q, ...jPlus(1), ...i32(3), I32_SHL, I32_ADD,
        ...f64At(q, j, CDF), ...f64(H / 6), ...f64At(q, j, FJ), ...f64(4), ...f64At(q, j, FM), F64_MUL, F64_ADD, ...f64At(q, jPlus(1), FJ), F64_ADD, F64_MUL, F64_ADD,
        ...storeF64(CDF),
      ]),
      ...q, ...q, ...loadF64(CDF + 8 * M), ...tee(T), ...storeF64(TOTAL),
      ...forUp(J, i32(0), i32(M + 1), [
        ...q, ...j, ...i32(3), I32_SHL, I32_ADD, ...f64At(q, j, CDF), ...get(T), F64_DIV, ...storeF64(CDF),
        ...q, ...j, ...i32(3), I32_SHL, I32_ADD, ...f64At(q, j, FJ), ...get(T), F64_DIV, ...storeF64(FJ),
      ]),
      ...forUp(J, i32(0), i32(M), [
        ...q, ...j, ...i32(3), I32_SHL, I32_ADD, ...f64At(q, j, FM), ...get(T), F64_DIV, ...storeF64(FM),
      ]),
      ...q, ...i32(0), ...storeI32(CURSOR),
    ],
  };
}

/** at(q, u): BetaQuantile.at. */
function atFunction(): WasmFunction {
  const Q = 0, U = 1;
  const LO = 2, IT = 3;
  const X0 = 4, C0 = 5, C1 = 6, F0 = 7, B = 8, C = 9, TAU = 10, DF = 11, NEXT = 12, X = 13, FX = 14, FXX = 15, NX = 16, TOT = 17;
  const q = get(Q), lo = get(LO);
  const cdfAt = (index: Code) => f64At(q, index, CDF);
  const loPlus1 = [...lo, ...i32(1), I32_ADD];
  return {
    name: 'at', params: [I32, F64], results: [F64], locals: [[2, I32], [14, F64]],
    body: [
      ...get(U), ...f64(0), F64_LE, ...IF, ...f64(0), RETURN, END,
      ...get(U), ...f64(1), F64_GE, ...IF, ...f64(1), RETURN, END,
      // lo = cdf[cursor] < u ? cursor : 0; then walk forward while cdf[lo + 1] < u
      ...q, ...loadI32(CURSOR), ...set(LO),
      ...lo, ...i32(0), ...cdfAt(lo), ...get(U), F64_LT, SELECT, ...set(LO),
      ...BLOCK, ...LOOP,
      ...loPlus1, ...i32(M), I32_LT_S, I32_EQZ, BR_IF, 1,
      ...cdfAt(loPlus1), ...get(U), F64_LT, I32_EQZ, BR_IF, 1,
      ...loPlus1, ...set(LO), BR, 0,
      END, END,
      ...q, ...lo, ...storeI32(CURSOR),
      ...lo, F64_CONVERT_I32_S, ...f64(H), F64_MUL, ...set(X0),
      ...cdfAt(lo), ...set(C0), ...cdfAt(loPlus1), ...set(C1),
      ...lo, ...i32(EDGE), I32_GE_S, ...lo, ...i32(M - EDGE), I32_LT_S, I32_AND,
      ...IF,
      // Newton on Simpson's cubic.
      ...f64At(q, lo, FJ), ...set(F0),
      ...f64(-3), ...get(F0), F64_MUL, ...f64(4), ...f64At(q, lo, FM), F64_MUL, F64_ADD, ...f64At(q, loPlus1, FJ), F64_SUB, ...set(B),
      ...f64(2), ...get(F0), ...f64(2), ...f64At(q, lo, FM), F64_MUL, F64_SUB, ...f64At(q, loPlus1, FJ), F64_ADD, F64_MUL, ...set(C),
      ...get(U), ...get(C0), F64_SUB, ...get(C1), ...get(C0), F64_SUB, F64_DIV, ...f64(0), ...get(C1), ...get(C0), F64_GT, SELECT, ...set(TAU),
      ...i32(0), ...set(IT),
      ...BLOCK, ...LOOP,
      // dF = h·(f0 + tau·(B + tau·C)); stop unless dF > 0
      ...f64(H), ...get(F0), ...get(TAU), ...get(B), ...get(TAU), ...get(C), F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, ...tee(DF),
      ...f64(0), F64_GT, I32_EQZ, BR_IF, 1,
      // F = c0 + h·tau·(f0 + tau·(B/2 + (tau·C)/3)); next = tau − (F − u)/dF
      ...get(TAU),
      ...get(C0), ...f64(H), ...get(TAU), F64_MUL, ...get(F0), ...get(TAU), ...get(B), ...f64(2), F64_DIV, ...get(TAU), ...get(C), F64_MUL, ...f64(3), F64_DIV, F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD,
      ...get(U), F64_SUB, ...get(DF), F64_DIV, F64_SUB, ...set(NEXT),
      // tau = next < 0 ? 0 : next > 1 ? 1 : next
      ...f64(0), ...f64(1), ...get(NEXT), ...get(NEXT), ...f64(1), F64_GT, SELECT, ...get(NEXT), ...f64(0), F64_LT, SELECT, ...set(TAU),
      ...get(IT), ...i32(1), I32_ADD, ...tee(IT), ...i32(3), I32_LT_S, BR_IF, 0,
      END, END,
      ...get(X0), ...f64(H), ...get(TAU), F64_MUL, F64_ADD, RETURN,
      END,
      // Next to 0 and 1: one Newton step with the exact density.
      ...q, ...loadF64(TOTAL), ...set(TOT),
      ...get(X0), ...f64(H), ...get(U), ...get(C0), F64_SUB, F64_MUL, ...get(C1), ...get(C0), F64_SUB, F64_DIV, F64_ADD, ...get(X0), ...get(C1), ...get(C0), F64_GT, SELECT, ...set(X),
      ...q, ...get(X), ...call(PDF), ...get(TOT), F64_DIV, ...tee(FX),
      ...f64(0), F64_GT,
      ...IF,
      // Fx = c0 + ((x − x0)/6)·(fj[j] + (4·pdf((x0 + x)/2))/total + fx); nx = x − (Fx − u)/fx
      ...get(C0), ...get(X), ...get(X0), F64_SUB, ...f64(6), F64_DIV,
      ...f64At(q, lo, FJ), ...f64(4), ...q, ...get(X0), ...get(X), F64_ADD, ...f64(2), F64_DIV, ...call(PDF), F64_MUL, ...get(TOT), F64_DIV, F64_ADD, ...get(FX), F64_ADD,
      F64_MUL, F64_ADD, ...set(FXX),
      ...get(X), ...get(FXX), ...get(U), F64_SUB, ...get(FX), F64_DIV, F64_SUB, ...set(NX),
      // x = nx < x0 ? x0 : nx > x0 + h ? x0 + h : nx
      ...get(X0), ...get(X0), ...f64(H), F64_ADD, ...get(NX), ...get(NX), ...get(X0), ...f64(H), F64_ADD, F64_GT, SELECT, ...get(NX), ...get(X0), F64_LT, SELECT, ...set(X),
      END,
      ...get(X),
    ],
  };
}

/** level(x): Math.min(LEVELS, Math.max(0, Math.round(x·LEVELS))) as an i32 (Math.round: floor, plus one from a fraction of 1/2 up). */
function levelFunction(): WasmFunction {
  const X = 0, V = 1, R = 2;
  return {
    name: 'level', params: [F64], results: [I32], locals: [[2, F64]],
    body: [
      ...get(X), ...f64(LEVELS), F64_MUL, ...tee(V), F64_FLOOR, ...set(R),
      ...f64(LEVELS), ...f64(0),
      ...get(R), ...f64(1), F64_ADD, ...get(R), ...get(V), ...get(R), F64_SUB, ...f64(0.5), F64_GE, SELECT,
      F64_MAX, F64_MIN, ...I32_TRUNC_SAT_F64_S,
    ],
  };
}

/** fill(am1, bm1): fillPertQuantileTable's tables at OUT (16-bit), Q(u_E) and 1 − Q(1 − u_E) at RES. */
function fillFunction(): WasmFunction {
  const A = 0, B = 1, J = 2, K = 3, QLO = 4, QHI = 5, V = 6;
  const j = get(J), k = get(K);
  const store = (offset: number, value: Code): Code => [...k, ...i32(1), I32_SHL, ...value, ...call(LEVEL), ...store16(OUT + 2 * offset)];
  const T = TAIL_POINTS, KF = FINE_CELLS, K_BODY = TABLE_INTERVALS;
  const lowAt = K_BODY + 1, highAt = lowAt + T + 1;
  return {
    name: 'fill', params: [F64, F64], results: [], locals: [[2, I32], [3, F64]],
    body: [
      // The density on the Simpson grid: f[0], f[M] exact, the rest by expT(am1·ln x + bm1·ln(1 − x)).
      ...i32(0), ...f64(1), ...f64(0), ...get(A), ...f64(0), F64_EQ, SELECT, ...storeF64(F_AT),
      ...i32(0), ...f64(1), ...f64(0), ...get(B), ...f64(0), F64_EQ, SELECT, ...storeF64(F_AT + 8 * M),
      ...forUp(J, i32(1), i32(M), [
        ...j, ...i32(3), I32_SHL,
        ...get(A), ...el(j, LNX), F64_MUL, ...get(B), ...el(j, LN1MX), F64_MUL, F64_ADD, ...call(EXPT), ...storeF64(F_AT),
      ]),
      ...forUp(J, i32(0), i32(M), [
        ...j, ...i32(3), I32_SHL,
        ...get(A), ...el(j, LNMID), F64_MUL, ...get(B), ...el(j, LN1MMID), F64_MUL, F64_ADD, ...call(EXPT), ...storeF64(MID_AT),
      ]),
      ...i32(Q0), ...get(A), ...get(B), ...i32(0), ...call(RESET),
      ...i32(Q1), ...get(A), ...get(B), ...i32(1), ...call(RESET),
      // Body: Q(k/K).
      ...forUp(K, i32(0), i32(K_BODY + 1), store(0, [...i32(Q0), ...k, F64_CONVERT_I32_S, ...f64(K_BODY), F64_DIV, ...call(AT)])),
      ...i32(Q0), ...f64(U_TAIL), ...call(AT), ...set(QLO),
      ...i32(Q1), ...f64(U_TAIL), ...call(AT), ...set(QHI),
      // Deep tails in v: Q(u_E·v^(1 + am1))/Q(u_E), and the mirror's.
      ...forUp(K, i32(0), i32(T + 1), [
        ...k, F64_CONVERT_I32_S, ...f64(T), F64_DIV, ...set(V),
        ...k, ...i32(T), I32_EQ,
        ...IF,
        ...store(lowAt, f64(1)), ...store(highAt, f64(1)),
        ELSE,
        ...store(lowAt, [...i32(Q0), ...f64(U_TAIL), ...get(V), ...f64(1), ...get(A), F64_ADD, ...call(POW), F64_MUL, ...call(AT), ...get(QLO), F64_DIV]),
        ...store(highAt, [...i32(Q1), ...f64(U_TAIL), ...get(V), ...f64(1), ...get(B), F64_ADD, ...call(POW), F64_MUL, ...call(AT), ...get(QHI), F64_DIV]),
        END,
      ]),
      // Near tails: Q(u_E·k/KF), and 1 − Q_mirror(u_E·(KF − k)/KF) from the top down.
      ...forUp(K, i32(0), i32(KF + 1), store(FINE_LOW, [...i32(Q0), ...f64(U_TAIL), ...k, F64_CONVERT_I32_S, F64_MUL, ...f64(KF), F64_DIV, ...call(AT)])),
      ...i32(KF), ...set(K),
      ...LOOP,
      ...k, ...i32(KF), I32_EQ,
      ...IF,
      ...store(FINE_HIGH, f64(1)),
      ELSE,
      ...store(FINE_HIGH, [...f64(1), ...i32(Q1), ...f64(U_TAIL), ...i32(KF), ...k, I32_SUB, F64_CONVERT_I32_S, F64_MUL, ...f64(KF), F64_DIV, ...call(AT), F64_SUB]),
      END,
      ...k, ...i32(1), I32_SUB, ...tee(K), ...i32(0), I32_GE_S, BR_IF, 0,
      END,
      ...i32(0), ...get(QLO), ...storeF64(RES),
      ...i32(0), ...get(QHI), ...storeF64(RES + 8),
    ],
  };
}

/** The table builder module's name (kernel-wasm-emitter.ts wasmModules). */
export const PERT_TABLE_MODULE = 'pert-table';

const pertTableModule = compiledOnce(PERT_TABLE_MODULE, () =>
  moduleBytes([expTFunction(), pdfFunction(), resetFunction(), atFunction(), levelFunction(), fillFunction()], IMPORTS));

/** Fills one shape's tables (as fillPertQuantileTable) into tables[tOff..] and consts[cOff..]. */
export type PertTableBuilder = (key: number, tables: Uint16Array, tOff: number, consts: Float64Array, cOff: number) => void;

let builder: PertTableBuilder | null | undefined;

/** The WebAssembly table builder of this process, or null where WebAssembly is missing or refuses the module. */
export function pertTableBuilder(): PertTableBuilder | null {
  if (builder !== undefined) return builder;
  builder = null;
  const module = pertTableModule();
  if (!module) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: Math.ceil(BYTES / 65536) });
    const exports = new WebAssembly.Instance(module, { env: { memory, pow: Math.pow, exp: Math.exp } }).exports;
    const fill = exports.fill as (am1: number, bm1: number) => void;
    const heap = new Float64Array(memory.buffer);
    const { lnX, ln1mX, lnMid, ln1mMid } = gridLogs();
    heap.set(lnX, LNX / 8);
    heap.set(ln1mX, LN1MX / 8);
    heap.set(lnMid, LNMID / 8);
    heap.set(ln1mMid, LN1MMID / 8);
    heap.set(POW2, POW2_AT / 8);
    heap.set(FRACTION, FRAC_AT / 8);
    const out = new Uint16Array(memory.buffer, OUT, TABLE_STRIDE);
    const res = new Float64Array(memory.buffer, RES, 2);
    builder = (key, tables, tOff, consts, cOff) => {
      // As fillPertQuantileTable: the shape, and α − 1, β − 1.
      const s = key / SHAPE_STEPS;
      const am1 = 4 * s, bm1 = 4 * (1 - s);
      fill(am1, bm1);
      tables.set(out, tOff);
      consts[cOff] = 1 / (1 + am1);
      consts[cOff + 1] = 1 / (1 + bm1);
      consts[cOff + 2] = res[0];
      consts[cOff + 3] = res[1];
    };
  } catch {
    builder = null;
  }
  return builder;
}
