/**
 * The forward serial SGS (serial-sgs.ts `forward`, with resource-profile.ts's
 * search and booking) as one WebAssembly module over one linear memory: the hot
 * loop of the resource-aware Monte Carlo pass and of the genetic search's decoding.
 * serial-sgs.ts keeps the JavaScript twin as the reference and the fallback.
 *
 * Functions (indexes are call targets): 0 seek, 1 advance, 2 reset, 3 earliest,
 * 4 take, 5 nextAllowed, 6 forward. Each is its JavaScript twin operation for
 * operation (ResourceProfile.seek/advance/reset/take, SerialSgs.earliest/forward,
 * gates/allowed-finish.ts nextAllowedFinish): the same IEEE double operations in
 * the same order give the same bits, so schedules, blocking pools and blockers
 * are byte-identical (test/engine/rcpsp/sgs-wasm.test.ts compares them on
 * generated plans with availability windows and finish windows).
 * Why: V8 re-checks each typed array (map, base, length) on every access of the
 * profile walk; here the walk addresses one memory (precedence-kernel.ts's
 * kernel-wasm-module.ts measured the same effect on the precedence pass).
 * Layout: a header of i32 slots at address 0 (HDR below) holds the byte address
 * of every array; functions read the addresses they need on entry, so the module
 * is compiled once per process and instantiated per SerialSgs. Each pool's
 * breakpoints are followed by a sentinel time[K] = +Infinity.
 * Beyond the twin: earliest() starts its walks later where a memo proves the skipped
 * starts cannot fit (see there), with the same results; seek() is branch-free (see
 * there). A branch-free walk (conditional moves on the candidate start's bits) was
 * measured in s12 and dropped: fewer mispredictions (cachegrind 33k -> 24k per
 * decoding) but more instructions, and the whole pass no faster (in-process A/B,
 * quiet VM: +0 to +5%).
 * Measured on bench/resources.mjs (2,000 tasks x 3 pools, 10,000 iterations), with
 * pool-usage-wasm.ts: cachegrind (node --single-threaded), the pass 7.2M -> 2.8M
 * instructions per iteration (sampling, 0.9M, apart); CPU time of the pass on the
 * shared 2-core VM (load ~4, alternating builds) 6.4-8.2 s -> 3.8-4.2 s.
 * Cost: compiling ~4 kB once; per forward call, the copies of the list and the
 * durations in and of the starts and finishes out (memcpy), then the decoding.
 * Reference: WebAssembly Core Specification 2.0; the algorithm: serial-sgs.ts.
 */
import {
  BLOCK, BR_IF, compiledOnce, END, f64, F64, F64_ADD, F64_MAX, F64_MIN, F64_MUL, get, I32_SHL, F64_CONVERT_I32_S, F64_SUB, I32, i32, I32_ADD, I32_EQZ, I32_GE_S, I32_LT_S, I32_MUL, I32_OR, I32_SUB,
  I32_TRUNC_SAT_F64_S, loadF64, loadI32, loadU8, LOOP, moduleBytes, SELECT, set, storeF64, storeI32, tee, type Code, type WasmFunction,
} from '../kernel-wasm-emitter';
import {
  addr, BR, call, ELSE, I32_LE_S, F64_CEIL, F64_EQ, F64_GE, F64_GT, F64_LE, F64_LT, F64_NE, F32_DEMOTE_F64, frame, I32_REINTERPRET_F32, I32_AND, I32_EQ, I32_GT_S, I32_SHR_S, IF, ldF, ldI, RETURN, UNREACHABLE,
} from './wasm-opcodes';
import { CAPACITY_EPS, type ProfileLayout } from './resource-profile';
import type { DemandLists, RcpspProblem } from './rcpsp-problem';
import type { AllowedFinishTable } from '../gates/allowed-finish';

/** Header slots (i32 at byte 4 * slot). */
const HDR = {
  R: 1, predStart: 2, preds: 3, release: 4, usStart: 5, usPool: 6, usQty: 7, usLevel: 8, max: 9, time: 10, free: 11, ended: 12,
  count: 13, minFree: 14, initTime: 15, initFree: 16, initCount: 17, levelPool: 18, levelNeed: 19, front: 20, L: 21, plStart: 22,
  plList: 23, ignore: 24, order: 25, dur: 26, start: 27, finish: 28, delayedBy: 29, blocker: 30, rule: 31, shift: 32, tables: 33,
  hasFinish: 34, lastPool: 35, lastBlocker: 36, memo: 37, hint: 38, stride: 39,
} as const;
/** Duration classes of the fit memo (see earliest): quarter octaves. */
export const MEMO_CLASSES = 32;
/** Classes a search writes (from the first class its length is valid for). */
const MEMO_SPAN = 8;
/** Byte address in the header of 1 / the memo's unit length (f64). */
const INV_UNIT_AT = 200;
const f64Hdr = (at: number): Code => [...i32(0), ...loadF64(at)];
const HDR_BYTES = 256;
const hdr = (slot: number): Code => [...i32(0), ...loadI32(4 * slot)];
/** Stores the i32 value of `value` (code) in a header slot. */
const setHdr = (slot: number, value: Code): Code => [...i32(0), ...value, ...storeI32(4 * slot)];
const INF = f64(Infinity);
const F_SEEK = 0, F_ADVANCE = 1, F_RESET = 2, F_EARLIEST = 3, F_TAKE = 4, F_NEXT = 5;

