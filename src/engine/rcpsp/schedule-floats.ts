/**
 * Floats and the critical chain of a resource-constrained schedule.
 *
 * Method: keep the schedule's resource order and ask how late each activity can
 * finish without moving the makespan: a backward serial SGS over the activities
 * in decreasing finish order with horizon = makespan right-justifies the schedule
 * (each activity as late as its successors and the pools allow, given the
 * activities after it). Total float = late start - start (never negative); an
 * activity is critical when it is 0, i.e. delaying it delays the makespan under
 * that order. Free float = room before the earliest successor or the makespan,
 * capped by total float. The critical path walks back from a critical activity
 * that ends the project through tight links: a predecessor whose finish is the
 * activity's start, or the activity whose finish released the pool that held it
 * back (the forward SGS records it); so the path may contain resource links.
 * Assumptions: `start`/`finish`/`delayedBy`/`blocker` come from a forward SGS of
 * `order`. Cost: one backward decoding plus O(n + E).
 * Reference: Bowers, "Criticality in resource constrained networks", JORS 46 (1995);
 * Goldratt, "Critical Chain" (1997).
 */
import type { SerialSgs } from './serial-sgs';
import { sortByKey } from './justify';

export interface ScheduleFloats {
  lateStart: Float64Array;
  totalFloat: Float64Array;
  freeFloat: Float64Array;
  critical: Uint8Array;
  /** Activity indexes from the first to the last of the chain. */
  criticalPath: number[];
}

export function scheduleFloats(sgs: SerialSgs, start: Float64Array, finish: Float64Array, makespan: number): ScheduleFloats {
  const p = sgs.problem, n = p.n;
  const tol = 1e-9 * Math.max(1, makespan);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  sortByKey(order, finish, true);
  const ls = new Float64Array(n), lf = new Float64Array(n);
  sgs.backward(order, p.duration, makespan, ls, lf);
  const totalFloat = new Float64Array(n), freeFloat = new Float64Array(n), critical = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const tf = ls[i] - start[i];
    totalFloat[i] = tf > tol ? tf : 0;
    critical[i] = tf <= tol ? 1 : 0;
    let room = makespan - finish[i];
    for (let k = p.succStart[i]; k < p.succStart[i + 1]; k++) room = Math.min(room, start[p.succs[k]] - finish[i]);
    freeFloat[i] = Math.max(0, Math.min(room, totalFloat[i]));
  }
  // The chain: start at the critical activity finishing last (lowest index on ties).
  let j = -1;
  for (let i = 0; i < n; i++) if (critical[i] && makespan - finish[i] <= tol && (j < 0 || finish[i] > finish[j] + tol)) j = i;
  const path: number[] = [];
  const seen = new Uint8Array(n);
  while (j >= 0 && !seen[j]) {
    path.push(j); seen[j] = 1;
    let next = -1;
    const b = sgs.blocker[j];
    if (sgs.delayedBy[j] >= 0 && b >= 0 && Math.abs(start[b] + p.duration[b] - start[j]) <= tol) next = b; // pools are released at the end of the work (a gate may wait after it)
    else {
      for (let k = p.predStart[j]; k < p.predStart[j + 1]; k++) {
        const q = p.preds[k];
        if (Math.abs(finish[q] - start[j]) <= tol && (next < 0 || (critical[q] && !critical[next]))) next = q;
      }
    }
    j = next;
  }
  path.reverse();
  return { lateStart: ls, totalFloat, freeFloat, critical, criticalPath: path };
}
