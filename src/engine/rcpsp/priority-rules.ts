/**
 * Priority rules and regret-based biased random sampling: how the search builds
 * its first activity lists. Rules (Kolisch 1996): LFT (latest finish time in the
 * resource-free network, smaller first), MTS (most total successors), GRPW
 * (greatest rank positional weight: own duration plus immediate successors').
 * Sampling picks among the eligible activities (all predecessors listed) with
 * probability proportional to (regret + 1)^bias, regret = how much better the
 * activity's priority is than the worst eligible one (Kolisch & Drexl 1996).
 * Ties and the deterministic rule (rng absent) take the lowest index.
 * Cost: O(n * eligible) per list (one pass over the eligible set per pick; see
 * listFromPriority for what is kept between picks); the lists are built in WebAssembly
 * where available (the same lists; see listFromPriority).
 */
import type { RcpspProblem } from './rcpsp-problem';
import {
  compiledOnce, F64, f64, F64_ADD, F64_FLOOR, F64_MUL, F64_SUB, F64_CONVERT_I32_S, get, I32, i32, I32_ADD, I32_SUB, I32_EQZ, I32_GE_S,
  I32_LT_S, I32_MUL, I32_OR, I32_TRUNC_SAT_F64_S, loadI32, moduleBytes, set, storeF64, storeI32, call, type Code, type WasmFunction,
} from '../kernel-wasm-emitter';
import { addr, F64_EQ, F64_GE, F64_GT, F64_LE, F64_LT, F64_NE, frame, I32_AND, I32_GT_S, I32_LE_S, I32_SHR_S, ldF, ldI } from './wasm-opcodes';
import { block, br, brIf, emit, localOps, loop, when, type Node } from './wasm-opcodes';

/** Priority values, larger = schedule earlier. */
export type Priority = Float64Array;

/** Latest finish times of the resource-free network with release times, negated (smaller LFT first). */
export function lftPriority(p: RcpspProblem, dur: Float64Array = p.duration): Priority {
  const { n, succStart, succs, predStart, preds, release } = p;
  const ef = new Float64Array(n);
  let finish = 0;
  for (let i = 0; i < n; i++) {
    let s = release[i];
    for (let k = predStart[i]; k < predStart[i + 1]; k++) s = Math.max(s, ef[preds[k]]);
    ef[i] = s + dur[i];
    finish = Math.max(finish, ef[i]);
  }
  const lf = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let f = finish;
    for (let k = succStart[i]; k < succStart[i + 1]; k++) f = Math.min(f, lf[succs[k]] - dur[succs[k]]);
    lf[i] = f;
  }
  return lf.map((v) => -v);
}

/** Most total successors (transitive), larger first. O(n * E / 32) with bit sets. */
export function mtsPriority(p: RcpspProblem): Priority {
  const { n, succStart, succs } = p;
  const words = (n + 31) >>> 5;
  const reach = new Uint32Array(n * words);
  const out = new Float64Array(n);
  // Successors have larger indices (topological order), so the words of reach[s] below
  // s's own word are zero: the unions and counts start there (s14: half the words).
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * words;
    for (let k = succStart[i]; k < succStart[i + 1]; k++) {
      const s = succs[k], rs = s * words;
      reach[ri + (s >>> 5)] |= 1 << (s & 31);
      for (let w = s >>> 5; w < words; w++) reach[ri + w] |= reach[rs + w];
    }
    // Bits counted per word (SWAR popcount: a fixed number of steps, where clearing one
    // bit per step took ~14 ms of the bench plan's search, the reach sets being dense).
    let c = 0;
    for (let w = (i + 1) >>> 5; w < words; w++) {
      let x = reach[ri + w];
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      c += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
    }
    out[i] = c;
  }
  return out;
}

/** Greatest rank positional weight: own duration plus the immediate successors' durations. */
export function grpwPriority(p: RcpspProblem): Priority {
  const out = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) {
    let w = p.duration[i];
    for (let k = p.succStart[i]; k < p.succStart[i + 1]; k++) w += p.duration[p.succs[k]];
    out[i] = w;
  }
  return out;
}

