/**
 * Trade-off curves: the P80 finish against a pool's capacity, and against scope
 * (cutting a share of the lowest-priority / optional work).
 *
 * Method: one deterministic order for the whole curve (the plan's own, from
 * activity-order.ts), every point simulated with the same common random numbers
 * (paired-simulation.ts). List scheduling has anomalies (more capacity or less work
 * can, rarely, make a list schedule longer: Graham 1969), so the curve is made
 * monotone by construction, per iteration: a point's finish is the better of its own
 * schedule and the previous point's, which stays feasible there (with more capacity
 * every earlier schedule still fits; with a superset cut, the tasks that remain keep
 * their places, and cut tasks' successors inherit their predecessors). `adjusted`
 * says in how many iterations that happened.
 * Scope order (scopeCutOrder): open tasks that are not review gates and not another
 * project's work this plan waits for (meta.external === true); optional first
 * (label "optional" or meta.optional), then the lowest Jira priority (meta.priority),
 * then the lowest-priority initiative (portfolio), then later in the plan file first.
 * A share s cuts the first round(s x candidates) of them, so cuts are nested.
 * Cost: one deterministic schedule + points x iterations x one pass.
 */
import type { Plan, Task } from '../plan';
import { INITIATIVE_RANK_META } from '../portfolio/portfolio';
import { runScenario, dueProbability, finishStats, DEFAULT_WHATIF_ITERATIONS, type ScenarioRun } from './compare-scenarios';
import { ScenarioError, type Scenario, type WhatIfOptions } from './scenario';

export interface TradeoffPoint {
  /** Capacity (units) or share of candidate scope cut (0..1). */
  value: number;
  label: string;
  /** The plan as it is (current capacity, nothing cut). */
  current: boolean;
  /** Scope curves: tasks cut at this point. */
  removed?: number;
  p50: number;
  p80: number;
  p95: number;
  p80Date: string;
  /** P80 of this point minus the current one's (negative = earlier). */
  deltaP80: number;
  dueProbability?: number;
}

export interface TradeoffCurve {
  kind: 'capacity' | 'scope';
  pool?: string;
  iterations: number;
  seed: string;
  due?: string;
  points: TradeoffPoint[];
  /** Iterations (summed over points) where the previous point's schedule was kept (see the banner). */
  adjusted: number;
  method: string;
}

export type CurveOptions = Omit<WhatIfOptions, 'dates' | 'replan'>;

export interface ScopeCurveOptions extends CurveOptions {
  /** Task ids in the order to cut them (default scopeCutOrder(plan)); ids not in the plan are refused. */
  cutOrder?: string[];
  /** What the points' labels call the cut items (default 'tasks'; Jira: 'issues'). */
  noun?: string;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6 + 0;

export function capacityCurve(plan: Plan, pool: string, capacities: number[], opts: CurveOptions = {}): TradeoffCurve {
  const res = plan.resources.find((r) => r.id === pool);
  if (!res) throw new ScenarioError('unknown-pool', `pool ${pool} is not a resource of the plan`, undefined, undefined, pool);
  if (!Array.isArray(capacities) || capacities.length === 0) throw new ScenarioError('invalid-capacity', 'give at least one capacity', undefined, undefined, pool);
  for (const c of capacities) {
    if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) throw new ScenarioError('invalid-capacity', `capacity ${JSON.stringify(c)} of ${pool} must be a finite number >= 0`, undefined, undefined, pool);
  }
  const values = [...new Set([...capacities, res.capacity])].sort((a, b) => a - b);
  const scenarios: Scenario[] = values.map((c) => ({ id: `${pool}=${c}`, changes: c === res.capacity ? [] : [{ op: 'set-capacity', pool, capacity: c }] }));
  return curve(plan, 'capacity', scenarios, values, values.map((c) => c === res.capacity), opts, pool,
    (c) => `${res.name ?? pool}: ${c} unit${c === 1 ? '' : 's'}`);
}

