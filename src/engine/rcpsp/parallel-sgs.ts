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
 * Cost: O(n log n + sum over decision points of the eligible set, times the pools
 * used) per decoding with constant capacities; one decoding = one schedule.
 * Reference: Kolisch, "Serial and parallel resource-constrained project scheduling
 * methods revisited", EJOR 90 (1996); Hartmann, "A self-adapting genetic algorithm
 * for project scheduling under resource constraints", NRL 49 (2002).
 */
import { CAPACITY_EPS } from './resource-profile';
import { demandLists, hasConstantCapacity, type DemandLists, type RcpspProblem } from './rcpsp-problem';
import { forwardIfNoLonger, sortByKey } from './justify';
import type { SerialSgs } from './serial-sgs';

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

  constructor(problem: RcpspProblem) {
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
  }

  /**
   * Decodes `order` with durations `dur`: fills start and finish, returns the makespan.
   */
  forward(order: ArrayLike<number>, dur: Float64Array, start: Float64Array, finish: Float64Array): number {
    if (!this.supports) throw new RangeError('the parallel SGS does not handle finish constraints');
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