/**
 * An activity list from a priority rule: deterministic (highest priority, then
 * lowest index) without `rng`, regret-biased random with it. Priorities must not be
 * NaN (RangeError).
 * The eligible set is kept in pick order (swap-remove, successors appended) and a pick
 * subtracts the weights from u = rng() * total in that order, total being their sum in
 * that order (found by bisection on the running sums where provably the same, see
 * below). Kept across picks instead of recomputed per pick: the least priority
 * (`worst`: rescanned only when it is picked, lowered by new eligible ones), the
 * weights in eligible order, and the running sums `sum` (sum[e] = weights 0..e-1 added
 * in order, redone from the removed position on). The same additions in the same order
 * give the same bits, so the lists are exactly those of a per-pick recomputation (the
 * test keeps that form as the reference). When `worst` changes (5 of 2,000 picks on the
 * bench plan) every weight is recomputed.
 * Measured on the 2,000-task bench plan (233 eligible on average): 13.9 -> ~1.5 ms per list;
 * s14: the running sums kept in a register (same additions, no wait on the store):
 * ~1.9 -> ~1.45 ms per list (alternating builds, shared VM). Without `rng`, a heap
 * (listByRule).
 * s14 (P2): both run in WebAssembly where available (sampleFns / ruleFns below, the same
 * lists; `{ wasm: false }` keeps this JavaScript, the twin and fallback): ~0.5 ms per
 * sampled list, and no cold start: the JavaScript loop took 30-40 ms for each of the
 * search's first two lists before V8 optimized it (the search's ~40 lists: ~98 -> ~50 ms
 * in all, the first list now paying the module's build).
 */
export function listFromPriority(p: RcpspProblem, priority: Priority, rng?: () => number, bias = 1, opts: { wasm?: boolean } = {}): Int32Array {
  const { n, predStart, succStart, succs } = p;
  for (let i = 0; i < n; i++) if (Number.isNaN(priority[i])) throw new RangeError(`priority of activity ${i} is NaN`);
  const sampler = opts.wasm === false ? null : samplerFor(p);
  if (!rng) return sampler ? sampler.rule(p, priority) : listByRule(p, priority);
  if (sampler) return sampler.list(p, priority, rng, bias);
  const missing = new Int32Array(n);
  for (let i = 0; i < n; i++) missing[i] = predStart[i + 1] - predStart[i];
  const eligible = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) if (missing[i] === 0) eligible[count++] = i;
  const list = new Int32Array(n);
  const weight = new Float64Array(n);
  const sum = new Float64Array(n + 1);
  // Math.pow is a slow call and the same regrets come back: memoized per list (same values).
  const powers = new Map<number, number>();
  let worst = Infinity;
  for (let e = 0; e < count; e++) if (priority[eligible[e]] < worst) worst = priority[eligible[e]];
  reweigh(priority, bias, powers, worst, eligible, weight, sum, 0, count);
  for (let x = 0; x < n; x++) {
    const total = sum[count], u0 = rng() * total;
    let pick = -1;
    // The pick is the first e at which u0 - weight[0] - ... - weight[e] (subtracted in
    // order) is negative, else the last. The running sums locate it by bisection:
    // subtracting in order and the sums differ from the exact values by less than
    // `margin` (recursive-summation bound, n ulp-sized steps, with room to spare), so
    // when u0 is farther than that from the sums on both sides the pick is the same;
    // otherwise (rare) the subtraction is replayed.
    if (total < Infinity) {
      const margin = (count + 2) * 2 ** -50 * total;
      let lo = 1, hi = count + 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (sum[mid] > u0) hi = mid; else lo = mid + 1; }
      if (lo <= count) { if (u0 - sum[lo] < -margin && u0 - sum[lo - 1] > margin) pick = lo - 1; }
      else if (u0 - sum[count] > margin) pick = count - 1;
    }
    if (pick < 0) {
      let u = u0;
      pick = count - 1;
      for (let e = 0; e < count; e++) { u -= weight[e]; if (u < 0) { pick = e; break; } }
    }
    const j = eligible[pick];
    count--;
    eligible[pick] = eligible[count];
    weight[pick] = weight[count];
    list[x] = j;
    const before = count;
    for (let k = succStart[j]; k < succStart[j + 1]; k++) if (--missing[succs[k]] === 0) eligible[count++] = succs[k];
    let next = worst;
    if (priority[j] === worst) {
      next = Infinity;
      for (let e = 0; e < count; e++) if (priority[eligible[e]] < next) next = priority[eligible[e]];
    } else {
      for (let e = before; e < count; e++) if (priority[eligible[e]] < next) next = priority[eligible[e]];
    }
    if (next !== worst) { worst = next; reweigh(priority, bias, powers, worst, eligible, weight, sum, 0, count); continue; }
    // Same worst: the sums from the removed position on, then the new eligible ones.
    // The running sum in a register (the same additions; reading sum[e] back would wait on the store).
    let acc = sum[pick];
    for (let e = pick; e < before; e++) { acc += weight[e]; sum[e + 1] = acc; }
    reweigh(priority, bias, powers, worst, eligible, weight, sum, before, count);
  }
  return list;
}