/** base + r * max * (1 << shift): pool r's array in a per-pool block. */
const poolArray = (slot: number, r: Code, shift: number): Code => [...hdr(slot), ...r, ...hdr(HDR.stride), I32_MUL, ...i32(shift), I32_SHL, I32_ADD];
/** for (x = from; x < to; x++) body, with body at depth 1 inside the loop (br 1 = break). */
const forLoop = (x: number, from: Code, to: Code, body: Code): Code => [
  ...from, ...set(x),
  ...BLOCK, ...LOOP,
  ...get(x), ...to, I32_GE_S, BR_IF, 1,
  ...body,
  ...get(x), ...i32(1), I32_ADD, ...set(x),
  BR, 0,
  END, END,
];

/** The sentinel after pool r's K breakpoints (time base tb): time[K] = +Infinity, so walks end without a bound check. */
const sentinel = (tb: Code, K: Code): Code => [...addr(tb, K, 3), ...INF, ...storeF64()];

/**
 * seek(r, t) -> k: the last k with time[k] <= t, 0 when t precedes all. Binary search
 * without a data-dependent branch (the halving step picks by select, a conditional
 * move): the answer stays in [lo, lo + m) and m halves, as in ResourceProfile.seek,
 * which it equals on any sorted array. Searches land anywhere, so the branches of the
 * JavaScript twin's form mispredict about every other step. Measured (s12, 2,000-task
 * bench plan, whole Monte Carlo pass, in-process A/B against the branchy form, quiet
 * VM): -2 to -10% per iteration, typically -3%.
 */
function seekFn(): WasmFunction {
  const F = frame([['r', I32], ['t', F64]], [['tb', I32], ['lo', I32], ['m', I32], ['half', I32]]);
  const { v, get: g } = F;
  return {
    name: 'seek', params: F.paramTypes, results: [I32], locals: F.localRuns,
    body: [
      ...poolArray(HDR.time, g('r'), 3), ...set(v.tb),
      ...ldI(hdr(HDR.count), g('r')), ...set(v.m),
      ...BLOCK, ...LOOP,
      ...g('m'), ...i32(1), I32_LE_S, BR_IF, 1,
      ...g('m'), ...i32(1), I32_SHR_S, ...set(v.half),
      ...g('lo'), ...g('half'), I32_ADD, ...g('lo'),
      ...ldF(g('tb'), [...g('lo'), ...g('half'), I32_ADD]), ...g('t'), F64_LE, SELECT, ...set(v.lo),
      ...g('m'), ...g('half'), I32_SUB, ...set(v.m),
      BR, 0,
      END, END,
      ...g('lo'),
    ],
  };
}

/** advance(l): moves level l's front past every segment with less than its need free. */
function advanceFn(): WasmFunction {
  const F = frame([['l', I32]], [['r', I32], ['K', I32], ['k', I32], ['tb', I32], ['fb', I32], ['need', F64]]);
  const { v, get: g } = F;
  return {
    name: 'advance', params: F.paramTypes, results: [], locals: F.localRuns,
    body: [
      ...ldI(hdr(HDR.levelPool), g('l')), ...set(v.r),
      ...ldF(hdr(HDR.levelNeed), g('l')), ...set(v.need),
      ...ldI(hdr(HDR.count), g('r')), ...set(v.K),
      ...poolArray(HDR.time, g('r'), 3), ...set(v.tb),
      ...poolArray(HDR.free, g('r'), 3), ...set(v.fb),
      ...g('r'), ...ldF(hdr(HDR.front), g('l')), ...call(F_SEEK), ...set(v.k),
      ...BLOCK, ...LOOP,
      ...g('k'), ...g('K'), ...i32(1), I32_SUB, I32_GE_S, BR_IF, 1,
      ...ldF(g('fb'), g('k')), ...g('need'), F64_LT, I32_EQZ, BR_IF, 1,
      ...g('k'), ...i32(1), I32_ADD, ...set(v.k),
      BR, 0,
      END, END,
      ...addr(hdr(HDR.front), g('l'), 3), ...ldF(g('tb'), g('k')), ...storeF64(),
    ],
  };
}

