/**
 * Validates a plan (already decoded from JSON) and normalizes it into `Plan`.
 *
 * Method: one pass over the document that records every problem as a PlanIssue
 * (stable code, the task id and the field path) instead of stopping at the first;
 * then, only when ids are sound (present and unique), a cycle search over the
 * dependency graph (find-cycle.ts), repeated after cutting each found cycle so
 * independent cycles are all reported. Defaults (docs/plan-format.md): calendar
 * Mon-Fri without holidays, no resources, status 'todo', distribution 'pert';
 * a plain number or a = m = b is a fixed estimate; lognormal without mostLikely
 * gets the median sqrt(a * b). Unknown fields are kept out of the plan and
 * reported as warnings (a misspelt "notBefore" should not pass silently).
 * Cost: O(V + E) plus O(k (V + E)) for k reported cycles (k <= MAX_CYCLES).
 * Reference: docs/plan-format.md (contract v1 and its Extensions section).
 */
import { DISTRIBUTIONS, type AvailabilityWindow, type CalendarSpec, type DistributionKind, type Estimate, type Plan, type PlanIssue, type PlanIssueCode, type Resource, type Task, type TaskStatus } from './plan';
import { buildGraph } from './compile-plan';
import { findCycle } from './find-cycle';
import { dayNumber } from './working-calendar';
import { validateRules, validateTaskShape } from './gates/validate-rules';

export type ParseResult = { ok: true; plan: Plan; warnings: string[] } | { ok: false; issues: PlanIssue[] };

/** A plan whose dates lie further than this from `start` is surely a typo (and would be slow to map). */
const MAX_DAYS_FROM_START = 36_525;
/** Reporting more cycles than this helps nobody; the first few show what is wrong. */
const MAX_CYCLES = 20;
const STATUSES: readonly TaskStatus[] = ['todo', 'in-progress', 'done'];

const PLAN_FIELDS = new Set(['name', 'start', 'calendar', 'resources', 'tasks', 'due', '$schema', 'version', 'description',
  'horizon', 'gateRules', 'windows', 'retraining', 'convergenceDefaults', 'risks', 'correlations', 'throughputHistory']);
const TASK_FIELDS = new Set(['id', 'name', 'duration', 'remaining', 'after', 'demand', 'notBefore', 'attempts', 'status', 'due', 'meta',
  'kind', 'gate', 'labels', 'unestimated', 'assumed', 'throughput']);
const ESTIMATE_FIELDS = new Set(['optimistic', 'mostLikely', 'pessimistic', 'distribution']);
const RESOURCE_FIELDS = new Set(['id', 'name', 'capacity', 'availability']);
const ATTEMPT_FIELDS = new Set(['successProbability', 'maxAttempts']);

