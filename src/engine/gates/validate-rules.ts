/**
 * Validation of the plan-format extensions for gates and the shape of AI work:
 * task `kind`, `gate`, `labels`, `unestimated`, and the plan-level `horizon`,
 * `gateRules`, `windows`, `retraining`, `convergenceDefaults`, `risks`,
 * `correlations`, and `throughput` / `throughputHistory` (checked by history/throughput-tasks.ts)
 * (docs/plan-format.md, Extensions).
 *
 * Method: the same single pass as validate-plan.ts, recording every problem with
 * a stable code (`invalid-rule` for a malformed rule, `unknown-task` for an id a
 * rule names that is not in the plan, `invalid-date` for bad dates) and the field
 * path (`gateRules[0].cadence.weekday`). Defaults are filled in here so later
 * phases never guess: a gate rule waits for the gate at the guarded task's
 * 'start', takes 5 working days when added as a placeholder and treats an
 * unlinked existing gate as a dependency; a window applies to kind 'deploy'.
 * Cost: O(rules + tasks).
 */
import {
  GATE_KINDS, type Cadence, type ConvergenceDefault, type Correlation, type Estimate, type FinishWindow, type GateKind,
  type GateRule, type Plan, type Resource, type RetrainingRule, type RiskEvent, type Task, type TaskMatch,
} from '../plan';
import { dayNumber } from '../working-calendar';
import type { RiskImpact } from '../risk/risk-events';
import { isNonNegative, isObject, show, validateEstimate, type Collector, type DateCheck } from '../validate-plan';
import { validateTaskThroughput, validateThroughputHistory } from '../history/throughput-tasks';

export const DEFAULT_GATE_DAYS = 5;

type Json = Record<string, unknown>;
type RulesPart = Pick<Plan, 'horizon' | 'gateRules' | 'windows' | 'retraining' | 'convergenceDefaults' | 'risks' | 'correlations' | 'throughputHistory'>;

function stringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '');
}

/** Task-level fields: kind, gate, labels, unestimated, assumed. Writes them onto `task`. */
export function validateTaskShape(raw: Json, task: Task, c: Collector): void {
  const id = task.id;
  if (raw.kind !== undefined) {
    if (typeof raw.kind === 'string' && raw.kind !== '') task.kind = raw.kind;
    else c.add('invalid-rule', `task ${id} kind must be a non-empty string, not ${show(raw.kind)}`, id, 'kind');
  }
  if (raw.labels !== undefined) {
    if (stringList(raw.labels)) task.labels = [...new Set(raw.labels)];
    else c.add('invalid-rule', `task ${id} labels must be a list of non-empty strings, not ${show(raw.labels)}`, id, 'labels');
  }
  if (raw.gate !== undefined) {
    const g = raw.gate;
    if (!isObject(g) || !GATE_KINDS.includes(g.kind as GateKind)) {
      c.add('invalid-rule', `task ${id} gate must be { "kind": one of ${GATE_KINDS.join(', ')} }, not ${show(g)}`, id, 'gate.kind');
    } else {
      task.gate = { kind: g.kind as GateKind };
      // A gate is a gate whatever else it says; kind 'gate' unless the file chose another.
      if (task.kind === undefined) task.kind = 'gate';
    }
  }
  if (raw.assumed !== undefined) {
    if (typeof raw.assumed === 'boolean') { if (raw.assumed) task.assumed = true; }
    else c.add('invalid-rule', `task ${id} assumed must be true or false, not ${show(raw.assumed)}`, id, 'assumed');
  }
  if (raw.unestimated !== undefined) {
    if (typeof raw.unestimated === 'boolean') { if (raw.unestimated) task.unestimated = true; }
    else c.add('invalid-rule', `task ${id} unestimated must be true or false, not ${show(raw.unestimated)}`, id, 'unestimated');
  }
  if (raw.throughput !== undefined) {
    const tp = validateTaskThroughput(raw.throughput, id, c.add.bind(c));
    // The throughput replaces any duration; without one the task is a placeholder like an unestimated one.
    if (tp) { task.throughput = tp; if (raw.duration === undefined) task.unestimated = true; }
  }
}