/**
 * listFromPriority's weights and running sums of eligible[from .. count) for `worst`:
 * weight = (priority - worst + 1)^bias (memoized in `powers`). A module function, not a
 * closure per list: V8 optimized the search's lists against one closure and threw the
 * code away at the next list ("wrong call target"; s14: listFromPriority was optimized
 * five times per search on the bench plan).
 */
function reweigh(priority: Priority, bias: number, powers: Map<number, number>, worst: number,
  eligible: Int32Array, weight: Float64Array, sum: Float64Array, from: number, count: number): void {
  let acc = sum[from];
  for (let e = from; e < count; e++) {
    const d = priority[eligible[e]] - worst + 1;
    let w = powers.get(d);
    if (w === undefined) powers.set(d, (w = Math.pow(d, bias)));
    weight[e] = w; acc += w; sum[e + 1] = acc;
  }
}

/**
 * The deterministic list of listFromPriority: the eligible activity of highest
 * priority, then lowest index, each time. That is a total order, so a binary heap
 * picks exactly what a scan of the eligible set picks, in O(n log n) instead of
 * O(n x eligible) (s14: the first rule lists of a search run before the code is
 * optimized, where the scan took ~10-45 ms on the 2,000-task bench plan).
 */
function listByRule(p: RcpspProblem, priority: Priority): Int32Array {
  const { n, predStart, succStart, succs } = p;
  const missing = new Int32Array(n), heap = new Int32Array(n), list = new Int32Array(n);
  // Module functions, not closures per call (see reweigh).
  let nh = 0;
  for (let i = 0; i < n; i++) if ((missing[i] = predStart[i + 1] - predStart[i]) === 0) heapPush(heap, nh++, i, priority);
  for (let x = 0; x < n; x++) {
    const j = heap[0], last = heap[--nh];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= nh) break;
      if (c + 1 < nh && goesBefore(heap[c + 1], heap[c], priority)) c++;
      if (!goesBefore(heap[c], last, priority)) break;
      heap[i] = heap[c]; i = c;
    }
    if (nh > 0) heap[i] = last;
    list[x] = j;
    for (let k = succStart[j]; k < succStart[j + 1]; k++) if (--missing[succs[k]] === 0) heapPush(heap, nh++, succs[k], priority);
  }
  return list;
}

/** listByRule's order: a before b (higher priority, then lower index). */
function goesBefore(a: number, b: number, priority: Priority): boolean {
  return priority[a] > priority[b] || (priority[a] === priority[b] && a < b);
}

