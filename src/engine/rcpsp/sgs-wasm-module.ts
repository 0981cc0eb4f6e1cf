/**
 * The forward serial SGS (serial-sgs.ts `forward`, with resource-profile.ts's
 * search and booking) as one WebAssembly module over one linear memory: the hot
 * loop of the resource-aware Monte Carlo pass and of the genetic search's decoding.
 * serial-sgs.ts keeps the JavaScript twin as the reference and the fallback.
 *
 * Functions (indexes are call targets): 0 seek, 1 insert, 2 reset, 3 earliest,
 * 4 take, 5 nextAllowed, 6 forward, 7 bound (resource-forward-pass.ts's bucket check of
 * a lazy pool, over the decoding in memory), 8 exact (its exact use check), 9 mark (its
 * markCritical's criticality). The results are the JavaScript twin's, byte for
 * byte (ResourceProfile.seek/reset/take, SerialSgs.earliest/forward, gates/
 * allowed-finish.ts nextAllowedFinish): schedules, blocking pools and blockers
 * (test/engine/rcpsp/sgs-wasm.test.ts compares them on generated plans with
 * availability windows, finish windows, ignored pools, over 32 demand levels, and
 * on PSPLIB j30). Where the search differs in method (below), it returns the same
 * start from the same doubles.
 * Why: V8 re-checks each typed array (map, base, length) on every access of the
 * profile walk; here the walk addresses one memory (precedence-kernel.ts's
 * kernel-wasm-module.ts measured the same effect on the precedence pass).
 * Layout: a header of i32 slots at address 0 (HDR below) holds the byte address
 * of every array; functions read the addresses they need on entry, so the module
 * is compiled once per process and instantiated per SerialSgs. Each pool's
 * breakpoints are followed by a sentinel time[K] = +Infinity.
 * Beyond the twin (s13): earliest() searches per demand level a sorted list of the
 * "short stretches" (maximal times with less than the level's need free), kept up to
 * date by take() (insert), instead of walking the profile's segments from the level's
 * front (the JavaScript twin; the s12 fit memo and the fronts are gone here): one
 * binary search and a step per gap too short, ~13k steps per decoding for the walk's
 * ~69k on the bench plan. take() walks the booked segments once (subtracting, and
 * noting those that fall below a level's need: no call in that loop), inserts their
 * runs afterwards, and moves long tails by memory.copy; forward() calls earliest() only
 * for a task with a searched pool; bound() does the Monte Carlo pass's bucket check of
 * a lazy pool here. seek() is branch-free (see there).
 * Tried in s13 and dropped: dropping breakpoints whose two sides end up equal (exact,
 * but the spans of bookings shrank by ~4% only: no gain; the same as s12's merged
 * segments), header addresses held in locals in earliest() (more spills: +1.6%
 * instructions). A branch-free walk was dropped in s12 (more instructions).
 * Measured (s13): the decoding of the bench plan's list (2,000 tasks, 3 pools, one
 * lazy) on 400 sampled duration sets, cachegrind (node --single-threaded --no-liftoff):
 * 2.08M -> 1.70M instructions per decoding; CPU time ~265 -> ~235 µs per decoding
 * (shared 2-core VM, alternating builds, minimum of 4-5 runs). The whole 2,000-task
 * forecast (bench/run.mjs child, 10,000 iterations, with resource-forward-pass.ts's
 * changes): 3.86M -> 3.31M instructions per iteration; simulation 4.27-4.35 s ->
 * 3.62-3.88 s (load ~0.6), byte-identical report. PSPLIB j30 (30 instances under
 * cachegrind, whole bench): -12% instructions, same schedules.
 * s14 (the Monte Carlo pass, resource-forward-pass.ts): take() finds the segment holding
 * its start from a hint, the segment of the pool's last booking's start (or of the last
 * push), by at most 4 steps forward before falling back to seek() (on the bench plan
 * ~70% of bookings start within 3 segments of the last one's start), and earliest() finds
 * a push's breakpoint the same way; take() skips the level scan of a segment left with at
 * least the pool's largest need free; bound() walks the pool's own users; exact() and
 * mark() move the pass's exact use check and criticality here (the exact check sorted in
 * JavaScript: ~0.2-0.4 ms per call, and on the bench plan the finer bucket check ran in
 * JavaScript too, beyond bucketCap, which the pass now sizes); `extraBytes` lets the pass
 * keep its pool usage arrays in this memory (pool-usage-wasm.ts reads the starts and
 * durations in place); take() moves breakpoints two at a time (v128 / i64 loads and
 * stores: this module needs WebAssembly SIMD, as kernel-wasm-module.ts does). Tried and
 * dropped in s14 (no gain in instructions or CPU time): bases of minFree / usNeed in locals
 * in forward() (+0.9% instructions: spills), take()'s walk by byte pointers, a branch-free
 * maximum over predecessors in forward(), earliest() skipping the binary search when the
 * start is past the level's last stretch (-0.3%).
 * Measured (s14, bench plan, 2,000 tasks x 3 pools; shared 2-core VM, load ~2-3): the pass
 * alone (resource-forward-pass.ts with these changes, replaying duration sets recorded
 * from the forecast; cachegrind node --single-threaded --no-liftoff, 300 -> 900 iterations):
 * 2.57M -> 2.09M instructions per iteration (-19%); CPU time, alternating builds, minimum
 * of 3 x 2,000 iterations per run: ~270 -> ~238-246 µs per iteration (-12%). The whole
 * forecast's simulation (same cachegrind method, 400 -> 1,400 iterations): 3.17M -> 2.80M
 * instructions per iteration (-12%; the rest is sampling and monte-carlo.ts); its CPU time,
 * 10,000 iterations, alternating builds, 4 runs each: 3.61-3.68 s -> 3.11-3.21 s (-14%);
 * byte-identical forecast report (one worker), PSPLIB j30 unchanged (0.048%).
 * Cost: compiling ~7 kB once; memory per level: 16 bytes x (users of its pool +
 * capacity steps + 2); per forward call, the copies of the list and the durations in
 * and of the starts and finishes out (memcpy), then the decoding.
 * Reference: WebAssembly Core Specification 2.0; the algorithm: serial-sgs.ts.
 */
import {
  BLOCK, BR_IF, compiledOnce, END, f64, F64, F64_ADD, F64_FLOOR, F64_MUL, get, I32_SHL, F64_CONVERT_I32_S, F64_SUB, I32, i32, I32_ADD, I32_EQZ, I32_GE_S, I32_LT_S, I32_MUL, I32_OR, I32_SUB, I32_TRUNC_SAT_F64_S, loadF64, loadI32, loadU8, LOOP, moduleBytes, SELECT, set, store8, storeF64, storeI32, tee, type Code, type WasmFunction,
} from '../kernel-wasm-emitter';
import {
  addr, BR, call, ELSE, MEMORY_COPY, loadI64, loadV128, storeI64, storeV128, I32_NE, I32_LE_S, F64_CEIL, F64_EQ, F64_GE, F64_GT, F64_LE, F64_LT, F64_NE, frame, I32_AND, I32_EQ, I32_GT_S, I32_SHR_S, IF, ldF, ldI, RETURN, UNREACHABLE,
} from './wasm-opcodes';
import { CAPACITY_EPS, type ProfileLayout } from './resource-profile';
import type { DemandLists, RcpspProblem } from './rcpsp-problem';
import type { AllowedFinishTable } from '../gates/allowed-finish';

