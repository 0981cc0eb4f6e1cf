/**
 * What-if scenarios and trade-off curves (issue #8) for one project or several together.
 *
 * Method: the scope is loaded from Jira as for a forecast (read only), merged when several
 * projects are asked for (portfolio.ts), and compared by the engine (scenarios/
 * compare-scenarios.ts, tradeoff-curve.ts): each scenario applied to a copy of the plan,
 * re-planned and simulated with common random numbers keyed by task id, so a difference
 * between two outcomes is the changes' effect, not sampling noise. Nothing is written: not to
 * Jira, not to settings, not to the forecast cache (the result says `written: false`).
 * Applying a scenario to Jira is out of scope on purpose (it would need its own confirmation
 * flow). The scope curve cuts only the projects' own issues (the engine's scopeCutOrder skips
 * `meta.external` tasks: the other projects' work they wait for).
 * The changes themselves are the engine's (scenarios/apply-scenario.ts); this file checks the
 * payload, loads, runs and shapes the reply. Several projects are served in priority order
 * (task meta written by mergeScopes, reordered by set-priority).
 * Cost: (1 + scenarios) runs in one call; iterations default to 2,000 and shrink to fit the
 * in-call budget (forecast-budget.ts; a run with pools counts SGS_COST per task-sample).
 * Measured (Nov 2026, 2 shared cores at load ~9): a 500-task generated plan with three pools,
 * baseline + one scenario at 2,000 iterations, 1.4-1.8 s after loading.
 */
import type { Plan } from '../engine/plan';
import { applyScenario } from '../engine/scenarios/apply-scenario';
import { ScenarioError, type ScenarioChange as EngineChange, type ScenarioResult } from '../engine/scenarios/scenario';
import { compareScenarios } from '../engine/scenarios/compare-scenarios';
import { capacityCurve, scopeCurve } from '../engine/scenarios/tradeoff-curve';
import { WorkingCalendar } from '../engine/working-calendar';
import type { ResolverDefs, Scenario, ScenarioChange, ScenarioOutcome, TradeoffCurve } from './contract';
import { invalidPayload, ResolverFailure } from './errors';
import { ANALYSIS_ITERATIONS, loadScopes, mergeScopes, projectKeys, SGS_COST, sharedIterations, type MergedPlan } from './portfolio';
import type { CallContext, Services } from './services';
import { estimate as checkEstimate, forecastOptions, isIsoDate, type Raw } from './validate-payload';
import type { LoadedScope } from './project-forecast';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

export const MAX_SCENARIOS = 6;
export const MAX_CHANGES = 50;
export const MAX_CURVE_POINTS = 8;

const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const ID = /^[^\s]{1,120}$/;

function str(v: unknown, field: string): string {
  if (typeof v !== 'string' || !ID.test(v)) throw invalidPayload(`${field} must be an issue key or task id`, field);
  return v;
}

function num(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw invalidPayload(`${field} must be a number from ${min} to ${max}`, field);
  return v;
}

function date(v: unknown, field: string): string {
  if (!isIsoDate(v)) throw invalidPayload(`${field} must be a date YYYY-MM-DD`, field);
  return v;
}

