/**
 * Forward-backward improvement (double justification): shifts every activity of
 * a schedule as far right as it goes (backward serial SGS in decreasing finish
 * order), then back to the left (forward serial SGS in increasing start order of
 * the right-justified schedule). With constant capacities the makespan never
 * grows and often shrinks, because activities regroup around the resource peaks.
 *
 * Cost: two SGS decodings (counted as two schedules). Ties in the sort keys are
 * broken by activity index so that precedence is kept with zero durations.
 * Reference: Valls, Ballestin & Quintanilla, "Justification and RCPSP: a technique
 * that pays", EJOR 165 (2005); Tormos & Lova (2001).
 */
import type { SerialSgs } from './serial-sgs';
import {
  compiledOnce, F64, f64 as f64c, F64_FLOOR, F64_SUB, F64_ADD, F64_CONVERT_I32_S, I32, i32, I32_ADD, I32_SUB, I32_LT_S,
  I32_MUL, I32_TRUNC_SAT_F64_S, I32_EQZ, I32_AND, END, moduleBytes, set, type Code, type WasmFunction,
} from '../kernel-wasm-emitter';
import { block, br, brIf, emit, F64_GE, F64_GT, F64_LE, F64_LT, frame, I32_GT_S, I32_EQ, IF, ldF, ldI, localOps, loop, RETURN, when, type Node } from './wasm-opcodes';

/** Scratch of the radix sort, grown on demand (single-threaded use, nothing kept between calls). */
let hiBits = new Uint32Array(0), loBits = new Uint32Array(0), tmp = new Int32Array(0);
const counts = new Int32Array(256);
let bucketCounts = new Int32Array(0), floors = new Int32Array(0);
const f64 = new Float64Array(1), u32 = new Uint32Array(f64.buffer);
/** Which 32-bit half of a double holds its sign and exponent (platform byte order). */
const HI = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0, LO = 1 - HI;

/**
 * Sorts `idx` (its first `count` entries) by key (ascending; ties by smaller index),
 * or descending (ties by larger index). A total order, so any correct sort gives the same result: short
 * arrays by insertion, longer ones by a stable LSD radix sort on the key's bits
 * (IEEE order made unsigned, -0 as +0, ±Infinity in place; keys are never NaN),
 * after ordering `idx` by index so that stability breaks ties. Measured on
 * 2,000 fractional start times: 0.4-0.5 ms -> 0.1-0.15 ms per sort against
 * Array.prototype.sort with a comparator (the genetic search sorts three times per child);
 * s13: radix on the high words only, runs of equal ones by insertion (see below).
 * s14: keys whose floors span a short range (start times in whole and half days) by a
 * counting sort on the floor, then insertion inside each bucket (bucketSort): ~88 ->
 * ~47 µs per sort of the bench plan's 2,000 start or finish times (in-process A/B,
 * shared VM); other keys keep the radix sort.
 * s14 (P2): the bucket sort runs in WebAssembly where available (bucketSortWasm; `wasm`
 * false keeps the JavaScript one, its twin): median ~43 -> ~21 µs per sort in the bench
 * plan's search (~680 calls: ~42 -> ~23 ms), without the cold first calls.
 */