/** Header slots (i32 at byte 4 * slot). */
const HDR = {
  R: 1, predStart: 2, preds: 3, release: 4, usStart: 5, usPool: 6, usQty: 7, usLevel: 8, max: 9, time: 10, free: 11, ended: 12,
  count: 13, minFree: 14, initTime: 15, initFree: 16, initCount: 17, ivAt: 20, L: 21,
  ignore: 24, order: 25, dur: 26, start: 27, finish: 28, delayedBy: 29, blocker: 30, rule: 31, shift: 32, tables: 33,
  hasFinish: 34, lastPool: 35, lastBlocker: 36, ivN: 37, hint: 38, stride: 39, ivInitAt: 40, ivInitN: 41, ivCap: 42, usNeed: 43, runAt: 45, pneed: 46, plev: 47, pnStart: 48, cross: 49, bucket: 50, n: 51, ptop: 52, plStart: 53, plUser: 54, plQty: 55, ev: 56, crit: 57, pflag: 58,
} as const;
const HDR_BYTES = 256;
const hdr = (slot: number): Code => [...i32(0), ...loadI32(4 * slot)];
/** Stores the i32 value of `value` (code) in a header slot. */
const setHdr = (slot: number, value: Code): Code => [...i32(0), ...value, ...storeI32(4 * slot)];
const INF = f64(Infinity);
const F_SEEK = 0, F_INSERT = 1, F_RESET = 2, F_EARLIEST = 3, F_TAKE = 4, F_NEXT = 5;

/** base + r * max * (1 << shift): pool r's array in a per-pool block. */
const poolArray = (slot: number, r: Code, shift: number): Code => [...hdr(slot), ...r, ...hdr(HDR.stride), I32_MUL, ...i32(shift), I32_SHL, I32_ADD];

/**
 * Local `out` = the segment of pool r holding x (as seek(r, x) finds it): from the pool's
 * hint[r], by at most 4 steps forward (each reads time[out + 1] > x, the breakpoints
 * being distinct with time[K] = +Infinity at `tb`), else by seek. `found` (1 when the
 * steps found it) and `limit` are scratch i32 locals. earliest() and take() both start here.
 */
function segmentFromHint(r: Code, tb: Code, K: Code, x: Code, out: number, found: number, limit: number): Code {
  return [
    ...ldI(hdr(HDR.hint), r), ...set(out),
    ...i32(0), ...set(found),
    ...get(out), ...K, I32_LT_S, ...IF,
    ...ldF(tb, get(out)), ...x, F64_LE, ...IF,
    ...get(out), ...i32(4), I32_ADD, ...set(limit),
    ...BLOCK, ...LOOP,
    ...ldF(tb, get(out), 8), ...x, F64_GT, ...tee(found), BR_IF, 1,
    ...get(out), ...i32(1), I32_ADD, ...tee(out), ...get(limit), I32_GE_S, BR_IF, 1,
    BR, 0,
    END, END,
    END, END,
    ...get(found), I32_EQZ, ...IF, ...r, ...x, ...call(F_SEEK), ...set(out), END,
  ];
}
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

/**
 * Short intervals (see earliest): per demand level l, the maximal stretches of time on
 * which its pool has less than the level's need free, as sorted disjoint pairs
 * (start, end) of f64 at ivAt[l], ivN[l] of them, then a sentinel pair (+Infinity,
 * +Infinity). Adjacent stretches are always merged, so a start is never the previous
 * end; both are profile breakpoints (bookings only add breakpoints).
 */
const ivS = (p: Code): Code => [...p, ...loadF64(0)];
const ivE = (p: Code): Code => [...p, ...loadF64(8)];

/**
 * i = the number of pairs in [0, count) whose start (off 0) or end (off 8) is <= x, on
 * pairs sorted by it whose last one is +Infinity (x finite, so the answer is < count).
 * Binary search without a data-dependent branch, as seek (locals i, n, half: i32).
 */
const countAtMost = (base: Code, off: number, x: Code, count: Code, lv: { i: number; n: number; half: number }): Code => [
  ...i32(0), ...set(lv.i), ...count, ...set(lv.n),
  ...BLOCK, ...LOOP,
  ...get(lv.n), ...i32(1), I32_LE_S, BR_IF, 1,
  ...get(lv.n), ...i32(1), I32_SHR_S, ...set(lv.half),
  ...get(lv.i), ...get(lv.half), I32_ADD, ...get(lv.i),
  ...addr(base, [...get(lv.i), ...get(lv.half), I32_ADD], 4), ...loadF64(off), ...x, F64_LE, SELECT, ...set(lv.i),
  ...get(lv.n), ...get(lv.half), I32_SUB, ...set(lv.n),
  BR, 0,
  END, END,
  ...get(lv.i), ...addr(base, get(lv.i), 4), ...loadF64(off), ...x, F64_LE, I32_ADD, ...set(lv.i),
];

/**
 * insert(l, a, b): [a, b) has just become short for level l (none of it was): merged
 * with the stretch ending at a and / or the one starting at b, else inserted. The
 * position is found scanning back from the last stretch: bookings follow the list, so
 * on the 2,000-task bench plan ~80% of the runs land after the last stretch (a binary
 * search and memory.copy cost more there than this scan and the short moves).
 */
function insertFn(): WasmFunction {
  const F = frame([['l', I32], ['a', F64], ['b', F64]], [['ib', I32], ['m', I32], ['p', I32], ['q', I32], ['end', I32], ['mp', I32], ['mn', I32]]);
  const { v, get: g } = F;
  return {
    name: 'insert', params: F.paramTypes, results: [], locals: F.localRuns,
    body: [
      ...ldI(hdr(HDR.ivAt), g('l')), ...set(v.ib),
      ...ldI(hdr(HDR.ivN), g('l')), ...set(v.m),
      // p = the first pair starting after a (none starts at a: it was not short); end = the sentinel.
      ...addr(g('ib'), g('m'), 4), ...tee(v.end), ...set(v.p),
      ...BLOCK, ...LOOP,
      ...g('p'), ...g('ib'), I32_EQ, BR_IF, 1,
      ...ivS([...g('p'), ...i32(16), I32_SUB]), ...g('a'), F64_GT, I32_EQZ, BR_IF, 1,
      ...g('p'), ...i32(16), I32_SUB, ...set(v.p),
      BR, 0,
      END, END,
      ...g('p'), ...g('ib'), I32_GT_S, ...IF, ...ivE([...g('p'), ...i32(16), I32_SUB]), ...g('a'), F64_EQ, ...set(v.mp), END,
      ...ivS(g('p')), ...g('b'), F64_EQ, ...set(v.mn),
      ...g('mp'), ...IF,
      ...g('mn'), ...IF,
      // Both: the previous stretch takes the next one's end; the pairs after it (sentinel included) move down one.
      ...g('p'), ...i32(16), I32_SUB, ...ivE(g('p')), ...storeF64(8),
      ...BLOCK, ...LOOP,
      ...g('p'), ...g('end'), I32_GE_S, BR_IF, 1,
      ...g('p'), ...ivS([...g('p'), ...i32(16), I32_ADD]), ...storeF64(0),
      ...g('p'), ...ivE([...g('p'), ...i32(16), I32_ADD]), ...storeF64(8),
      ...g('p'), ...i32(16), I32_ADD, ...set(v.p),
      BR, 0,
      END, END,
      ...addr(hdr(HDR.ivN), g('l'), 2), ...g('m'), ...i32(1), I32_SUB, ...storeI32(),
      ELSE,
      ...g('p'), ...i32(16), I32_SUB, ...g('b'), ...storeF64(8),
      END,
      ELSE,
      ...g('mn'), ...IF,
      ...g('p'), ...g('a'), ...storeF64(0),
      ELSE,
      // A new stretch at p: the pairs from p on (sentinel included) move up one.
      ...g('m'), ...i32(2), I32_ADD, ...ldI(hdr(HDR.ivCap), g('l')), I32_GT_S, ...IF, UNREACHABLE, END,
      ...g('end'), ...set(v.q),
      ...BLOCK, ...LOOP,
      ...g('q'), ...g('p'), I32_LT_S, BR_IF, 1,
      ...g('q'), ...ivS(g('q')), ...storeF64(16),
      ...g('q'), ...ivE(g('q')), ...storeF64(24),
      ...g('q'), ...i32(16), I32_SUB, ...set(v.q),
      BR, 0,
      END, END,
      ...g('p'), ...g('a'), ...storeF64(0),
      ...g('p'), ...g('b'), ...storeF64(8),
      ...addr(hdr(HDR.ivN), g('l'), 2), ...g('m'), ...i32(1), I32_ADD, ...storeI32(),
      END,
      END,
    ],
  };
}