/** Checks one change; `at` names it in errors (e.g. 'scenarios.1.changes.0'). */
export function checkChange(raw: unknown, at: string): ScenarioChange {
  if (!isObj(raw)) throw invalidPayload(`${at} must be an object with an op`, at);
  const f = (k: string) => `${at}.${k}`;
  switch (raw.op) {
    case 'set-capacity': {
      const out: ScenarioChange = { op: 'set-capacity', pool: str(raw.pool, f('pool')) };
      if (raw.capacity !== undefined) out.capacity = num(raw.capacity, f('capacity'), 0, 1e6);
      if (raw.availability !== undefined) {
        if (!Array.isArray(raw.availability) || raw.availability.length > 100) throw invalidPayload(`${f('availability')} must be a list of {from, to, capacity}`, f('availability'));
        out.availability = raw.availability.map((w, i) => {
          const a = `${f('availability')}.${i}`;
          if (!isObj(w)) throw invalidPayload(`${a} must be {from, to, capacity}`, a);
          const from = date(w.from, `${a}.from`), to = date(w.to, `${a}.to`);
          if (to < from) throw invalidPayload(`${a}: to is before from`, a);
          return { from, to, capacity: num(w.capacity, `${a}.capacity`, 0, 1e6) };
        });
      }
      if (out.capacity === undefined && out.availability === undefined) throw invalidPayload(`${at}: give a capacity or an availability`, f('capacity'));
      return out;
    }
    case 'move-due': {
      const out: ScenarioChange = { op: 'move-due', date: date(raw.date, f('date')) };
      if (raw.task !== undefined) out.task = str(raw.task, f('task'));
      return out;
    }
    case 'remove-tasks': {
      if (!Array.isArray(raw.ids) || raw.ids.length === 0 || raw.ids.length > 1000) throw invalidPayload(`${f('ids')} must list 1 to 1000 issue keys`, f('ids'));
      return { op: 'remove-tasks', ids: raw.ids.map((x, i) => str(x, `${f('ids')}.${i}`)) };
    }
    case 'add-task': {
      const t = raw.task;
      if (!isObj(t)) throw invalidPayload(`${f('task')} must be {id, estimate, after?, demand?}`, f('task'));
      const task: Extract<ScenarioChange, { op: 'add-task' }>['task'] = { id: str(t.id, f('task.id')), estimate: checkEstimate(t.estimate, f('task.estimate')) };
      if (t.name !== undefined) {
        if (typeof t.name !== 'string' || t.name.length > 255) throw invalidPayload(`${f('task.name')} must be text of at most 255 characters`, f('task.name'));
        task.name = t.name;
      }
      if (t.after !== undefined) {
        if (!Array.isArray(t.after) || t.after.length > 200) throw invalidPayload(`${f('task.after')} must list issue keys`, f('task.after'));
        task.after = t.after.map((x, i) => str(x, `${f('task.after')}.${i}`));
      }
      if (t.demand !== undefined) {
        if (!isObj(t.demand)) throw invalidPayload(`${f('task.demand')} must map pool ids to units`, f('task.demand'));
        task.demand = Object.fromEntries(Object.entries(t.demand).map(([k, v]) => [str(k, `${f('task.demand')}.${k}`), num(v, `${f('task.demand')}.${k}`, 0, 1e6)]));
      }
      return { op: 'add-task', task };
    }
    case 'set-estimate':
      return { op: 'set-estimate', id: str(raw.id, f('id')), estimate: checkEstimate(raw.estimate, f('estimate')) };
    case 'add-dependency':
    case 'remove-dependency':
      return { op: raw.op, from: str(raw.from, f('from')), to: str(raw.to, f('to')) };
    case 'set-priority': {
      if (!Array.isArray(raw.order) || raw.order.length > 50) throw invalidPayload(`${f('order')} must list project keys, highest priority first`, f('order'));
      return { op: 'set-priority', order: raw.order.map((x, i) => str(x, `${f('order')}.${i}`)) };
    }
    default:
      throw invalidPayload(`${f('op')} must be one of set-capacity, move-due, remove-tasks, add-task, set-estimate, add-dependency, remove-dependency, set-priority`, f('op'));
  }
}

export function checkScenarios(raw: unknown): Scenario[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_SCENARIOS) throw invalidPayload(`scenarios must list 1 to ${MAX_SCENARIOS} scenarios`, 'scenarios');
  return raw.map((sc, i) => {
    const at = `scenarios.${i}`;
    if (!isObj(sc)) throw invalidPayload(`${at} must be {name, changes}`, at);
    if (typeof sc.name !== 'string' || !sc.name.trim() || sc.name.length > 80) throw invalidPayload(`${at}.name must be text of 1 to 80 characters`, `${at}.name`);
    if (!Array.isArray(sc.changes) || sc.changes.length > MAX_CHANGES) throw invalidPayload(`${at}.changes must list at most ${MAX_CHANGES} changes`, `${at}.changes`);
    return { name: sc.name.trim(), changes: sc.changes.map((c, k) => checkChange(c, `${at}.changes.${k}`)) };
  });
}

export interface Applied {
  plan: Plan;
  notes: string[];
  /** The scenario's committed date (move-due without a task), if it moves it. */
  due?: string;
}