type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function show(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** Collects issues and warnings for one validation run. */
export class Collector {
  readonly issues: PlanIssue[] = [];
  readonly warnings: string[] = [];

  add(code: PlanIssueCode, message: string, task?: string, field?: string): void {
    const issue: PlanIssue = { code, message };
    if (task !== undefined) issue.task = task;
    if (field !== undefined) issue.field = field;
    this.issues.push(issue);
  }

  unknownFields(obj: Json, known: Set<string>, where: string): void {
    for (const key of Object.keys(obj)) if (!known.has(key)) this.warnings.push(`${where}: unknown field '${key}' ignored`);
  }
}

export function validatePlan(raw: unknown): ParseResult {
  const c = new Collector();
  if (!isObject(raw)) {
    c.add('not-an-object', `a plan must be a JSON object, not ${Array.isArray(raw) ? 'an array' : show(raw)}`);
    return { ok: false, issues: c.issues };
  }
  c.unknownFields(raw, PLAN_FIELDS, 'plan');

  let name: string | undefined;
  if (raw.name !== undefined) {
    if (typeof raw.name === 'string') name = raw.name;
    else c.add('invalid-field', `plan name must be a string, not ${show(raw.name)}`, undefined, 'name');
  }

  let startDay = NaN;
  if (raw.start === undefined) c.add('missing-field', 'the plan needs a "start" date (YYYY-MM-DD)', undefined, 'start');
  else {
    startDay = typeof raw.start === 'string' ? dayNumber(raw.start) : NaN;
    if (!Number.isFinite(startDay)) c.add('invalid-date', `start ${show(raw.start)} is not a real date in YYYY-MM-DD form`, undefined, 'start');
  }
  const date = (v: unknown, task: string | undefined, field: string, nearStart = true): string | undefined => {
    const d = typeof v === 'string' ? dayNumber(v) : NaN;
    const where = task !== undefined ? `task ${task} ${field}` : field;
    if (!Number.isFinite(d)) {
      c.add('invalid-date', `${where} ${show(v)} is not a real date in YYYY-MM-DD form`, task, field);
      return undefined;
    }
    if (nearStart && Number.isFinite(startDay) && Math.abs(d - startDay) > MAX_DAYS_FROM_START) {
      c.add('invalid-date', `${where} ${v} is more than 100 years from the plan start`, task, field);
      return undefined;
    }
    return v as string;
  };

  const calendar = validateCalendar(raw.calendar, c, date);
  const resources = validateResources(raw.resources, c, date);

  let due: string | undefined;
  if (raw.due !== undefined) due = date(raw.due, undefined, 'due');

  const tasks: Task[] = [];
  let idsSound = true;
  if (raw.tasks === undefined) {
    c.add('missing-field', 'the plan needs a "tasks" array', undefined, 'tasks');
    idsSound = false;
  } else if (!Array.isArray(raw.tasks)) {
    c.add('invalid-field', `"tasks" must be an array, not ${show(raw.tasks)}`, undefined, 'tasks');
    idsSound = false;
  } else {
    const seen = new Set<string>();
    raw.tasks.forEach((t, i) => {
      const task = validateTask(t, i, c, date, resources);
      if (!task) { idsSound = false; return; }
      if (seen.has(task.id)) {
        c.add('duplicate-id', `task id ${task.id} is used more than once (again at tasks[${i}])`, task.id, 'id');
        idsSound = false;
        return;
      }
      seen.add(task.id);
      tasks.push(task);
    });
    const ids = new Set(tasks.map((t) => t.id));
    for (const t of tasks) {
      for (const p of t.after) {
        if (p === t.id) c.add('self-dependency', `task ${t.id} is listed after itself`, t.id, 'after');
        else if (!ids.has(p)) c.add('unknown-predecessor', `task ${t.id} is after ${p}, which is not a task in this plan`, t.id, 'after');
      }
    }
  }

  if (idsSound) reportCycles(tasks, c);
  const rules = validateRules(raw, c, date, resources, idsSound ? new Set(tasks.map((t) => t.id)) : undefined);
  if (c.issues.length) return { ok: false, issues: c.issues };
  const plan: Plan = { start: raw.start as string, calendar, resources, tasks, ...rules };
  if (name !== undefined) plan.name = name;
  if (due !== undefined) plan.due = due;
  return { ok: true, plan, warnings: c.warnings };
}

export type DateCheck = (v: unknown, task: string | undefined, field: string, nearStart?: boolean) => string | undefined;

function validateCalendar(raw: unknown, c: Collector, date: DateCheck): CalendarSpec {
  const spec: CalendarSpec = { workdays: [1, 2, 3, 4, 5], holidays: [] };
  if (raw === undefined) return spec;
  if (!isObject(raw)) {
    c.add('invalid-calendar', `calendar must be an object, not ${show(raw)}`, undefined, 'calendar');
    return spec;
  }
  c.unknownFields(raw, new Set(['workdays', 'holidays']), 'calendar');
  if (raw.workdays !== undefined) {
    const w = raw.workdays;
    if (!Array.isArray(w) || w.length === 0 || !w.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) {
      c.add('invalid-calendar', `calendar.workdays must be a non-empty list of ISO weekdays 1 (Monday) .. 7 (Sunday), not ${show(w)}`, undefined, 'calendar.workdays');
    } else spec.workdays = [...new Set(w as number[])].sort((x, y) => x - y);
  }
  if (raw.holidays !== undefined) {
    if (!Array.isArray(raw.holidays)) c.add('invalid-calendar', `calendar.holidays must be a list of dates, not ${show(raw.holidays)}`, undefined, 'calendar.holidays');
    else {
      raw.holidays.forEach((h, i) => {
        const d = date(h, undefined, `calendar.holidays[${i}]`, false);
        if (d !== undefined) spec.holidays.push(d);
      });
    }
  }
  return spec;
}

function validateResources(raw: unknown, c: Collector, date: DateCheck): Resource[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    c.add('invalid-resource', `resources must be an array, not ${show(raw)}`, undefined, 'resources');
    return [];
  }
  const out: Resource[] = [];
  const seen = new Set<string>();
  raw.forEach((r, i) => {
    const at = `resources[${i}]`;
    if (!isObject(r)) {
      c.add('invalid-resource', `${at} must be an object, not ${show(r)}`, undefined, at);
      return;
    }
    if (r.id === undefined) { c.add('missing-field', `${at} needs an "id"`, undefined, `${at}.id`); return; }
    if (typeof r.id !== 'string' || r.id === '') { c.add('invalid-resource', `${at}.id must be a non-empty string, not ${show(r.id)}`, undefined, `${at}.id`); return; }
    const id = r.id;
    c.unknownFields(r, RESOURCE_FIELDS, `resource ${id}`);
    if (seen.has(id)) { c.add('invalid-resource', `resource id ${id} is used more than once`, undefined, `${at}.id`); return; }
    seen.add(id);
    const res: Resource = { id, capacity: 0 };
    if (r.name !== undefined) {
      if (typeof r.name === 'string') res.name = r.name;
      else c.add('invalid-field', `resource ${id} name must be a string`, undefined, `${at}.name`);
    }
    if (r.capacity === undefined) c.add('missing-field', `resource ${id} needs a "capacity"`, undefined, `${at}.capacity`);
    else if (!isNonNegative(r.capacity)) c.add('invalid-resource', `resource ${id} capacity must be a finite number >= 0, not ${show(r.capacity)}`, undefined, `${at}.capacity`);
    else res.capacity = r.capacity;
    if (r.availability !== undefined) {
      if (!Array.isArray(r.availability)) c.add('invalid-resource', `resource ${id} availability must be a list of {from, to, capacity}`, undefined, `${at}.availability`);
      else {
        const windows: AvailabilityWindow[] = [];
        r.availability.forEach((w, j) => {
          const wat = `${at}.availability[${j}]`;
          if (!isObject(w)) { c.add('invalid-resource', `${wat} must be an object {from, to, capacity}`, undefined, wat); return; }
          const from = date(w.from, undefined, `${wat}.from`);
          const to = date(w.to, undefined, `${wat}.to`);
          let ok = from !== undefined && to !== undefined;
          if (from !== undefined && to !== undefined && dayNumber(from) > dayNumber(to)) {
            c.add('invalid-resource', `resource ${id} availability window ${from} .. ${to} ends before it starts`, undefined, wat);
            ok = false;
          }
          if (!isNonNegative(w.capacity)) {
            c.add('invalid-resource', `resource ${id} availability capacity must be a finite number >= 0, not ${show(w.capacity)}`, undefined, `${wat}.capacity`);
            ok = false;
          }
          if (ok) windows.push({ from: from!, to: to!, capacity: w.capacity as number });
        });
        res.availability = windows;
      }
    }
    out.push(res);
  });
  return out;
}