/** Pushes j on listByRule's heap of nh entries. */
function heapPush(heap: Int32Array, nh: number, j: number, priority: Priority): void {
  let i = nh;
  while (i > 0) { const up = (i - 1) >> 1; if (!goesBefore(j, heap[up], priority)) break; heap[i] = heap[up]; i = up; }
  heap[i] = j;
}

/** Critical-path lower bound on the makespan (release times included). */
export function criticalPathBound(p: RcpspProblem, dur: Float64Array = p.duration): number {
  let best = 0;
  const ef = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) {
    let s = p.release[i];
    for (let k = p.predStart[i]; k < p.predStart[i + 1]; k++) s = Math.max(s, ef[p.preds[k]]);
    ef[i] = s + dur[i];
    best = Math.max(best, ef[i]);
  }
  return best;
}

/**
 * listFromPriority's sampling in WebAssembly: the twin of the JavaScript loop above
 * (same eligible order, weights, running sums, bisection with its margin and replay,
 * the same double operations in the same order), so the same lists. The draws are
 * taken first, rng() once per pick in pick order as the loop takes them; Math.pow
 * is imported (the same function), memoized per list in a table for integral regrets
 * up to POW_TABLE (the JavaScript loop memoizes in a Map: the same values).
 * Why (s14, P2): a search samples ~40 lists; the first two ran for 30-40 ms each
 * before V8 had optimized the loop (~0.7 ms after), and V8 compiled it three times.
 */
const POW_TABLE = 4096;
const SAMPLE_SLOTS = ['n', 'predStart', 'succStart', 'succs', 'priority', 'draw', 'missing', 'eligible', 'list', 'weight', 'sum', 'table'] as const;
type SampleSlot = (typeof SAMPLE_SLOTS)[number];
const sampleHdr = (name: SampleSlot): Code => [...i32(0), ...loadI32(4 * SAMPLE_SLOTS.indexOf(name))];
/** Function indices: the import pow, then sample, reweigh, rule, push. */
const F_POW = 0, F_REWEIGH = 2, F_PUSH = 4;

