/**
 * Parallel schedule generation scheme (SGS): decodes an activity list into a
 * non-delay schedule. Time advances over decision points (the earliest finish of a
 * running activity, a release time, a capacity breakpoint); at each one the
 * eligible activities (every predecessor finished, released) are started in list
 * order whenever every pool they use has room for their whole duration. No pool is
 * ever left idle while an eligible activity would fit, which the serial SGS does not
 * guarantee: a different (smaller, not always containing an optimum) set of
 * schedules that is often better on instances with tight resources.
 *
 * Assumptions: the list holds each activity once (it is read as priorities, so it
 * need not be precedence-feasible). Capacity may vary over time; no finish
 * constraints (`supports` is false when the problem has some; the caller then keeps
 * the serial SGS). Zero-duration activities start as soon as they are eligible and
 * free their successors at the same instant.
 * Ties: list order; activities finishing at the same instant are released together.
 * An activity that can never fit (demand above a pool's capacity from some time on)
 * and its successors get start Infinity, and the makespan is Infinity, as in the
 * serial SGS.
 * Waiting streams (s14, constant capacities; `{ reference: true }` and time-varying
 * capacity keep the plain scan, forwardScan): an eligible activity that did not fit
 * waits in the stream of (the pool it loads most, its need there), in list order. At a
 * decision point only the streams whose pool has their need free take part, merged in
 * list order with the newcomers, and a stream leaves as soon as its pool falls short:
 * free capacity only falls during a scan (fl(F - q) <= F), so the skipped activities
 * are exactly ones the scan would find short, and the same activities start in the
 * same order (same float operations, same bits; tested against the scan on random
 * problems). Not-yet-released activities wait in a heap by release time. Starting
 * order within an instant does not change the heap's pops ((finish, index) is a total
 * order). Measured on the 2,000-task bench plan (shared 2-core VM, noisy): the scan
 * checked ~33.6k eligible entries per decoding (29k failing, mostly on the A100 pool),
 * the streams ~2.6k; CPU time per decoding on the 325 lists of a search, in-process
 * A/B: ~0.75 -> ~0.37 ms (1.17 -> 0.57 under heavier load).
 * WebAssembly (s14, P2): with constant capacities forward() runs the streams' decoding
 * in parallel-sgs-wasm.ts (the same operations in the same order: equal bits, tested
 * against forwardStreams and forwardScan on random problems); forwardStreams stays as
 * its twin and the fallback (`{ wasm: false }`). Why: a search makes only ~325 parallel
 * decodings, and V8 ran the first ~20 of forwardStreams unoptimized (~240 ms in one run)
 * while spending ~130-290 ms of background CPU optimizing it, twice per run (forward
 * and the justifier's backward instance). Measured on the bench plan (shared 2-core
 * VM, noisy): ~0.23-0.25 ms per decoding once tiered up (JavaScript optimized: ~0.37;
 * cachegrind, --no-liftoff: ~1.6M instructions per decoding).
 * Cost: O(n log n + starts x streams + stream moves) per decoding with constant
 * capacities, O(n log n + sum over decision points of the eligible set, times the
 * pools used) with the scan; one decoding = one schedule.
 * Reference: Kolisch, "Serial and parallel resource-constrained project scheduling
 * methods revisited", EJOR 90 (1996); Hartmann, "A self-adapting genetic algorithm
 * for project scheduling under resource constraints", NRL 49 (2002).
 */
import { CAPACITY_EPS } from './resource-profile';
import { demandLists, hasConstantCapacity, type DemandLists, type RcpspProblem } from './rcpsp-problem';
import { forwardIfNoLonger, sortByKey } from './justify';
import type { SerialSgs } from './serial-sgs';
import { ParallelSgsWasm } from './parallel-sgs-wasm';

const EPS = CAPACITY_EPS;

