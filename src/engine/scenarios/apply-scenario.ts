/**
 * Applies a what-if scenario to a plan: returns a new plan and a note per change;
 * the plan given is never modified (it is deep-copied first, every change edits the copy).
 *
 * Method: the changes run in order on the copy, each checked against the plan as the
 * previous changes left it, so a scenario can add a task and then depend on it.
 * - set-capacity: base capacity and/or availability windows of a pool; a capacity
 *   below some task's demand is refused (that task could never be scheduled).
 * - remove-tasks: the tasks go and each successor inherits the removed task's
 *   surviving predecessors (transitively), so the order among the tasks that stay
 *   is unchanged and a cut never lets work start earlier than its real inputs.
 * - add-task: the task is validated as a plan-format task (validate-plan.ts); it has
 *   no successors yet, so it cannot close a cycle.
 * - add-dependency from -> to: refused when `to` already reaches `from` (the cycle is
 *   returned: from -> to -> ... -> from).
 * - set-priority: rewrites the initiative ranks that merge-portfolio.ts put in each
 *   task's meta.
 * Any error stops the whole scenario (ScenarioError with the change's index): no
 * half-applied plan is ever returned.
 * Cost: O(V + E) for the copy, O(V + E) per dependency added.
 */
import type { AvailabilityWindow, Estimate, Plan, Task } from '../plan';
import { Collector, validateEstimate, validatePlan, isObject } from '../validate-plan';
import { isIsoDate } from '../working-calendar';
import { INITIATIVE_META, INITIATIVE_RANK_META } from '../portfolio/portfolio';
import { SCENARIO_OPS, ScenarioError, type AppliedScenario, type Scenario, type ScenarioChange, type ScenarioNote } from './scenario';

/** Checks a decoded scenario document (from JSON) and returns it typed; throws ScenarioError('invalid-scenario' | 'unknown-op'). */
export function parseScenario(raw: unknown, index = 0): Scenario {
  if (!isObject(raw)) throw new ScenarioError('invalid-scenario', `scenario ${index} must be an object {id, name?, changes: [...]}`);
  const id = raw.id === undefined ? `s${index + 1}` : raw.id;
  if (typeof id !== 'string' || id === '') throw new ScenarioError('invalid-scenario', `scenario ${index} id must be a non-empty string`);
  if (raw.name !== undefined && typeof raw.name !== 'string') throw new ScenarioError('invalid-scenario', `scenario ${id} name must be a string`, undefined, undefined, undefined, undefined, id);
  if (!Array.isArray(raw.changes)) throw new ScenarioError('invalid-scenario', `scenario ${id} needs a "changes" array`, undefined, undefined, undefined, undefined, id);
  raw.changes.forEach((c, k) => {
    if (!isObject(c)) throw new ScenarioError('invalid-change', `scenario ${id} change ${k} must be an object with an "op"`, k, undefined, undefined, undefined, id);
    if (!SCENARIO_OPS.includes(c.op as ScenarioChange['op'])) {
      throw new ScenarioError('unknown-op', `scenario ${id} change ${k}: unknown op ${JSON.stringify(c.op)} (one of ${SCENARIO_OPS.join(', ')})`, k, undefined, undefined, undefined, id);
    }
  });
  return { id, ...(raw.name !== undefined ? { name: raw.name as string } : {}), changes: raw.changes as ScenarioChange[] };
}

/** Parses a scenarios file: an array of scenarios or { scenarios: [...] }; ids must be unique. */
export function parseScenarios(raw: unknown): Scenario[] {
  const list = Array.isArray(raw) ? raw : isObject(raw) && Array.isArray(raw.scenarios) ? raw.scenarios : null;
  if (!list) throw new ScenarioError('invalid-scenario', 'a scenarios file is a list of scenarios or {"scenarios": [...]}');
  const out = list.map((s, k) => parseScenario(s, k));
  const seen = new Set<string>();
  for (const s of out) {
    if (seen.has(s.id) || s.id === 'baseline') throw new ScenarioError('invalid-scenario', `scenario id ${s.id} is used twice (or is the reserved "baseline")`, undefined, undefined, undefined, undefined, s.id);
    seen.add(s.id);
  }
  return out;
}

export function applyScenario(plan: Plan, scenario: Scenario): AppliedScenario {
  if (!isObject(scenario) || !Array.isArray((scenario as Scenario).changes)) {
    throw new ScenarioError('invalid-scenario', 'a scenario needs a "changes" array');
  }
  const out: Plan = structuredClone(plan);
  const notes: ScenarioNote[] = [];
  const ctx = new Editing(out, scenario.id);
  scenario.changes.forEach((change, k) => {
    if (!isObject(change)) throw ctx.error('invalid-change', k, `change ${k} must be an object with an "op"`);
    const message = ctx.apply(change, k);
    notes.push({ op: k, message });
  });
  out.tasks = ctx.tasks();
  return { plan: out, notes };
}

