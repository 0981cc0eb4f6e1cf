/**
 * Side-by-side what-if comparison: the plan unchanged (the baseline) and each
 * scenario, with finish percentiles, their change against the baseline in working
 * days, the probability of meeting the committed date and any other date.
 *
 * Method: every scenario is applied to a copy of the plan (apply-scenario.ts),
 * compiled, given the plan's deterministic order (with pools: the baseline's activity
 * list, initiative ranks first, repaired for new dependencies; `replan` searches a new
 * order per scenario instead, schedule-plan.ts) and simulated with
 * common random numbers keyed by task id (paired-simulation.ts), so iteration t of
 * every scenario draws the same durations for the tasks they share. Deltas are
 * differences of percentiles of these paired samples; `paired` counts the
 * iterations in which the scenario is earlier / later than the baseline.
 * Due date of a scenario: its own move-due (without task) if any, else options.due,
 * else the plan's. P(finish <= date) counts finishes up to the end of that working
 * day (forecast.ts's convention).
 * Cost: (scenarios + 1) x (a deterministic schedule + iterations x one pass).
 */
import { compilePlan, CycleError, type CompiledPlan } from '../compile-plan';
import type { Plan } from '../plan';
import { quantileSorted } from '../percentiles';
import { isIsoDate } from '../working-calendar';
import { applyScenario } from './apply-scenario';
import { scenarioPass } from './activity-order';
import { simulatePaired, type PairedRun } from './paired-simulation';
import { ScenarioError, type Scenario, type ScenarioComparison, type ScenarioNote, type ScenarioResult, type WhatIfOptions } from './scenario';

export const DEFAULT_WHATIF_ITERATIONS = 2_000;
export const BASELINE_ID = 'baseline';
export const WHATIF_METHOD = 'common random numbers keyed by task id (each task draws the same durations in every scenario); with pools, one activity order (the plan\'s, initiative ranks first) unless re-planned; deltas are scenario minus baseline';

const round = (x: number, digits = 6) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f + 0;
};

/** One scenario's run: its plan, compiled plan, activity list and paired samples. */
export interface ScenarioRun {
  id: string;
  name?: string;
  notes: ScenarioNote[];
  plan: Plan;
  cp: CompiledPlan;
  list: string[] | null;
  run: PairedRun;
  /** Effective due date (see the banner). */
  due?: string;
}

export interface RunScenarioOptions extends WhatIfOptions {
  /** Keep this activity list instead of re-planning (trade-off curves). */
  list?: string[];
  groupOf?: (cp: CompiledPlan) => { groupOf: Int32Array; groups: number };
}

/** Applies, compiles and simulates one scenario. Throws ScenarioError on a bad scenario. */
export function runScenario(plan: Plan, scenario: Scenario, opts: RunScenarioOptions = {}): ScenarioRun {
  const iterations = opts.iterations ?? DEFAULT_WHATIF_ITERATIONS;
  const seed = opts.seed ?? '1';
  const applied = applyScenario(plan, scenario);
  let cp: CompiledPlan;
  try {
    cp = compilePlan(applied.plan);
  } catch (err) {
    if (err instanceof CycleError) throw new ScenarioError('cycle', `scenario ${scenario.id}: dependency cycle ${err.cycle.join(' -> ')}`, undefined, err.cycle[0], undefined, err.cycle, scenario.id);
    throw err;
  }
  const { pass, list } = scenarioPass(cp, { seed, schedules: opts.schedules, list: opts.list });
  const groups = opts.groupOf?.(cp);
  const run = simulatePaired(cp, pass, { iterations, seed, ...(groups ? { groupOf: groups.groupOf, groups: groups.groups } : {}) });
  const movedDue = scenario.changes.some((c) => c.op === 'move-due' && c.task === undefined);
  const due = movedDue ? applied.plan.due : opts.due ?? applied.plan.due;
  return { id: scenario.id, ...(scenario.name !== undefined ? { name: scenario.name } : {}), notes: applied.notes, plan: applied.plan, cp, list, run, ...(due ? { due } : {}) };
}

