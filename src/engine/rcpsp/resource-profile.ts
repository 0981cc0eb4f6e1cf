/**
 * Free capacity of renewable pools over continuous time, as sorted breakpoint
 * arrays: for pool r, free[k] units are available on [time[k], time[k+1]) and
 * free[last] from time[last] on. An activity is placed by splitting the profile
 * at its start and finish and subtracting its demand in between.
 *
 * Method: event-based profile (the "resource profile" of serial schedule
 * generation). Lookups are binary searches; insertions shift a typed array, so
 * placing an activity costs O(log K + segments spanned + K) in the worst case and
 * O(log K) when activities are placed roughly in time order, as an activity list
 * sorted by start time does. Capacity is preallocated: no allocation after setup.
 *
 * Each breakpoint also remembers which activity's finish created it (`endedBy`),
 * so a search that is pushed to a breakpoint knows whose finish released the
 * capacity: that is the resource link used for resource-constrained critical paths.
 *
 * Two shortcuts for the earliest-fit search, both exact because free capacity only
 * ever decreases between resets (placing takes, nothing gives back):
 * - `minFree[r]`: the least free capacity of pool r over all time; a demand at or
 *   below it fits anywhere, so the search can skip the pool;
 * - demand levels: for each distinct demand q registered on a pool (`addLevel`),
 *   `front[level]` is the start of the first segment with at least q free. Every
 *   earlier segment is short of q, so an activity demanding q cannot start before
 *   it; the search starts there instead of walking a saturated stretch segment by
 *   segment. The front only moves forward (amortized O(K) per reset).
 */
import type { CapacityStep } from './rcpsp-problem';

/** Tolerance on capacities, so that sums of fractional demands do not block a fit. */
export const CAPACITY_EPS = 1e-9;

/** What a profile holds after construction, for the WebAssembly SGS (sgs-wasm-module.ts) to copy. */
export interface ProfileLayout {
  max: number;
  initTime: Float64Array[];
  initFree: Float64Array[];
  initCount: Int32Array;
  levelPool: Int32Array;
  levelNeed: Float64Array;
  poolLevels: number[][];
}

export class ResourceProfile {
  readonly R: number;
  private readonly max: number;
  readonly time: Float64Array[];
  readonly free: Float64Array[];
  readonly endedBy: Int32Array[];
  readonly count: Int32Array;
  private readonly initTime: Float64Array[];
  private readonly initFree: Float64Array[];
  private readonly initCount: Int32Array;
  /** Least free capacity of each pool over all time (see the banner). */
  readonly minFree: Float64Array;
  /** Demand levels: pool, threshold (quantity - CAPACITY_EPS) and current front of each. */
  private levelPool: Int32Array = new Int32Array(0);
  private levelNeed: Float64Array = new Float64Array(0);
  front: Float64Array = new Float64Array(0);
  private poolLevels: number[][];

  /** `maxPlacements`: how many activities may be placed between resets. */
  constructor(R: number, maxPlacements: number, initial?: CapacityStep[]) {
    this.R = R;
    const windows = initial ? Math.max(0, ...initial.map((c) => c.times.length)) : 0;
    this.max = 2 * maxPlacements + 2 * windows + 2;
    const mk = () => Array.from({ length: R }, () => new Float64Array(this.max));
    this.time = mk(); this.free = mk(); this.initTime = mk(); this.initFree = mk();
    this.endedBy = Array.from({ length: R }, () => new Int32Array(this.max));
    this.count = new Int32Array(R);
    this.initCount = new Int32Array(R);
    this.minFree = new Float64Array(R);
    this.poolLevels = Array.from({ length: R }, () => []);
    if (initial) this.setInitial(initial);
  }

  /**
   * Registers demand `q` on pool r as a level with a front (see the banner) and
   * returns its id; the same (r, q) gives the same id. At most 32 levels per pool
   * (returns -1 beyond: the search then walks from its own start).
   */
  addLevel(r: number, q: number): number {
    const need = q - CAPACITY_EPS;
    for (const l of this.poolLevels[r]) if (this.levelNeed[l] === need) return l;
    if (this.poolLevels[r].length >= 32) return -1;
    const l = this.levelPool.length;
    const grow = <T extends Int32Array | Float64Array>(a: T, v: number): T => {
      const b = new (a.constructor as { new(n: number): T })(l + 1);
      b.set(a); b[l] = v; return b;
    };
    this.levelPool = grow(this.levelPool, r);
    this.levelNeed = grow(this.levelNeed, need);
    this.front = grow(this.front, 0);
    this.poolLevels[r].push(l);
    this.advance(l);
    return l;
  }

  /** The initial profile and the demand levels (read-only use). */
  layout(): ProfileLayout {
    return {
      max: this.max, initTime: this.initTime, initFree: this.initFree, initCount: this.initCount,
      levelPool: this.levelPool, levelNeed: this.levelNeed, poolLevels: this.poolLevels,
    };
  }

  /** Moves the front of level l past every segment with less than its need free. */
  private advance(l: number): void {
    const r = this.levelPool[l], need = this.levelNeed[l];
    const free = this.free[r], K = this.count[r];
    let k = this.seek(r, this.front[l]);
    while (k < K - 1 && free[k] < need) k++;
    this.front[l] = this.time[r][k];
  }