/** reset(): the empty profile (initial capacity steps), least free capacities, and every level's front. */
function resetFn(): WasmFunction {
  const F = frame([], [['r', I32], ['k', I32], ['x', I32], ['tb', I32], ['fb', I32], ['eb', I32], ['itb', I32], ['ifb', I32], ['l', I32], ['m', F64], ['y', F64]]);
  const { v, get: g } = F;
  return {
    name: 'reset', params: F.paramTypes, results: [], locals: F.localRuns,
    body: [
      ...forLoop(v.r, i32(0), hdr(HDR.R), [
        ...ldI(hdr(HDR.initCount), g('r')), ...set(v.k),
        ...addr(hdr(HDR.count), g('r'), 2), ...g('k'), ...storeI32(),
        ...poolArray(HDR.time, g('r'), 3), ...set(v.tb),
        ...poolArray(HDR.free, g('r'), 3), ...set(v.fb),
        ...poolArray(HDR.ended, g('r'), 2), ...set(v.eb),
        ...poolArray(HDR.initTime, g('r'), 3), ...set(v.itb),
        ...poolArray(HDR.initFree, g('r'), 3), ...set(v.ifb),
        ...INF, ...set(v.m),
        ...forLoop(v.x, i32(0), g('k'), [
          ...addr(g('tb'), g('x'), 3), ...ldF(g('itb'), g('x')), ...storeF64(),
          ...addr(g('fb'), g('x'), 3), ...ldF(g('ifb'), g('x')), ...tee(v.y), ...storeF64(),
          ...addr(g('eb'), g('x'), 2), ...i32(-1), ...storeI32(),
          ...g('y'), ...g('m'), F64_LT, ...IF, ...g('y'), ...set(v.m), END,
        ]),
        ...addr(hdr(HDR.minFree), g('r'), 3), ...g('m'), ...storeF64(),
        ...sentinel(g('tb'), g('k')),
      ]),
      ...forLoop(v.l, i32(0), hdr(HDR.L), [
        ...addr(hdr(HDR.front), g('l'), 3), ...f64(0), ...storeF64(),
        ...g('l'), ...call(F_ADVANCE),
      ]),
      ...forLoop(v.x, i32(0), [...hdr(HDR.L), ...i32(2 * MEMO_CLASSES), I32_MUL], [
        ...addr(hdr(HDR.memo), g('x'), 3), ...f64(0), ...storeF64(),
      ]),
    ],
  };
}

/**
 * earliest(j, t0, d) -> t: SerialSgs.earliest on the forward profile; a push by a
 * pool stores the pool and blocker in the header's lastPool/lastBlocker.
 *
 * Two additions that change where the walk starts, never its result (the walk
 * finds the earliest fitting start at or after where it starts, a breakpoint or
 * that start, and the blocker is the `ended` of that breakpoint):
 * - fit memo: per level l (pool r, demand q) and duration class c, an interval
 *   [lo, hi) of starts at which no window of class c fits. Classes are quarter
 *   octaves of d / unit (unit = a sixteenth of the mean positive duration): cls(d)
 *   from the float32 bits of d / unit (exponent and two mantissa bits), so class c
 *   holds the lengths from its lower bound B_c up; the float32 rounding can only
 *   move a length up by one class, hence the ±1 below. A walk on pool r from cs0
 *   that ends at A > cs0 shows that no window of length d fits at a start in
 *   [cs0, A); free capacity only decreases during a decoding, so this stays true,
 *   and for any longer window: the classes cls(d) + 1 .. cls(d) + MEMO_SPAN learn it
 *   (merged with their interval when they overlap or touch, else replacing it; from
 *   0 when cs0 is within the level's front). A query of length d reads class
 *   min(cls(d) - 1, C - 1) and, when its start is in [lo, hi), starts at hi instead.
 *   Exact: hi is a breakpoint right after a stretch short of q (a walk jumped
 *   there) and stays one, so a walk from the earlier start would reach hi the same
 *   way, with the same blocker ended[hi]: the argument of the level fronts
 *   (ResourceProfile banner). Measured on the 2,000-task bench plan: walk steps per
 *   decoding 75k -> ~40k.
 * - seek hint: hint[r] is the segment holding pool r's last accepted start, which
 *   take() checks (time[k] <= s < time[k + 1], seek's answer) before searching.
 */