const fmt = (x: number) => String(Math.round(x * 100) / 100);

class Editing {
  private readonly byId = new Map<string, Task>();
  private order: Task[];

  constructor(private readonly plan: Plan, private readonly scenarioId: string | undefined) {
    this.order = plan.tasks;
    for (const t of plan.tasks) this.byId.set(t.id, t);
  }

  tasks(): Task[] {
    return this.order;
  }

  error(code: ScenarioError['code'], op: number, message: string, extra: { task?: string; pool?: string; cycle?: string[] } = {}): ScenarioError {
    const where = this.scenarioId ? `scenario ${this.scenarioId} change ${op}` : `change ${op}`;
    return new ScenarioError(code, `${where}: ${message}`, op, extra.task, extra.pool, extra.cycle, this.scenarioId);
  }

  private task(id: unknown, op: number, field: string): Task {
    if (typeof id !== 'string') throw this.error('invalid-change', op, `"${field}" must be a task id`);
    const t = this.byId.get(id);
    if (!t) throw this.error('unknown-task', op, `task ${id} is not in the plan`, { task: id });
    return t;
  }

  apply(c: ScenarioChange, k: number): string {
    switch (c.op) {
      case 'set-capacity': return this.setCapacity(c, k);
      case 'move-due': return this.moveDue(c, k);
      case 'remove-tasks': return this.removeTasks(c, k);
      case 'add-task': return this.addTask(c, k);
      case 'set-estimate': return this.setEstimate(c, k);
      case 'add-dependency': return this.addDependency(c, k);
      case 'remove-dependency': return this.removeDependency(c, k);
      case 'set-priority': return this.setPriority(c, k);
      default:
        throw this.error('unknown-op', k, `unknown op ${JSON.stringify((c as { op?: unknown }).op)} (one of ${SCENARIO_OPS.join(', ')})`);
    }
  }

  private setCapacity(c: Extract<ScenarioChange, { op: 'set-capacity' }>, k: number): string {
    const res = this.plan.resources.find((r) => r.id === c.pool);
    if (!res) throw this.error('unknown-pool', k, `pool ${String(c.pool)} is not a resource of the plan`, { pool: String(c.pool) });
    if (c.capacity === undefined && c.availability === undefined) throw this.error('invalid-change', k, 'set-capacity needs "capacity" and/or "availability"', { pool: res.id });
    const before = res.capacity;
    if (c.capacity !== undefined) {
      if (typeof c.capacity !== 'number' || !Number.isFinite(c.capacity) || c.capacity < 0) {
        throw this.error('invalid-capacity', k, `capacity of ${res.id} must be a finite number >= 0, not ${JSON.stringify(c.capacity)}`, { pool: res.id });
      }
      res.capacity = c.capacity;
    }
    if (c.availability !== undefined) {
      if (!Array.isArray(c.availability)) throw this.error('invalid-capacity', k, `availability of ${res.id} must be a list of {from, to, capacity}`, { pool: res.id });
      const windows: AvailabilityWindow[] = c.availability.map((w, j) => {
        if (!isObject(w) || !isIsoDate(w.from) || !isIsoDate(w.to) || typeof w.capacity !== 'number' || !(w.capacity >= 0) || !Number.isFinite(w.capacity)) {
          throw this.error('invalid-capacity', k, `availability[${j}] of ${res.id} must be {from: YYYY-MM-DD, to: YYYY-MM-DD, capacity >= 0}`, { pool: res.id });
        }
        if (w.to < w.from) throw this.error('invalid-capacity', k, `availability[${j}] of ${res.id} ends (${w.to}) before it starts (${w.from})`, { pool: res.id });
        return { from: w.from, to: w.to, capacity: w.capacity };
      });
      if (windows.length) res.availability = windows;
      else delete res.availability;
    }
    const peak = Math.max(res.capacity, ...(res.availability ?? []).map((w) => w.capacity));
    for (const t of this.order) {
      const q = t.demand[res.id] ?? 0;
      if (t.status !== 'done' && q > peak) {
        throw this.error('invalid-capacity', k, `task ${t.id} needs ${q} of ${res.id}, which would never have more than ${peak}`, { task: t.id, pool: res.id });
      }
    }
    const name = res.name ?? res.id;
    const parts: string[] = [];
    if (c.capacity !== undefined) parts.push(`capacity ${fmt(before)} -> ${fmt(res.capacity)}`);
    if (c.availability !== undefined) parts.push(res.availability ? `${res.availability.length} availability window(s)` : 'no availability windows');
    return `${name}: ${parts.join(', ')}`;
  }