export class ParallelSgs {
  readonly problem: RcpspProblem;
  /** False when the problem has finish constraints (not handled here). */
  readonly supports: boolean;
  private readonly uses: DemandLists;
  private readonly constant: Uint8Array;
  private readonly base: Float64Array;
  private readonly free: Float64Array;
  private readonly rank: Int32Array;
  private readonly missing: Int32Array;
  private readonly eligible: Int32Array;
  private readonly fresh: Int32Array;
  private readonly kept: Int32Array;
  private readonly rest: Int32Array;
  /** Binary min-heap of running activities by (finish, index). */
  private readonly heap: Int32Array;
  /** Whether forward() runs the waiting-stream decoding (constant capacities, not `reference`). */
  private readonly streamed: boolean;
  /** Stream of each activity (-1: none: zero duration or no demand); per stream its pool, need and slice of `sbuf`. */
  private readonly streamOf: Int32Array;
  private readonly sPool: Int32Array;
  private readonly sNeed: Float64Array;
  private readonly sOff: Int32Array;
  private readonly sEnd: Int32Array;
  private readonly sRd: Int32Array;
  private readonly sWr: Int32Array;
  private readonly sbuf: Int32Array;
  private readonly act: Int32Array;
  private readonly late: Int32Array;
  /** Binary min-heap of eligible activities not yet released, by release time. */
  private readonly pending: Int32Array;
  /** hkey[h]: finish of heap[h] (the waiting-stream decoding's heap). */
  private readonly hkey: Float64Array;
  /** Number of predecessors of each activity; the activities without any. */
  private readonly predCount: Int32Array;
  /** The problem's arrays that forwardStreams reads (see there). */
  private readonly n: number;
  private readonly succStart: Int32Array;
  private readonly succs: Int32Array;
  private readonly release: Float64Array;
  private readonly us: Int32Array;
  private readonly pool: Int32Array;
  private readonly qty: Float64Array;
  private readonly sources: Int32Array;
  /** forwardStreams in WebAssembly (parallel-sgs-wasm.ts); null: the JavaScript one runs. */
  private readonly wasm: ParallelSgsWasm | null;

  /**
   * `reference: true` keeps the plain scan of the whole eligible set at every decision
   * point (the reference of the tests; also what runs when some capacity varies).
   * `wasm: false` keeps forwardStreams in JavaScript (the twin of the WebAssembly
   * decoding, which runs by default where available).
   */
  constructor(problem: RcpspProblem, opts: { reference?: boolean; wasm?: boolean } = {}) {
    const { n, R } = problem;
    this.problem = problem;
    this.supports = !(problem.finishRule && problem.finishRule.some((r) => r >= 0));
    this.uses = demandLists(problem);
    this.constant = new Uint8Array(R);
    this.base = new Float64Array(R);
    for (let r = 0; r < R; r++) {
      const c = problem.capacity[r];
      this.constant[r] = c.values.every((v) => v === c.base) ? 1 : 0;
      this.base[r] = c.base;
    }
    this.free = new Float64Array(R);
    this.rank = new Int32Array(n);
    this.missing = new Int32Array(n);
    this.eligible = new Int32Array(n);
    this.fresh = new Int32Array(n);
    this.kept = new Int32Array(n);
    this.rest = new Int32Array(n);
    this.heap = new Int32Array(n);
    this.streamed = opts.reference !== true && this.constant.every((c) => c === 1);
    // Streams: one per (watched pool, need) pair. An activity watches the pool it loads
    // most (largest share of the capacity; ties: the first), so that it is skipped while
    // that pool lacks its need.
    const { start: us, pool, qty } = this.uses;
    this.streamOf = new Int32Array(n).fill(-1);
    const key = new Map<string, number>();
    const sPool: number[] = [], sNeed: number[] = [], size: number[] = [];
    for (let j = 0; j < n; j++) {
      if (!(problem.duration[j] > 0) || us[j] === us[j + 1]) continue;
      let w = us[j];
      for (let u = us[j] + 1; u < us[j + 1]; u++) if (qty[u] / this.base[pool[u]] > qty[w] / this.base[pool[w]]) w = u;
      const need = qty[w] - EPS, k = `${pool[w]} ${need}`;
      let s = key.get(k);
      if (s === undefined) { key.set(k, (s = sPool.length)); sPool.push(pool[w]); sNeed.push(need); size.push(0); }
      this.streamOf[j] = s;
      size[s]++;
    }
    const S = sPool.length;
    this.sPool = Int32Array.from(sPool);
    this.sNeed = Float64Array.from(sNeed);
    this.sOff = new Int32Array(S + 1);
    for (let s = 0; s < S; s++) this.sOff[s + 1] = this.sOff[s] + size[s];
    this.sEnd = new Int32Array(S);
    this.sRd = new Int32Array(S);
    this.sWr = new Int32Array(S);
    this.sbuf = new Int32Array(this.sOff[S]);
    this.act = new Int32Array(S);
    this.late = new Int32Array(n);
    this.pending = new Int32Array(n);
    this.hkey = new Float64Array(n);
    this.n = n;
    this.succStart = problem.succStart; this.succs = problem.succs; this.release = problem.release;
    this.us = us; this.pool = pool; this.qty = qty;
    this.predCount = new Int32Array(n);
    for (let j = 0; j < n; j++) this.predCount[j] = problem.predStart[j + 1] - problem.predStart[j];
    this.sources = Int32Array.from({ length: n }, (_, j) => j).filter((j) => this.predCount[j] === 0);
    this.wasm = this.streamed && this.supports && opts.wasm !== false ? ParallelSgsWasm.create({
      n, R, succStart: this.succStart, succs: this.succs, release: this.release, us, pool, qty,
      need: qty.map((q) => q - EPS), base: this.base, predCount: this.predCount, sources: this.sources,
      streamOf: this.streamOf, sPool: this.sPool, sNeed: this.sNeed, sOff: this.sOff,
    }) : null;
  }