/** Plan-level rules. `ids` is the set of task ids when they are sound (else id checks are skipped). */
export function validateRules(raw: Json, c: Collector, date: DateCheck, resources: Resource[], ids: Set<string> | undefined): RulesPart {
  const out: RulesPart = {};
  if (raw.horizon !== undefined) {
    const h = date(raw.horizon, undefined, 'horizon');
    if (h !== undefined) {
      if (typeof raw.start === 'string' && dayNumber(h) < dayNumber(raw.start)) c.add('invalid-rule', `horizon ${h} is before the plan start`, undefined, 'horizon');
      else out.horizon = h;
    }
  }
  const list = <T>(key: string, one: (v: Json, at: string) => T | null): T[] | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) { c.add('invalid-rule', `${key} must be a list, not ${show(v)}`, undefined, key); return undefined; }
    const items: T[] = [];
    v.forEach((item, i) => {
      const at = `${key}[${i}]`;
      if (!isObject(item)) { c.add('invalid-rule', `${at} must be an object, not ${show(item)}`, undefined, at); return; }
      const r = one(item, at);
      if (r) items.push(r);
    });
    return items;
  };
  const match = (v: unknown, at: string, allowed = ['ids', 'idPrefix', 'labels', 'kinds']): TaskMatch | null => {
    if (!isObject(v)) { c.add('invalid-rule', `${at} must be an object {ids?, idPrefix?, labels?, kinds?}, not ${show(v)}`, undefined, at); return null; }
    c.unknownFields(v, new Set(allowed), at);
    const m: TaskMatch = {};
    let ok = true;
    for (const k of ['ids', 'labels', 'kinds'] as const) {
      if (v[k] === undefined || !allowed.includes(k)) continue;
      if (!stringList(v[k])) { c.add('invalid-rule', `${at}.${k} must be a list of non-empty strings`, undefined, `${at}.${k}`); ok = false; continue; }
      m[k] = v[k] as string[];
    }
    if (v.idPrefix !== undefined && allowed.includes('idPrefix')) {
      if (typeof v.idPrefix === 'string' && v.idPrefix !== '') m.idPrefix = v.idPrefix;
      else { c.add('invalid-rule', `${at}.idPrefix must be a non-empty string`, undefined, `${at}.idPrefix`); ok = false; }
    }
    if (ids) for (const id of m.ids ?? []) if (!ids.has(id)) { c.add('unknown-task', `${at}.ids names ${id}, which is not a task in this plan`, id, `${at}.ids`); ok = false; }
    return ok ? m : null;
  };
  const ruleIds = new Set<string>();
  const ruleId = (v: Json, at: string): string | null => {
    if (typeof v.id !== 'string' || v.id === '') { c.add(v.id === undefined ? 'missing-field' : 'invalid-rule', `${at} needs an "id" (a non-empty string)`, undefined, `${at}.id`); return null; }
    if (ruleIds.has(v.id)) { c.add('invalid-rule', `rule id ${v.id} is used more than once`, undefined, `${at}.id`); return null; }
    ruleIds.add(v.id);
    return v.id;
  };
  const probability = (v: unknown, field: string, open0 = false): number | null => {
    if (typeof v === 'number' && Number.isFinite(v) && (open0 ? v > 0 : v >= 0) && v <= 1) return v;
    c.add('invalid-rule', `${field} must be a number in ${open0 ? '(0' : '[0'}, 1], not ${show(v)}`, undefined, field);
    return null;
  };
  const estimate = (v: unknown, owner: string, field: string): Estimate | null => (v === undefined ? (c.add('missing-field', `${field} is required`, undefined, field), null) : validateEstimate(v, owner, field, c));
  const attempts = (v: unknown, field: string): GateRule['rework'] | null | { successProbability: number; maxAttempts: number } => {
    if (!isObject(v)) { c.add('invalid-rule', `${field} must be {successProbability, maxAttempts}`, undefined, field); return null; }
    const p = probability(v.successProbability, `${field}.successProbability`, true);
    const k = v.maxAttempts;
    if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 1) { c.add('invalid-rule', `${field}.maxAttempts must be a whole number >= 1`, undefined, `${field}.maxAttempts`); return null; }
    return p === null ? null : { successProbability: p, maxAttempts: k };
  };

  out.gateRules = list('gateRules', (v, at): GateRule | null => {
    c.unknownFields(v, new Set(['id', 'gate', 'guards', 'when', 'duration', 'cadence', 'rework', 'treatUnlinkedAsDependency', 'name']), at);
    const id = ruleId(v, at);
    let ok = id !== null;
    if (!GATE_KINDS.includes(v.gate as GateKind)) { c.add('invalid-rule', `${at}.gate must be one of ${GATE_KINDS.join(', ')}, not ${show(v.gate)}`, undefined, `${at}.gate`); ok = false; }
    const guards = v.guards === undefined ? (c.add('missing-field', `${at} needs "guards" ({ids?, idPrefix?, labels?, kinds?})`, undefined, `${at}.guards`), null) : match(v.guards, `${at}.guards`);
    if (!guards) ok = false;
    const when = v.when ?? 'start';
    if (when !== 'start' && when !== 'finish') { c.add('invalid-rule', `${at}.when must be 'start' or 'finish', not ${show(v.when)}`, undefined, `${at}.when`); ok = false; }
    const duration = v.duration ?? DEFAULT_GATE_DAYS;
    if (!isNonNegative(duration)) { c.add('invalid-rule', `${at}.duration must be working days >= 0, not ${show(v.duration)}`, undefined, `${at}.duration`); ok = false; }
    let cadence: Cadence | undefined;
    if (v.cadence !== undefined) {
      const cd = validateCadence(v.cadence, `${at}.cadence`, c, date);
      if (cd) cadence = cd; else ok = false;
    }
    let rework: GateRule['rework'];
    if (v.rework !== undefined) {
      const rw = v.rework;
      if (!isObject(rw)) { c.add('invalid-rule', `${at}.rework must be {probability, share}`, undefined, `${at}.rework`); ok = false; }
      else {
        const p = probability(rw.probability, `${at}.rework.probability`);
        const s = probability(rw.share, `${at}.rework.share`);
        if (p === null || s === null) ok = false; else rework = { probability: p, share: s };
      }
    }
    const tu = v.treatUnlinkedAsDependency ?? true;
    if (typeof tu !== 'boolean') { c.add('invalid-rule', `${at}.treatUnlinkedAsDependency must be true or false`, undefined, `${at}.treatUnlinkedAsDependency`); ok = false; }
    if (!ok) return null;
    const rule: GateRule = { id: id!, gate: v.gate as GateKind, guards: guards!, when: when as GateRule['when'], duration: duration as number, treatUnlinkedAsDependency: tu as boolean };
    if (cadence) rule.cadence = cadence;
    if (rework) rule.rework = rework;
    return rule;
  });

  out.windows = list('windows', (v, at): FinishWindow | null => {
    c.unknownFields(v, new Set(['id', 'kind', 'from', 'to', 'appliesTo', 'name']), at);
    const id = ruleId(v, at);
    let ok = id !== null;
    if (v.kind !== 'deployment' && v.kind !== 'freeze') { c.add('invalid-rule', `${at}.kind must be 'deployment' or 'freeze', not ${show(v.kind)}`, undefined, `${at}.kind`); ok = false; }
    const from = date(v.from, undefined, `${at}.from`), to = date(v.to, undefined, `${at}.to`);
    if (from === undefined || to === undefined) ok = false;
    else if (dayNumber(from) > dayNumber(to)) { c.add('invalid-rule', `window ${id} ${from} .. ${to} ends before it starts`, undefined, at); ok = false; }
    const appliesTo = v.appliesTo === undefined ? { kinds: ['deploy'] } : match(v.appliesTo, `${at}.appliesTo`);
    if (!appliesTo) ok = false;
    return ok ? { id: id!, kind: v.kind as FinishWindow['kind'], from: from!, to: to!, appliesTo: appliesTo! } : null;
  });

  out.retraining = list('retraining', (v, at): RetrainingRule | null => {
    c.unknownFields(v, new Set(['id', 'everyWeeks', 'from', 'until', 'cycles', 'after', 'retrain', 'evaluate', 'deploy', 'attempts', 'demand', 'labels', 'name']), at);
    const id = ruleId(v, at);
    let ok = id !== null;
    const every = v.everyWeeks;
    if (typeof every !== 'number' || !Number.isSafeInteger(every) || every < 1) { c.add('invalid-rule', `${at}.everyWeeks must be a whole number >= 1, not ${show(every)}`, undefined, `${at}.everyWeeks`); ok = false; }
    const from = v.from === undefined ? (c.add('missing-field', `${at} needs "from"`, undefined, `${at}.from`), undefined) : date(v.from, undefined, `${at}.from`);
    if (from === undefined) ok = false;
    let until: string | undefined;
    if (v.until !== undefined) { until = date(v.until, undefined, `${at}.until`); if (until === undefined) ok = false; }
    let cycles: number | undefined;
    if (v.cycles !== undefined) {
      if (typeof v.cycles === 'number' && Number.isSafeInteger(v.cycles) && v.cycles >= 1) cycles = v.cycles;
      else { c.add('invalid-rule', `${at}.cycles must be a whole number >= 1`, undefined, `${at}.cycles`); ok = false; }
    }
    if (until === undefined && cycles === undefined && out.horizon === undefined && raw.horizon === undefined) {
      c.add('missing-field', `${at} needs "until", "cycles" or a plan "horizon" to know how many cycles to generate`, undefined, `${at}.until`);
      ok = false;
    }
    let after: string[] = [];
    if (v.after !== undefined) {
      if (!stringList(v.after)) { c.add('invalid-rule', `${at}.after must be a list of task ids`, undefined, `${at}.after`); ok = false; }
      else {
        after = v.after;
        if (ids) for (const p of after) if (!ids.has(p)) { c.add('unknown-task', `${at}.after names ${p}, which is not a task in this plan`, p, `${at}.after`); ok = false; }
      }
    }
    const steps = (['retrain', 'evaluate', 'deploy'] as const).map((k) => estimate(v[k], id ?? at, `${at}.${k}`));
    if (steps.some((s) => !s)) ok = false;
    let att: RetrainingRule['attempts'];
    if (v.attempts !== undefined) { const a = attempts(v.attempts, `${at}.attempts`); if (a && 'maxAttempts' in a) att = a; else ok = false; }
    const demand: Record<string, number> = {};
    if (v.demand !== undefined) {
      if (!isObject(v.demand)) { c.add('invalid-rule', `${at}.demand must be {pool: units}`, undefined, `${at}.demand`); ok = false; }
      else for (const [pool, units] of Object.entries(v.demand)) {
        if (!isNonNegative(units)) { c.add('invalid-demand', `${at}.demand.${pool} must be a number >= 0`, undefined, `${at}.demand.${pool}`); ok = false; }
        else if (!resources.some((r) => r.id === pool)) { c.add('unknown-resource', `${at} demands ${pool}, which is not a resource of this plan`, undefined, `${at}.demand.${pool}`); ok = false; }
        else if (units > 0) demand[pool] = units;
      }
    }
    let labels: string[] = [];
    if (v.labels !== undefined) { if (stringList(v.labels)) labels = v.labels; else { c.add('invalid-rule', `${at}.labels must be a list of strings`, undefined, `${at}.labels`); ok = false; } }
    if (!ok) return null;
    const rule: RetrainingRule = { id: id!, everyWeeks: every as number, from: from!, after, retrain: steps[0]!, evaluate: steps[1]!, deploy: steps[2]!, demand, labels };
    if (until !== undefined) rule.until = until;
    if (cycles !== undefined) rule.cycles = cycles;
    if (att) rule.attempts = att;
    return rule;
  });

  out.convergenceDefaults = list('convergenceDefaults', (v, at): ConvergenceDefault | null => {
    c.unknownFields(v, new Set(['match', 'duration', 'attempts']), at);
    const m = v.match === undefined ? (c.add('missing-field', `${at} needs "match" ({labels?, kinds?, idPrefix?})`, undefined, `${at}.match`), null) : match(v.match, `${at}.match`);
    const d = estimate(v.duration, at, `${at}.duration`);
    let att: ConvergenceDefault['attempts'];
    let ok = !!m && !!d;
    if (v.attempts !== undefined) { const a = attempts(v.attempts, `${at}.attempts`); if (a && 'maxAttempts' in a) att = a; else ok = false; }
    if (!ok) return null;
    return att ? { match: m!, duration: d!, attempts: att } : { match: m!, duration: d! };
  });

  out.risks = list('risks', (v, at): RiskEvent | null => {
    c.unknownFields(v, new Set(['id', 'name', 'probability', 'impact', 'appliesTo']), at);
    const id = ruleId(v, at);
    const p = probability(v.probability, `${at}.probability`);
    let ok = id !== null && p !== null;
    const impact = riskImpact(v.impact, id ?? at, `${at}.impact`, c);
    if (!impact) ok = false;
    const applies = v.appliesTo === undefined ? (c.add('missing-field', `${at} needs "appliesTo"`, undefined, `${at}.appliesTo`), null) : match(v.appliesTo, `${at}.appliesTo`);
    if (!applies) ok = false;
    if (v.name !== undefined && typeof v.name !== 'string') { c.add('invalid-rule', `${at}.name must be a string`, undefined, `${at}.name`); ok = false; }
    if (!ok) return null;
    const r: RiskEvent = { id: id!, probability: p!, impact: impact!, appliesTo: applies! };
    if (typeof v.name === 'string') r.name = v.name;
    return r;
  });

  out.correlations = list('correlations', (v, at): Correlation | null => {
    c.unknownFields(v, new Set(['group', 'coefficient']), at);
    let ok = true;
    const g = v.group;
    const group: Correlation['group'] = {};
    if (!isObject(g)) { c.add('invalid-rule', `${at}.group must be {labels?, team?, kinds?}`, undefined, `${at}.group`); ok = false; }
    else {
      c.unknownFields(g, new Set(['labels', 'team', 'kinds']), `${at}.group`);
      if (g.labels !== undefined) { if (stringList(g.labels)) group.labels = g.labels; else { c.add('invalid-rule', `${at}.group.labels must be a list of strings`, undefined, `${at}.group.labels`); ok = false; } }
      if (g.kinds !== undefined) { if (stringList(g.kinds)) group.kinds = g.kinds; else { c.add('invalid-rule', `${at}.group.kinds must be a list of strings`, undefined, `${at}.group.kinds`); ok = false; } }
      if (g.team !== undefined) { if (typeof g.team === 'string' && g.team) group.team = g.team; else { c.add('invalid-rule', `${at}.group.team must be a non-empty string`, undefined, `${at}.group.team`); ok = false; } }
      if (ok && !group.labels && !group.kinds && !group.team) { c.add('invalid-rule', `${at}.group names no labels, team or kinds`, undefined, `${at}.group`); ok = false; }
    }
    const k = v.coefficient;
    if (typeof k !== 'number' || !(k >= 0 && k <= 1)) { c.add('invalid-rule', `${at}.coefficient must be a number in [0, 1], not ${show(k)}`, undefined, `${at}.coefficient`); ok = false; }
    return ok ? { group, coefficient: k as number } : null;
  });
  out.throughputHistory = validateThroughputHistory(raw.throughputHistory, c.add.bind(c));

  for (const key of Object.keys(out) as (keyof RulesPart)[]) if (out[key] === undefined) delete out[key];
  return out;
}

