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
 */
import type { CapacityStep } from './rcpsp-problem';

/** Tolerance on capacities, so that sums of fractional demands do not block a fit. */
export const CAPACITY_EPS = 1e-9;

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
    if (initial) this.setInitial(initial);
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
    }
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
    const a = this.split(r, s);
    const b = this.split(r, e);
    const free = this.free[r];
    for (let k = a; k < b; k++) free[k] -= q;
    this.endedBy[r][b] = task;
  }
}