function earliestFn(): WasmFunction {
  const F = frame([['j', I32], ['t0', F64], ['d', F64]], [
    ['u0', I32], ['nu', I32], ['acc', I32], ['x', I32], ['u', I32], ['r', I32], ['K', I32], ['l', I32], ['k', I32], ['by', I32],
    ['tb', I32], ['fb', I32], ['eb', I32], ['cr', I32], ['cw', I32], ['kcs', I32], ['c', I32], ['mb', I32], ['ma', I32], ['ce', I32],
    ['t', F64], ['q', F64], ['cs', F64], ['cs0', F64], ['fr', F64], ['m', F64], ['mh', F64],
  ]);
  const { v, get: g } = F;
  return {
    name: 'earliest', params: F.paramTypes, results: [F64], locals: F.localRuns,
    body: [
      ...ldI(hdr(HDR.usStart), g('j')), ...set(v.u0),
      ...ldI(hdr(HDR.usStart), g('j'), 4), ...g('u0'), I32_SUB, ...set(v.nu),
      ...g('t0'), ...set(v.t),
      // Classes of d (see above): cls from the float32 bits of d / unit, cr = cls - 1 (at most C - 1), cw = cls + 1 (at least 0).
      ...g('d'), ...f64Hdr(INV_UNIT_AT), F64_MUL, F32_DEMOTE_F64, I32_REINTERPRET_F32, ...i32(21), I32_SHR_S, ...i32(4 * 127), I32_SUB, ...tee(v.cr),
      ...i32(1), I32_ADD, ...set(v.cw),
      ...g('cw'), ...i32(0), I32_LT_S, ...IF, ...i32(0), ...set(v.cw), END,
      // ce = min(cw + MEMO_SPAN, C): the classes written.
      ...g('cw'), ...i32(MEMO_SPAN), I32_ADD, ...tee(v.ce), ...i32(MEMO_CLASSES), I32_GT_S, ...IF, ...i32(MEMO_CLASSES), ...set(v.ce), END,
      ...g('cr'), ...i32(1), I32_SUB, ...set(v.cr),
      ...g('cr'), ...i32(MEMO_CLASSES - 1), I32_GT_S, ...IF, ...i32(MEMO_CLASSES - 1), ...set(v.cr), END,
      ...BLOCK, ...LOOP,
      ...g('acc'), ...g('nu'), I32_GE_S, BR_IF, 1,
      ...g('u0'), ...g('x'), I32_ADD, ...set(v.u),
      ...ldI(hdr(HDR.usPool), g('u')), ...set(v.r),
      ...ldF(hdr(HDR.usQty), g('u')), ...f64(CAPACITY_EPS), F64_SUB, ...set(v.q),
      ...ldF(hdr(HDR.minFree), g('r')), ...g('q'), F64_GE,
      ...hdr(HDR.ignore), ...g('r'), I32_ADD, ...loadU8(), ...i32(1), I32_EQ, I32_OR,
      ...IF,
      ...g('acc'), ...i32(1), I32_ADD, ...set(v.acc),
      ELSE,
      ...ldI(hdr(HDR.count), g('r')), ...set(v.K),
      ...ldI(hdr(HDR.usLevel), g('u')), ...set(v.l),
      ...g('t'), ...set(v.cs), ...i32(-2), ...set(v.by),
      ...poolArray(HDR.time, g('r'), 3), ...set(v.tb),
      ...poolArray(HDR.free, g('r'), 3), ...set(v.fb),
      ...poolArray(HDR.ended, g('r'), 2), ...set(v.eb),
      ...g('l'), ...i32(0), I32_GE_S, ...IF,
      ...ldF(hdr(HDR.front), g('l')), ...tee(v.fr), ...g('cs'), F64_GT, ...IF,
      ...g('fr'), ...set(v.cs), ...i32(-3), ...set(v.by),
      END,
      // mb = &memo[l·C] (pairs lo, hi); a start inside class cr's [lo, hi) moves to hi.
      ...addr(hdr(HDR.memo), [...g('l'), ...i32(MEMO_CLASSES), I32_MUL], 4), ...set(v.mb),
      ...g('cr'), ...i32(0), I32_GE_S, ...IF,
      ...addr(g('mb'), g('cr'), 4), ...loadF64(0), ...g('cs'), F64_LE,
      ...g('cs'), ...addr(g('mb'), g('cr'), 4), ...loadF64(8), F64_LT, I32_AND, ...IF,
      ...addr(g('mb'), g('cr'), 4), ...loadF64(8), ...set(v.cs), ...i32(-3), ...set(v.by),
      END, END,
      END,
      ...g('cs'), ...set(v.cs0),
      ...g('r'), ...g('cs'), ...call(F_SEEK), ...tee(v.k), ...set(v.kcs),
      ...g('by'), ...i32(-3), I32_EQ, ...IF, ...ldI(g('eb'), g('k')), ...set(v.by), END,
      // The walk: past each segment short of capacity, until a window of length d fits
      // (the sentinel time[K] = +Infinity ends a window in the last segment).
      ...BLOCK, ...LOOP,
      ...ldF(g('fb'), g('k')), ...g('q'), F64_LT, ...IF,
      ...g('k'), ...g('K'), ...i32(1), I32_SUB, I32_EQ, ...IF, ...INF, RETURN, END,
      ...g('k'), ...i32(1), I32_ADD, ...tee(v.k), ...set(v.kcs),
      ...ldF(g('tb'), g('k')), ...set(v.cs),
      ...ldI(g('eb'), g('k')), ...set(v.by),
      BR, 1,
      END,
      ...ldF(g('tb'), g('k'), 8), ...g('cs'), ...g('d'), F64_ADD, F64_GE, BR_IF, 1,
      ...g('k'), ...i32(1), I32_ADD, ...set(v.k),
      BR, 0,
      END, END,
      ...addr(hdr(HDR.hint), g('r'), 2), ...g('kcs'), ...storeI32(),
      // The memo learns [0, cs) for the classes of windows at least d long (see above).
      ...g('l'), ...i32(0), I32_GE_S, ...g('cs'), ...g('cs0'), F64_GT, I32_AND, ...IF,
      // The new interval [cs0, cs), from 0 when cs0 is within the front.
      ...g('cs0'), ...g('fr'), F64_LE, ...IF, ...f64(0), ...set(v.cs0), END,
      ...forLoop(v.c, g('cw'), g('ce'), [
        ...addr(g('mb'), g('c'), 4), ...set(v.ma),
        ...g('ma'), ...loadF64(0), ...set(v.m),
        ...g('ma'), ...loadF64(8), ...set(v.mh),
        // Overlapping or touching: the union; else the new interval replaces the old one.
        ...g('cs0'), ...g('mh'), F64_LE, ...g('cs'), ...g('m'), F64_GE, I32_AND, ...IF,
        ...g('ma'), ...g('m'), ...g('cs0'), F64_MIN, ...storeF64(0),
        ...g('ma'), ...g('mh'), ...g('cs'), F64_MAX, ...storeF64(8),
        ELSE,
        ...g('ma'), ...g('cs0'), ...storeF64(0),
        ...g('ma'), ...g('cs'), ...storeF64(8),
        END,
      ]),
      END,
      ...g('cs'), ...g('t'), F64_GT, ...IF,
      ...g('cs'), ...set(v.t),
      ...setHdr(HDR.lastPool, g('r')),
      ...setHdr(HDR.lastBlocker, g('by')),
      ...i32(1), ...set(v.acc),
      ELSE,
      ...g('acc'), ...i32(1), I32_ADD, ...set(v.acc),
      END,
      END,
      ...g('x'), ...i32(1), I32_ADD, ...tee(v.x), ...g('nu'), I32_EQ, ...IF, ...i32(0), ...set(v.x), END,
      BR, 0,
      END, END,
      ...g('t'),
    ],
  };
}