  /**
   * Sets the empty profile from capacity step functions, optionally mirrored in
   * time around `mirror` (t -> mirror - t, for backward scheduling), restricted to
   * times >= 0 (no activity starts before 0 in either direction).
   */
  setInitial(capacity: CapacityStep[], mirror?: number): void {
    for (let r = 0; r < this.R; r++) {
      const c = capacity[r];
      const L = c.times.length;
      // Segments over the whole line as (start, value), ascending.
      const segs: Array<[number, number]> = [];
      if (mirror === undefined) {
        segs.push([Number.NEGATIVE_INFINITY, c.base]);
        for (let k = 0; k < L; k++) segs.push([c.times[k], c.values[k]]);
      } else {
        // Real [a, b) with value v becomes [mirror - b, mirror - a).
        segs.push([Number.NEGATIVE_INFINITY, L ? c.values[L - 1] : c.base]);
        for (let k = L - 2; k >= 0; k--) segs.push([mirror - c.times[k + 1], c.values[k]]);
        if (L) segs.push([mirror - c.times[0], c.base]);
      }
      const t = this.initTime[r], f = this.initFree[r];
      let k = 0;
      for (let s = 0; s < segs.length; s++) {
        const next = s + 1 < segs.length ? segs[s + 1][0] : Number.POSITIVE_INFINITY;
        if (next <= 0) continue;
        const value = segs[s][1];
        if (k > 0 && f[k - 1] === value) continue;
        t[k] = Math.max(0, segs[s][0]); f[k] = value; k++;
      }
      this.initCount[r] = k;
    }
    this.reset();
  }

  /** Back to the empty profile. O(breakpoints of the capacity functions). */
  reset(): void {
    for (let r = 0; r < this.R; r++) {
      const k = this.initCount[r];
      this.time[r].set(this.initTime[r].subarray(0, k));
      this.free[r].set(this.initFree[r].subarray(0, k));
      this.endedBy[r].fill(-1, 0, k);
      this.count[r] = k;
      let m = Infinity;
      for (let x = 0; x < k; x++) if (this.initFree[r][x] < m) m = this.initFree[r][x];
      this.minFree[r] = m;
    }
    for (let l = 0; l < this.front.length; l++) { this.front[l] = 0; this.advance(l); }
  }

  /** Index of the segment containing t (the last k with time[k] <= t; 0 when t precedes all). */
  seek(r: number, t: number): number {
    const time = this.time[r];
    let lo = 0, hi = this.count[r] - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (time[mid] <= t) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** Makes t a breakpoint of pool r and returns its segment index. */
  split(r: number, t: number): number {
    const k = this.seek(r, t);
    const time = this.time[r];
    if (time[k] === t) return k;
    const free = this.free[r], ended = this.endedBy[r];
    const K = this.count[r];
    if (K >= this.max) throw new RangeError('resource profile capacity exceeded');
    time.copyWithin(k + 2, k + 1, K);
    free.copyWithin(k + 2, k + 1, K);
    ended.copyWithin(k + 2, k + 1, K);
    time[k + 1] = t;
    free[k + 1] = free[k];
    ended[k + 1] = -1;
    this.count[r] = K + 1;
    return k + 1;
  }

  /** Holds q units of pool r on [s, e), e > s; records `task` as the one whose finish frees them at e. */
  take(r: number, s: number, e: number, q: number, task: number): void {
    // One seek, one walk to e, and one backward shift that opens both new
    // breakpoints at once (split() twice would shift the tail twice).
    const time = this.time[r], free = this.free[r], ended = this.endedBy[r];
    const K = this.count[r];
    const a = this.seek(r, s);
    let b = a;
    while (b + 1 < K && time[b + 1] <= e) b++;
    const insS = time[a] !== s ? 1 : 0;
    const insE = time[b] !== e ? 1 : 0;
    if (K + insS + insE > this.max) throw new RangeError('resource profile capacity exceeded');
    const sh = insS + insE;
    if (sh > 0) {
      for (let k = K - 1; k > b; k--) { time[k + sh] = time[k]; free[k + sh] = free[k]; ended[k + sh] = ended[k]; }
      if (insE) { time[b + insS + 1] = e; free[b + insS + 1] = free[b]; }
      if (insS) {
        for (let k = b; k > a; k--) { time[k + 1] = time[k]; free[k + 1] = free[k]; ended[k + 1] = ended[k]; }
        time[a + 1] = s; free[a + 1] = free[a]; ended[a + 1] = -1;
      }
      this.count[r] = K + sh;
    }
    const from = a + insS;
    const to = insE ? b + insS + 1 : b + insS;
    let m = this.minFree[r];
    for (let k = from; k < to; k++) { const f = free[k] - q; free[k] = f; if (f < m) m = f; }
    this.minFree[r] = m;
    ended[to] = task;
    const levels = this.poolLevels[r], front = this.front;
    for (let x = 0; x < levels.length; x++) {
      const l = levels[x];
      // Only a front inside [s, e) can have lost its fit; earlier and later segments kept their capacity.
      if (front[l] >= s && front[l] < e) this.advance(l);
    }
  }
}