export function sortByKey(idx: Int32Array, key: Float64Array, descending: boolean, count = idx.length, wasm = true): void {
  const n = count;
  if (n <= 96) {
    for (let a = 1; a < n; a++) {
      const v = idx[a], kv = key[v];
      let b = a - 1;
      if (descending) {
        while (b >= 0 && (key[idx[b]] < kv || (key[idx[b]] === kv && idx[b] < v))) { idx[b + 1] = idx[b]; b--; }
      } else {
        while (b >= 0 && (key[idx[b]] > kv || (key[idx[b]] === kv && idx[b] > v))) { idx[b + 1] = idx[b]; b--; }
      }
      idx[b + 1] = v;
    }
    return;
  }
  // Ties keep the input order: first the input in tie order (index up, or down).
  let sorted = true;
  for (let x = 1; x < n; x++) if (idx[x - 1] > idx[x]) { sorted = false; break; }
  if (!sorted) idx.subarray(0, n).sort();
  if (wasm ? bucketSortWasm(idx, key, descending, n) : bucketSort(idx, key, descending, n)) return;
  if (descending) for (let a = 0, b = n - 1; a < b; a++, b--) { const t = idx[a]; idx[a] = idx[b]; idx[b] = t; }
  let m = key.length;
  for (let x = 0; x < n; x++) if (idx[x] >= m) m = idx[x] + 1;
  if (hiBits.length < m) { hiBits = new Uint32Array(m); loBits = new Uint32Array(m); }
  if (tmp.length < n) tmp = new Int32Array(n);
  // Unsigned order of the bits = numeric order (descending: complemented).
  const flip = descending ? 0xffffffff : 0;
  for (let x = 0; x < n; x++) {
    const i = idx[x];
    f64[0] = key[i] + 0;
    let hi = u32[HI], lo = u32[LO];
    if (hi & 0x80000000) { hi = ~hi; lo = ~lo; } else hi |= 0x80000000;
    hiBits[i] = (hi ^ flip) >>> 0; loBits[i] = (lo ^ flip) >>> 0;
  }
  // The high words (sign, exponent, 20 mantissa bits) by a stable LSD radix sort; then
  // each run of equal high words by its low words (stable insertion sort: the index order
  // of ties survives both). Start times rarely share a high word unless equal (s13: half
  // the passes, ~105 -> ~55 µs per 1,400 keys). A run longer than 48 would make the
  // insertion sort slow: then the whole sort runs on both words (8 passes) instead.
  let src = radixPasses(idx, tmp, n, hiBits);
  for (let x = 0; x < n;) {
    const h = hiBits[src[x]];
    let y = x + 1;
    while (y < n && hiBits[src[y]] === h) y++;
    if (y - x > 48) {
      // Back to the input in tie order, then low words and high words.
      const base = src, other = src === idx ? tmp : idx;
      base.subarray(0, n).sort();
      if (descending) for (let a = 0, b = n - 1; a < b; a++, b--) { const t = base[a]; base[a] = base[b]; base[b] = t; }
      const mid = radixPasses(base, other, n, loBits);
      src = radixPasses(mid, mid === base ? other : base, n, hiBits);
      break;
    }
    for (let a = x + 1; a < y; a++) {
      const v = src[a], lv = loBits[v];
      let b = a - 1;
      while (b >= x && loBits[src[b]] > lv) { src[b + 1] = src[b]; b--; }
      src[b + 1] = v;
    }
    x = y;
  }
  if (src !== idx) for (let x = 0; x < n; x++) idx[x] = src[x];
}

/**
 * When every key's floor is a 32-bit integer and the floors span at most 2n + 256
 * values (start times in working days or PSPLIB periods, half days included): a
 * stable counting sort by floor of idx[0 .. n) (which is in index order), then each
 * bucket by its keys (stable insertion: ties keep the index order). Returns false
 * with idx untouched when the keys do not qualify or the buckets need too many moves
 * (more than 4n in all): the radix sort then runs.
 * s14: on the bench plan's start times ~4x less time than the radix sort.
 */
function bucketSort(idx: Int32Array, key: Float64Array, descending: boolean, n: number): boolean {
  if (floors.length < n) floors = new Int32Array(n);
  if (tmp.length < n) tmp = new Int32Array(n);
  const fl = floors;
  let lo = 0x7fffffff, hi = -0x80000000;
  for (let x = 0; x < n; x++) {
    const f = Math.floor(key[idx[x]]);
    // Also false for NaN and ±Infinity.
    if (!(f >= -0x80000000 && f <= 0x7fffffff)) return false;
    if (f < lo) lo = f;
    if (f > hi) hi = f;
    fl[x] = f;
  }
  const range = hi - lo + 1;
  if (range > 2 * n + 256) return false;
  if (bucketCounts.length < range + 1) bucketCounts = new Int32Array(2 * range + 1);
  const c = bucketCounts;
  c.fill(0, 0, range + 1);
  // Bucket of a key: the rank of its floor in the direction of the sort.
  if (descending) for (let x = 0; x < n; x++) fl[x] = hi - fl[x];
  else for (let x = 0; x < n; x++) fl[x] -= lo;
  for (let x = 0; x < n; x++) c[fl[x] + 1]++;
  for (let b = 1; b <= range; b++) c[b] += c[b - 1];
  // Ties: index up (ascending), index down (descending).
  if (descending) for (let x = n - 1; x >= 0; x--) tmp[c[fl[x]]++] = idx[x];
  else for (let x = 0; x < n; x++) tmp[c[fl[x]]++] = idx[x];
  // Inside each bucket (c[b] is now its end), by key; insertion keeps ties in place.
  let moves = 0;
  for (let b = 0, from = 0; b < range; from = c[b++]) {
    for (let a = from + 1; a < c[b]; a++) {
      const v = tmp[a], kv = key[v];
      let y = a - 1;
      if (descending) while (y >= from && key[tmp[y]] < kv) { tmp[y + 1] = tmp[y]; y--; }
      else while (y >= from && key[tmp[y]] > kv) { tmp[y + 1] = tmp[y]; y--; }
      tmp[y + 1] = v;
      moves += a - 1 - y;
    }
    if (moves > 4 * n) return false;
  }
  for (let x = 0; x < n; x++) idx[x] = tmp[x];
  return true;
}

