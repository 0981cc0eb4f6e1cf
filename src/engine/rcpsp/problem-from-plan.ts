/**
 * A compiled plan as an RcpspProblem: most-likely durations (0 for done tasks),
 * `notBefore` as release times, demands per pool, and each pool's capacity as a
 * step function of working days built from its availability windows.
 *
 * Availability windows are inclusive ISO dates mapped through the plan calendar:
 * [from, to] covers working days [workingDaysBefore(from), workingDaysThrough(to)).
 * Outside every window the base capacity holds; where windows overlap, the later
 * one in the list wins (so a short reservation can be listed after a long one).
 * Finish constraints (review-board sittings, deployment windows) are passed
 * through as they are; the serial SGS applies them (serial-sgs.ts).
 * Cost: O(n * R + W log W) for W windows.
 */
import type { CompiledPlan } from '../compile-plan';
import type { CapacityStep, RcpspProblem } from './rcpsp-problem';

export function capacityStep(cp: CompiledPlan, r: number): CapacityStep {
  const res = cp.plan.resources[r];
  const windows = (res.availability ?? []).map((w) => ({
    from: cp.calendar.workingDaysBefore(w.from),
    to: cp.calendar.workingDaysThrough(w.to),
    capacity: w.capacity,
  })).filter((w) => w.to > w.from);
  const bounds = [...new Set(windows.flatMap((w) => [w.from, w.to]))].sort((a, b) => a - b);
  const times: number[] = [], values: number[] = [];
  for (const t of bounds) {
    let v = res.capacity;
    for (const w of windows) if (w.from <= t && t < w.to) v = w.capacity;
    if (values.length && values[values.length - 1] === v) continue;
    if (!values.length && v === res.capacity) continue;
    times.push(t); values.push(v);
  }
  return { base: res.capacity, times, values };
}

/** Capacity in force at time t. */
export function capacityAt(c: CapacityStep, t: number): number {
  let v = c.base;
  for (let k = 0; k < c.times.length && c.times[k] <= t; k++) v = c.values[k];
  return v;
}

export function problemFromPlan(cp: CompiledPlan): RcpspProblem {
  const R = cp.resourceIds.length;
  const duration = new Float64Array(cp.n);
  for (let i = 0; i < cp.n; i++) duration[i] = cp.done[i] ? 0 : cp.det[i];
  return {
    n: cp.n, R,
    predStart: cp.predStart, preds: cp.preds, succStart: cp.succStart, succs: cp.succs,
    duration,
    release: cp.notBefore,
    demand: cp.demand,
    capacity: Array.from({ length: R }, (_, r) => capacityStep(cp, r)),
    ...(cp.finishRule && cp.finishShift && cp.finishTables
      ? { finishRule: cp.finishRule, finishShift: cp.finishShift, finishTables: cp.finishTables } : {}),
  };
}
