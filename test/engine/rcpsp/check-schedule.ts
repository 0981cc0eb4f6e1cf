/** Test helper: every violated precedence, release or capacity (time-varying included) of a schedule. */
import type { RcpspProblem } from '../../../src/engine/rcpsp/rcpsp-problem';

export function checkSchedule(p: RcpspProblem, start: ArrayLike<number>, finish: ArrayLike<number>, dur: ArrayLike<number> = p.duration): string[] {
  const out: string[] = [];
  const tol = 1e-9;
  for (let j = 0; j < p.n; j++) {
    // A gate waiting for its board's sitting finishes after its work (finish constraints, serial-sgs.ts).
    const waits = p.finishRule !== undefined && p.finishRule[j] >= 0 && p.finishShift![j] === 0;
    const gap = finish[j] - start[j] - dur[j];
    if (waits ? gap < -tol : Math.abs(gap) > tol) out.push(`${j}: finish - start != duration`);
    if (start[j] < p.release[j] - tol) out.push(`${j}: starts before its release`);
    for (let k = p.predStart[j]; k < p.predStart[j + 1]; k++) if (start[j] < finish[p.preds[k]] - tol) out.push(`${j}: starts before predecessor ${p.preds[k]} ends`);
  }
  // Capacity only changes at starts, finishes and capacity breakpoints: check each of those instants.
  const times = new Set<number>();
  for (let j = 0; j < p.n; j++) { times.add(start[j]); }
  for (const c of p.capacity) for (const t of c.times) times.add(t);
  for (const t of times) {
    for (let r = 0; r < p.R; r++) {
      const c = p.capacity[r];
      let cap = c.base;
      for (let k = 0; k < c.times.length && c.times[k] <= t; k++) cap = c.values[k];
      let use = 0;
      // Pools are held for the work: [start, start + duration).
      for (let j = 0; j < p.n; j++) if (start[j] <= t && t < start[j] + dur[j]) use += p.demand[j * p.R + r];
      if (use > cap + 1e-9) out.push(`pool ${r} over capacity at ${t}: ${use} > ${cap}`);
    }
  }
  return out;
}