/** The contract's change as the engine's (add-task: a plan-format task). */
export function engineChange(c: ScenarioChange): EngineChange {
  if (c.op !== 'add-task') return c as EngineChange;
  const { id, name, estimate: e, after, demand } = c.task;
  const task: Raw = { id, name: name ?? id, duration: { optimistic: e.optimistic, mostLikely: e.mostLikely, pessimistic: e.pessimistic, distribution: e.distribution } };
  if (after?.length) task.after = after;
  if (demand && Object.keys(demand).length) task.demand = demand;
  if (e.successProbability !== undefined) task.attempts = { successProbability: e.successProbability, maxAttempts: e.maxAttempts ?? 5 };
  return { op: 'add-task', task };
}

/**
 * Applies the changes, in order, to a copy of `plan` (engine scenarios/apply-scenario.ts: the
 * input is never touched, no half-applied plan). An unknown task or pool, a duplicate task or
 * a dependency closing a cycle fails with the engine's stable code, naming the culprit and the
 * change (`at.k`).
 */
export function applyChanges(plan: Plan, changes: readonly ScenarioChange[], at = 'changes'): Applied {
  try {
    const applied = applyScenario(plan, { id: at, changes: changes.map(engineChange) });
    const notes = applied.notes.map((n) => n.message);
    return { plan: applied.plan, notes, ...(applied.plan.due && applied.plan.due !== plan.due ? { due: applied.plan.due } : {}) };
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    const culprits = [...(e.cycle ?? []), ...(e.cycle ? [] : [e.task, e.pool].filter((x): x is string => !!x)), ...(e.op !== undefined ? [`${at}.${e.op}`] : [])];
    throw new ResolverFailure(e.code, e.message.replace(/^scenario \S+ change (\d+)/, `${at}.$1`), [...new Set(culprits)]);
  }
}

/** A ScenarioError from a comparison of scenarios `s0`, `s1`... as a resolver failure naming the change. */
function scenarioFailure(e: ScenarioError, field = 'scenarios'): ResolverFailure {
  const i = /^s(\d+)$/.exec(e.scenario ?? '')?.[1];
  const at = i !== undefined ? `${field}.${i}${e.op !== undefined ? `.changes.${e.op}` : ''}` : field;
  const culprits = [...(e.cycle ?? []), ...(e.cycle ? [] : [e.task, e.pool].filter((x): x is string => !!x)), at];
  return new ResolverFailure(e.code, e.message.replace(/^scenario s(\d+)( change (\d+))?/, at), [...new Set(culprits)]);
}