const IMPACT_POINTS = ['optimistic', 'mostLikely', 'pessimistic', 'distribution'];

/**
 * A risk's impact: `{days}` (working days >= 0), or a three-point estimate
 * `{optimistic, mostLikely, pessimistic, distribution}` sampled once per occurrence.
 * Normalized, a three-point impact also carries `days` = its mostLikely (what a
 * reader that knows only `days` sees); `days` next to the points must equal it, so
 * the normalized form validates again unchanged.
 */
function riskImpact(v: unknown, owner: string, at: string, c: Collector): RiskEvent['impact'] | null {
  if (!isObject(v)) { c.add('invalid-rule', `${at} must be {days} or {optimistic, mostLikely, pessimistic, distribution}, not ${show(v)}`, undefined, at); return null; }
  if (!IMPACT_POINTS.some((k) => v[k] !== undefined)) {
    c.unknownFields(v, new Set(['days']), at);
    if (!isNonNegative(v.days)) { c.add('invalid-rule', `${at} must be {days: working days >= 0}, not ${show(v)}`, undefined, `${at}.days`); return null; }
    return { days: v.days };
  }
  const { days, ...points } = v;
  const est = validateEstimate(points, owner, at, c);
  if (!est) return null;
  if (days !== undefined && days !== est.mostLikely) {
    c.add('invalid-rule', `${at}.days (${show(days)}) must be left out or equal the mostLikely impact ${est.mostLikely}`, undefined, `${at}.days`);
    return null;
  }
  if (est.distribution === 'fixed') return { days: est.mostLikely };
  const impact: RiskImpact = { days: est.mostLikely, ...est };
  return impact;
}

