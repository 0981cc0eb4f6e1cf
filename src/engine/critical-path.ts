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
 * Finish constraints (gates/allowed-finish.ts), when the compiled plan has them:
 * after EF = ES + d, EF moves to nextAllowedFinish (a review board's sitting, a
 * deployment window); a deploy also moves its ES to the new EF - d, a gate keeps
 * its ES and waits. Backward, LF moves down to the latest allowed finish, the task's
 * span is EF - ES, LS = LF - span and total float = LF - EF, so a gate waiting for
 * a sitting that sets the finish is critical. A task with no allowed finish left
 * before the horizon keeps its unconstrained finish, as the Monte Carlo forward pass
 * does (one late draw must not abort a forecast, and the deterministic schedule must
 * agree with it); it is listed in `unmetFinish` ('no-sitting' / 'no-allowed-finish'),
 * which health-checks.ts reports as a finding naming the task. Callers that must
 * refuse such a schedule throw unmetFinishError(cp, result). Backward, such a task
 * is treated as unconstrained too.
 * Cost: O(V + E) time, six Float64Arrays of V.
 * Reference: Kelley & Walker (1959), "Critical-path planning and scheduling";
 * PMI, PMBOK Guide, 6th ed., section 6.5.2.2.
 */
import type { CompiledPlan } from './compile-plan';
import { nextAllowedFinish, prevAllowedFinish } from './gates/allowed-finish';

/** A task can never finish as its rule requires: its board does not sit again, or no deployment window is left, before the horizon. */
export class FinishConstraintError extends Error {
  constructor(readonly code: 'no-sitting' | 'no-allowed-finish', readonly task: string, message: string) {
    super(message);
    this.name = 'FinishConstraintError';
  }
}

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
  /** Constrained tasks with no allowed finish before the horizon, in topological order: they keep their unconstrained finish. */
  unmetFinish: UnmetFinish[];
}

export interface UnmetFinish {
  /** Topological position. */
  task: number;
  code: 'no-sitting' | 'no-allowed-finish';
  message: string;
}

/** The first unmet finish constraint as an error, for callers that refuse such a schedule; null when every constraint is met. */
export function unmetFinishError(cp: Pick<CompiledPlan, 'ids'>, r: Pick<CpmResult, 'unmetFinish'>): FinishConstraintError | null {
  const u = r.unmetFinish[0];
  return u ? new FinishConstraintError(u.code, cp.ids[u.task], u.message) : null;
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

  const rule = cp.finishRule;
  const unmetFinish: UnmetFinish[] = [];
  let unmet: Uint8Array | undefined;
  let finish = 0;
  for (let i = 0; i < n; i++) {
    let s = notBefore[i];
    for (let k = predStart[i]; k < predStart[i + 1]; k++) if (ef[preds[k]] > s) s = ef[preds[k]];
    let f = s + d(i);
    if (rule && rule[i] >= 0) {
      const g = nextAllowedFinish(cp as Required<CompiledPlan>, i, f);
      if (g === Infinity) {
        const t = cp.finishTables![rule[i]];
        unmetFinish.push({
          task: i, code: t.source === 'gate' ? 'no-sitting' : 'no-allowed-finish',
          message: `task ${cp.ids[i]} cannot finish as its rule requires: the ${t.name} offers no day on or after working day ${Math.max(0, Math.ceil(f) - 1)} before the horizon, so it keeps its unconstrained finish`,
        });
        (unmet ??= new Uint8Array(n))[i] = 1;
      } else {
        if (g > f && cp.finishShift![i]) s = g - d(i);
        f = g;
      }
    }
    es[i] = s;
    ef[i] = f;
    if (ef[i] > finish) finish = ef[i];
  }

  for (let i = n - 1; i >= 0; i--) {
    let l = finish, early = finish;
    for (let k = succStart[i]; k < succStart[i + 1]; k++) {
      const j = succs[k];
      if (ls[j] < l) l = ls[j];
      if (es[j] < early) early = es[j];
    }
    const constrained = rule !== undefined && rule[i] >= 0 && !unmet?.[i];
    if (constrained) l = Math.max(ef[i], prevAllowedFinish(cp as Required<CompiledPlan>, i, l));
    lf[i] = l;
    ls[i] = l - (constrained ? ef[i] - es[i] : d(i));
    totalFloat[i] = ls[i] - es[i];
    freeFloat[i] = early - ef[i];
  }

  return { es, ef, ls, lf, totalFloat, freeFloat, finish, criticalPath: walkCriticalPath(cp, es, ef, totalFloat, finish), unmetFinish };
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