function sampleFns(): WasmFunction[] {
  const arrays = SAMPLE_SLOTS.slice(1) as Exclude<SampleSlot, 'n'>[];
  const ints = ['n', ...arrays, 'i', 'x', 'e', 'k', 'ke', 'count', 'pick', 'lo', 'hi', 'mid', 'j', 'sj', 'm', 'before', 'from'] as const;
  const floats = ['worst', 'total', 'u0', 'u', 'margin', 'next', 'pe', 'acc'] as const;
  type Name = (typeof ints)[number] | (typeof floats)[number];
  const F = frame<'bias', Name>([['bias', F64]], [...ints.map((x) => [x, I32] as [Name, typeof I32]), ...floats.map((x) => [x, F64] as [Name, typeof F64])]);
  const { g, put, inc, I, D, setI, setD, forUp } = localOps<Name | 'bias'>(F.v);
  const reweigh = (from: Code): Code => [...from, ...g('count'), ...g('worst'), ...g('bias'), ...call(F_REWEIGH)];
  const sample: Node[] = [
    ...put('n', sampleHdr('n')), ...arrays.flatMap((a) => put(a, sampleHdr(a))),
    ...forUp('k', i32(0), i32(POW_TABLE + 1), 'clear', setD('table', g('k'), f64(NaN))),
    ...put('count', i32(0)),
    ...forUp('i', i32(0), g('n'), 'init', [
      ...setI('missing', g('i'), [...I('predStart', [...g('i'), ...i32(1), I32_ADD]), ...I('predStart', g('i')), I32_SUB]),
      ...I('missing', g('i')), I32_EQZ, ...when([...setI('eligible', g('count'), g('i')), ...inc('count')]),
    ]),
    ...put('worst', f64(Infinity)),
    ...forUp('e', i32(0), g('count'), 'w0', [
      ...put('pe', D('priority', I('eligible', g('e')))), ...g('pe'), ...g('worst'), F64_LT, ...when(put('worst', g('pe'))),
    ]),
    ...reweigh(i32(0)),
    ...forUp('x', i32(0), g('n'), 'pick', [
      ...put('total', D('sum', g('count'))), ...put('u0', [...D('draw', g('x')), ...g('total'), F64_MUL]), ...put('pick', i32(-1)),
      ...g('total'), ...f64(Infinity), F64_LT, ...when([
        ...put('margin', [...g('count'), ...i32(2), I32_ADD, F64_CONVERT_I32_S, ...f64(2 ** -50), F64_MUL, ...g('total'), F64_MUL]),
        ...put('lo', i32(1)), ...put('hi', [...g('count'), ...i32(1), I32_ADD]),
        ...block('bis', loop('bis.loop',
          g('lo'), g('hi'), I32_GE_S, brIf('bis'),
          put('mid', [...g('lo'), ...g('hi'), I32_ADD, ...i32(1), I32_SHR_S]),
          D('sum', g('mid')), g('u0'), F64_GT,
          when(put('hi', g('mid')), put('lo', [...g('mid'), ...i32(1), I32_ADD])),
          br('bis.loop'),
        )),
        ...g('lo'), ...g('count'), I32_LE_S, ...when([
          ...g('u0'), ...D('sum', g('lo')), F64_SUB, ...g('margin'), ...f64(-1), F64_MUL, F64_LT,
          ...g('u0'), ...D('sum', [...g('lo'), ...i32(1), I32_SUB]), F64_SUB, ...g('margin'), F64_GT, I32_AND,
          ...when(put('pick', [...g('lo'), ...i32(1), I32_SUB])),
        ], [
          ...g('u0'), ...D('sum', g('count')), F64_SUB, ...g('margin'), F64_GT,
          ...when(put('pick', [...g('count'), ...i32(1), I32_SUB])),
        ]),
      ]),
      // Rare: replay the subtraction in order.
      ...g('pick'), ...i32(0), I32_LT_S, ...when([
        ...put('u', g('u0')), ...put('pick', [...g('count'), ...i32(1), I32_SUB]),
        ...forUp('e', i32(0), g('count'), 'replay', [
          ...put('u', [...g('u'), ...D('weight', g('e')), F64_SUB]),
          ...g('u'), ...f64(0), F64_LT, ...when([...put('pick', g('e')), ...br('replay')]),
        ]),
      ]),
      ...put('j', I('eligible', g('pick'))),
      ...put('count', [...g('count'), ...i32(1), I32_SUB]),
      ...setI('eligible', g('pick'), I('eligible', g('count'))),
      ...setD('weight', g('pick'), D('weight', g('count'))),
      ...setI('list', g('x'), g('j')),
      ...put('before', g('count')),
      ...put('ke', I('succStart', [...g('j'), ...i32(1), I32_ADD])),
      ...forUp('k', I('succStart', g('j')), g('ke'), 'succ', [
        ...put('sj', I('succs', g('k'))),
        ...put('m', [...I('missing', g('sj')), ...i32(1), I32_SUB]), ...setI('missing', g('sj'), g('m')),
        ...g('m'), I32_EQZ, ...when([...setI('eligible', g('count'), g('sj')), ...inc('count')]),
      ]),
      ...put('next', g('worst')), ...put('from', g('before')),
      ...D('priority', g('j')), ...g('worst'), F64_EQ, ...when([...put('next', f64(Infinity)), ...put('from', i32(0))]),
      ...forUp('e', g('from'), g('count'), 'least', [
        ...put('pe', D('priority', I('eligible', g('e')))), ...g('pe'), ...g('next'), F64_LT, ...when(put('next', g('pe'))),
      ]),
      ...g('next'), ...g('worst'), F64_NE, ...when([...put('worst', g('next')), ...reweigh(i32(0))], [
        // Same worst: the sums from the removed position on, then the new eligible ones.
        ...put('acc', D('sum', g('pick'))),
        ...forUp('e', g('pick'), g('before'), 'resum', [
          ...put('acc', [...g('acc'), ...D('weight', g('e')), F64_ADD]),
          ...setD('sum', [...g('e'), ...i32(1), I32_ADD], g('acc')),
        ]),
        ...reweigh(g('before')),
      ]),
    ]),
  ];
  const R = frame<'from' | 'count' | 'worst' | 'bias', 'eligible' | 'priority' | 'weight' | 'sum' | 'table' | 'e' | 'k' | 'acc' | 'd' | 'w'>(
    [['from', I32], ['count', I32], ['worst', F64], ['bias', F64]],
    [['eligible', I32], ['priority', I32], ['weight', I32], ['sum', I32], ['table', I32], ['e', I32], ['k', I32], ['acc', F64], ['d', F64], ['w', F64]]);
  const rg = R.get, rput = (x: keyof typeof R.v, val: Code): Code => [...val, ...set(R.v[x])];
  const reweighBody: Node[] = [
    ...(['eligible', 'priority', 'weight', 'sum', 'table'] as const).flatMap((a) => rput(a, sampleHdr(a))),
    ...rput('acc', ldF(rg('sum'), rg('from'))),
    ...rput('e', rg('from')),
    ...block('rw', loop('rw.loop',
      rg('e'), rg('count'), I32_GE_S, brIf('rw'),
      rput('d', [...ldF(rg('priority'), ldI(rg('eligible'), rg('e'))), ...rg('worst'), F64_SUB, ...f64(1), F64_ADD]),
      // An integral regret in the table's range: memoized (NaN = not yet); else pow.
      [...rg('d'), ...f64(0), F64_GE, ...rg('d'), ...f64(POW_TABLE), F64_LE, I32_AND, ...rg('d'), F64_FLOOR, ...rg('d'), F64_EQ, I32_AND],
      when([
        ...rput('k', [...rg('d'), ...I32_TRUNC_SAT_F64_S]),
        ...rput('w', ldF(rg('table'), rg('k'))),
        ...rg('w'), ...rg('w'), F64_NE, ...when([
          ...rput('w', [...rg('d'), ...rg('bias'), ...call(F_POW)]),
          ...addr(rg('table'), rg('k'), 3), ...rg('w'), ...storeF64(),
        ]),
      ], rput('w', [...rg('d'), ...rg('bias'), ...call(F_POW)])),
      addr(rg('weight'), rg('e'), 3), rg('w'), storeF64(),
      rput('acc', [...rg('acc'), ...rg('w'), F64_ADD]),
      addr(rg('sum'), [...rg('e'), ...i32(1), I32_ADD], 3), rg('acc'), storeF64(),
      rput('e', [...rg('e'), ...i32(1), I32_ADD]),
      br('rw.loop'),
    )),
  ];
  return [
    { name: 'sample', params: F.paramTypes, results: [], locals: F.localRuns, body: emit(sample) },
    { name: 'reweigh', params: R.paramTypes, results: [], locals: R.localRuns, body: emit(reweighBody) },
    ...ruleFns(),
  ];
}