/**
 * Four stable counting-sort passes of src[0 .. n) by the bytes of words[i], least
 * significant first, alternating between src and other; returns the array holding the
 * result. A byte shared by all keys orders nothing and is skipped.
 */
function radixPasses(src: Int32Array, other: Int32Array, n: number, words: Uint32Array): Int32Array {
  let dst = other;
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let x = 0; x < n; x++) counts[(words[src[x]] >>> shift) & 255]++;
    if (counts[(words[src[0]] >>> shift) & 255] === n) continue;
    let sum = 0;
    for (let b = 0; b < 256; b++) { const c = counts[b]; counts[b] = sum; sum += c; }
    for (let x = 0; x < n; x++) { const i = src[x]; dst[counts[(words[i] >>> shift) & 255]++] = i; }
    const t = src; src = dst; dst = t;
  }
  return src;
}

export class Justifier {
  private readonly bs: Float64Array;
  private readonly bf: Float64Array;
  private readonly fs: Float64Array;
  private readonly ff: Float64Array;
  private readonly order: Int32Array;

  constructor(private readonly sgs: SerialSgs) {
    const n = sgs.problem.n;
    this.bs = new Float64Array(n); this.bf = new Float64Array(n);
    this.fs = new Float64Array(n); this.ff = new Float64Array(n);
    this.order = new Int32Array(n);
  }

  /**
   * One backward + forward pass on the schedule (start, finish, makespan). When the
   * result is no longer, start/finish are replaced by it. Returns the new makespan.
   */
  improve(dur: Float64Array, start: Float64Array, finish: Float64Array, makespan: number): number {
    if (!Number.isFinite(makespan)) return makespan;
    const { order, bs, bf, fs, ff } = this;
    for (let i = 0; i < order.length; i++) order[i] = i;
    sortByKey(order, finish, true);
    this.sgs.backward(order, dur, makespan, bs, bf);
    // From index order again: the same result (a total order), without sortByKey's native presort.
    for (let i = 0; i < order.length; i++) order[i] = i;
    sortByKey(order, bs, false);
    return forwardIfNoLonger(this.sgs, order, dur, fs, ff, start, finish, makespan);
  }
}

/**
 * The last step of a justification: the serial SGS on `order` into fs/ff; start/finish
 * take the result when it is no longer than `makespan`. Returns the resulting makespan.
 */
export function forwardIfNoLonger(
  sgs: SerialSgs, order: Int32Array, dur: Float64Array, fs: Float64Array, ff: Float64Array,
  start: Float64Array, finish: Float64Array, makespan: number,
): number {
  const m = sgs.forward(order, dur, fs, ff);
  if (!(m <= makespan)) return makespan;
  start.set(fs);
  finish.set(ff);
  return m;
}

/**
 * bucketSort in WebAssembly (s14, P2): the same counting sort by floor and insertion
 * inside each bucket over one memory (the keys copied in, the sorted indices out).
 * The order is total (key, then index), so its result is bucketSort's; when the keys
 * do not qualify it returns false as bucketSort does (the radix sort then runs).
 * Why: a search sorts ~1,000 times (the standardized list, the justifications'
 * orders); the JavaScript sort ran cold for its first calls and V8 compiled it twice.
 * sort(n, desc, keyAt, idxAt, tmpAt, flAt, cAt) -> 1 sorted (idx at tmpAt), 0 not.
 */
