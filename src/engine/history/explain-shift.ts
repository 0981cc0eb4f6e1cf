/**
 * Why the forecast moved between two plans (two snapshots, or a snapshot and now), in
 * working days, by category.
 *
 * Method: walk from the old plan to the new one one category at a time, in this order:
 *   1. scope         tasks added (with all their links) or removed (with theirs)
 *   2. estimates     duration estimates and retry odds of the tasks both plans share
 *   3. dependencies  every task's predecessor list becomes the new one
 *   4. progress      status and remaining work, and the plan start (time passing): a week
 *                    in which nothing got done shows here as a slip of a week
 *   5. resources     pools (capacities, availability) and every task's demand
 *   6. other         whatever else differs (calendar, notBefore dates, windows, gate
 *                    rules, task order...): the last step is the new plan itself
 * Each intermediate plan is forecast with the same seed and iterations (common random
 * numbers), and each category's delta is the change of P50/P80 across its step. Finishes
 * are measured on one axis: working days from the old plan's start (in the new calendar)
 * to the plan's own start, plus its finish in working days, rounded to 1/1024 day. The
 * rounding makes every difference exact in binary floating point, so the deltas sum to
 * the total exactly (a telescoping sum), whatever the values.
 * Assumptions: both plans are valid (validate-plan) and compile. A step that changes
 * nothing is not forecast and reports exactly 0. Draws are per batch in task order, so a
 * step that adds or removes tasks re-pairs the draws after them: its delta (and the
 * next one's) carries Monte Carlo noise of about the standard error of the percentile;
 * a step that only changes values pairs draws exactly. An intermediate plan that would
 * have a cycle (a link the new plan dropped closing a loop with one it added) is not
 * forecast; its effect is counted in the next category, with a note.
 * The order matters (effects interact); it is stated in the reply rather than averaged
 * over orders (Shapley would cost 2^6 forecasts).
 * Cost: at most 7 forecasts of the plan (fewer when categories are unchanged).
 * Reference: common random numbers, e.g. Law, "Simulation Modeling and Analysis", ch. 11.
 */
import { compilePlan, CycleError } from '../compile-plan';
import { forecast } from '../forecast';
import type { Plan, Task } from '../plan';
import { WorkingCalendar } from '../working-calendar';

export type ShiftCategory = 'scope' | 'estimates' | 'dependencies' | 'progress' | 'resources' | 'other';
export const SHIFT_ORDER: readonly ShiftCategory[] = ['scope', 'estimates', 'dependencies', 'progress', 'resources', 'other'];

/** What a step needs from a forecast: finish percentiles in working days after the plan's start, and their dates. */
export interface ShiftForecast {
  finishDays: { p50: number; p80: number };
  finishDate: { p50: string; p80: string };
}

export interface ShiftOptions {
  iterations?: number;
  seed?: string;
  batchSize?: number;
  /** Forecasts one plan; default the precedence Monte Carlo (forecast.ts). Resolvers pass the resource-aware one. */
  run?: (plan: Plan) => ShiftForecast;
}

export interface ShiftPoint {
  start: string;
  /** Working days from the old plan's start. */
  p50: number;
  p80: number;
  p50Date: string;
  p80Date: string;
}

export interface ShiftStep {
  category: ShiftCategory;
  /** Change in working days across this step (positive = later). */
  p50: number;
  p80: number;
  /** Task ids this category touched (scope: added then removed, prefixed '+' / '-'), at most 50. */
  tasks: string[];
  /** How many tasks it touched (tasks may be cut at 50). */
  count: number;
  /** Plan-level things it changed ('start', 'calendar', 'pools', ...). */
  fields: string[];
}

export interface ShiftExplanation {
  from: ShiftPoint;
  to: ShiftPoint;
  /** to - from; equals the sum of the steps exactly. */
  total: { p50: number; p80: number };
  steps: ShiftStep[];
  order: ShiftCategory[];
  iterations: number;
  seed: string;
  notes: string[];
}

export class ShiftError extends Error {
  constructor(readonly code: 'shift-invalid-plan', message: string, readonly culprit?: string) {
    super(message);
    this.name = 'ShiftError';
  }
}