/** reset(): the empty profile (initial capacity steps), least free capacities, and every level's initial short stretches. */
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
      // Each level's initial stretches and sentinel (a loop: usually the sentinel alone, and
      // memory.copy is a call into the engine, which showed on PSPLIB's small instances).
      ...forLoop(v.l, i32(0), hdr(HDR.L), [
        ...ldI(hdr(HDR.ivInitN), g('l')), ...set(v.k),
        ...addr(hdr(HDR.ivN), g('l'), 2), ...g('k'), ...storeI32(),
        ...ldI(hdr(HDR.ivAt), g('l')), ...set(v.tb),
        ...ldI(hdr(HDR.ivInitAt), g('l')), ...set(v.itb),
        ...forLoop(v.x, i32(0), [...g('k'), ...i32(1), I32_ADD, ...i32(1), I32_SHL], [
          ...addr(g('tb'), g('x'), 3), ...ldF(g('itb'), g('x')), ...storeF64(),
        ]),
      ]),
    ],
  };
}

/**
 * earliest(j, t0, d) -> t: SerialSgs.earliest on the forward profile; a push by a
 * pool stores the pool and blocker in the header's lastPool/lastBlocker.
 *
 * Per pool, the search runs on the demand level's short stretches (insert above)
 * instead of the profile's segments: from cs, the stretch holding cs (if any) moves cs
 * to its end; then while the next stretch starts before cs + d, cs moves to its end.
 * That is the JavaScript walk's result: the walk jumps past every short segment and
 * stops at the first window of length d free of them, ending at or before the next
 * short segment; a maximal stretch is a run of short segments, its end the walk's
 * jump target, and the comparisons (start <= cs, start < cs + d) read the same
 * doubles. A stretch ending at +Infinity: the demand never fits (Infinity). The
 * blocker of a push is ended[] of the breakpoint at the new start (the walk's too:
 * each of its pushes lands on a breakpoint), found by one seek, which take() reuses
 * (hint). Cost per search: a binary search over the stretches and one step per gap
 * too short for d, instead of one step per segment: on the 2,000-task bench plan,
 * ~7.7k + 5.4k steps per decoding for the walk's ~69k (~40k with the former memo).
 * A pool with more than 32 demand levels (addLevel gives -1) keeps the walk.
 */