/**
 * listByRule's twin: rule() builds the list with a binary heap (in `eligible`) by
 * goesBefore (higher priority, then lower index), a total order, so the same list;
 * push(j, nh) adds j to a heap of nh entries.
 */
function ruleFns(): WasmFunction[] {
  type Name = 'n' | 'predStart' | 'succStart' | 'succs' | 'priority' | 'missing' | 'heap' | 'list' | 'i' | 'x' | 'j' | 'k' | 'ke' | 'c' | 'nh' | 'last' | 'sj' | 'm';
  const F = frame<never, Name>([], (['n', 'predStart', 'succStart', 'succs', 'priority', 'missing', 'heap', 'list', 'i', 'x', 'j', 'k', 'ke', 'c', 'nh', 'last', 'sj', 'm'] as Name[]).map((x) => [x, I32]));
  const { g, put, I, setI, forUp } = localOps<Name>(F.v);
  /** goesBefore(a, b) on the stack (a, b: code without side effects). */
  const before = (pr: Code, a: Code, b: Code): Code => [
    ...ldF(pr, a), ...ldF(pr, b), F64_GT, ...ldF(pr, a), ...ldF(pr, b), F64_EQ, ...a, ...b, I32_LT_S, I32_AND, I32_OR,
  ];
  const push = (j: Code): Code => [...j, ...g('nh'), ...call(F_PUSH), ...g('nh'), ...i32(1), I32_ADD, ...set(F.v.nh)];
  const rule: Node[] = [
    ...put('n', sampleHdr('n')), ...put('predStart', sampleHdr('predStart')), ...put('succStart', sampleHdr('succStart')), ...put('succs', sampleHdr('succs')),
    ...put('priority', sampleHdr('priority')), ...put('missing', sampleHdr('missing')), ...put('heap', sampleHdr('eligible')), ...put('list', sampleHdr('list')),
    ...forUp('i', i32(0), g('n'), 'init', [
      ...setI('missing', g('i'), [...I('predStart', [...g('i'), ...i32(1), I32_ADD]), ...I('predStart', g('i')), I32_SUB]),
      ...I('missing', g('i')), I32_EQZ, ...when(push(g('i'))),
    ]),
    ...forUp('x', i32(0), g('n'), 'pop', [
      ...put('j', I('heap', i32(0))),
      ...put('nh', [...g('nh'), ...i32(1), I32_SUB]), ...put('last', I('heap', g('nh'))), ...put('i', i32(0)),
      ...block('down', loop('down.loop',
        put('c', [...g('i'), ...i32(2), I32_MUL, ...i32(1), I32_ADD]),
        g('c'), g('nh'), I32_GE_S, brIf('down'),
        [...g('c'), ...i32(1), I32_ADD, ...g('nh'), I32_LT_S], when([
          ...before(g('priority'), I('heap', [...g('c'), ...i32(1), I32_ADD]), I('heap', g('c'))),
          ...when(put('c', [...g('c'), ...i32(1), I32_ADD])),
        ]),
        before(g('priority'), I('heap', g('c')), g('last')), I32_EQZ, brIf('down'),
        setI('heap', g('i'), I('heap', g('c'))), put('i', g('c')),
        br('down.loop'),
      )),
      ...g('nh'), ...i32(0), I32_GT_S, ...when(setI('heap', g('i'), g('last'))),
      ...setI('list', g('x'), g('j')),
      ...put('ke', I('succStart', [...g('j'), ...i32(1), I32_ADD])),
      ...forUp('k', I('succStart', g('j')), g('ke'), 'succ', [
        ...put('sj', I('succs', g('k'))),
        ...put('m', [...I('missing', g('sj')), ...i32(1), I32_SUB]), ...setI('missing', g('sj'), g('m')),
        ...g('m'), I32_EQZ, ...when(push(g('sj'))),
      ]),
    ]),
  ];
  const P = frame<'j' | 'nh', 'heap' | 'priority' | 'i' | 'up'>([['j', I32], ['nh', I32]], [['heap', I32], ['priority', I32], ['i', I32], ['up', I32]]);
  const pg = P.get, pput = (x: keyof typeof P.v, val: Code): Code => [...val, ...set(P.v[x])];
  const pushBody: Node[] = [
    ...pput('heap', sampleHdr('eligible')), ...pput('priority', sampleHdr('priority')), ...pput('i', pg('nh')),
    ...block('up', loop('up.loop',
      pg('i'), I32_EQZ, brIf('up'),
      pput('up', [...pg('i'), ...i32(1), I32_SUB, ...i32(1), I32_SHR_S]),
      before(pg('priority'), pg('j'), ldI(pg('heap'), pg('up'))), I32_EQZ, brIf('up'),
      addr(pg('heap'), pg('i'), 2), ldI(pg('heap'), pg('up')), storeI32(),
      pput('i', pg('up')),
      br('up.loop'),
    )),
    ...addr(pg('heap'), pg('i'), 2), ...pg('j'), ...storeI32(),
  ];
  return [
    { name: 'rule', params: F.paramTypes, results: [], locals: F.localRuns, body: emit(rule) },
    { name: 'push', params: P.paramTypes, results: [], locals: P.localRuns, body: emit(pushBody) },
  ];
}