const TASK_LIST_CAP = 50;
const GRID = 1024;
const snap = (x: number) => Math.round(x * GRID) / GRID;

/** Deterministic JSON with sorted keys, for "did this change" comparisons. */
function same(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}
function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x)
    ? Object.fromEntries(Object.keys(x as object).sort().map((k) => [k, (x as Record<string, unknown>)[k]]))
    : x)) ?? 'undefined';
}
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

function checkPlan(p: unknown, which: string): asserts p is Plan {
  const plan = p as Plan;
  if (!plan || typeof plan !== 'object' || typeof plan.start !== 'string' || !Array.isArray(plan.tasks) || !plan.calendar || !Array.isArray(plan.resources)) {
    throw new ShiftError('shift-invalid-plan', `the ${which} plan is not a plan (start, calendar, resources, tasks)`, which);
  }
  if (plan.tasks.length === 0) throw new ShiftError('shift-invalid-plan', `the ${which} plan has no tasks`, which);
}

/** A working copy of a plan whose tasks are edited step by step. */
class Draft {
  order: string[];
  tasks: Map<string, Task>;
  constructor(public plan: Plan) {
    this.order = plan.tasks.map((t) => t.id);
    this.tasks = new Map(plan.tasks.map((t) => [t.id, { ...t, after: [...t.after], demand: { ...t.demand } }]));
  }
  toPlan(): Plan {
    return { ...this.plan, tasks: this.order.map((id) => this.tasks.get(id)!) };
  }
}

function defaultRun(opts: { iterations: number; seed: string; batchSize?: number }): (plan: Plan) => ShiftForecast {
  return (plan) => forecast(compilePlan(plan), { iterations: opts.iterations, seed: opts.seed, batchSize: opts.batchSize });
}