function validateCadence(v: unknown, at: string, c: Collector, date: DateCheck): Cadence | null {
  if (!isObject(v)) { c.add('invalid-rule', `${at} must be {everyWeeks, weekday, from} or {dates}`, undefined, at); return null; }
  if (v.dates !== undefined) {
    c.unknownFields(v, new Set(['dates']), at);
    if (!Array.isArray(v.dates) || v.dates.length === 0) { c.add('invalid-rule', `${at}.dates must be a non-empty list of dates`, undefined, `${at}.dates`); return null; }
    const dates: string[] = [];
    let ok = true;
    v.dates.forEach((d, i) => { const x = date(d, undefined, `${at}.dates[${i}]`); if (x === undefined) ok = false; else dates.push(x); });
    return ok ? { dates: [...new Set(dates)].sort() } : null;
  }
  c.unknownFields(v, new Set(['everyWeeks', 'weekday', 'from']), at);
  let ok = true;
  const every = v.everyWeeks ?? 1;
  if (typeof every !== 'number' || !Number.isSafeInteger(every) || every < 1) { c.add('invalid-rule', `${at}.everyWeeks must be a whole number >= 1, not ${show(every)}`, undefined, `${at}.everyWeeks`); ok = false; }
  if (typeof v.weekday !== 'number' || !Number.isInteger(v.weekday) || v.weekday < 1 || v.weekday > 7) { c.add('invalid-rule', `${at}.weekday must be an ISO weekday 1 (Monday) .. 7, not ${show(v.weekday)}`, undefined, `${at}.weekday`); ok = false; }
  const from = v.from === undefined ? (c.add('missing-field', `${at} needs "from" (the date of one sitting, or the date counting starts)`, undefined, `${at}.from`), undefined) : date(v.from, undefined, `${at}.from`);
  if (from === undefined) ok = false;
  return ok ? { everyWeeks: every as number, weekday: v.weekday as number, from: from! } : null;
}