/** take(r, s, e, q, task): ResourceProfile.take (hold q units of pool r on [s, e); task frees them at e). */
function takeFn(): WasmFunction {
  const F = frame([['r', I32], ['s', F64], ['e', F64], ['q', F64], ['task', I32]], [
    ['tb', I32], ['fb', I32], ['eb', I32], ['K', I32], ['a', I32], ['b', I32], ['insS', I32], ['insE', I32], ['sh', I32], ['k', I32],
    ['to', I32], ['x', I32], ['xe', I32], ['l', I32], ['m', F64], ['f', F64], ['fl', F64],
  ]);
  const { v, get: g } = F;
  /** time/free/ended[k + by] = time/free/ended[k] (by = 1 or the local sh). */
  const move = (by: Code): Code => [
    ...addr(g('tb'), [...g('k'), ...by, I32_ADD], 3), ...ldF(g('tb'), g('k')), ...storeF64(),
    ...addr(g('fb'), [...g('k'), ...by, I32_ADD], 3), ...ldF(g('fb'), g('k')), ...storeF64(),
    ...addr(g('eb'), [...g('k'), ...by, I32_ADD], 2), ...ldI(g('eb'), g('k')), ...storeI32(),
  ];
  return {
    name: 'take', params: F.paramTypes, results: [], locals: F.localRuns,
    body: [
      ...poolArray(HDR.time, g('r'), 3), ...set(v.tb),
      ...poolArray(HDR.free, g('r'), 3), ...set(v.fb),
      ...poolArray(HDR.ended, g('r'), 2), ...set(v.eb),
      ...ldI(hdr(HDR.count), g('r')), ...set(v.K),
      // a = hint[r] when it is the segment holding s (seek's answer), else seek(r, s).
      ...ldI(hdr(HDR.hint), g('r')), ...set(v.a),
      ...g('a'), ...g('K'), I32_LT_S, ...IF,
      ...ldF(g('tb'), g('a')), ...g('s'), F64_LE, ...IF,
      ...g('a'), ...i32(1), I32_ADD, ...g('K'), I32_EQ, ...IF, ...i32(1), ...set(v.insS),
      ELSE, ...ldF(g('tb'), g('a'), 8), ...g('s'), F64_GT, ...set(v.insS), END,
      END, END,
      ...g('insS'), I32_EQZ, ...IF, ...g('r'), ...g('s'), ...call(F_SEEK), ...set(v.a), END,
      ...g('a'), ...set(v.b),
      ...BLOCK, ...LOOP,
      ...ldF(g('tb'), g('b'), 8), ...g('e'), F64_LE, I32_EQZ, BR_IF, 1,
      ...g('b'), ...i32(1), I32_ADD, ...set(v.b),
      BR, 0,
      END, END,
      ...ldF(g('tb'), g('a')), ...g('s'), F64_NE, ...set(v.insS),
      ...ldF(g('tb'), g('b')), ...g('e'), F64_NE, ...set(v.insE),
      ...g('insS'), ...g('insE'), I32_ADD, ...set(v.sh),
      ...g('K'), ...g('sh'), I32_ADD, ...hdr(HDR.max), I32_GT_S, ...IF, UNREACHABLE, END,
      ...g('sh'), ...IF,
      // for (k = K - 1; k > b; k--) move by sh
      ...g('K'), ...i32(1), I32_SUB, ...set(v.k),
      ...BLOCK, ...LOOP,
      ...g('k'), ...g('b'), I32_GT_S, I32_EQZ, BR_IF, 1,
      ...move(g('sh')),
      ...g('k'), ...i32(1), I32_SUB, ...set(v.k),
      BR, 0,
      END, END,
      ...g('insE'), ...IF,
      ...addr(g('tb'), [...g('b'), ...g('insS'), I32_ADD], 3), ...g('e'), ...storeF64(8),
      ...addr(g('fb'), [...g('b'), ...g('insS'), I32_ADD], 3), ...ldF(g('fb'), g('b')), ...storeF64(8),
      END,
      ...g('insS'), ...IF,
      ...g('b'), ...set(v.k),
      ...BLOCK, ...LOOP,
      ...g('k'), ...g('a'), I32_GT_S, I32_EQZ, BR_IF, 1,
      ...move(i32(1)),
      ...g('k'), ...i32(1), I32_SUB, ...set(v.k),
      BR, 0,
      END, END,
      ...addr(g('tb'), g('a'), 3), ...g('s'), ...storeF64(8),
      ...addr(g('fb'), g('a'), 3), ...ldF(g('fb'), g('a')), ...storeF64(8),
      ...addr(g('eb'), g('a'), 2), ...i32(-1), ...storeI32(4),
      END,
      ...addr(hdr(HDR.count), g('r'), 2), ...g('K'), ...g('sh'), I32_ADD, ...storeI32(),
      ...sentinel(g('tb'), [...g('K'), ...g('sh'), I32_ADD]),
      END,
      // to = b + insS + insE; free[from .. to) -= q, tracking the least free capacity.
      ...g('b'), ...g('sh'), I32_ADD, ...set(v.to),
      ...ldF(hdr(HDR.minFree), g('r')), ...set(v.m),
      ...forLoop(v.k, [...g('a'), ...g('insS'), I32_ADD], g('to'), [
        ...addr(g('fb'), g('k'), 3), ...ldF(g('fb'), g('k')), ...g('q'), F64_SUB, ...tee(v.f), ...storeF64(),
        ...g('f'), ...g('m'), F64_LT, ...IF, ...g('f'), ...set(v.m), END,
      ]),
      ...addr(hdr(HDR.minFree), g('r'), 3), ...g('m'), ...storeF64(),
      ...addr(g('eb'), g('to'), 2), ...g('task'), ...storeI32(),
      // Only a front inside [s, e) can have lost its fit.
      ...ldI(hdr(HDR.plStart), g('r'), 4), ...set(v.xe),
      ...forLoop(v.x, ldI(hdr(HDR.plStart), g('r')), g('xe'), [
        ...ldI(hdr(HDR.plList), g('x')), ...set(v.l),
        ...ldF(hdr(HDR.front), g('l')), ...set(v.fl),
        ...g('fl'), ...g('s'), F64_GE, ...g('fl'), ...g('e'), F64_LT, I32_AND, ...IF, ...g('l'), ...call(F_ADVANCE), END,
      ]),
    ],
  };
}