export function compareScenarios(plan: Plan, scenarios: Scenario[], opts: WhatIfOptions = {}): ScenarioComparison {
  const iterations = opts.iterations ?? DEFAULT_WHATIF_ITERATIONS;
  const seed = opts.seed ?? '1';
  if (opts.due !== undefined && !isIsoDate(opts.due)) throw new ScenarioError('invalid-date', `due ${JSON.stringify(opts.due)} is not a real date YYYY-MM-DD`);
  for (const d of opts.dates ?? []) if (!isIsoDate(d)) throw new ScenarioError('invalid-date', `date ${JSON.stringify(d)} is not a real date YYYY-MM-DD`);
  const ids = new Set<string>([BASELINE_ID]);
  for (const s of scenarios) {
    if (ids.has(s.id)) throw new ScenarioError('invalid-scenario', `scenario id ${s.id} is used twice (or is the reserved "${BASELINE_ID}")`, undefined, undefined, undefined, undefined, s.id);
    ids.add(s.id);
  }
  const base = runScenario(plan, { id: BASELINE_ID, name: 'Plan as is', changes: [] }, { ...opts, iterations, seed });
  const list = opts.replan ? undefined : base.list ?? undefined;
  const runs = [base, ...scenarios.map((s) => runScenario(plan, s, { ...opts, iterations, seed, ...(list ? { list } : {}) }))];
  return { iterations, seed, method: WHATIF_METHOD, results: summarizeRuns(runs, opts.dates ?? []), warnings: [] };
}

/** Statistics of paired runs, runs[0] the baseline. */
export function summarizeRuns(runs: ScenarioRun[], extraDates: string[] = []): ScenarioResult[] {
  const dates = [...new Set([...runs.map((r) => r.due).filter((d): d is string => !!d), ...extraDates])].sort();
  const base = runs[0];
  const stats = runs.map((r) => finishStats(r.run.finish));
  const baseDue = base.due ? dueProbability(base, base.due) : undefined;
  return runs.map((r, k) => {
    const s = stats[k], b = stats[0];
    const cal = r.cp.calendar;
    let earlier = 0, later = 0;
    const f = r.run.finish, f0 = base.run.finish;
    for (let t = 0; t < f.length; t++) {
      const tol = 1e-9 * Math.max(1, f0[t]);
      if (f[t] < f0[t] - tol) earlier++;
      else if (f[t] > f0[t] + tol) later++;
    }
    const result: ScenarioResult = {
      id: r.id,
      ...(r.name !== undefined ? { name: r.name } : {}),
      notes: r.notes,
      finishDays: { mean: round(s.mean), p10: round(s.p10), p50: round(s.p50), p80: round(s.p80), p90: round(s.p90), p95: round(s.p95) },
      finishDate: { p50: cal.finishDate(round(s.p50)), p80: cal.finishDate(round(s.p80)), p95: cal.finishDate(round(s.p95)) },
      delta: { p50: round(s.p50 - b.p50), p80: round(s.p80 - b.p80), p95: round(s.p95 - b.p95), mean: round(s.mean - b.mean) },
      paired: { earlier: round(earlier / f.length), later: round(later / f.length) },
      byDate: dates.map((date) => ({ date, probability: dueProbability(r, date) })),
      milestones: r.run.due.map((d) => ({ id: r.cp.ids[d.position], date: d.date, probability: round(d.hits / f.length) })),
    };
    if (r.due) {
      const p = dueProbability(r, r.due);
      result.due = { date: r.due, probability: p, delta: round(p - (baseDue ?? dueProbability(base, r.due))) };
    }
    return result;
  });
}

/** P(finish <= end of `date`) over a run's iterations. */
export function dueProbability(r: ScenarioRun, date: string): number {
  const through = r.cp.calendar.workingDaysThrough(date);
  const tol = 1e-9 * Math.max(1, through);
  let hits = 0;
  for (const x of r.run.finish) if (x <= through + tol) hits++;
  return round(hits / r.run.finish.length);
}

export function finishStats(finish: Float64Array): { mean: number; p10: number; p50: number; p80: number; p90: number; p95: number } {
  const sorted = finish.slice().sort();
  let sum = 0;
  for (let t = 0; t < finish.length; t++) sum += finish[t];
  const q = (p: number) => quantileSorted(sorted, p);
  return { mean: sum / finish.length, p10: q(0.1), p50: q(0.5), p80: q(0.8), p90: q(0.9), p95: q(0.95) };
}