function bucketSortFn(): WasmFunction {
  const F = frame<'n' | 'desc' | 'keyAt' | 'idxAt' | 'tmpAt' | 'flAt' | 'cAt', 'x' | 'b' | 'a' | 'y' | 'v' | 'fi' | 'lo' | 'hi' | 'range' | 'from' | 'moves' | 'end' | 'kf' | 'kv'>(
    [['n', I32], ['desc', I32], ['keyAt', I32], ['idxAt', I32], ['tmpAt', I32], ['flAt', I32], ['cAt', I32]],
    [['x', I32], ['b', I32], ['a', I32], ['y', I32], ['v', I32], ['fi', I32], ['lo', I32], ['hi', I32], ['range', I32], ['from', I32], ['moves', I32], ['end', I32], ['kf', F64], ['kv', F64]]);
  type Name = keyof typeof F.v;
  const { g, put, inc, setI, forUp } = localOps<Name>(F.v);
  const keyOf = (j: Code): Code => ldF(g('keyAt'), j);
  /** Insertion inside a bucket: while y >= from and key[tmp[y]] is after kv (desc: <, else >). */
  const insertion = (cmp: number): Node[] => block('ins', loop('ins.loop',
    g('y'), g('from'), I32_LT_S, brIf('ins'),
    keyOf(ldI(g('tmpAt'), g('y'))), g('kv'), cmp, [I32_EQZ], brIf('ins'),
    setI('tmpAt', [...g('y'), ...i32(1), I32_ADD], ldI(g('tmpAt'), g('y'))),
    put('y', [...g('y'), ...i32(1), I32_SUB]),
    br('ins.loop'),
  ));
  const body: Node[] = ([
    ...put('lo', i32(0x7fffffff)), ...put('hi', i32(-0x80000000)),
    ...forUp('x', i32(0), g('n'), 'floor', [
      ...put('kf', [...keyOf(ldI(g('idxAt'), g('x'))), F64_FLOOR]),
      // Also false for NaN and ±Infinity.
      ...g('kf'), ...f64c(-0x80000000), F64_GE, ...g('kf'), ...f64c(0x7fffffff), F64_LE, I32_AND, I32_EQZ,
      ...IF, ...i32(0), RETURN, END,
      ...put('fi', [...g('kf'), ...I32_TRUNC_SAT_F64_S]),
      ...g('fi'), ...g('lo'), I32_LT_S, ...when(put('lo', g('fi'))),
      ...g('fi'), ...g('hi'), I32_GT_S, ...when(put('hi', g('fi'))),
      ...setI('flAt', g('x'), g('fi')),
    ]),
    // range = hi - lo + 1 (in doubles: it may exceed the i32 range) at most 2n + 256.
    [...g('hi'), F64_CONVERT_I32_S, ...g('lo'), F64_CONVERT_I32_S, F64_SUB, ...f64c(1), F64_ADD,
      ...g('n'), ...i32(2), I32_MUL, ...i32(256), I32_ADD, F64_CONVERT_I32_S, F64_GT],
    when([...i32(0), RETURN]),
    put('range', [...g('hi'), ...g('lo'), I32_SUB, ...i32(1), I32_ADD]),
    forUp('b', i32(0), [...g('range'), ...i32(1), I32_ADD], 'zero', setI('cAt', g('b'), i32(0))),
    g('desc'), when(
      forUp('x', i32(0), g('n'), 'dn', setI('flAt', g('x'), [...g('hi'), ...ldI(g('flAt'), g('x')), I32_SUB])),
      forUp('x', i32(0), g('n'), 'up', setI('flAt', g('x'), [...ldI(g('flAt'), g('x')), ...g('lo'), I32_SUB])),
    ),
    forUp('x', i32(0), g('n'), 'count', [
      ...put('b', [...ldI(g('flAt'), g('x')), ...i32(1), I32_ADD]),
      ...setI('cAt', g('b'), [...ldI(g('cAt'), g('b')), ...i32(1), I32_ADD]),
    ]),
    forUp('b', i32(1), [...g('range'), ...i32(1), I32_ADD], 'prefix',
      setI('cAt', g('b'), [...ldI(g('cAt'), g('b')), ...ldI(g('cAt'), [...g('b'), ...i32(1), I32_SUB]), I32_ADD])),
    // Ties: index up (ascending), index down (descending).
    g('desc'), when([
      ...put('x', g('n')),
      ...block('sd', loop('sd.loop',
        g('x'), i32(0), I32_EQ, brIf('sd'),
        put('x', [...g('x'), ...i32(1), I32_SUB]),
        put('b', ldI(g('flAt'), g('x'))), put('a', ldI(g('cAt'), g('b'))),
        setI('tmpAt', g('a'), ldI(g('idxAt'), g('x'))), setI('cAt', g('b'), [...g('a'), ...i32(1), I32_ADD]),
        br('sd.loop'),
      )),
    ], forUp('x', i32(0), g('n'), 'su', [
      ...put('b', ldI(g('flAt'), g('x'))), ...put('a', ldI(g('cAt'), g('b'))),
      ...setI('tmpAt', g('a'), ldI(g('idxAt'), g('x'))), ...setI('cAt', g('b'), [...g('a'), ...i32(1), I32_ADD]),
    ])),
    // Inside each bucket (c[b] is now its end), by key; insertion keeps ties in place.
    put('from', i32(0)),
    forUp('b', i32(0), g('range'), 'buckets', [
      ...put('end', ldI(g('cAt'), g('b'))),
      ...forUp('a', [...g('from'), ...i32(1), I32_ADD], g('end'), 'bucket', [
        ...put('v', ldI(g('tmpAt'), g('a'))), ...put('kv', keyOf(g('v'))), ...put('y', [...g('a'), ...i32(1), I32_SUB]),
        ...g('desc'), ...when(insertion(F64_LT), insertion(F64_GT)),
        ...setI('tmpAt', [...g('y'), ...i32(1), I32_ADD], g('v')),
        ...put('moves', [...g('moves'), ...g('a'), I32_ADD, ...i32(1), I32_SUB, ...g('y'), I32_SUB]),
      ]),
      ...g('moves'), ...g('n'), ...i32(4), I32_MUL, I32_GT_S, ...when([...i32(0), RETURN]),
      ...put('from', g('end')),
    ]),
    ...i32(1),
  ] as Array<Node | Node[]>).flat();
  return { name: 'sort', params: F.paramTypes, results: [I32], locals: F.localRuns, body: emit(body) };
}