function earliestFn(): WasmFunction {
  const F = frame([['j', I32], ['t0', F64], ['d', F64]], [
    ['u0', I32], ['nu', I32], ['acc', I32], ['x', I32], ['u', I32], ['r', I32], ['K', I32], ['l', I32], ['k', I32],
    ['tb', I32], ['fb', I32], ['ib', I32], ['i', I32], ['n', I32], ['half', I32], ['p', I32],
    ['t', F64], ['q', F64], ['cs', F64],
  ]);
  const { v, get: g } = F;
  return {
    name: 'earliest', params: F.paramTypes, results: [F64], locals: F.localRuns,
    body: [
      ...ldI(hdr(HDR.usStart), g('j')), ...set(v.u0),
      ...ldI(hdr(HDR.usStart), g('j'), 4), ...g('u0'), I32_SUB, ...set(v.nu),
      ...g('t0'), ...set(v.t),
      ...BLOCK, ...LOOP,
      ...g('acc'), ...g('nu'), I32_GE_S, BR_IF, 1,
      ...g('u0'), ...g('x'), I32_ADD, ...set(v.u),
      ...ldI(hdr(HDR.usPool), g('u')), ...set(v.r),
      // q = quantity - CAPACITY_EPS (usNeed: the same double, computed once).
      ...ldF(hdr(HDR.usNeed), g('u')), ...set(v.q),
      ...ldF(hdr(HDR.minFree), g('r')), ...g('q'), F64_GE,
      ...hdr(HDR.ignore), ...g('r'), I32_ADD, ...loadU8(), ...i32(1), I32_EQ, I32_OR,
      ...IF,
      ...g('acc'), ...i32(1), I32_ADD, ...set(v.acc),
      ELSE,
      ...g('t'), ...set(v.cs),
      ...ldI(hdr(HDR.usLevel), g('u')), ...tee(v.l), ...i32(0), I32_GE_S, ...IF,
      // The level's short stretches: p = the first one ending after cs.
      ...ldI(hdr(HDR.ivAt), g('l')), ...set(v.ib),
      ...countAtMost(g('ib'), 8, g('cs'), [...ldI(hdr(HDR.ivN), g('l')), ...i32(1), I32_ADD], v),
      ...addr(g('ib'), g('i'), 4), ...set(v.p),
      ...ivS(g('p')), ...g('cs'), F64_LE, ...IF,
      ...ivE(g('p')), ...tee(v.cs), ...INF, F64_EQ, ...IF, ...INF, RETURN, END,
      ...g('p'), ...i32(16), I32_ADD, ...set(v.p),
      END,
      ...BLOCK, ...LOOP,
      ...ivS(g('p')), ...g('cs'), ...g('d'), F64_ADD, F64_LT, I32_EQZ, BR_IF, 1,
      ...ivE(g('p')), ...tee(v.cs), ...INF, F64_EQ, ...IF, ...INF, RETURN, END,
      ...g('p'), ...i32(16), I32_ADD, ...set(v.p),
      BR, 0,
      END, END,
      ELSE,
      // More than 32 levels on the pool: the walk over the segments (the JavaScript twin's, from t).
      ...ldI(hdr(HDR.count), g('r')), ...set(v.K),
      ...poolArray(HDR.time, g('r'), 3), ...set(v.tb),
      ...poolArray(HDR.free, g('r'), 3), ...set(v.fb),
      ...g('r'), ...g('cs'), ...call(F_SEEK), ...set(v.k),
      ...BLOCK, ...LOOP,
      ...ldF(g('fb'), g('k')), ...g('q'), F64_LT, ...IF,
      ...g('k'), ...g('K'), ...i32(1), I32_SUB, I32_EQ, ...IF, ...INF, RETURN, END,
      ...g('k'), ...i32(1), I32_ADD, ...set(v.k),
      ...ldF(g('tb'), g('k')), ...set(v.cs),
      BR, 1,
      END,
      ...ldF(g('tb'), g('k'), 8), ...g('cs'), ...g('d'), F64_ADD, F64_GE, BR_IF, 1,
      ...g('k'), ...i32(1), I32_ADD, ...set(v.k),
      BR, 0,
      END, END,
      END,
      ...g('cs'), ...g('t'), F64_GT, ...IF,
      ...g('cs'), ...set(v.t),
      ...setHdr(HDR.lastPool, g('r')),
      // The breakpoint at cs: its segment is take()'s hint, its ended[] the blocker. Found
      // from the pool's hint as in take() (at most 4 steps forward), else by seek.
      ...ldI(hdr(HDR.count), g('r')), ...set(v.K),
      ...poolArray(HDR.time, g('r'), 3), ...set(v.tb),
      ...segmentFromHint(g('r'), g('tb'), g('K'), g('cs'), v.k, v.i, v.n),
      ...addr(hdr(HDR.hint), g('r'), 2), ...g('k'), ...storeI32(),
      ...setHdr(HDR.lastBlocker, ldI(poolArray(HDR.ended, g('r'), 2), g('k'))),
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

/**
 * take(r, s, e, q, task): ResourceProfile.take (hold q units of pool r on [s, e); task
 * frees them at e). One pass over the segments inside [s, e) (old indexes, before the
 * breakpoints move) subtracts q, tracks the least free capacity and notes the segments
 * that fall below a level's need; the levels' runs are inserted (times clipped to
 * [s, e)); then the breakpoints at s and e open (the left part of the segment at s
 * keeps its free capacity, the right part of the one at e too).
 */
function takeFn(): WasmFunction {
  const F = frame([['r', I32], ['s', F64], ['e', F64], ['q', F64], ['task', I32]], [
    ['tb', I32], ['fb', I32], ['eb', I32], ['K', I32], ['a', I32], ['b', I32], ['insS', I32], ['insE', I32], ['sh', I32], ['k', I32],
    ['kl', I32], ['x', I32], ['xe', I32], ['l', I32], ['ra', I32], ['x0', I32], ['cb', I32], ['ce', I32], ['pnb', I32], ['plb', I32], ['rab', I32], ['i', I32],
    ['pt', I32], ['pf', I32], ['pe', I32], ['lim', I32], ['dt', I32], ['de', I32],
    ['m', F64], ['f', F64], ['fo', F64], ['faOld', F64], ['fbOld', F64], ['fa', F64], ['top', F64],
  ]);
  const { v, get: g } = F;
  /** time/free/ended[k + by] = time/free/ended[k] (by = 1 or the local sh). */
  const move = (by: Code): Code => [
    ...addr(g('tb'), [...g('k'), ...by, I32_ADD], 3), ...ldF(g('tb'), g('k')), ...storeF64(),
    ...addr(g('fb'), [...g('k'), ...by, I32_ADD], 3), ...ldF(g('fb'), g('k')), ...storeF64(),
    ...addr(g('eb'), [...g('k'), ...by, I32_ADD], 2), ...ldI(g('eb'), g('k')), ...storeI32(),
  ];
  /**
   * Elements lo + 1 .. top - 1 of time, free and ended move up by `by` (1 or 2), two at a time
   * from the top (k - 1 and k: 16 bytes of time and free, 8 of ended; each pair is read
   * before it is written, and the pairs below are not written yet), then lo + 1 alone when
   * the count is odd (s14: ~-1.2% instructions per iteration of the Monte Carlo pass
   * against one at a time). pt, pf, pe: the byte addresses of element k - 1.
   */
  const moveUp = (top: Code, lo: Code, by: Code): Code => [
    ...addr(g('tb'), [...top, ...i32(2), I32_SUB], 3), ...set(v.pt),
    ...addr(g('fb'), [...top, ...i32(2), I32_SUB], 3), ...set(v.pf),
    ...addr(g('eb'), [...top, ...i32(2), I32_SUB], 2), ...set(v.pe),
    ...addr(g('tb'), lo, 3), ...set(v.lim),
    ...by, ...i32(3), I32_SHL, ...set(v.dt), ...by, ...i32(2), I32_SHL, ...set(v.de),
    ...BLOCK, ...LOOP,
    ...g('pt'), ...g('lim'), I32_GT_S, I32_EQZ, BR_IF, 1,
    ...g('pt'), ...g('dt'), I32_ADD, ...g('pt'), ...loadV128(), ...storeV128(),
    ...g('pf'), ...g('dt'), I32_ADD, ...g('pf'), ...loadV128(), ...storeV128(),
    ...g('pe'), ...g('de'), I32_ADD, ...g('pe'), ...loadI64(), ...storeI64(),
    ...g('pt'), ...i32(16), I32_SUB, ...set(v.pt),
    ...g('pf'), ...i32(16), I32_SUB, ...set(v.pf),
    ...g('pe'), ...i32(8), I32_SUB, ...set(v.pe),
    BR, 0,
    END, END,
    ...g('pt'), ...g('lim'), I32_EQ, ...IF,
    ...lo, ...i32(1), I32_ADD, ...set(v.k),
    ...move(by),
    END,
  ];
  /** insert(l, start of old segment ra[0] clipped to s, end of old segment ra[1] clipped to e). */
  const flushRun: Code = [
    ...g('l'),
    ...g('s'), ...ldF(g('tb'), [...g('ra'), ...loadI32(0)]), ...g('ra'), ...loadI32(0), ...g('a'), I32_EQ, SELECT,
    ...g('e'), ...ldF(g('tb'), [...g('ra'), ...loadI32(4)], 8), ...g('ra'), ...loadI32(4), ...g('kl'), I32_EQ, SELECT,
    ...call(F_INSERT),
  ];
  return {
    name: 'take', params: F.paramTypes, results: [], locals: F.localRuns,
    body: [
      ...poolArray(HDR.time, g('r'), 3), ...set(v.tb),
      ...poolArray(HDR.free, g('r'), 3), ...set(v.fb),
      ...poolArray(HDR.ended, g('r'), 2), ...set(v.eb),
      ...ldI(hdr(HDR.count), g('r')), ...set(v.K),
      // a = the segment holding s (seek's answer): found from hint[r] (the segment of the last
      // push's start, or of the pool's last booking's start) by at most 4 steps forward, else
      // seek(r, s). Bookings follow the list, so on the 2,000-task bench plan ~60% of them
      // start in the hint's segment or the next (each step reads time[a + 1] > s: the
      // segment holding s is unique, breakpoints being distinct, with time[K] = +Infinity).
      ...segmentFromHint(g('r'), g('tb'), g('K'), g('s'), v.a, v.insS, v.i),
      ...ldF(g('fb'), g('a')), ...set(v.faOld),
      // The pool's levels by increasing need (pneed/plev from x0, then a +Infinity sentinel at xe).
      ...ldI(hdr(HDR.pnStart), g('r')), ...set(v.x0),
      ...ldI(hdr(HDR.pnStart), g('r'), 4), ...i32(1), I32_SUB, ...set(v.xe),
      ...hdr(HDR.pneed), ...set(v.pnb), ...hdr(HDR.plev), ...set(v.plb), ...hdr(HDR.runAt), ...set(v.rab),
      // top: the pool's largest need (-Infinity without levels): a segment left with at least
      // that much free crosses no level, so the level scan below is skipped for it.
      ...ldF(hdr(HDR.ptop), g('r')), ...set(v.top),
      ...ldF(hdr(HDR.minFree), g('r')), ...set(v.m),
      ...hdr(HDR.cross), ...tee(v.cb), ...set(v.ce),
      // The segments a .. starting before e (the sentinel time[K] = +Infinity ends it): free
      // -= q in place, the least free capacity, and those that fall below some level's need
      // (one in (f, fo]: x past the needs <= f) noted in `cross` as (fo, k, x). No call inside.
      ...g('a'), ...set(v.k),
      ...BLOCK, ...LOOP,
      ...ldF(g('tb'), g('k')), ...g('e'), F64_LT, I32_EQZ, BR_IF, 1,
      ...addr(g('fb'), g('k'), 3), ...ldF(g('fb'), g('k')), ...tee(v.fo), ...g('q'), F64_SUB, ...tee(v.f), ...storeF64(),
      ...g('f'), ...g('m'), F64_LT, ...IF, ...g('f'), ...set(v.m), END,
      ...g('f'), ...g('top'), F64_LT, ...IF,
      ...g('x0'), ...set(v.x),
      ...BLOCK, ...LOOP,
      ...ldF(g('pnb'), g('x')), ...g('f'), F64_LE, I32_EQZ, BR_IF, 1,
      ...g('x'), ...i32(1), I32_ADD, ...set(v.x),
      BR, 0,
      END, END,
      ...ldF(g('pnb'), g('x')), ...g('fo'), F64_LE, ...IF,
      ...g('ce'), ...g('fo'), ...storeF64(0),
      ...g('ce'), ...g('k'), ...storeI32(8),
      ...g('ce'), ...g('x'), ...storeI32(12),
      ...g('ce'), ...i32(16), I32_ADD, ...set(v.ce),
      END,
      END,
      ...g('k'), ...i32(1), I32_ADD, ...set(v.k),
      BR, 0,
      END, END,
      ...addr(hdr(HDR.minFree), g('r'), 3), ...g('m'), ...storeF64(),
      // kl: the last segment inside; b: the one holding e (kl, or the one starting at e).
      ...g('k'), ...i32(1), I32_SUB, ...set(v.kl),
      ...g('fo'), ...set(v.fbOld),
      ...ldF(g('tb'), g('k')), ...g('e'), F64_NE, ...tee(v.insE), I32_EQZ, ...g('kl'), I32_ADD, ...set(v.b),
      ...ldF(g('tb'), g('a')), ...g('s'), F64_NE, ...set(v.insS),
      // Levels' short stretches: each noted segment joins the run of every level with a
      // need in (f, fo] (contiguous segments), else that level's run so far is inserted and
      // a new one starts; then the runs left are inserted (old indexes and times).
      ...g('cb'), ...g('ce'), I32_LT_S, ...IF,
      ...BLOCK, ...LOOP,
      ...g('cb'), ...g('ce'), I32_GE_S, BR_IF, 1,
      ...g('cb'), ...loadF64(0), ...set(v.fo),
      ...g('cb'), ...loadI32(8), ...set(v.k),
      ...g('cb'), ...loadI32(12), ...set(v.x),
      ...BLOCK, ...LOOP,
      ...ldF(g('pnb'), g('x')), ...g('fo'), F64_LE, I32_EQZ, BR_IF, 1,
      ...ldI(g('plb'), g('x')), ...set(v.l),
      ...addr(g('rab'), g('l'), 3), ...set(v.ra),
      ...g('ra'), ...loadI32(4), ...g('k'), ...i32(1), I32_SUB, I32_NE, ...IF,
      ...g('ra'), ...loadI32(0), ...i32(0), I32_GE_S, ...IF, ...flushRun, END,
      ...g('ra'), ...g('k'), ...storeI32(0),
      END,
      ...g('ra'), ...g('k'), ...storeI32(4),
      ...g('x'), ...i32(1), I32_ADD, ...set(v.x),
      BR, 0,
      END, END,
      ...g('cb'), ...i32(16), I32_ADD, ...set(v.cb),
      BR, 0,
      END, END,
      ...forLoop(v.x, g('x0'), g('xe'), [
        ...ldI(g('plb'), g('x')), ...set(v.l),
        ...addr(g('rab'), g('l'), 3), ...set(v.ra),
        ...g('ra'), ...loadI32(0), ...i32(0), I32_GE_S, ...IF,
        ...flushRun,
        ...g('ra'), ...i32(-1), ...storeI32(0),
        ...g('ra'), ...i32(-2), ...storeI32(4),
        END,
      ]),
      END,
      ...g('insS'), ...g('insE'), I32_ADD, ...set(v.sh),
      ...g('K'), ...g('sh'), I32_ADD, ...hdr(HDR.max), I32_GT_S, ...IF, UNREACHABLE, END,
      ...g('sh'), ...IF,
      // Breakpoints b + 1 .. K - 1 move up by sh: ~12 per booking on the bench plan, up to
      // hundreds; memory.copy beyond 48 (a call into the engine: slower for short runs; s14:
      // 16 -> 48 with the paired moves, -0.6% instructions, the same CPU time).
      ...g('K'), ...g('b'), I32_SUB, ...i32(1), I32_SUB, ...tee(v.k), ...i32(48), I32_GT_S, ...IF,
      ...addr(g('tb'), [...g('b'), ...g('sh'), I32_ADD], 3), ...i32(8), I32_ADD, ...addr(g('tb'), g('b'), 3), ...i32(8), I32_ADD, ...g('k'), ...i32(3), I32_SHL, ...MEMORY_COPY,
      ...addr(g('fb'), [...g('b'), ...g('sh'), I32_ADD], 3), ...i32(8), I32_ADD, ...addr(g('fb'), g('b'), 3), ...i32(8), I32_ADD, ...g('k'), ...i32(3), I32_SHL, ...MEMORY_COPY,
      ...addr(g('eb'), [...g('b'), ...g('sh'), I32_ADD], 2), ...i32(4), I32_ADD, ...addr(g('eb'), g('b'), 2), ...i32(4), I32_ADD, ...g('k'), ...i32(2), I32_SHL, ...MEMORY_COPY,
      ELSE,
      ...moveUp(g('K'), g('b'), g('sh')),
      END,
      // The new breakpoint e after b: b's free capacity before the booking.
      ...g('insE'), ...IF,
      ...addr(g('tb'), [...g('b'), ...g('insS'), I32_ADD], 3), ...g('e'), ...storeF64(8),
      ...addr(g('fb'), [...g('b'), ...g('insS'), I32_ADD], 3), ...g('fbOld'), ...storeF64(8),
      END,
      ...g('insS'), ...IF,
      ...moveUp([...g('b'), ...i32(1), I32_ADD], g('a'), i32(1)),
      // The new breakpoint s takes a's reduced free capacity; a keeps its own before s.
      ...ldF(g('fb'), g('a')), ...set(v.fa),
      ...addr(g('fb'), g('a'), 3), ...g('faOld'), ...storeF64(),
      ...addr(g('tb'), g('a'), 3), ...g('s'), ...storeF64(8),
      ...addr(g('fb'), g('a'), 3), ...g('fa'), ...storeF64(8),
      ...addr(g('eb'), g('a'), 2), ...i32(-1), ...storeI32(4),
      END,
      ...addr(hdr(HDR.count), g('r'), 2), ...g('K'), ...g('sh'), I32_ADD, ...storeI32(),
      ...sentinel(g('tb'), [...g('K'), ...g('sh'), I32_ADD]),
      END,
      ...addr(g('eb'), [...g('b'), ...g('sh'), I32_ADD], 2), ...g('task'), ...storeI32(),
      // The next booking's hint: the segment starting at s.
      ...addr(hdr(HDR.hint), g('r'), 2), ...g('a'), ...g('insS'), I32_ADD, ...storeI32(),
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
        // earliest() only when some pool of j is searched (not ignored, and short of j's
        // need somewhere): about half the tasks of the bench plan use only a lazy pool.
        ...fits, ...IF,
        ...ldI(g('usS'), g('j'), 4), ...set(v.ue),
        ...BLOCK,
        ...forLoop(v.u, ldI(g('usS'), g('j')), g('ue'), [
          ...ldI(g('usP'), g('u')), ...set(v.p),
          ...g('ign'), ...g('p'), I32_ADD, ...loadU8(), I32_EQZ,
          ...ldF(hdr(HDR.minFree), g('p')), ...ldF(hdr(HDR.usNeed), g('u')), F64_LT, I32_AND, ...IF,
          ...g('j'), ...g('t'), ...g('d'), ...call(F_EARLIEST), ...set(v.t),
          BR, 3,
          END,
        ]),
        END,
        END,
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

/**
 * bound(r, invW, nb) -> peak: resource-forward-pass.ts's bucket bound of pool r on the
 * last decoding (starts and durations in memory), the same double operations in the
 * same order (users by task index): each holding task adds its quantity to the buckets
 * floor(start * invW) .. floor((start + duration) * invW); the largest running sum over
 * buckets 0 .. nb - 1. The caller keeps nb within the bucket array (bucketCap).
 * s14: over the pool's own users (plUser/plQty, by task index: the same order) instead
 * of every task's demand entries.
 */
function boundFn(): WasmFunction {
  const F = frame([['r', I32], ['invW', F64], ['nb', I32]], [
    ['db', I32], ['k', I32], ['j', I32], ['x', I32], ['xe', I32], ['st', I32], ['durB', I32], ['ub', I32], ['qb', I32],
    ['s0', F64], ['f0', F64], ['q', F64], ['use', F64], ['peak', F64],
  ]);
  const { v, get: g } = F;
  /** bucket[floor(t * invW) + plus] (+ or -)= q, as `diffUse[...] += q` / `-= q`. */
  const bump = (t: Code, plus: number, op: number): Code => [
    ...addr(g('db'), [...t, ...g('invW'), F64_MUL, F64_FLOOR, ...I32_TRUNC_SAT_F64_S, ...i32(plus), I32_ADD], 3), ...tee(v.k),
    ...g('k'), ...loadF64(),
    ...g('q'), op, ...storeF64(),
  ];
  return {
    name: 'bound', params: F.paramTypes, results: [F64], locals: F.localRuns,
    body: [
      ...hdr(HDR.bucket), ...set(v.db),
      ...forLoop(v.k, i32(0), g('nb'), [...addr(g('db'), g('k'), 3), ...f64(0), ...storeF64()]),
      ...hdr(HDR.start), ...set(v.st), ...hdr(HDR.dur), ...set(v.durB), ...hdr(HDR.plUser), ...set(v.ub), ...hdr(HDR.plQty), ...set(v.qb),
      ...ldI(hdr(HDR.plStart), g('r'), 4), ...set(v.xe),
      ...forLoop(v.x, ldI(hdr(HDR.plStart), g('r')), g('xe'), [
        ...ldI(g('ub'), g('x')), ...set(v.j),
        ...ldF(g('st'), g('j')), ...tee(v.s0), ...ldF(g('durB'), g('j')), F64_ADD, ...tee(v.f0), ...g('s0'), F64_GT, ...IF,
        ...ldF(g('qb'), g('x')), ...set(v.q),
        ...bump(g('s0'), 0, F64_ADD),
        ...bump(g('f0'), 1, F64_SUB),
        END,
      ]),
      ...i32(0), ...set(v.k),
      ...forLoop(v.k, i32(0), g('nb'), [
        ...g('use'), ...ldF(g('db'), g('k')), F64_ADD, ...tee(v.use), ...g('peak'), F64_GT, ...IF, ...g('use'), ...set(v.peak), END,
      ]),
      ...g('peak'),
    ],
  };
}

/**
 * exact(r, invW, nb) -> peak: resource-forward-pass.ts's exact use of pool r on the last
 * decoding (exactOverflow there, the reference): its holders' starts and ends (start +
 * duration) each in time order, ties by task index, then the sweep that takes the ends
 * at or before each start off and adds the start's quantity, keeping the largest sum:
 * the same double operations in the same order, so the same peak.
 * The order without a general sort: a counting sort of the events by bucket floor(time *
 * invW) (monotone in time; users visited by task index, so stable), then a stable
 * insertion sort by time, which only moves events within a bucket (a few per bucket on
 * the grid of the bucket bound). The bucket array (8 * bucketCap bytes, nb <= bucketCap)
 * holds the two i32 counts; `ev` holds the events as (time f64, user slot i32) pairs,
 * starts then ends. Cost O(users + nb) for sorted-ish events, against two radix sorts in
 * JavaScript (s13: ~0.2 ms per call on the bench plan, more before V8 optimizes them).
 */
function exactFn(): WasmFunction {
  const F = frame([['r', I32], ['invW', F64], ['nb', I32]], [
    ['cs', I32], ['ce', I32], ['k', I32], ['j', I32], ['x', I32], ['x0', I32], ['xe', I32], ['st', I32], ['durB', I32], ['ub', I32], ['qb', I32],
    ['es', I32], ['ee', I32], ['m', I32], ['a', I32], ['b', I32], ['c', I32], ['p', I32], ['sum', I32], ['slot', I32],
    ['s0', F64], ['f0', F64], ['t', F64], ['use', F64], ['peak', F64],
  ]);
  const { v, get: g } = F;
  const bucketOf = (t: Code): Code => [...t, ...g('invW'), F64_MUL, F64_FLOOR, ...I32_TRUNC_SAT_F64_S];
  /** counts[bucketOf(t)]++ (i32 at base cnt). */
  const count = (cnt: Code, t: Code): Code => [...addr(cnt, bucketOf(t), 2), ...tee(v.p), ...g('p'), ...loadI32(), ...i32(1), I32_ADD, ...storeI32()];
  /** ev[pos] = (t, slot) with pos = counts[bucketOf(t)]++ (events at base evb). */
  const place = (cnt: Code, evb: Code, t: Code): Code => [
    ...addr(cnt, bucketOf(t), 2), ...tee(v.p), ...loadI32(), ...set(v.c),
    ...g('p'), ...g('c'), ...i32(1), I32_ADD, ...storeI32(),
    ...addr(evb, g('c'), 4), ...tee(v.p), ...t, ...storeF64(0),
    ...g('p'), ...g('x'), ...storeI32(8),
  ];
  /** Exclusive prefix sums of counts[0 .. nb). */
  const prefix = (cnt: Code): Code => [
    ...i32(0), ...set(v.sum),
    ...forLoop(v.k, i32(0), g('nb'), [
      ...addr(cnt, g('k'), 2), ...tee(v.p), ...loadI32(), ...set(v.c),
      ...g('p'), ...g('sum'), ...storeI32(),
      ...g('sum'), ...g('c'), I32_ADD, ...set(v.sum),
    ]),
  ];
  /** Stable insertion sort of m events at evb by time (16-byte pairs). */
  const insertion = (evb: Code): Code => [
    ...forLoop(v.a, i32(1), g('m'), [
      ...addr(evb, g('a'), 4), ...tee(v.p), ...loadF64(0), ...set(v.t),
      ...g('p'), ...loadI32(8), ...set(v.slot),
      ...g('p'), ...set(v.b),
      ...BLOCK, ...LOOP,
      // while the previous event is later: move it up one
      ...g('b'), ...evb, I32_LE_S, BR_IF, 1,
      ...g('b'), ...i32(16), I32_SUB, ...loadF64(0), ...g('t'), F64_GT, I32_EQZ, BR_IF, 1,
      ...g('b'), ...g('b'), ...i32(16), I32_SUB, ...loadF64(0), ...storeF64(0),
      ...g('b'), ...g('b'), ...i32(16), I32_SUB, ...loadI32(8), ...storeI32(8),
      ...g('b'), ...i32(16), I32_SUB, ...set(v.b),
      BR, 0,
      END, END,
      ...g('b'), ...g('p'), I32_NE, ...IF,
      ...g('b'), ...g('t'), ...storeF64(0),
      ...g('b'), ...g('slot'), ...storeI32(8),
      END,
    ]),
  ];
  return {
    name: 'exact', params: F.paramTypes, results: [F64], locals: F.localRuns,
    body: [
      ...hdr(HDR.bucket), ...tee(v.cs), ...g('nb'), ...i32(2), I32_SHL, I32_ADD, ...set(v.ce),
      ...forLoop(v.k, i32(0), [...g('nb'), ...i32(1), I32_SHL], [...addr(g('cs'), g('k'), 2), ...i32(0), ...storeI32()]),
      ...hdr(HDR.start), ...set(v.st), ...hdr(HDR.dur), ...set(v.durB), ...hdr(HDR.plUser), ...set(v.ub), ...hdr(HDR.plQty), ...set(v.qb),
      ...ldI(hdr(HDR.plStart), g('r')), ...set(v.x0),
      ...ldI(hdr(HDR.plStart), g('r'), 4), ...set(v.xe),
      // Counts of the holders' starts and ends per bucket (a user holding nothing has no event).
      ...forLoop(v.x, g('x0'), g('xe'), [
        ...ldI(g('ub'), g('x')), ...set(v.j),
        ...ldF(g('st'), g('j')), ...tee(v.s0), ...ldF(g('durB'), g('j')), F64_ADD, ...tee(v.f0), ...g('s0'), F64_GT, ...IF,
        ...count(g('cs'), g('s0')),
        ...count(g('ce'), g('f0')),
        ...g('m'), ...i32(1), I32_ADD, ...set(v.m),
        END,
      ]),
      ...prefix(g('cs')), ...prefix(g('ce')),
      ...hdr(HDR.ev), ...tee(v.es), ...g('m'), ...i32(4), I32_SHL, I32_ADD, ...set(v.ee),
      ...forLoop(v.x, g('x0'), g('xe'), [
        ...ldI(g('ub'), g('x')), ...set(v.j),
        ...ldF(g('st'), g('j')), ...tee(v.s0), ...ldF(g('durB'), g('j')), F64_ADD, ...tee(v.f0), ...g('s0'), F64_GT, ...IF,
        ...place(g('cs'), g('es'), g('s0')),
        ...place(g('ce'), g('ee'), g('f0')),
        END,
      ]),
      ...insertion(g('es')), ...insertion(g('ee')),
      // The sweep (ends first at equal times: [start, start + duration)).
      ...i32(0), ...set(v.b),
      ...forLoop(v.a, i32(0), g('m'), [
        ...addr(g('es'), g('a'), 4), ...tee(v.p), ...loadF64(0), ...set(v.t),
        ...BLOCK, ...LOOP,
        ...g('b'), ...g('m'), I32_GE_S, BR_IF, 1,
        ...addr(g('ee'), g('b'), 4), ...tee(v.c), ...loadF64(0), ...g('t'), F64_LE, I32_EQZ, BR_IF, 1,
        ...g('use'), ...ldF(g('qb'), [...g('c'), ...loadI32(8)]), F64_SUB, ...set(v.use),
        ...g('b'), ...i32(1), I32_ADD, ...set(v.b),
        BR, 0,
        END, END,
        ...g('use'), ...ldF(g('qb'), [...g('p'), ...loadI32(8)]), F64_ADD, ...tee(v.use), ...g('peak'), F64_GT, ...IF, ...g('use'), ...set(v.peak), END,
      ]),
      ...g('peak'),
    ],
  };
}

/**
 * mark(finish, tol): resource-forward-pass.ts markCritical's criticality (the JavaScript
 * loop there is the reference) on the last decoding of a whole list, into crit (u8 per
 * task) and pflag (u8 per pool: the pool pushed a critical task). The same comparisons of
 * the same doubles: a task finishing within tol of the finish is critical; walking the
 * list backwards, a critical task makes critical its predecessors finishing within tol of
 * its start and the blocker whose work ended there, and flags the pool that pushed it.
 */
function markFn(): WasmFunction {
  const F = frame([['finish', F64], ['tol', F64]], [
    ['i', I32], ['x', I32], ['j', I32], ['k', I32], ['ke', I32], ['r', I32], ['b', I32], ['n', I32],
    ['cr', I32], ['fin', I32], ['st', I32], ['durB', I32], ['order', I32], ['ps', I32], ['pr', I32], ['pf', I32],
    ['s', F64],
  ]);
  const { v, get: g } = F;
  const load = (name: keyof typeof v, slot: number): Code => [...hdr(slot), ...set(v[name])];
  return {
    name: 'mark', params: F.paramTypes, results: [], locals: F.localRuns,
    body: [
      ...load('n', HDR.n), ...load('cr', HDR.crit), ...load('fin', HDR.finish), ...load('st', HDR.start), ...load('durB', HDR.dur),
      ...load('order', HDR.order), ...load('ps', HDR.predStart), ...load('pr', HDR.preds), ...load('pf', HDR.pflag),
      ...forLoop(v.i, i32(0), hdr(HDR.R), [...g('pf'), ...g('i'), I32_ADD, ...i32(0), ...store8()]),
      ...forLoop(v.i, i32(0), g('n'), [
        ...g('cr'), ...g('i'), I32_ADD, ...g('finish'), ...ldF(g('fin'), g('i')), F64_SUB, ...g('tol'), F64_LE, ...store8(),
      ]),
      ...g('n'), ...set(v.x),
      ...BLOCK, ...LOOP,
      ...g('x'), ...i32(0), I32_LE_S, BR_IF, 1,
      ...g('x'), ...i32(1), I32_SUB, ...set(v.x),
      ...ldI(g('order'), g('x')), ...set(v.j),
      ...g('cr'), ...g('j'), I32_ADD, ...loadU8(), ...IF,
      ...ldF(g('st'), g('j')), ...set(v.s),
      ...ldI(g('ps'), g('j'), 4), ...set(v.ke),
      ...forLoop(v.k, ldI(g('ps'), g('j')), g('ke'), [
        ...ldI(g('pr'), g('k')), ...set(v.i),
        ...g('s'), ...ldF(g('fin'), g('i')), F64_SUB, ...g('tol'), F64_LE, ...IF,
        ...g('cr'), ...g('i'), I32_ADD, ...i32(1), ...store8(),
        END,
      ]),
      ...ldI(hdr(HDR.delayedBy), g('j')), ...tee(v.r), ...i32(0), I32_GE_S, ...IF,
      ...g('pf'), ...g('r'), I32_ADD, ...i32(1), ...store8(),
      ...ldI(hdr(HDR.blocker), g('j')), ...tee(v.b), ...i32(0), I32_GE_S, ...IF,
      ...g('s'), ...ldF(g('st'), g('b')), ...ldF(g('durB'), g('b')), F64_ADD, F64_SUB, ...g('tol'), F64_LE, ...IF,
      ...g('cr'), ...g('b'), I32_ADD, ...i32(1), ...store8(),
      END,
      END,
      END,
      END,
      BR, 0,
      END, END,
    ],
  };
}

/** The module's bytes (exported for tests). */
export function sgsModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes([seekFn(), insertFn(), resetFn(), earliestFn(), takeFn(), nextAllowedFn(), forwardFn(), boundFn(), exactFn(), markFn()]);
}

const sgsWasmModule = compiledOnce('rcpsp-sgs', sgsModuleBytes);

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

  /** bound() and exact() (see there) and the number of buckets they have room for. */
  readonly bound: (r: number, invW: number, nb: number) => number;
  readonly exact: (r: number, invW: number, nb: number) => number;
  readonly bucketCap: number;
  /** mark() (see there) into `crit` and `poolFlag` (views of the memory). */
  readonly mark: (finish: number, tol: number) => void;
  readonly crit: Uint8Array;
  readonly poolFlag: Uint8Array;
  /** The memory, and the byte addresses of the starts and durations of the last decoding and of the caller's extra bytes. */
  readonly memory: WebAssembly.Memory;
  readonly at: { start: number; dur: number; extra: number };
  /** The length of the list last decoded (mark() needs a whole list). */
  lastCount = -1;

  private constructor(memory: WebAssembly.Memory, run: (count: number) => number, a: Record<string, number>, n: number, R: number,
    bound: (r: number, invW: number, nb: number) => number, bucketCap: number, exact: (r: number, invW: number, nb: number) => number,
    mark: (finish: number, tol: number) => void) {
    const buf = memory.buffer;
    this.run = run;
    this.bound = bound;
    this.exact = exact;
    this.mark = mark;
    this.memory = memory;
    this.at = { start: a.start, dur: a.dur, extra: a.extra };
    this.crit = new Uint8Array(buf, a.crit, n);
    this.poolFlag = new Uint8Array(buf, a.pflag, R);
    this.bucketCap = bucketCap;
    this.order = new Int32Array(buf, a.order, n);
    this.dur = new Float64Array(buf, a.dur, n);
    this.start = new Float64Array(buf, a.start, n);
    this.finish = new Float64Array(buf, a.finish, n);
    this.delayedBy = new Int32Array(buf, a.delayedBy, n);
    this.blocker = new Int32Array(buf, a.blocker, n);
    this.ignore = new Uint8Array(buf, a.ignore, R);
  }

  /** The module instantiated for `problem`, or null where WebAssembly is missing or refuses it. */
  static create(p: RcpspProblem, uses: DemandLists, level: Int32Array, prof: ProfileLayout, opts: { buckets?: number; extraBytes?: number } = {}): SgsWasm | null {
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
    block('usStart', 4 * (n + 1)); block('usPool', 4 * U); block('usQty', 8 * U); block('usNeed', 8 * U); block('usLevel', 4 * U);
    // Per pool: max breakpoints and the sentinel.
    const stride = max + 1;
    block('time', 8 * R * stride); block('free', 8 * R * stride); block('ended', 4 * R * stride);
    block('count', 4 * R); block('minFree', 8 * R); block('initTime', 8 * R * stride); block('initFree', 8 * R * stride); block('initCount', 4 * R);
    // Per level: its short stretches (see insert) and their initial state, from the
    // initial profile. Capacity: each stretch but one ends where free capacity rises,
    // at the finish of a task using the pool or at a capacity breakpoint, so at most
    // users + initial breakpoints + 1 stretches, and the sentinel.
    const usersOf = new Int32Array(R);
    for (let u = 0; u < U; u++) usersOf[uses.pool[u]]++;
    const initIv = Array.from({ length: L }, (_, l) => {
      const r = prof.levelPool[l], need = prof.levelNeed[l], K = prof.initCount[r], t = prof.initTime[r], f = prof.initFree[r];
      const out: number[] = [];
      for (let k = 0; k < K; k++) {
        if (!(f[k] < need)) continue;
        const end = k + 1 < K ? t[k + 1] : Infinity;
        if (out.length && out[out.length - 1] === t[k]) out[out.length - 1] = end; else out.push(t[k], end);
      }
      return out;
    });
    const ivCap = Array.from({ length: L }, (_, l) => usersOf[prof.levelPool[l]] + prof.initCount[prof.levelPool[l]] + 2);
    // Per pool: its levels by increasing need, then a +Infinity sentinel (take()'s level updates).
    const byNeed = prof.poolLevels.map((ls) => [...ls].sort((x, y) => prof.levelNeed[x] - prof.levelNeed[y] || x - y));
    block('runAt', 8 * L); block('pneed', 8 * (L + R)); block('plev', 4 * (L + R)); block('pnStart', 4 * (R + 1)); block('cross', 16 * (max + 1));
    // Buckets of bound(): room for the Monte Carlo pass's finer grid on usual plans (the
    // bench plan needs ~6,400 for 2,000 tasks); beyond, it checks in JavaScript.
    const bucketCap = Math.max(8 * n + 1024, Math.ceil(opts.buckets ?? 0));
    block('bucket', 8 * bucketCap);
    // Per pool: its users by task index and their quantities (bound, exact), the events of
    // exact() for the pool with the most users, and its largest need (take).
    let maxUsers = 0;
    for (let r = 0; r < R; r++) maxUsers = Math.max(maxUsers, usersOf[r]);
    block('plStart', 4 * (R + 1)); block('plUser', 4 * U); block('plQty', 8 * U); block('ev', 32 * maxUsers); block('ptop', 8 * R);
    block('crit', n); block('pflag', R);
    block('ivAt', 4 * L); block('ivN', 4 * L); block('ivInitAt', 4 * L); block('ivInitN', 4 * L); block('ivCap', 4 * L);
    const ivAt = ivCap.map((c) => { const at = top; top += 16 * c; return at; });
    const ivInitAt = initIv.map((iv) => { const at = top; top += 8 * iv.length + 16; return at; });
    block('ignore', R);
    block('order', 4 * n); block('dur', 8 * n); block('start', 8 * n); block('finish', 8 * n); block('delayedBy', 4 * n); block('blocker', 4 * n);
    const tables: AllowedFinishTable[] = fc?.tables ?? [];
    block('rule', 4 * n); block('shift', n); block('tables', 16 * tables.length);
    block('hint', 4 * R);
    const nextAt = tables.map((t) => { const at = top; top += Math.ceil((4 * t.next.length) / 8) * 8; return at; });
    // The caller's own arrays last (extra).
    block('extra', Math.max(0, Math.ceil(opts.extraBytes ?? 0)));
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(top / 65536)) });
    const buf = memory.buffer;
    const i32v = (at: number, len: number) => new Int32Array(buf, at, len);
    const f64v = (at: number, len: number) => new Float64Array(buf, at, len);
    i32v(a.predStart, n + 1).set(p.predStart); i32v(a.preds, p.preds.length).set(p.preds); f64v(a.release, n).set(p.release);
    i32v(a.usStart, n + 1).set(uses.start); i32v(a.usPool, U).set(uses.pool); f64v(a.usQty, U).set(uses.qty); f64v(a.usNeed, U).set(uses.qty.map((x) => x - CAPACITY_EPS)); i32v(a.usLevel, U).set(level);
    for (let r = 0; r < R; r++) {
      f64v(a.initTime + 8 * r * stride, max).set(prof.initTime[r]);
      f64v(a.initFree + 8 * r * stride, max).set(prof.initFree[r]);
    }
    i32v(a.initCount, R).set(prof.initCount);
    const pneed = f64v(a.pneed, L + R), plev = i32v(a.plev, L + R), pnStart = i32v(a.pnStart, R + 1);
    for (let r = 0, x = 0; r < R; r++) {
      pnStart[r] = x;
      for (const l of byNeed[r]) { pneed[x] = prof.levelNeed[l]; plev[x] = l; x++; }
      pneed[x] = Infinity; plev[x] = -1; x++;
      pnStart[r + 1] = x;
    }
    const plStart = i32v(a.plStart, R + 1), plUser = i32v(a.plUser, U), plQty = f64v(a.plQty, U);
    for (let r = 0, x = 0; r < R; r++) {
      plStart[r] = x;
      for (let j = 0; j < n; j++) for (let u = uses.start[j]; u < uses.start[j + 1]; u++) if (uses.pool[u] === r) { plUser[x] = j; plQty[x] = uses.qty[u]; x++; }
      plStart[r + 1] = x;
    }
    const ptop = f64v(a.ptop, R);
    for (let r = 0; r < R; r++) ptop[r] = byNeed[r].length ? prof.levelNeed[byNeed[r][byNeed[r].length - 1]] : -Infinity;
    const runAt = i32v(a.runAt, 2 * L);
    for (let l = 0; l < L; l++) { runAt[2 * l] = -1; runAt[2 * l + 1] = -2; }
    i32v(a.ivAt, L).set(ivAt); i32v(a.ivInitAt, L).set(ivInitAt); i32v(a.ivCap, L).set(ivCap);
    initIv.forEach((iv, l) => {
      i32v(a.ivInitN, L)[l] = iv.length / 2;
      f64v(ivInitAt[l], iv.length + 2).set([...iv, Infinity, Infinity]);
    });
    if (fc) {
      i32v(a.rule, n).set(fc.rule);
      new Uint8Array(buf, a.shift, n).set(fc.shift);
      const desc = i32v(a.tables, 4 * tables.length);
      tables.forEach((t, k) => {
        desc[4 * k] = nextAt[k]; desc[4 * k + 1] = t.next.length; desc[4 * k + 2] = t.beyond ? 1 : 0;
        i32v(nextAt[k], t.next.length).set(t.next);
      });
    }
    const h = i32v(0, HDR_BYTES / 4);
    for (const [key, slot] of Object.entries(HDR)) if (key in a) h[slot] = a[key];
    h[HDR.R] = R; h[HDR.n] = n; h[HDR.max] = max; h[HDR.stride] = stride; h[HDR.L] = L; h[HDR.hasFinish] = fc ? 1 : 0;
    const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
    type F3 = (r: number, invW: number, nb: number) => number;
    return new SgsWasm(memory, ex.forward as unknown as (count: number) => number, a, n, R, ex.bound as unknown as F3, bucketCap,
      ex.exact as unknown as F3, ex.mark as unknown as (finish: number, tol: number) => void);
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
    this.lastCount = count;
    const makespan = this.run(count);
    start.set(this.start);
    finish.set(this.finish);
    return makespan;
  }
}
