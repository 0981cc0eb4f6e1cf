/**
 * The deterministic, precedence-only schedule report (`schedule --json` without
 * resources): CPM on the most-likely durations, mapped onto the working calendar.
 *
 * Method: cpm() once, then each task's numbers and dates in file order. Dates
 * follow docs/plan-format.md: startDate = working day floor(start), finishDate =
 * working day ceil(finish) - 1 (day 0 for finish <= 0), so a zero-length milestone
 * at x shows the day before x as its finish date ("done by the end of that day").
 * Numbers are rounded to 1e-9 days to hide binary-fraction noise (0.1 + 0.2); the
 * critical flags are decided before rounding. Resource demands are ignored here:
 * schedule-plan.ts chooses the resource-constrained schedule when there are any.
 * Cost: O(V + E) plus O(V log V) to order the near-critical list.
 */
import type { CompiledPlan } from './compile-plan';
import { cpm, criticalTolerance, type CpmResult } from './critical-path';
import type { ScheduleReport, ScheduledTask } from './reports';

export interface ScheduleReportOptions {
  /** Tasks with at most this much total float (working days) are listed as near-critical. Default 2. */
  nearCriticalDays?: number;
}

export const DEFAULT_NEAR_CRITICAL_DAYS = 2;

/** Rounds away float noise below 1e-9 working days (and turns -0 into 0). */
export function cleanDays(x: number): number {
  return Math.round(x * 1e9) / 1e9 + 0;
}

export function scheduleReport(cp: CompiledPlan, opts: ScheduleReportOptions = {}): ScheduleReport {
  const nearCriticalDays = opts.nearCriticalDays ?? DEFAULT_NEAR_CRITICAL_DAYS;
  if (!(Number.isFinite(nearCriticalDays) && nearCriticalDays >= 0)) throw new RangeError(`nearCriticalDays must be a finite number >= 0, not ${nearCriticalDays}`);
  const r = cpm(cp);
  return reportFromCpm(cp, r, nearCriticalDays);
}

/** Builds the report from a CPM result (shared with callers that already ran cpm()). */
export function reportFromCpm(cp: CompiledPlan, r: CpmResult, nearCriticalDays: number = DEFAULT_NEAR_CRITICAL_DAYS): ScheduleReport {
  const eps = criticalTolerance(r.finish);
  const cal = cp.calendar;
  const tasks: ScheduledTask[] = new Array(cp.n);
  const near: number[] = [];
  for (let i = 0; i < cp.n; i++) {
    const task = cp.plan.tasks[cp.planIndex[i]];
    const tf = r.totalFloat[i];
    const t: ScheduledTask = {
      id: task.id,
      start: cleanDays(r.es[i]),
      finish: cleanDays(r.ef[i]),
      startDate: cal.startDate(r.es[i]),
      finishDate: cal.finishDate(r.ef[i]),
      totalFloat: tf <= eps ? 0 : cleanDays(tf),
      freeFloat: r.freeFloat[i] <= eps ? 0 : cleanDays(r.freeFloat[i]),
      critical: tf <= eps,
      earlyStart: cleanDays(r.es[i]),
      earlyFinish: cleanDays(r.ef[i]),
      lateStart: cleanDays(r.ls[i]),
      lateFinish: cleanDays(r.lf[i]),
      duration: cleanDays(r.ef[i] - r.es[i]),
      status: task.status,
    };
    if (task.name !== undefined) t.name = task.name;
    tasks[cp.planIndex[i]] = t;
    if (tf <= nearCriticalDays + eps) near.push(i);
  }
  near.sort((x, y) => r.es[x] - r.es[y] || x - y);
  return {
    makespan: cleanDays(r.finish),
    finishDate: cal.finishDate(r.finish),
    criticalPath: r.criticalPath.map((i) => cp.ids[i]),
    nearCritical: near.map((i) => cp.ids[i]),
    nearCriticalDays,
    tasks,
    warnings: r.unmetFinish.map((u) => u.message),
  };
}