function engineCall<T>(fn: () => T, field?: string): T {
  try {
    return fn();
  } catch (e) {
    throw e instanceof ScenarioError ? scenarioFailure(e, field) : e;
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10 + 0;

function outcome(name: string, r: ScenarioResult): ScenarioOutcome {
  const o: ScenarioOutcome = {
    name,
    finishDate: r.finishDate,
    finishDays: { p50: r.finishDays.p50, p80: r.finishDays.p80, p95: r.finishDays.p95 },
    deltaDays: { p50: round1(r.delta.p50), p80: round1(r.delta.p80) },
    paired: r.paired,
    dateProbabilities: r.byDate,
    notes: r.notes.map((n) => n.message),
  };
  if (r.due) o.due = { date: r.due.date, probability: r.due.probability };
  return o;
}

/** The loaded base of a what-if: one project's plan, or several merged (not written anywhere). */
export interface WhatIfBase {
  keys: string[];
  scopes: LoadedScope[];
  merged: MergedPlan;
  due?: string;
}

export async function loadWhatIfBase(s: Services, ctx: CallContext, p: Raw): Promise<WhatIfBase> {
  const keys = projectKeys(p, s.limits.portfolioProjects);
  const scopes = await loadScopes(s, ctx, keys);
  const merged = mergeScopes(scopes);
  // Several projects: the latest of their own due dates is the portfolio's committed date.
  const dues = scopes.map((sc) => sc.due).filter((d): d is string => !!d).sort();
  return { keys, scopes, merged, ...(dues.length ? { due: dues[dues.length - 1] } : {}) };
}

/** Work per task-sample: the serial SGS (pools in use) costs about SGS_COST precedence passes. */
const costOf = (plan: Plan) => (plan.tasks.some((t) => Object.values(t.demand).some((q) => q > 0)) ? SGS_COST : 1);

export async function runWhatIf(s: Services, ctx: CallContext, p: Raw): Promise<R<'runWhatIf'>> {
  const t0 = Date.now();
  const scenarios = checkScenarios(p.scenarios);
  const opts = forecastOptions(p);
  const base = await loadWhatIfBase(s, ctx, p);
  const n = base.merged.plan.tasks.length + scenarios.reduce((a, sc) => a + sc.changes.filter((c) => c.op === 'add-task').length, 0);
  const iterations = sharedIterations(s, n * (scenarios.length + 1) * costOf(base.merged.plan), opts.iterations ?? ANALYSIS_ITERATIONS);
  const due = opts.due ?? base.due;
  const seed = opts.seed ?? '1';
  const warnings: R<'runWhatIf'>['warnings'] = [];
  if (opts.iterations && iterations < opts.iterations) warnings.push({ code: 'reduced-iterations', message: `ran ${iterations} of the ${opts.iterations} iterations asked for, to fit one call` });
  const cmp = engineCall(() => compareScenarios(base.merged.plan, scenarios.map((sc, i) => ({ id: `s${i}`, name: sc.name, changes: sc.changes.map(engineChange) })), { iterations, seed, ...(due ? { due } : {}) }));
  return {
    projectKeys: base.keys,
    start: base.merged.plan.start,
    seed,
    iterations,
    baseline: outcome('Current plan', cmp.results[0]),
    scenarios: scenarios.map((sc, i) => outcome(sc.name, cmp.results[i + 1])),
    method: cmp.method,
    warnings: [...warnings, ...cmp.warnings.map((message) => ({ code: 'what-if', message }))],
    written: false,
    elapsedMs: Date.now() - t0,
  };
}

function checkNumbers(raw: unknown, field: string, min: number, max: number): number[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_CURVE_POINTS) throw invalidPayload(`${field} must list 1 to ${MAX_CURVE_POINTS} numbers`, field);
  return [...new Set(raw.map((v, i) => num(v, `${field}.${i}`, min, max)))];
}

export async function getTradeoffCurve(s: Services, ctx: CallContext, p: Raw): Promise<R<'getTradeoffCurve'>> {
  const capacities = checkNumbers(p.capacities, 'capacities', 0, 1e6);
  const cuts = checkNumbers(p.scopeCuts, 'scopeCuts', 0, 1);
  if (!capacities === !cuts) throw invalidPayload('give either capacities (with a pool) or scopeCuts', capacities ? 'scopeCuts' : 'capacities');
  const poolId = p.pool === undefined ? undefined : str(p.pool, 'pool');
  if (capacities && !poolId) throw invalidPayload('pool is required with capacities', 'pool');
  const opts = forecastOptions(p);
  const base = await loadWhatIfBase(s, ctx, p);
  const plan = base.merged.plan;
  const due = opts.due ?? base.due;
  const seed = opts.seed ?? '1';
  const pool = poolId ? plan.resources.find((r) => r.id === poolId || r.name === poolId) : undefined;
  if (poolId && !pool) throw new ResolverFailure('unknown-pool', `no pool ${poolId} (pools: ${plan.resources.map((r) => r.id).join(', ') || 'none'})`, [poolId, 'pool']);
  const points = (capacities ?? cuts!).length + 1;
  const iterations = sharedIterations(s, plan.tasks.length * points * costOf(plan), opts.iterations ?? ANALYSIS_ITERATIONS);
  const curveOpts = { iterations, seed, ...(due ? { due } : {}) };
  const c = engineCall(() => (pool ? capacityCurve(plan, pool.id, capacities!, curveOpts) : scopeCurve(plan, cuts!, { ...curveOpts, noun: 'issues' })), capacities ? 'capacities' : 'scopeCuts');
  const cal = new WorkingCalendar(plan.start, plan.calendar);
  const out: TradeoffCurve = {
    kind: c.kind,
    points: c.points.map((pt) => ({
      x: pt.value, label: pt.label, current: pt.current,
      finishDate: { p50: cal.finishDate(pt.p50), p80: pt.p80Date }, finishDays: { p50: pt.p50, p80: pt.p80 },
      deltaP80: round1(pt.deltaP80),
      ...(pt.dueProbability !== undefined ? { dueProbability: pt.dueProbability } : {}),
      ...(pt.removed !== undefined ? { removed: pt.removed } : {}),
    })),
    start: plan.start, seed, iterations, ...(due ? { due } : {}), method: c.method,
  };
  if (pool) {
    out.pool = pool.id;
    out.current = pool.capacity;
    if (pool.name) out.poolName = pool.name;
  }
  return out;
}