  /** Whether forward() runs in WebAssembly. */
  get usesWasm(): boolean {
    return this.wasm !== null;
  }

  /**
   * Decodes `order` with durations `dur`: fills start and finish, returns the makespan.
   */
  forward(order: ArrayLike<number>, dur: Float64Array, start: Float64Array, finish: Float64Array): number {
    if (!this.supports) throw new RangeError('the parallel SGS does not handle finish constraints');
    if (this.wasm) return this.wasm.forward(order, dur, start, finish);
    return this.streamed ? this.forwardStreams(order, dur, start, finish) : this.forwardScan(order, dur, start, finish);
  }

  /**
   * forward() with constant capacities, keeping the waiting activities in streams (see
   * the banner): the same starts as forwardScan, bit for bit.
   */
  private forwardStreams(order: ArrayLike<number>, dur: Float64Array, start: Float64Array, finish: Float64Array): number {
    // Read from this object, not from the problem: the reversed problem of
    // ParallelJustifier has another shape, which would deoptimize this (large) function.
    const { n, succStart, succs, release, us, pool, qty } = this;
    const { rank, missing, fresh, kept, heap, hkey, free, streamOf, sPool, sNeed, sOff, sEnd, sRd, sWr, sbuf, act, late, pending } = this;
    const S = sPool.length;
    for (let x = 0; x < n; x++) rank[order[x]] = x;
    free.set(this.base);
    sEnd.set(sOff.subarray(0, S));
    missing.set(this.predCount);
    start.fill(Infinity); finish.fill(Infinity);
    // Fresh is a stack whose order does not matter (see below).
    const sources = this.sources;
    fresh.set(sources);
    let nf = sources.length;
    let nh = 0, np = 0, placed = 0, makespan = 0, t = 0;
    for (;;) {
      // Released now: from the pending heap to the newcomers.
      while (np > 0 && release[pending[0]] <= t) {
        fresh[nf++] = pending[0];
        const last = pending[--np], rl = release[last];
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= np) break;
          if (c + 1 < np && release[pending[c + 1]] < release[pending[c]]) c++;
          if (release[pending[c]] >= rl) break;
          pending[i] = pending[c]; i = c;
        }
        if (np > 0) pending[i] = last;
      }
      // Newcomers: zero durations start and finish at t (and free their successors at
      // once); those not released yet wait in `pending`; the rest, in list order, are
      // merged into the scan below.
      let nk = 0;
      while (nf > 0) {
        const j = fresh[--nf];
        const rl = release[j];
        if (rl > t) {
          let i = np++;
          while (i > 0) { const up = (i - 1) >> 1; if (release[pending[up]] <= rl) break; pending[i] = pending[up]; i = up; }
          pending[i] = j;
        } else if (dur[j] === 0) {
          start[j] = t; finish[j] = t; placed++;
          if (t > makespan) makespan = t;
          for (let k = succStart[j]; k < succStart[j + 1]; k++) if (--missing[succs[k]] === 0) fresh[nf++] = succs[k];
        } else kept[nk++] = j;
      }
      sortByRank(kept, nk, rank, order, this.rest);
      // The streams whose pool has their need free take part; a stream leaves as soon as
      // its pool falls short of its need (free capacity only falls during the scan).
      let na = 0;
      for (let s = 0; s < S; s++) {
        if (sEnd[s] > sOff[s] && free[sPool[s]] >= sNeed[s]) { act[na++] = s; sRd[s] = sWr[s] = sOff[s]; }
      }
      let b = 0, nl = 0;
      for (;;) {
        // The next activity in list order: the newcomers' head or a stream's head.
        let j = b < nk ? kept[b] : -1, from = -1, rj = j >= 0 ? rank[j] : n;
        for (let a = 0; a < na;) {
          const s = act[a];
          if (sRd[s] === sEnd[s] || free[sPool[s]] < sNeed[s]) {
            // Leaves: its unread tail moves down over the started ones.
            let rd = sRd[s], wr = sWr[s];
            const end = sEnd[s];
            if (wr < rd) { while (rd < end) sbuf[wr++] = sbuf[rd++]; sEnd[s] = wr; }
            act[a] = act[--na];
            continue;
          }
          const h = sbuf[sRd[s]];
          if (rank[h] < rj) { j = h; rj = rank[h]; from = s; }
          a++;
        }
        if (j < 0) break;
        if (from < 0) b++; else sRd[from]++;
        let fits = true;
        for (let u = us[j]; u < us[j + 1]; u++) if (free[pool[u]] < qty[u] - EPS) { fits = false; break; }
        if (!fits) {
          if (from < 0) late[nl++] = j; else sbuf[sWr[from]++] = j;
          continue;
        }
        const d = dur[j], f = t + d;
        start[j] = t; finish[j] = f; placed++;
        if (f > makespan) makespan = f;
        for (let u = us[j]; u < us[j + 1]; u++) free[pool[u]] -= qty[u];
        // The running heap keeps each finish beside its activity (hkey), one load less per step.
        let i = nh++;
        while (i > 0) {
          const up = (i - 1) >> 1, fu = hkey[up];
          if (fu < f || (fu === f && heap[up] < j)) break;
          heap[i] = heap[up]; hkey[i] = fu; i = up;
        }
        heap[i] = j; hkey[i] = f;
      }
      // Newcomers that did not fit join their streams in list order: merged from the back
      // (sRd: the next old entry to move, sWr: the next free place).
      if (nl > 0) {
        for (let x = 0; x < nl; x++) { const s = streamOf[late[x]]; sRd[s] = sEnd[s]; sWr[s] = -1; }
        for (let x = 0; x < nl; x++) { const s = streamOf[late[x]]; sEnd[s]++; }
        for (let x = nl - 1; x >= 0; x--) {
          const j = late[x], s = streamOf[j], rj = rank[j], lo = sOff[s];
          let src = sRd[s], dst = sWr[s] < 0 ? sEnd[s] - 1 : sWr[s];
          while (src > lo && rank[sbuf[src - 1]] > rj) sbuf[dst--] = sbuf[--src];
          sbuf[dst--] = j;
          sRd[s] = src; sWr[s] = dst;
        }
      }
      if (placed === n) break;
      let next = nh > 0 ? hkey[0] : Infinity;
      if (np > 0 && release[pending[0]] < next) next = release[pending[0]];
      if (next === Infinity) return Infinity; // nothing running and no release ahead: the rest never fits
      t = next;
      while (nh > 0 && hkey[0] <= t) {
        const j = heap[0];
        --nh;
        const last = heap[nh], fl = hkey[nh];
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= nh) break;
          let fc = hkey[c], hc = heap[c];
          if (c + 1 < nh) {
            const f1 = hkey[c + 1], h1 = heap[c + 1];
            if (f1 < fc || (f1 === fc && h1 < hc)) { c++; fc = f1; hc = h1; }
          }
          if (fc > fl || (fc === fl && hc > last)) break;
          heap[i] = hc; hkey[i] = fc; i = c;
        }
        if (nh > 0) { heap[i] = last; hkey[i] = fl; }
        for (let u = us[j]; u < us[j + 1]; u++) free[pool[u]] += qty[u];
        for (let k = succStart[j]; k < succStart[j + 1]; k++) if (--missing[succs[k]] === 0) fresh[nf++] = succs[k];
      }
    }
    return makespan;
  }

  /** forward() by a scan of the whole eligible set at every decision point (any capacity). */
  private forwardScan(order: ArrayLike<number>, dur: Float64Array, start: Float64Array, finish: Float64Array): number {
    const p = this.problem, n = p.n;
    const { predStart, succStart, succs, release } = p;
    const { start: us, pool, qty } = this.uses;
    const { rank, missing, fresh, kept, heap, free, constant } = this;
    let eligible = this.eligible, rest = this.rest;
    for (let x = 0; x < n; x++) rank[order[x]] = x;
    free.set(this.base);
    let nf = 0;
    for (let j = 0; j < n; j++) {
      missing[j] = predStart[j + 1] - predStart[j];
      start[j] = Infinity; finish[j] = Infinity;
      if (missing[j] === 0) fresh[nf++] = j;
    }
    // eligible: activities whose predecessors have all finished, not started, in list
    // order; fresh: those that became so at t (a stack); heap: running activities.
    let ne = 0, nh = 0, placed = 0, makespan = 0, t = 0, zeroWaiting = 0;
    for (;;) {
      // A zero-duration activity released by t starts and finishes at t (it needs no
      // capacity, so its place in the list does not matter) and frees its successors
      // at once; so every activity eligible at t is known before the scan below.
      if (zeroWaiting > 0) {
        let w = 0;
        for (let e = 0; e < ne; e++) {
          const j = eligible[e];
          if (dur[j] === 0 && release[j] <= t) { fresh[nf++] = j; zeroWaiting--; } else eligible[w++] = j;
        }
        ne = w;
      }
      let nk = 0;
      while (nf > 0) {
        const j = fresh[--nf];
        if (dur[j] === 0 && release[j] <= t) {
          start[j] = t; finish[j] = t; placed++;
          if (t > makespan) makespan = t;
          for (let k = succStart[j]; k < succStart[j + 1]; k++) if (--missing[succs[k]] === 0) fresh[nf++] = succs[k];
        } else {
          kept[nk++] = j;
          if (dur[j] === 0) zeroWaiting++;
        }
      }
      // The newcomers in list order, merged into the eligible set by the scan below.
      for (let a = 1; a < nk; a++) {
        const v = kept[a], rv = rank[v];
        let b = a - 1;
        while (b >= 0 && rank[kept[b]] > rv) { kept[b + 1] = kept[b]; b--; }
        kept[b + 1] = v;
      }
      // Start what fits, in list order; what does not stays eligible (in `rest`, then swapped in).
      let w = 0, nextRelease = Infinity, a = 0, b = 0;
      while (a < ne || b < nk) {
        const j = b >= nk || (a < ne && rank[eligible[a]] < rank[kept[b]]) ? eligible[a++] : kept[b++];
        const rl = release[j];
        if (rl > t) { rest[w++] = j; if (rl < nextRelease) nextRelease = rl; continue; }
        const d = dur[j];
        let fits = true;
        for (let u = us[j]; u < us[j + 1]; u++) {
          const r = pool[u];
          if (constant[r] === 1 ? free[r] < qty[u] - EPS : !this.fitsVarying(r, qty[u] - EPS, t, d, nh, finish)) { fits = false; break; }
        }
        if (!fits) { rest[w++] = j; continue; }
        start[j] = t; finish[j] = t + d; placed++;
        if (t + d > makespan) makespan = t + d;
        for (let u = us[j]; u < us[j + 1]; u++) free[pool[u]] -= qty[u];
        // Into the heap of running activities by (finish, index).
        let i = nh++;
        while (i > 0) {
          const up = (i - 1) >> 1, h = heap[up];
          if (finish[h] < t + d || (finish[h] === t + d && h < j)) break;
          heap[i] = h; i = up;
        }
        heap[i] = j;
      }
      ne = w;
      const swap = eligible; eligible = rest; rest = swap;
      if (placed === n) break;
      let next = nh > 0 ? finish[heap[0]] : Infinity;
      if (nextRelease < next) next = nextRelease;
      const brk = this.nextBreak(t);
      if (brk < next) next = brk;
      if (next === Infinity) return Infinity; // nothing running and no change ahead: the rest never fits
      t = next;
      while (nh > 0 && finish[heap[0]] <= t) {
        const j = heap[0], last = heap[--nh], fl = finish[last];
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= nh) break;
          if (c + 1 < nh && (finish[heap[c + 1]] < finish[heap[c]] || (finish[heap[c + 1]] === finish[heap[c]] && heap[c + 1] < heap[c]))) c++;
          const hc = heap[c];
          if (finish[hc] > fl || (finish[hc] === fl && hc > last)) break;
          heap[i] = hc; i = c;
        }
        if (nh > 0) heap[i] = last;
        for (let u = us[j]; u < us[j + 1]; u++) free[pool[u]] += qty[u];
        for (let k = succStart[j]; k < succStart[j + 1]; k++) if (--missing[succs[k]] === 0) fresh[nf++] = succs[k];
      }
    }
    return makespan;
  }

  /**
   * Whether q units of time-varying pool r are free over [t, t + d) beside the running
   * activities (heap[0..nh)), all started by t: their use only falls after t, so the
   * capacity is checked at t and at every breakpoint inside (t, t + d).
   */
  private fitsVarying(r: number, q: number, t: number, d: number, nh: number, finish: Float64Array): boolean {
    const p = this.problem, c = p.capacity[r], heap = this.heap;
    const useAt = (s: number): number => {
      let use = 0;
      for (let h = 0; h < nh; h++) { const a = heap[h]; if (finish[a] > s) use += p.demand[a * p.R + r]; }
      return use;
    };
    let cap = c.base, k = 0;
    while (k < c.times.length && c.times[k] <= t) cap = c.values[k++];
    if (cap - useAt(t) < q) return false;
    for (; k < c.times.length && c.times[k] < t + d; k++) if (c.values[k] - useAt(c.times[k]) < q) return false;
    return true;
  }

  /** The first capacity breakpoint after t on a time-varying pool (Infinity: none). */
  private nextBreak(t: number): number {
    let b = Infinity;
    const { capacity, R } = this.problem;
    for (let r = 0; r < R; r++) {
      if (this.constant[r] === 1) continue;
      for (const x of capacity[r].times) if (x > t) { if (x < b) b = x; break; }
    }
    return b;
  }
}