export function isNonNegative(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/** The largest number of units a pool ever offers: its base capacity or a window's. */
function peakCapacity(r: Resource): number {
  let peak = r.capacity;
  for (const w of r.availability ?? []) peak = Math.max(peak, w.capacity);
  return peak;
}

function validateTask(raw: unknown, i: number, c: Collector, date: DateCheck, resources: Resource[]): Task | null {
  const at = `tasks[${i}]`;
  if (!isObject(raw)) {
    c.add('not-an-object', `${at} must be an object, not ${show(raw)}`, undefined, at);
    return null;
  }
  if (raw.id === undefined) {
    c.add('missing-field', `${at} needs an "id"`, undefined, `${at}.id`);
    return null;
  }
  if (typeof raw.id !== 'string' || raw.id.trim() === '') {
    c.add('invalid-field', `${at}.id must be a non-empty string, not ${show(raw.id)}`, undefined, `${at}.id`);
    return null;
  }
  const id = raw.id;
  c.unknownFields(raw, TASK_FIELDS, `task ${id}`);

  const task: Task = { id, duration: { optimistic: 0, mostLikely: 0, pessimistic: 0, distribution: 'fixed' }, after: [], demand: {}, status: 'todo' };
  if (raw.name !== undefined) {
    if (typeof raw.name === 'string') task.name = raw.name;
    else c.add('invalid-field', `task ${id} name must be a string, not ${show(raw.name)}`, id, 'name');
  }

  if (raw.status !== undefined) {
    if (STATUSES.includes(raw.status as TaskStatus)) task.status = raw.status as TaskStatus;
    else c.add('invalid-status', `task ${id} status ${show(raw.status)} is not one of ${STATUSES.join(', ')}`, id, 'status');
  }

  validateTaskShape(raw, task, c);
  if (raw.duration === undefined && task.unestimated) {
    // expand-plan.ts replaces this placeholder by the matching convergence default.
  } else if (raw.duration === undefined) c.add('missing-field', `task ${id} needs a "duration" (a number of working days or a three-point estimate)`, id, 'duration');
  else {
    const est = validateEstimate(raw.duration, id, 'duration', c);
    if (est) task.duration = est;
  }
  if (raw.remaining !== undefined) {
    const est = validateEstimate(raw.remaining, id, 'remaining', c);
    if (est) task.remaining = est;
    if (task.status !== 'in-progress') c.warnings.push(`task ${id}: "remaining" is used only for in-progress tasks; ignored for status ${task.status}`);
  }

  if (raw.after !== undefined) {
    if (!Array.isArray(raw.after)) c.add('invalid-field', `task ${id} "after" must be a list of task ids, not ${show(raw.after)}`, id, 'after');
    else {
      const seen = new Set<string>();
      raw.after.forEach((p, j) => {
        if (typeof p !== 'string' || p === '') c.add('invalid-field', `task ${id} after[${j}] must be a task id string, not ${show(p)}`, id, `after[${j}]`);
        else if (seen.has(p)) c.warnings.push(`task ${id}: predecessor ${p} is listed twice`);
        else { seen.add(p); task.after.push(p); }
      });
    }
  }

  if (raw.demand !== undefined) {
    if (!isObject(raw.demand)) c.add('invalid-field', `task ${id} demand must be an object {pool: units}, not ${show(raw.demand)}`, id, 'demand');
    else {
      for (const [pool, units] of Object.entries(raw.demand)) {
        const field = `demand.${pool}`;
        const r = resources.find((res) => res.id === pool); // a plan has a handful of pools
        if (!isNonNegative(units)) c.add('invalid-demand', `task ${id} demand for ${pool} must be a finite number >= 0, not ${show(units)}`, id, field);
        else if (!r) c.add('unknown-resource', `task ${id} demands ${pool}, which is not a resource of this plan`, id, field);
        else if (units > peakCapacity(r)) c.add('demand-exceeds-capacity', `task ${id} needs ${units} of ${pool}, which never has more than ${peakCapacity(r)}`, id, field);
        else if (units > 0) task.demand[pool] = units;
      }
    }
  }

  if (raw.notBefore !== undefined) task.notBefore = date(raw.notBefore, id, 'notBefore');
  if (raw.due !== undefined) task.due = date(raw.due, id, 'due');
  if (task.notBefore === undefined) delete task.notBefore;
  if (task.due === undefined) delete task.due;

  if (raw.attempts !== undefined) {
    const a = raw.attempts;
    if (!isObject(a)) c.add('invalid-field', `task ${id} attempts must be an object {successProbability, maxAttempts}`, id, 'attempts');
    else {
      c.unknownFields(a, ATTEMPT_FIELDS, `task ${id} attempts`);
      const p = a.successProbability, k = a.maxAttempts;
      let ok = true;
      if (p === undefined) { c.add('missing-field', `task ${id} attempts needs "successProbability"`, id, 'attempts.successProbability'); ok = false; }
      else if (typeof p !== 'number' || !(p > 0 && p <= 1)) { c.add('invalid-success-probability', `task ${id} attempts.successProbability must be in (0, 1], not ${show(p)}`, id, 'attempts.successProbability'); ok = false; }
      if (k === undefined) { c.add('missing-field', `task ${id} attempts needs "maxAttempts"`, id, 'attempts.maxAttempts'); ok = false; }
      else if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 1) { c.add('invalid-max-attempts', `task ${id} attempts.maxAttempts must be a whole number >= 1, not ${show(k)}`, id, 'attempts.maxAttempts'); ok = false; }
      if (ok) task.attempts = { successProbability: p as number, maxAttempts: k as number };
    }
  }

  if (raw.meta !== undefined) {
    if (isObject(raw.meta)) task.meta = raw.meta;
    else c.add('invalid-field', `task ${id} meta must be an object, not ${show(raw.meta)}`, id, 'meta');
  }
  return task;
}