export function scopeCurve(plan: Plan, shares: number[], opts: ScopeCurveOptions = {}): TradeoffCurve {
  if (!Array.isArray(shares) || shares.length === 0) throw new ScenarioError('invalid-change', 'give at least one scope share');
  for (const s of shares) {
    if (typeof s !== 'number' || !(s >= 0 && s <= 1)) throw new ScenarioError('invalid-change', `scope share ${JSON.stringify(s)} must be in [0, 1]`);
  }
  const order = opts.cutOrder ?? scopeCutOrder(plan);
  const known = new Set(plan.tasks.map((t) => t.id));
  const stranger = order.find((id) => !known.has(id));
  if (stranger !== undefined) throw new ScenarioError('unknown-task', `cut order names ${stranger}, which is not in the plan`, undefined, stranger);
  if (new Set(order).size !== order.length) throw new ScenarioError('invalid-change', 'the cut order lists a task twice');
  const values = [...new Set([0, ...shares])].sort((a, b) => a - b);
  const scenarios: Scenario[] = values.map((s) => {
    const ids = order.slice(0, Math.round(s * order.length));
    return { id: `scope-${s}`, changes: ids.length ? [{ op: 'remove-tasks', ids }] : [] };
  });
  const c = curve(plan, 'scope', scenarios, values, values.map((s) => s === 0), opts, undefined,
    (s) => `cut ${Math.round(s * 100)}% of open scope (${Math.round(s * order.length)} of ${order.length} ${opts.noun ?? 'tasks'})`);
  c.points.forEach((p) => { p.removed = Math.round(p.value * order.length); });
  return c;
}

const PRIORITY_RANK: Record<string, number> = { lowest: 0, low: 1, minor: 1, trivial: 0, medium: 2, normal: 2, high: 3, major: 3, highest: 4, critical: 4, blocker: 5 };

/** Task ids in the order scope is cut (see the banner). */
export function scopeCutOrder(plan: Plan): string[] {
  const optional = (t: Task) => (t.labels ?? []).includes('optional') || (Array.isArray(t.meta?.labels) && (t.meta!.labels as unknown[]).includes('optional')) || t.meta?.optional === true;
  const prio = (t: Task) => {
    const p = t.meta?.priority;
    if (typeof p === 'number') return p;
    if (typeof p === 'string' && PRIORITY_RANK[p.toLowerCase()] !== undefined) return PRIORITY_RANK[p.toLowerCase()];
    return 2;
  };
  const irank = (t: Task) => (typeof t.meta?.[INITIATIVE_RANK_META] === 'number' ? (t.meta![INITIATIVE_RANK_META] as number) : 0);
  return plan.tasks
    .map((t, k) => ({ t, k }))
    .filter(({ t }) => t.status !== 'done' && !t.gate && t.meta?.external !== true)
    .sort((x, y) => Number(optional(y.t)) - Number(optional(x.t)) || prio(x.t) - prio(y.t) || irank(y.t) - irank(x.t) || y.k - x.k)
    .map(({ t }) => t.id);
}

function curve(
  plan: Plan, kind: 'capacity' | 'scope', scenarios: Scenario[], values: number[], current: boolean[],
  opts: CurveOptions, pool: string | undefined, label: (v: number) => string,
): TradeoffCurve {
  const iterations = opts.iterations ?? DEFAULT_WHATIF_ITERATIONS;
  const seed = opts.seed ?? '1';
  const base = opts.due ?? plan.due;
  // The plan's own order, kept for every point (only the capacity or the scope changes).
  const reference = runScenario(plan, { id: 'current', changes: [] }, { iterations: 1, seed, schedules: opts.schedules });
  const list = reference.list ?? undefined;
  // Capacity: increasing values relax; scope: increasing shares cut supersets. Both: walk in ascending order.
  const runs: ScenarioRun[] = [];
  let adjusted = 0;
  for (const s of scenarios) {
    const r = runScenario(plan, s, { iterations, seed, schedules: opts.schedules, ...(list ? { list } : {}), ...(base ? { due: base } : {}) });
    const prev = runs[runs.length - 1];
    if (prev) {
      const f = r.run.finish, g = prev.run.finish;
      for (let t = 0; t < f.length; t++) if (g[t] < f[t]) { f[t] = g[t]; adjusted++; }
    }
    runs.push(r);
  }
  const stats = runs.map((r) => finishStats(r.run.finish));
  const cur = current.indexOf(true);
  const points: TradeoffPoint[] = runs.map((r, k) => ({
    value: values[k],
    label: label(values[k]),
    current: current[k],
    p50: round(stats[k].p50),
    p80: round(stats[k].p80),
    p95: round(stats[k].p95),
    p80Date: r.cp.calendar.finishDate(round(stats[k].p80)),
    deltaP80: round(stats[k].p80 - stats[cur].p80),
    ...(r.due ? { dueProbability: dueProbability(r, r.due) } : {}),
  }));
  return {
    kind, ...(pool ? { pool } : {}), iterations, seed, ...(base ? { due: base } : {}), points, adjusted,
    method: 'common random numbers keyed by task id; one activity order for every point; per iteration the better of a point\'s schedule and the previous point\'s (monotone by construction)',
  };
}