/** The sampling module's bytes. */
function samplingModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes(sampleFns(), [{ name: 'pow', params: [F64, F64], results: [F64] }]);
}

const samplingModule = compiledOnce('rcpsp-sampling', samplingModuleBytes);

/** One problem's sampling memory (sized for its n and successor count; the arrays are copied in per list). */
class PrioritySampler {
  private readonly a: Record<string, number>;
  private readonly run: (bias: number) => void;
  private readonly runRule: () => void;
  private readonly buf: ArrayBuffer;

  constructor(readonly n: number, readonly edges: number, memory: WebAssembly.Memory, a: Record<string, number>, ex: WebAssembly.Exports) {
    this.a = a; this.buf = memory.buffer;
    this.run = ex.sample as unknown as (bias: number) => void;
    this.runRule = ex.rule as unknown as () => void;
  }

  /** listFromPriority with rng: draws taken here, in pick order. */
  list(p: RcpspProblem, priority: Priority, rng: () => number, bias: number): Int32Array {
    this.load(p, priority);
    const n = this.n, draw = new Float64Array(this.buf, this.a.draw, n);
    for (let x = 0; x < n; x++) draw[x] = rng();
    this.run(bias);
    return new Int32Array(this.buf, this.a.list, n).slice();
  }

  /** listByRule's list. */
  rule(p: RcpspProblem, priority: Priority): Int32Array {
    this.load(p, priority);
    this.runRule();
    return new Int32Array(this.buf, this.a.list, this.n).slice();
  }