/** nextAllowed(j, f) -> g: nextAllowedFinish for a task with a finish rule (allowed-finish.ts). */
function nextAllowedFn(): WasmFunction {
  const F = frame([['j', I32], ['f', F64]], [['tbl', I32], ['di', I32], ['k', I32], ['d', F64]]);
  const { v, get: g } = F;
  return {
    name: 'nextAllowed', params: F.paramTypes, results: [F64], locals: F.localRuns,
    body: [
      ...hdr(HDR.tables), ...ldI(hdr(HDR.rule), g('j')), ...i32(4), I32_SHL, I32_ADD, ...set(v.tbl),
      ...f64(0), ...g('f'), F64_CEIL, ...f64(1), F64_SUB, ...g('f'), ...f64(0), F64_LE, SELECT, ...set(v.d),
      ...g('d'), ...g('tbl'), ...loadI32(4), F64_CONVERT_I32_S, F64_GE, ...IF,
      ...g('tbl'), ...loadI32(8), ...IF, ...g('f'), RETURN, END,
      ...INF, RETURN,
      END,
      ...g('d'), ...I32_TRUNC_SAT_F64_S, ...set(v.di),
      ...ldI([...g('tbl'), ...loadI32(0)], g('di')), ...set(v.k),
      ...g('k'), ...g('di'), I32_EQ, ...IF, ...g('f'), RETURN, END,
      ...g('k'), ...i32(0), I32_LT_S, ...IF, ...INF, RETURN, END,
      ...g('k'), ...i32(1), I32_ADD, F64_CONVERT_I32_S,
    ],
  };
}