  private moveDue(c: Extract<ScenarioChange, { op: 'move-due' }>, k: number): string {
    if (!isIsoDate(c.date)) throw this.error('invalid-date', k, `due date ${JSON.stringify(c.date)} is not a real date YYYY-MM-DD`, c.task !== undefined ? { task: String(c.task) } : {});
    if (c.task !== undefined) {
      const t = this.task(c.task, k, 'task');
      const before = t.due;
      t.due = c.date;
      return `${t.id} due ${before ?? '(none)'} -> ${c.date}`;
    }
    const before = this.plan.due;
    this.plan.due = c.date;
    return `committed date ${before ?? '(none)'} -> ${c.date}`;
  }

  private removeTasks(c: Extract<ScenarioChange, { op: 'remove-tasks' }>, k: number): string {
    if (!Array.isArray(c.ids) || c.ids.length === 0) throw this.error('invalid-change', k, 'remove-tasks needs a non-empty "ids" list');
    const gone = new Set<string>();
    let work = 0;
    for (const id of c.ids) {
      const t = this.task(id, k, 'ids');
      if (!gone.has(t.id)) work += t.status === 'done' ? 0 : t.duration.mostLikely;
      gone.add(t.id);
    }
    // Surviving predecessors of a removed task, through chains of removed tasks (memoized).
    const inherited = new Map<string, string[]>();
    const resolve = (id: string): string[] => {
      const hit = inherited.get(id);
      if (hit) return hit;
      inherited.set(id, []);
      const out: string[] = [];
      for (const p of this.byId.get(id)!.after) {
        if (gone.has(p)) for (const q of resolve(p)) { if (!out.includes(q)) out.push(q); }
        else if (!out.includes(p)) out.push(p);
      }
      inherited.set(id, out);
      return out;
    };
    let bridged = 0;
    this.order = this.order.filter((t) => !gone.has(t.id));
    for (const t of this.order) {
      if (!t.after.some((p) => gone.has(p))) continue;
      const after: string[] = [];
      for (const p of t.after) {
        const add = gone.has(p) ? resolve(p) : [p];
        if (gone.has(p)) bridged++;
        for (const q of add) if (!after.includes(q)) after.push(q);
      }
      t.after = after;
    }
    for (const id of gone) this.byId.delete(id);
    return `removed ${gone.size} task(s) (${fmt(work)} working days of most-likely work)${bridged ? `; ${bridged} dependency link(s) bridged to the removed tasks' predecessors` : ''}`;
  }

  private addTask(c: Extract<ScenarioChange, { op: 'add-task' }>, k: number): string {
    const raw = c.task;
    if (!isObject(raw)) throw this.error('invalid-task', k, 'add-task needs a "task" object (plan-format task)');
    const id = raw.id;
    if (typeof id === 'string' && this.byId.has(id)) throw this.error('duplicate-task', k, `task ${id} is already in the plan`, { task: id });
    const after = Array.isArray(raw.after) ? raw.after : [];
    for (const p of after) {
      if (typeof p === 'string' && !this.byId.has(p) && p !== id) throw this.error('unknown-task', k, `the new task ${String(id)} is after ${p}, which is not in the plan`, { task: p });
    }
    // Validate the task alone, as a plan-format task, against the plan's pools (its predecessors as stubs).
    const stubs = after.filter((p): p is string => typeof p === 'string' && p !== id).map((p) => ({ id: p, duration: 0 }));
    const check = validatePlan({ start: this.plan.start, calendar: this.plan.calendar, resources: this.plan.resources, tasks: [...stubs, raw] });
    if (!check.ok) {
      const first = check.issues[0];
      const code = first.code === 'unknown-resource' ? 'unknown-pool' : 'invalid-task';
      throw this.error(code, k, `the new task is invalid: ${check.issues.map((i) => i.message).join('; ')}`, { task: typeof id === 'string' ? id : undefined, pool: code === 'unknown-pool' ? first.field?.replace(/^demand\./, '') : undefined });
    }
    const task = check.plan.tasks[check.plan.tasks.length - 1];
    this.order.push(task);
    this.byId.set(task.id, task);
    return `added ${task.id}${task.name ? ` (${task.name})` : ''}: ${fmt(task.duration.mostLikely)} working days most likely${task.after.length ? `, after ${task.after.join(', ')}` : ''}`;
  }