  /** The precedence and priorities into memory (copied per list: the problem may be another one of equal size). */
  private load(p: RcpspProblem, priority: Priority): void {
    const { n, a, buf } = this;
    new Int32Array(buf, a.predStart, n + 1).set(p.predStart.subarray(0, n + 1));
    new Int32Array(buf, a.succStart, n + 1).set(p.succStart.subarray(0, n + 1));
    new Int32Array(buf, a.succs, this.edges).set(p.succs.subarray(0, this.edges));
    new Float64Array(buf, a.priority, n).set(priority.subarray(0, n));
  }
}

const samplers = new WeakMap<RcpspProblem, PrioritySampler | null>();

/** The problem's sampler (made on first use), or null where WebAssembly is missing or refuses it. */
function samplerFor(p: RcpspProblem): PrioritySampler | null {
  const n = p.n, edges = p.succStart[n];
  const known = samplers.get(p);
  if (known !== undefined && (known === null || (known.n === n && known.edges === edges))) return known;
  let made: PrioritySampler | null = null;
  const module = samplingModule();
  if (module) {
    let top = 4 * SAMPLE_SLOTS.length;
    const a: Record<string, number> = {};
    const blk = (key: SampleSlot, bytes: number) => { top = Math.ceil(top / 8) * 8; a[key] = top; top += bytes; };
    blk('predStart', 4 * (n + 1)); blk('succStart', 4 * (n + 1)); blk('succs', 4 * edges);
    blk('priority', 8 * n); blk('draw', 8 * n); blk('missing', 4 * n); blk('eligible', 4 * n); blk('list', 4 * n);
    blk('weight', 8 * n); blk('sum', 8 * (n + 1)); blk('table', 8 * (POW_TABLE + 1));
    try {
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(top / 65536)) });
      const h = new Int32Array(memory.buffer, 0, SAMPLE_SLOTS.length);
      for (const k of SAMPLE_SLOTS) if (k in a) h[SAMPLE_SLOTS.indexOf(k)] = a[k];
      h[0] = n;
      const ex = new WebAssembly.Instance(module, { env: { memory, pow: Math.pow } }).exports;
      made = new PrioritySampler(n, edges, memory, a, ex);
    } catch {
      made = null;
    }
  }
  samplers.set(p, made);
  return made;
}
