/**
 * Priority rules and regret-based biased random sampling: how the search builds
 * its first activity lists. Rules (Kolisch 1996): LFT (latest finish time in the
 * resource-free network, smaller first), MTS (most total successors), GRPW
 * (greatest rank positional weight: own duration plus immediate successors').
 * Sampling picks among the eligible activities (all predecessors listed) with
 * probability proportional to (regret + 1)^bias, regret = how much better the
 * activity's priority is than the worst eligible one (Kolisch & Drexl 1996).
 * Ties and the deterministic rule (rng absent) take the lowest index.
 * Cost: O(n^2) per list (eligible set scan), fine for lists built a few times.
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
 * lowest index) without `rng`, regret-biased random with it.
 */
export function listFromPriority(p: RcpspProblem, priority: Priority, rng?: () => number, bias = 1): Int32Array {
  const { n, predStart, succStart, succs } = p;
  const missing = new Int32Array(n);
  for (let i = 0; i < n; i++) missing[i] = predStart[i + 1] - predStart[i];
  const eligible: number[] = [];
  for (let i = 0; i < n; i++) if (missing[i] === 0) eligible.push(i);
  const list = new Int32Array(n);
  const weight: number[] = [];
  const powers = new Map<number, number>();
  for (let x = 0; x < n; x++) {
    let pick = 0;
    if (!rng) {
      for (let e = 1; e < eligible.length; e++) {
        const a = eligible[e], b = eligible[pick];
        if (priority[a] > priority[b] || (priority[a] === priority[b] && a < b)) pick = e;
      }
    } else {
      let worst = Infinity;
      for (const e of eligible) worst = Math.min(worst, priority[e]);
      let total = 0;
      weight.length = eligible.length;
      for (let e = 0; e < eligible.length; e++) {
        // Math.pow is a slow call and the same regrets come back pick after pick: memoized per list (same values).
        const d = priority[eligible[e]] - worst + 1;
        let w = powers.get(d);
        if (w === undefined) powers.set(d, (w = Math.pow(d, bias)));
        weight[e] = w;
        total += w;
      }
      let u = rng() * total;
      pick = eligible.length - 1;
      for (let e = 0; e < eligible.length; e++) { u -= weight[e]; if (u < 0) { pick = e; break; } }
    }
    const j = eligible[pick];
    eligible[pick] = eligible[eligible.length - 1];
    eligible.pop();
    list[x] = j;
    for (let k = succStart[j]; k < succStart[j + 1]; k++) if (--missing[succs[k]] === 0) eligible.push(succs[k]);
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