/** forward(count) -> makespan: SerialSgs.forward of order[0 .. count) with the durations in `dur`. */
function forwardFn(): WasmFunction {
  const F = frame([['cnt', I32]], [
    ['x', I32], ['j', I32], ['k', I32], ['ke', I32], ['u', I32], ['ue', I32], ['p', I32],
    ['order', I32], ['fin', I32], ['st', I32], ['durB', I32], ['rel', I32], ['ps', I32], ['pr', I32], ['hasF', I32],
    ['usS', I32], ['usP', I32], ['usQ', I32], ['ign', I32], ['dB', I32], ['bB', I32],
    ['t', F64], ['d', F64], ['f', F64], ['g', F64], ['mk', F64],
  ]);
  const { v, get: g } = F;
  const load = (name: keyof typeof v, slot: number): Code => [...hdr(slot), ...set(v[name])];
  const fits: Code = [...g('d'), ...f64(0), F64_GT, ...g('t'), ...INF, F64_NE, I32_AND];
  return {
    name: 'forward', params: F.paramTypes, results: [F64], locals: F.localRuns,
    body: [
      ...call(F_RESET),
      ...load('order', HDR.order), ...load('fin', HDR.finish), ...load('st', HDR.start), ...load('durB', HDR.dur),
      ...load('rel', HDR.release), ...load('ps', HDR.predStart), ...load('pr', HDR.preds), ...load('hasF', HDR.hasFinish),
      ...load('usS', HDR.usStart), ...load('usP', HDR.usPool), ...load('usQ', HDR.usQty), ...load('ign', HDR.ignore),
      ...load('dB', HDR.delayedBy), ...load('bB', HDR.blocker),
      ...forLoop(v.x, i32(0), g('cnt'), [
        ...ldI(g('order'), g('x')), ...set(v.j),
        ...ldF(g('rel'), g('j')), ...set(v.t),
        ...ldI(g('ps'), g('j'), 4), ...set(v.ke),
        ...forLoop(v.k, ldI(g('ps'), g('j')), g('ke'), [
          ...ldF(g('fin'), ldI(g('pr'), g('k'))), ...tee(v.f), ...g('t'), F64_GT, ...IF, ...g('f'), ...set(v.t), END,
        ]),
        ...ldF(g('durB'), g('j')), ...set(v.d),
        ...setHdr(HDR.lastPool, i32(-1)), ...setHdr(HDR.lastBlocker, i32(-1)),
        ...fits, ...IF, ...g('j'), ...g('t'), ...g('d'), ...call(F_EARLIEST), ...set(v.t), END,
        ...g('t'), ...g('d'), F64_ADD, ...set(v.f),
        ...g('hasF'), ...IF,
        ...ldI(hdr(HDR.rule), g('j')), ...i32(0), I32_GE_S, ...g('t'), ...INF, F64_NE, I32_AND, ...IF,
        ...BLOCK, ...LOOP,
        ...g('j'), ...g('f'), ...call(F_NEXT), ...set(v.g),
        ...g('g'), ...g('f'), F64_GT, I32_EQZ, ...g('g'), ...INF, F64_EQ, I32_OR, BR_IF, 1,
        ...hdr(HDR.shift), ...g('j'), I32_ADD, ...loadU8(), I32_EQZ, ...IF, ...g('g'), ...set(v.f), BR, 2, END,
        ...g('g'), ...g('d'), F64_SUB, ...set(v.t),
        ...g('d'), ...f64(0), F64_GT, ...IF, ...g('j'), ...g('t'), ...g('d'), ...call(F_EARLIEST), ...set(v.t), END,
        ...g('t'), ...g('d'), F64_ADD, ...set(v.f),
        ...g('t'), ...INF, F64_EQ, BR_IF, 1,
        BR, 0,
        END, END,
        END, END,
        ...addr(g('dB'), g('j'), 2), ...hdr(HDR.lastPool), ...storeI32(),
        ...addr(g('bB'), g('j'), 2), ...hdr(HDR.lastBlocker), ...storeI32(),
        ...addr(g('st'), g('j'), 3), ...g('t'), ...storeF64(),
        ...addr(g('fin'), g('j'), 3), ...g('f'), ...storeF64(),
        ...fits, ...IF,
        ...ldI(g('usS'), g('j'), 4), ...set(v.ue),
        ...forLoop(v.u, ldI(g('usS'), g('j')), g('ue'), [
          ...ldI(g('usP'), g('u')), ...set(v.p),
          ...g('ign'), ...g('p'), I32_ADD, ...loadU8(), I32_EQZ, ...IF,
          ...g('p'), ...g('t'), ...g('t'), ...g('d'), F64_ADD, ...ldF(g('usQ'), g('u')), ...g('j'), ...call(F_TAKE),
          END,
        ]),
        END,
        ...g('f'), ...g('mk'), F64_GT, ...IF, ...g('f'), ...set(v.mk), END,
      ]),
      ...g('mk'),
    ],
  };
}

/** The module's bytes (exported for tests). */
export function sgsModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes([seekFn(), advanceFn(), resetFn(), earliestFn(), takeFn(), nextAllowedFn(), forwardFn()]);
}

const sgsWasmModule = compiledOnce(sgsModuleBytes);

/**
 * One problem's forward SGS in WebAssembly memory. `delayedBy`, `blocker` and
 * `ignore` are views of that memory (the memory never grows), so SerialSgs hands
 * them out as its own arrays.
 */
export class SgsWasm {
  readonly delayedBy: Int32Array;
  readonly blocker: Int32Array;
  readonly ignore: Uint8Array;
  private readonly order: Int32Array;
  private readonly dur: Float64Array;
  private readonly start: Float64Array;
  private readonly finish: Float64Array;
  private readonly run: (count: number) => number;

  private constructor(memory: WebAssembly.Memory, run: (count: number) => number, a: Record<string, number>, n: number, R: number) {
    const buf = memory.buffer;
    this.run = run;
    this.order = new Int32Array(buf, a.order, n);
    this.dur = new Float64Array(buf, a.dur, n);
    this.start = new Float64Array(buf, a.start, n);
    this.finish = new Float64Array(buf, a.finish, n);
    this.delayedBy = new Int32Array(buf, a.delayedBy, n);
    this.blocker = new Int32Array(buf, a.blocker, n);
    this.ignore = new Uint8Array(buf, a.ignore, R);
  }

