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
 * listFromPriority for what is kept between picks).
 */
import type { RcpspProblem } from './rcpsp-problem';

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
  for (let i = n - 1; i >= 0; i--) {
    for (let k = succStart[i]; k < succStart[i + 1]; k++) {
      const s = succs[k];
      reach[i * words + (s >>> 5)] |= 1 << (s & 31);
      for (let w = 0; w < words; w++) reach[i * words + w] |= reach[s * words + w];
    }
    let c = 0;
    for (let w = 0; w < words; w++) { let x = reach[i * words + w]; while (x) { x &= x - 1; c++; } }
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
 */
export function listFromPriority(p: RcpspProblem, priority: Priority, rng?: () => number, bias = 1): Int32Array {
  const { n, predStart, succStart, succs } = p;
  for (let i = 0; i < n; i++) if (Number.isNaN(priority[i])) throw new RangeError(`priority of activity ${i} is NaN`);
  if (!rng) return listByRule(p, priority);
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
  const weightOf = (i: number, worst: number): number => {
    const d = priority[i] - worst + 1;
    let w = powers.get(d);
    if (w === undefined) powers.set(d, (w = Math.pow(d, bias)));
    return w;
  };
  let worst = Infinity;
  /** Weights and sums of eligible[from ..) for `worst`. */
  const reweigh = (from: number): void => {
    let acc = sum[from];
    for (let e = from; e < count; e++) { const w = weightOf(eligible[e], worst); weight[e] = w; acc += w; sum[e + 1] = acc; }
  };
  for (let e = 0; e < count; e++) if (priority[eligible[e]] < worst) worst = priority[eligible[e]];
  reweigh(0);
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
    if (next !== worst) { worst = next; reweigh(0); continue; }
    // Same worst: the sums from the removed position on, then the new eligible ones.
    // The running sum in a register (the same additions; reading sum[e] back would wait on the store).
    let acc = sum[pick];
    for (let e = pick; e < before; e++) { acc += weight[e]; sum[e + 1] = acc; }
    reweigh(before);
  }
  return list;
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
  /** Whether a goes before b. */
  const before = (a: number, b: number): boolean => priority[a] > priority[b] || (priority[a] === priority[b] && a < b);
  let nh = 0;
  const push = (j: number): void => {
    let i = nh++;
    while (i > 0) { const up = (i - 1) >> 1; if (!before(j, heap[up])) break; heap[i] = heap[up]; i = up; }
    heap[i] = j;
  };
  for (let i = 0; i < n; i++) if ((missing[i] = predStart[i + 1] - predStart[i]) === 0) push(i);
  for (let x = 0; x < n; x++) {
    const j = heap[0], last = heap[--nh];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= nh) break;
      if (c + 1 < nh && before(heap[c + 1], heap[c])) c++;
      if (!before(heap[c], last)) break;
      heap[i] = heap[c]; i = c;
    }
    if (nh > 0) heap[i] = last;
    list[x] = j;
    for (let k = succStart[j]; k < succStart[j + 1]; k++) if (--missing[succs[k]] === 0) push(succs[k]);
  }
  return list;
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