/** The bucket sort module's bytes. */
function bucketSortModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes([bucketSortFn()]);
}

const bucketSortModule = compiledOnce('rcpsp-bucket-sort', bucketSortModuleBytes);

/** The sort's memory, grown on demand (single-threaded use, as the scratch above); null: JavaScript. */
let sorter: { memory: WebAssembly.Memory; run: (n: number, desc: number, keyAt: number, idxAt: number, tmpAt: number, flAt: number, cAt: number) => number } | null | undefined;

/** bucketSort in WebAssembly where available (see bucketSortFn), else in JavaScript. */
function bucketSortWasm(idx: Int32Array, key: Float64Array, descending: boolean, n: number): boolean {
  if (sorter === undefined) {
    const module = bucketSortModule();
    try {
      const memory = new WebAssembly.Memory({ initial: 1 });
      sorter = module ? { memory, run: new WebAssembly.Instance(module, { env: { memory } }).exports.sort as never } : null;
    } catch {
      sorter = null;
    }
  }
  if (!sorter) return bucketSort(idx, key, descending, n);
  // Layout: keys, indices, sorted indices, floors, counts (2n + 258).
  const keyAt = 0, idxAt = 8 * key.length, tmpAt = idxAt + 4 * n, flAt = tmpAt + 4 * n, cAt = flAt + 4 * n, top = cAt + 4 * (2 * n + 258);
  const mem = sorter.memory;
  if (mem.buffer.byteLength < top) mem.grow(Math.ceil((top - mem.buffer.byteLength) / 65536));
  const buf = mem.buffer;
  new Float64Array(buf, keyAt, key.length).set(key);
  new Int32Array(buf, idxAt, n).set(n === idx.length ? idx : idx.subarray(0, n));
  if (sorter.run(n, descending ? 1 : 0, keyAt, idxAt, tmpAt, flAt, cAt) === 0) return false;
  idx.set(new Int32Array(buf, tmpAt, n));
  return true;
}