  /** The module instantiated for `problem`, or null where WebAssembly is missing or refuses it. */
  static create(p: RcpspProblem, uses: DemandLists, level: Int32Array, prof: ProfileLayout): SgsWasm | null {
    const module = sgsWasmModule();
    if (!module) return null;
    const { n, R } = p;
    const U = uses.pool.length, L = prof.levelPool.length, max = prof.max;
    const fc = p.finishRule && p.finishShift && p.finishTables && p.finishRule.some((r) => r >= 0)
      ? { rule: p.finishRule, shift: p.finishShift, tables: p.finishTables } : undefined;
    // Byte layout: 8-aligned blocks after the header.
    let top = HDR_BYTES;
    const a: Record<string, number> = {};
    const block = (key: string, bytes: number) => { a[key] = top; top += Math.ceil(bytes / 8) * 8; };
    block('predStart', 4 * (n + 1)); block('preds', 4 * p.preds.length); block('release', 8 * n);
    block('usStart', 4 * (n + 1)); block('usPool', 4 * U); block('usQty', 8 * U); block('usLevel', 4 * U);
    // Per pool: max breakpoints and the sentinel.
    const stride = max + 1;
    block('time', 8 * R * stride); block('free', 8 * R * stride); block('ended', 4 * R * stride);
    block('count', 4 * R); block('minFree', 8 * R); block('initTime', 8 * R * stride); block('initFree', 8 * R * stride); block('initCount', 4 * R);
    block('levelPool', 4 * L); block('levelNeed', 8 * L); block('front', 8 * L);
    const plList = prof.poolLevels.flat();
    block('plStart', 4 * (R + 1)); block('plList', 4 * plList.length); block('ignore', R);
    block('order', 4 * n); block('dur', 8 * n); block('start', 8 * n); block('finish', 8 * n); block('delayedBy', 4 * n); block('blocker', 4 * n);
    const tables: AllowedFinishTable[] = fc?.tables ?? [];
    block('rule', 4 * n); block('shift', n); block('tables', 16 * tables.length);
    block('memo', 16 * L * MEMO_CLASSES); block('hint', 4 * R);
    const nextAt = tables.map((t) => { const at = top; top += Math.ceil((4 * t.next.length) / 8) * 8; return at; });
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(top / 65536)) });
    const buf = memory.buffer;
    const i32v = (at: number, len: number) => new Int32Array(buf, at, len);
    const f64v = (at: number, len: number) => new Float64Array(buf, at, len);
    i32v(a.predStart, n + 1).set(p.predStart); i32v(a.preds, p.preds.length).set(p.preds); f64v(a.release, n).set(p.release);
    i32v(a.usStart, n + 1).set(uses.start); i32v(a.usPool, U).set(uses.pool); f64v(a.usQty, U).set(uses.qty); i32v(a.usLevel, U).set(level);
    for (let r = 0; r < R; r++) {
      f64v(a.initTime + 8 * r * stride, max).set(prof.initTime[r]);
      f64v(a.initFree + 8 * r * stride, max).set(prof.initFree[r]);
    }
    i32v(a.initCount, R).set(prof.initCount);
    i32v(a.levelPool, L).set(prof.levelPool); f64v(a.levelNeed, L).set(prof.levelNeed);
    const plStart = i32v(a.plStart, R + 1);
    for (let r = 0; r < R; r++) plStart[r + 1] = plStart[r] + prof.poolLevels[r].length;
    i32v(a.plList, plList.length).set(plList);
    if (fc) {
      i32v(a.rule, n).set(fc.rule);
      new Uint8Array(buf, a.shift, n).set(fc.shift);
      const desc = i32v(a.tables, 4 * tables.length);
      tables.forEach((t, k) => {
        desc[4 * k] = nextAt[k]; desc[4 * k + 1] = t.next.length; desc[4 * k + 2] = t.beyond ? 1 : 0;
        i32v(nextAt[k], t.next.length).set(t.next);
      });
    }
    // Memo classes start at a sixteenth of the mean positive duration.
    let sum = 0, positive = 0;
    for (let i = 0; i < n; i++) if (p.duration[i] > 0) { sum += p.duration[i]; positive++; }
    f64v(INV_UNIT_AT, 1)[0] = 16 / (positive ? sum / positive : 1);
    const h = i32v(0, HDR_BYTES / 4);
    for (const [key, slot] of Object.entries(HDR)) if (key in a) h[slot] = a[key];
    h[HDR.R] = R; h[HDR.max] = max; h[HDR.stride] = stride; h[HDR.L] = L; h[HDR.hasFinish] = fc ? 1 : 0;
    const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
    return new SgsWasm(memory, ex.forward as unknown as (count: number) => number, a, n, R);
  }

  /** SerialSgs.forward: the same inputs and outputs (delayedBy/blocker in this object's views). */
  forward(order: ArrayLike<number>, dur: Float64Array, start: Float64Array, finish: Float64Array): number {
    this.order.set(order as ArrayLike<number>);
    return this.decode(order.length, dur, start, finish);
  }

  /** forward() of the list in memory (setOrder), without copying it again. */
  forwardKept(count: number, dur: Float64Array, start: Float64Array, finish: Float64Array): number {
    return this.decode(count, dur, start, finish);
  }

  /** Copies a list into memory for forwardKept. */
  setOrder(order: Int32Array): void {
    this.order.set(order);
  }

  private decode(count: number, dur: Float64Array, start: Float64Array, finish: Float64Array): number {
    const n = this.dur.length;
    this.dur.set(dur.length === n ? dur : dur.subarray(0, n));
    // Entries outside the list keep the caller's values, as the JavaScript twin leaves
    // them (a whole list writes every entry: nothing to keep).
    if (count < n) {
      this.start.set(start.length === n ? start : start.subarray(0, n));
      this.finish.set(finish.length === n ? finish : finish.subarray(0, n));
    }
    const makespan = this.run(count);
    start.set(this.start);
    finish.set(this.finish);
    return makespan;
  }
}
