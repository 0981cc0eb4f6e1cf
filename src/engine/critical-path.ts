/**
 * Critical path method (CPM): early and late start/finish, total and free float,
 * and one critical path, for a compiled plan and a vector of durations.
 *
 * Method: a forward pass in topological order (ES = max(EF of predecessors,
 * notBefore), EF = ES + d) and a backward pass in reverse order (LF = min LS of
 * successors, or the project finish for a task without successors; LS = LF - d).
 * Total float = LS - ES; free float = min ES of successors - EF (finish - EF for
 * a task without successors). A task is critical when its total float is at most
 * 1e-9 x max(1, finish). The reported path ends at the last (topologically)
 * critical task finishing at the project finish - a sink, so trailing milestones
 * are included - and walks back through binding critical predecessors (EF = ES
 * of the successor), preferring the smallest topological position on ties, which
 * follows file order; it stops at a task whose start no predecessor binds (a start
 * task, or one held by its notBefore).
 * Assumptions: finish-to-start edges; `notBefore` is a release date only (it does
 * not move late dates); done tasks have duration 0 (cp.det already says so).
 * Cost: O(V + E) time, six Float64Arrays of V.
 * Reference: Kelley & Walker (1959), "Critical-path planning and scheduling";
 * PMI, PMBOK Guide, 6th ed., section 6.5.2.2.
 */
import type { CompiledPlan } from './compile-plan';

export interface CpmResult {
  es: Float64Array;
  ef: Float64Array;
  ls: Float64Array;
  lf: Float64Array;
  totalFloat: Float64Array;
  freeFloat: Float64Array;
  /** Project finish in working days (0 for no tasks). */
  finish: number;
  /** Topological positions, from a start task to a task finishing at `finish`. */
  criticalPath: number[];
}

/** Float below which a task counts as critical, relative to the finish so rounding never splits a path. */
export function criticalTolerance(finish: number): number {
  return 1e-9 * Math.max(1, finish);
}

export function cpm(cp: CompiledPlan, durations: Float64Array = cp.det): CpmResult {
  const { n, predStart, preds, succStart, succs, notBefore, done } = cp;
  if (durations.length < n) throw new RangeError(`cpm: ${durations.length} durations for ${n} tasks`);
  const es = new Float64Array(n), ef = new Float64Array(n), ls = new Float64Array(n), lf = new Float64Array(n);
  const totalFloat = new Float64Array(n), freeFloat = new Float64Array(n);
  const d = (i: number) => (done[i] ? 0 : durations[i]);

  let finish = 0;
  for (let i = 0; i < n; i++) {
    let s = notBefore[i];
    for (let k = predStart[i]; k < predStart[i + 1]; k++) if (ef[preds[k]] > s) s = ef[preds[k]];
    es[i] = s;
    ef[i] = s + d(i);
    if (ef[i] > finish) finish = ef[i];
  }

  for (let i = n - 1; i >= 0; i--) {
    let l = finish, early = finish;
    for (let k = succStart[i]; k < succStart[i + 1]; k++) {
      const j = succs[k];
      if (ls[j] < l) l = ls[j];
      if (es[j] < early) early = es[j];
    }
    lf[i] = l;
    ls[i] = l - d(i);
    totalFloat[i] = ls[i] - es[i];
    freeFloat[i] = early - ef[i];
  }

  return { es, ef, ls, lf, totalFloat, freeFloat, finish, criticalPath: walkCriticalPath(cp, es, ef, totalFloat, finish) };
}

function walkCriticalPath(cp: CompiledPlan, es: Float64Array, ef: Float64Array, totalFloat: Float64Array, finish: number): number[] {
  const eps = criticalTolerance(finish);
  let end = -1;
  for (let i = cp.n - 1; i >= 0; i--) {
    if (totalFloat[i] <= eps && Math.abs(ef[i] - finish) <= eps) { end = i; break; }
  }
  if (end < 0) return [];
  const path = [end];
  for (let i = end; ;) {
    let next = -1;
    for (let k = cp.predStart[i]; k < cp.predStart[i + 1]; k++) {
      const p = cp.preds[k]; // preds are sorted by position, so the first match is the smallest
      if (totalFloat[p] <= eps && Math.abs(ef[p] - es[i]) <= eps) { next = p; break; }
    }
    if (next < 0) break;
    path.push(next);
    i = next;
  }
  return path.reverse();
}