/**
 * Sorts a[0 .. count) (activities) by rank: by insertion when short, else through the
 * ranks sorted natively (order[rank] maps them back; `tmp` is scratch of n entries).
 */
function sortByRank(a: Int32Array, count: number, rank: Int32Array, order: ArrayLike<number>, tmp: Int32Array): void {
  if (count <= 24) {
    for (let x = 1; x < count; x++) {
      const v = a[x], rv = rank[v];
      let y = x - 1;
      while (y >= 0 && rank[a[y]] > rv) { a[y + 1] = a[y]; y--; }
      a[y + 1] = v;
    }
    return;
  }
  for (let x = 0; x < count; x++) tmp[x] = rank[a[x]];
  tmp.subarray(0, count).sort();
  for (let x = 0; x < count; x++) a[x] = order[tmp[x]];
}

/**
 * Forward-backward improvement through the parallel SGS: the schedule is decoded
 * backward by the parallel SGS on the reversed network (activities in decreasing
 * finish order, right-justified without idle capacity at the end), then forward by
 * the serial SGS in increasing start order of that schedule. The twin of
 * justify.ts's Justifier for lists decoded by the parallel SGS (Tormos & Lova 2003
 * mix both schemes in backward-forward passes). Constant capacities only
 * (`supports`), since the reversed network runs in mirrored time.
 * Cost: two decodings (two schedules).
 */