export function explainShift(oldPlan: Plan, newPlan: Plan, opts: ShiftOptions = {}): ShiftExplanation {
  checkPlan(oldPlan, 'old');
  checkPlan(newPlan, 'new');
  const iterations = opts.iterations ?? 2000;
  const seed = opts.seed ?? '1';
  const run = opts.run ?? defaultRun({ iterations, seed, batchSize: opts.batchSize });
  const refCal = new WorkingCalendar(oldPlan.start, newPlan.calendar);
  const offset = (start: string) => refCal.workingDaysBefore(start);
  const measure = (plan: Plan, f: ShiftForecast) => {
    const o = offset(plan.start);
    return { p50: snap(o + f.finishDays.p50), p80: snap(o + f.finishDays.p80), p50Date: f.finishDate.p50, p80Date: f.finishDate.p80 };
  };

  const oldById = new Map(oldPlan.tasks.map((t) => [t.id, t]));
  const newById = new Map(newPlan.tasks.map((t) => [t.id, t]));
  const added = newPlan.tasks.filter((t) => !oldById.has(t.id)).map((t) => t.id);
  const removed = oldPlan.tasks.filter((t) => !newById.has(t.id)).map((t) => t.id);
  const common = oldPlan.tasks.filter((t) => newById.has(t.id)).map((t) => t.id);

  const d = new Draft(oldPlan);
  const notes: string[] = [];
  const steps: ShiftStep[] = [];

  // Each function edits the draft into the next intermediate plan and says what it touched.
  const edits: Record<ShiftCategory, () => { tasks: string[]; fields: string[] }> = {
    scope: () => {
      const gone = new Set(removed);
      d.order = d.order.filter((id) => !gone.has(id));
      for (const id of removed) d.tasks.delete(id);
      for (const t of d.tasks.values()) t.after = t.after.filter((p) => !gone.has(p));
      const fresh = new Set(added);
      for (const id of added) {
        const t = newById.get(id)!;
        d.order.push(id);
        d.tasks.set(id, { ...t, after: [...t.after], demand: { ...t.demand } });
      }
      // Links from kept tasks to the added ones come with the scope that added them.
      for (const id of common) {
        const t = d.tasks.get(id)!;
        for (const p of newById.get(id)!.after) if (fresh.has(p) && !t.after.includes(p)) t.after.push(p);
      }
      return { tasks: [...added.map((id) => `+${id}`), ...removed.map((id) => `-${id}`)], fields: [] };
    },
    estimates: () => {
      const touched: string[] = [];
      for (const id of common) {
        const t = d.tasks.get(id)!, n = newById.get(id)!;
        if (same(t.duration, n.duration) && same(t.attempts, n.attempts)) continue;
        touched.push(id);
        t.duration = n.duration;
        if (n.attempts) t.attempts = n.attempts; else delete t.attempts;
      }
      return { tasks: touched, fields: [] };
    },
    dependencies: () => {
      const touched: string[] = [];
      for (const id of d.order) {
        const t = d.tasks.get(id)!, n = newById.get(id)!;
        if (sameSet(t.after, n.after)) continue;
        touched.push(id);
        t.after = [...n.after];
      }
      return { tasks: touched, fields: [] };
    },
    progress: () => {
      const touched: string[] = [];
      for (const id of common) {
        const t = d.tasks.get(id)!, n = newById.get(id)!;
        if (t.status === n.status && same(t.remaining, n.remaining)) continue;
        touched.push(id);
        t.status = n.status;
        if (n.remaining) t.remaining = n.remaining; else delete t.remaining;
      }
      const fields: string[] = [];
      if (d.plan.start !== newPlan.start) {
        d.plan = { ...d.plan, start: newPlan.start };
        fields.push('start');
      }
      return { tasks: touched, fields };
    },
    resources: () => {
      const touched: string[] = [];
      for (const id of common) {
        const t = d.tasks.get(id)!, n = newById.get(id)!;
        if (same(t.demand, n.demand)) continue;
        touched.push(id);
        t.demand = { ...n.demand };
      }
      const fields: string[] = [];
      if (!same(d.plan.resources, newPlan.resources)) {
        d.plan = { ...d.plan, resources: newPlan.resources };
        fields.push('pools');
      }
      return { tasks: touched, fields };
    },
    other: () => {
      const before = d.toPlan();
      const touched = newPlan.tasks.filter((n) => !same(d.tasks.get(n.id), n)).map((n) => n.id);
      const fields: string[] = (Object.keys({ ...before, ...newPlan }) as Array<keyof Plan>)
        .filter((k) => k !== 'tasks' && !same(before[k], newPlan[k]));
      if (touched.length === 0 && before.tasks.map((t) => t.id).join('\u0000') !== newPlan.tasks.map((t) => t.id).join('\u0000')) fields.push('task order');
      d.plan = newPlan;
      d.order = newPlan.tasks.map((t) => t.id);
      d.tasks = new Map(newPlan.tasks.map((t) => [t.id, t]));
      return { tasks: touched, fields };
    },
  };

  let lastPlan: Plan = oldPlan;
  let last = measure(oldPlan, run(oldPlan));
  const from = { start: oldPlan.start, ...last };
  let carried: ShiftCategory[] = [];
  for (const category of SHIFT_ORDER) {
    const touched = edits[category]();
    const step: ShiftStep = { category, p50: 0, p80: 0, tasks: touched.tasks.slice(0, TASK_LIST_CAP), count: touched.tasks.length, fields: touched.fields };
    steps.push(step);
    const plan = category === 'other' ? newPlan : d.toPlan();
    if (category !== 'other' && touched.tasks.length === 0 && touched.fields.length === 0) continue;
    if (category === 'other' && touched.tasks.length === 0 && touched.fields.length === 0 && same(lastPlan, newPlan)) continue;
    let f: ShiftForecast;
    try {
      f = run(plan);
    } catch (e) {
      if (e instanceof CycleError && category !== 'other') {
        carried.push(category);
        continue;
      }
      throw e;
    }
    if (carried.length) {
      notes.push(`${carried.join(' and ')} could not be applied alone (the links in between would form a cycle); ${carried.length === 1 ? 'its' : 'their'} effect is counted in ${category}`);
      carried = [];
    }
    const next = measure(plan, f);
    step.p50 = next.p50 - last.p50;
    step.p80 = next.p80 - last.p80;
    last = next;
    lastPlan = plan;
  }
  const to = { start: newPlan.start, ...last };
  return {
    from, to,
    total: { p50: to.p50 - from.p50, p80: to.p80 - from.p80 },
    steps, order: [...SHIFT_ORDER], iterations, seed, notes,
  };
}