  private setEstimate(c: Extract<ScenarioChange, { op: 'set-estimate' }>, k: number): string {
    const t = this.task(c.id, k, 'id');
    const useRemaining = t.status === 'in-progress' && t.remaining !== undefined;
    const current: Estimate = useRemaining ? t.remaining! : t.duration;
    const raw = typeof c.estimate === 'number' ? c.estimate : isObject(c.estimate) ? { ...current, ...c.estimate } : c.estimate;
    // A partial estimate of a fixed task (say only "pessimistic") makes it three-point: pert unless named.
    if (isObject(c.estimate) && current.distribution === 'fixed' && c.estimate.distribution === undefined && (raw as Estimate).optimistic !== (raw as Estimate).pessimistic) {
      (raw as Estimate).distribution = 'pert';
    }
    const col = new Collector();
    const est = validateEstimate(raw, t.id, useRemaining ? 'remaining' : 'duration', col);
    if (!est) throw this.error('invalid-estimate', k, col.issues.map((i) => i.message).join('; ') || `invalid estimate for ${t.id}`, { task: t.id });
    if (useRemaining) t.remaining = est; else t.duration = est;
    const show = (e: Estimate) => (e.distribution === 'fixed' ? fmt(e.mostLikely) : `${fmt(e.optimistic)}/${fmt(e.mostLikely)}/${fmt(e.pessimistic)} ${e.distribution}`);
    return `${t.id}${useRemaining ? ' remaining' : ''} estimate ${show(current)} -> ${show(est)}`;
  }

  private addDependency(c: Extract<ScenarioChange, { op: 'add-dependency' }>, k: number): string {
    const from = this.task(c.from, k, 'from'), to = this.task(c.to, k, 'to');
    if (from.id === to.id) throw this.error('self-dependency', k, `task ${from.id} cannot depend on itself`, { task: from.id });
    if (to.after.includes(from.id)) return `${to.id} already waits for ${from.id} (no change)`;
    const path = this.pathBetween(to.id, from.id);
    if (path) {
      const cycle = [from.id, ...path];
      throw this.error('cycle', k, `making ${to.id} wait for ${from.id} closes a cycle: ${cycle.join(' -> ')}`, { task: to.id, cycle });
    }
    to.after.push(from.id);
    return `${to.id} now waits for ${from.id}`;
  }

  /** A dependency path a -> ... -> b (ids), or null. Breadth-first over successors. */
  private pathBetween(a: string, b: string): string[] | null {
    const succ = new Map<string, string[]>();
    for (const t of this.order) for (const p of t.after) {
      let l = succ.get(p);
      if (!l) succ.set(p, (l = []));
      l.push(t.id);
    }
    const parent = new Map<string, string>([[a, a]]);
    const queue = [a];
    for (let q = 0; q < queue.length; q++) {
      const u = queue[q];
      if (u === b) {
        const path = [b];
        for (let v = b; v !== a; ) { v = parent.get(v)!; path.push(v); }
        return path.reverse();
      }
      for (const v of succ.get(u) ?? []) if (!parent.has(v)) { parent.set(v, u); queue.push(v); }
    }
    return null;
  }

  private removeDependency(c: Extract<ScenarioChange, { op: 'remove-dependency' }>, k: number): string {
    const from = this.task(c.from, k, 'from'), to = this.task(c.to, k, 'to');
    const at = to.after.indexOf(from.id);
    if (at < 0) throw this.error('missing-dependency', k, `${to.id} does not wait for ${from.id}`, { task: to.id });
    to.after.splice(at, 1);
    return `${to.id} no longer waits for ${from.id}`;
  }

  private setPriority(c: Extract<ScenarioChange, { op: 'set-priority' }>, k: number): string {
    if (!Array.isArray(c.order) || c.order.some((x) => typeof x !== 'string')) throw this.error('invalid-change', k, 'set-priority needs "order": a list of initiative keys');
    const current = new Map<string, number>();
    for (const t of this.order) {
      const key = t.meta?.[INITIATIVE_META];
      const rank = t.meta?.[INITIATIVE_RANK_META];
      if (typeof key === 'string' && typeof rank === 'number' && !current.has(key)) current.set(key, rank);
    }
    if (current.size === 0) throw this.error('not-a-portfolio', k, 'set-priority applies to a portfolio (merged initiatives); this plan has none');
    for (const key of c.order) if (!current.has(key)) throw this.error('unknown-initiative', k, `initiative ${key} is not in the portfolio (${[...current.keys()].join(', ')})`);
    const rest = [...current.entries()].filter(([key]) => !c.order.includes(key)).sort((x, y) => x[1] - y[1]).map(([key]) => key);
    const ranked = [...new Set(c.order), ...rest];
    const rank = new Map(ranked.map((key, r) => [key, r] as const));
    for (const t of this.order) {
      const key = t.meta?.[INITIATIVE_META];
      if (typeof key === 'string' && rank.has(key)) t.meta = { ...t.meta, [INITIATIVE_RANK_META]: rank.get(key)! };
    }
    return `priority order: ${ranked.join(' > ')}`;
  }
}