export class ParallelJustifier {
  readonly supports: boolean;
  private readonly back: ParallelSgs;
  private readonly order: Int32Array;
  private readonly ms: Float64Array;
  private readonly mf: Float64Array;
  private readonly bs: Float64Array;
  private readonly fs: Float64Array;
  private readonly ff: Float64Array;

  constructor(private readonly sgs: SerialSgs) {
    const p = sgs.problem, n = p.n;
    const reversed: RcpspProblem = {
      n, R: p.R, predStart: p.succStart, preds: p.succs, succStart: p.predStart, succs: p.preds,
      duration: p.duration, release: new Float64Array(n), demand: p.demand, capacity: p.capacity,
    };
    this.back = new ParallelSgs(reversed);
    this.supports = !(p.finishRule && p.finishRule.some((r) => r >= 0)) && hasConstantCapacity(p);
    this.order = new Int32Array(n);
    this.ms = new Float64Array(n); this.mf = new Float64Array(n);
    this.bs = new Float64Array(n);
    this.fs = new Float64Array(n); this.ff = new Float64Array(n);
  }

  /** As Justifier.improve: start/finish are replaced when the result is no longer; returns the makespan. */
  improve(dur: Float64Array, start: Float64Array, finish: Float64Array, makespan: number): number {
    if (!Number.isFinite(makespan)) return makespan;
    const { order, ms, mf, bs, fs, ff } = this;
    for (let i = 0; i < order.length; i++) order[i] = i;
    sortByKey(order, finish, true);
    const length = this.back.forward(order, dur, ms, mf);
    if (!Number.isFinite(length)) return makespan;
    for (let i = 0; i < order.length; i++) bs[i] = makespan - mf[i];
    for (let i = 0; i < order.length; i++) order[i] = i;
    sortByKey(order, bs, false);
    return forwardIfNoLonger(this.sgs, order, dur, fs, ff, start, finish, makespan);
  }
}
