/**
 * The deterministic schedule of a plan: the precedence-only CPM report when no
 * task demands a resource, otherwise a resource-constrained schedule.
 *
 * Phases (in this order, each deterministic for the seed): compile the plan into
 * an RCPSP (most-likely durations, notBefore as release times, availability
 * windows as capacity per working day), search activity lists with the genetic
 * algorithm of rcpsp/genetic-search.ts within `schedules` SGS decodings, decode
 * the best list once more to learn which pool delayed each task and whose finish
 * released it, then compute floats in the resource-constrained sense
 * (rcpsp/schedule-floats.ts: critical = delaying it delays the makespan under
 * the schedule's resource order) and each pool's usage per working day.
 * Early/late fields stay those of the resource-free CPM network. Finish
 * constraints (board sittings, deployment windows) hold in the resource schedule
 * too (rcpsp/serial-sgs.ts: deploys start later, gates wait without their pools).
 * Cost: O(schedules x SGS) time; the default budget shrinks for large plans so a
 * resolver call stays within seconds (see `defaultSchedules`).
 */
import seedrandom from 'seedrandom';
import type { CompiledPlan } from './compile-plan';
import { cpm, criticalTolerance } from './critical-path';
import type { ScheduleReport, ScheduledTask } from './reports';
import { cleanDays, scheduleReport, DEFAULT_NEAR_CRITICAL_DAYS } from './schedule-report';
import { RcpspError, usesResources } from './rcpsp/rcpsp-problem';
import { problemFromPlan, capacityAt } from './rcpsp/problem-from-plan';
import { solveRcpsp } from './rcpsp/genetic-search';
import { SerialSgs } from './rcpsp/serial-sgs';
import { scheduleFloats } from './rcpsp/schedule-floats';
import { nextAllowedFinish } from './gates/allowed-finish';

export interface SchedulePlanOptions {
  /** Tasks with at most this total float are near-critical (default 2 working days). */
  nearCriticalDays?: number;
  /** With resources: budget of SGS decodings (default: defaultSchedules(n)). */
  schedules?: number;
  /** With resources: seed of the search (default '1'). */
  seed?: string;
}

/** 1000 decodings, fewer for plans above 2000 tasks (about 2 million activity placements), at least 50. */
export function defaultSchedules(n: number): number {
  return Math.max(50, Math.min(1000, Math.floor(2_000_000 / Math.max(1, n))));
}

export function schedulePlan(cp: CompiledPlan, opts: SchedulePlanOptions = {}): ScheduleReport {
  const nearCriticalDays = opts.nearCriticalDays ?? DEFAULT_NEAR_CRITICAL_DAYS;
  const problem = problemFromPlan(cp);
  if (!usesResources(problem)) return scheduleReport(cp, { nearCriticalDays });
  if (!(Number.isFinite(nearCriticalDays) && nearCriticalDays >= 0)) throw new RangeError(`nearCriticalDays must be a finite number >= 0, not ${nearCriticalDays}`);
  const schedules = opts.schedules ?? defaultSchedules(cp.n);
  if (!(Number.isSafeInteger(schedules) && schedules >= 1)) throw new RangeError(`schedules must be a whole number >= 1, not ${schedules}`);
  const seed = opts.seed ?? '1';

  const best = solveRcpsp(problem, { schedules, rng: seedrandom(seed) });
  const sgs = new SerialSgs(problem);
  const start = new Float64Array(cp.n), finish = new Float64Array(cp.n);
  const makespan = sgs.forward(best.order, problem.duration, start, finish);
  if (!Number.isFinite(makespan)) {
    const i = start.findIndex((s) => !Number.isFinite(s));
    const id = cp.ids[i];
    throw new RcpspError('unschedulable', `task ${id} never fits: its demand exceeds a pool's capacity from some date on`, id);
  }
  const fl = scheduleFloats(sgs, start, finish, makespan);
  const net = cpm(cp);
  // As critical-path.ts: a constrained task with no allowed finish left keeps its unconstrained finish, with a warning.
  const warnings: string[] = [];
  if (cp.finishRule && cp.finishTables) {
    for (let i = 0; i < cp.n; i++) {
      const r = cp.finishRule[i];
      if (r < 0 || nextAllowedFinish(cp as Required<CompiledPlan>, i, finish[i]) !== Infinity) continue;
      warnings.push(`task ${cp.ids[i]} cannot finish as its rule requires: the ${cp.finishTables[r].name} offers no day on or after working day ${Math.max(0, Math.ceil(finish[i]) - 1)} before the horizon, so it keeps its unconstrained finish`);
    }
  }
  const eps = criticalTolerance(makespan);
  const cal = cp.calendar;
  const R = problem.R;

  const tasks: ScheduledTask[] = new Array(cp.n);
  const near: number[] = [];
  for (let i = 0; i < cp.n; i++) {
    const task = cp.plan.tasks[cp.planIndex[i]];
    const t: ScheduledTask = {
      id: task.id,
      start: cleanDays(start[i]),
      finish: cleanDays(finish[i]),
      startDate: cal.startDate(start[i]),
      finishDate: cal.finishDate(finish[i]),
      totalFloat: cleanDays(fl.totalFloat[i]),
      freeFloat: cleanDays(fl.freeFloat[i]),
      critical: fl.critical[i] === 1,
      earlyStart: cleanDays(net.es[i]),
      earlyFinish: cleanDays(net.ef[i]),
      lateStart: cleanDays(net.ls[i]),
      lateFinish: cleanDays(net.lf[i]),
      duration: cleanDays(finish[i] - start[i]),
      status: task.status,
    };
    if (task.name !== undefined) t.name = task.name;
    if (sgs.delayedBy[i] >= 0) t.delayedBy = cp.resourceIds[sgs.delayedBy[i]];
    tasks[cp.planIndex[i]] = t;
    if (fl.totalFloat[i] <= nearCriticalDays + eps) near.push(i);
  }
  near.sort((x, y) => start[x] - start[y] || x - y);

  // Average units in use over each working day [d, d + 1), so fractional tasks count pro rata.
  const days = Math.max(0, Math.ceil(makespan - 1e-9));
  const resourceUsage = cp.plan.resources.map((res, r) => {
    const usage = new Float64Array(days);
    for (let i = 0; i < cp.n; i++) {
      const q = problem.demand[i * R + r];
      // Pools are held for the work only: a gate waiting for its board's sitting holds none.
      const end = start[i] + problem.duration[i];
      if (!(q > 0) || end <= start[i]) continue;
      for (let d = Math.floor(start[i]); d < end && d < days; d++) {
        const overlap = Math.min(end, d + 1) - Math.max(start[i], d);
        if (overlap > 0) usage[d] += q * overlap;
      }
    }
    const entry: { id: string; name?: string; capacity: number[]; usage: number[] } = {
      id: res.id,
      capacity: Array.from({ length: days }, (_, d) => capacityAt(problem.capacity[r], d)),
      usage: Array.from(usage, cleanDays),
    };
    if (res.name !== undefined) entry.name = res.name;
    return entry;
  });

  return {
    makespan: cleanDays(makespan),
    finishDate: cal.finishDate(makespan),
    criticalPath: fl.criticalPath.map((i) => cp.ids[i]),
    nearCritical: near.map((i) => cp.ids[i]),
    nearCriticalDays,
    tasks,
    resourceUsage,
    warnings,
  };
}