/** A duration or remaining estimate: a plain number (fixed) or a three-point object. */
export function validateEstimate(raw: unknown, id: string, field: string, c: Collector): Estimate | null {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0) {
      c.add('invalid-duration', `task ${id} ${field} must be a finite number of working days >= 0, not ${show(raw)}`, id, field);
      return null;
    }
    return { optimistic: raw, mostLikely: raw, pessimistic: raw, distribution: 'fixed' };
  }
  if (!isObject(raw)) {
    c.add('invalid-duration', `task ${id} ${field} must be a number of working days or {optimistic, mostLikely, pessimistic}, not ${show(raw)}`, id, field);
    return null;
  }
  c.unknownFields(raw, ESTIMATE_FIELDS, `task ${id} ${field}`);
  let ok = true;
  let dist: DistributionKind = 'pert';
  if (raw.distribution !== undefined) {
    if (DISTRIBUTIONS.includes(raw.distribution as DistributionKind)) dist = raw.distribution as DistributionKind;
    else {
      c.add('unknown-distribution', `task ${id} ${field}.distribution ${show(raw.distribution)} is not one of ${DISTRIBUTIONS.join(', ')}`, id, `${field}.distribution`);
      ok = false;
    }
  }
  const point = (key: 'optimistic' | 'mostLikely' | 'pessimistic', required: boolean): number | undefined => {
    const v = raw[key];
    if (v === undefined) {
      if (required) { c.add('missing-field', `task ${id} ${field} needs "${key}"`, id, `${field}.${key}`); ok = false; }
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      c.add('invalid-duration', `task ${id} ${field}.${key} must be a finite number of working days >= 0, not ${show(v)}`, id, `${field}.${key}`);
      ok = false;
      return undefined;
    }
    return v;
  };
  // A fixed estimate needs only its value; lognormal is defined by its 90% interval.
  const fixed = dist === 'fixed';
  let a = point('optimistic', !fixed);
  let m = point('mostLikely', dist !== 'lognormal');
  let b = point('pessimistic', !fixed);
  if (a !== undefined && m !== undefined && a > m) {
    c.add('estimate-order', `task ${id} ${field}: optimistic ${a} is greater than mostLikely ${m}`, id, `${field}.optimistic`);
    ok = false;
  }
  if (m !== undefined && b !== undefined && m > b) {
    c.add('estimate-order', `task ${id} ${field}: mostLikely ${m} is greater than pessimistic ${b}`, id, `${field}.pessimistic`);
    ok = false;
  }
  if (a !== undefined && b !== undefined && a > b && m === undefined) {
    c.add('estimate-order', `task ${id} ${field}: optimistic ${a} is greater than pessimistic ${b}`, id, `${field}.optimistic`);
    ok = false;
  }
  if (dist === 'lognormal' && a !== undefined && a <= 0) {
    c.add('lognormal-nonpositive', `task ${id} ${field}: a lognormal estimate needs optimistic > 0 (it is the 5th percentile), not ${a}`, id, `${field}.optimistic`);
    ok = false;
  }
  if (!ok) return null;
  if (fixed) {
    // mostLikely is required for fixed, so it is defined here; the other points are only checked.
    return { optimistic: m!, mostLikely: m!, pessimistic: m!, distribution: 'fixed' };
  }
  if (m === undefined) m = Math.sqrt(a! * b!);
  a = a!; b = b!;
  if (a === m && m === b) return { optimistic: m, mostLikely: m, pessimistic: m, distribution: 'fixed' };
  return { optimistic: a, mostLikely: m, pessimistic: b, distribution: dist };
}

/**
 * Reports dependency cycles: each one found is cut at its closing edge and the search
 * repeated. A DAG (the usual case) is recognized first by Kahn's algorithm over plain
 * index arrays, which costs far less than building the graph object.
 */
function reportCycles(tasks: Task[], c: Collector): void {
  if (isAcyclic(tasks)) return;
  const graph = buildGraph({ start: '2000-01-03', calendar: { workdays: [1], holidays: [] }, resources: [], tasks });
  for (let k = 0; k < MAX_CYCLES; k++) {
    const cycle = findCycle(graph);
    if (!cycle) return;
    c.add('cycle', `dependency cycle: ${cycle.join(' -> ')}`, cycle[0], 'after');
    graph.dropEdge(cycle[cycle.length - 2], cycle[cycle.length - 1]);
  }
}

/** Kahn's algorithm: true when every task can be ordered (unknown ids and self-references are skipped, as buildGraph does). */
function isAcyclic(tasks: Task[]): boolean {
  const index = new Map<string, number>();
  tasks.forEach((t, i) => index.set(t.id, i));
  const indegree = new Int32Array(tasks.length);
  const succ: number[][] = tasks.map(() => []);
  tasks.forEach((t, i) => {
    for (const p of t.after) {
      const j = index.get(p);
      if (j === undefined || j === i) continue;
      succ[j].push(i);
      indegree[i]++;
    }
  });
  const queue: number[] = [];
  for (let i = 0; i < tasks.length; i++) if (indegree[i] === 0) queue.push(i);
  for (let h = 0; h < queue.length; h++) for (const j of succ[queue[h]]) if (--indegree[j] === 0) queue.push(j);
  return queue.length === tasks.length;
}
