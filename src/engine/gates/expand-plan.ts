/**
 * Plan expansion: applies a validated plan's rules before scheduling, in fixed
 * phases (TaskJuggler style), so every schedule and forecast sees the same tasks.
 *   1. Convergence-risk defaults: an `unestimated` task gets the first matching
 *      default's estimate (and attempts, unless it has its own), flagged assumed.
 *   2. Retraining cycles: every rule generates retrain -> evaluate -> deploy chains,
 *      one per `everyWeeks` from `from` (released on the cycle date), up to `until`,
 *      `cycles` or the plan horizon; cycle c+1's retrain follows cycle c's deploy.
 *   3. Gate rules, in file order: a guarded task (not done, not itself a gate of the
 *      rule's kind) needs a gate of the kind upstream ('start': an ancestor of the
 *      task; 'finish': an ancestor or a descendant). If one exists but is not linked,
 *      it is linked when the rule says so (finding HC-GATE-UNLINKED, warning);
 *      otherwise a placeholder gate with the rule's duration is added (HC-MISSING-GATE,
 *      error). 'start': the placeholder is the review the guarded work waits for, so it
 *      follows the guarded task's own predecessors (the inputs it reviews) and precedes
 *      the task; guarded tasks with the same predecessors share one placeholder (the
 *      first is GATE-<rule>, others GATE-<rule>-<task>), and guarded tasks are visited
 *      upstream first, so a task downstream of a gated one is already satisfied.
 *      The task's notBefore is not copied: the review may happen before the release date.
 *      'finish': one placeholder per guarded task follows it and precedes its successors.
 *   4. Cadences: a rule whose board never sits between start and the horizon is an
 *      error ('no-sitting'), reported here rather than looped on later.
 * The input plan is never mutated; ties follow file order. Cost: O(rules x V x (V + E))
 * in the worst case (an upstream search per guarded task); plans have few rules.
 */
import type { Estimate, GateRule, Plan, PlanIssue, Task } from '../plan';
import { WorkingCalendar, dayNumber, isoFromDayNumber } from '../working-calendar';
import type { Finding } from './finding';
import { horizonDate, matchesTask, sittingDays } from './allowed-finish';
import { applyThroughputEstimates } from '../history/throughput-tasks';

/** More generated tasks than this is surely a mistaken rule (every week for a century). */
export const MAX_GENERATED_TASKS = 3000;

export type ExpandResult = { ok: true; plan: Plan; findings: Finding[] } | { ok: false; issues: PlanIssue[] };

export function expandPlan(input: Plan): ExpandResult {
  const issues: PlanIssue[] = [];
  const findings: Finding[] = [];
  const tasks: Task[] = input.tasks.map((t) => ({ ...t, after: [...t.after], ...(t.labels ? { labels: [...t.labels] } : {}) }));
  const cal = new WorkingCalendar(input.start, input.calendar);
  const horizon = horizonDate(input);
  const horizonDays = Math.max(0, cal.workingDaysThrough(horizon));

  applyThroughputEstimates(tasks, input.throughputHistory, issues, findings); // 0. Throughput tasks (history/throughput-tasks.ts).

  // 1. Convergence-risk defaults.
  const assumed: string[] = [];
  for (const t of tasks) {
    if (!t.unestimated) continue;
    const def = (input.convergenceDefaults ?? []).find((d) => matchesTask(d.match, t));
    if (!def) {
      issues.push({ code: 'no-default-estimate', message: `task ${t.id} is unestimated and no convergence default matches its kind or labels`, task: t.id, field: 'duration' });
      continue;
    }
    t.duration = { ...def.duration };
    if (def.attempts && !t.attempts) t.attempts = { ...def.attempts };
    t.assumed = true;
    assumed.push(t.id);
  }
  if (assumed.length) {
    findings.push({ id: 'HC-ASSUMED-ESTIMATE', severity: 'info', tasks: assumed, message: `${assumed.length} unestimated task(s) use their kind's or label's default uncertainty: ${assumed.join(', ')}`, hint: 'Ask the owners for a three-point estimate; the default is an assumption.' });
  }

  // 2. Retraining cycles.
  const ids = new Set(tasks.map((t) => t.id));
  let generated = 0;
  for (const rule of input.retraining ?? []) {
    const first = dayNumber(rule.from);
    const last = Math.min(dayNumber(rule.until ?? horizon), dayNumber(horizon));
    let prev: string[] = [...rule.after];
    for (let c = 1; rule.cycles === undefined || c <= rule.cycles; c++) {
      const day = first + (c - 1) * 7 * rule.everyWeeks;
      if (day > last) break;
      generated += 3;
      if (generated > MAX_GENERATED_TASKS) {
        issues.push({ code: 'too-many-tasks', message: `retraining rule ${rule.id} would generate more than ${MAX_GENERATED_TASKS} tasks before ${horizon}; set "until" or "cycles"`, field: `retraining.${rule.id}` });
        break;
      }
      const base = `${rule.id}-c${c}`;
      const make = (step: 'retrain' | 'evaluate' | 'deploy', kind: string, est: Estimate, after: string[]): Task => {
        const id = `${base}-${step}`;
        if (ids.has(id)) issues.push({ code: 'duplicate-id', message: `retraining rule ${rule.id} generates ${id}, which is already a task id`, task: id, field: 'id' });
        ids.add(id);
        const t: Task = { id, name: `${rule.id} cycle ${c}: ${step}`, duration: { ...est }, after, demand: step === 'retrain' ? { ...rule.demand } : {}, status: 'todo', kind, labels: [...rule.labels, 'retraining'], meta: { generatedBy: rule.id, cycle: c } };
        if (step === 'retrain') {
          t.notBefore = isoFromDayNumber(day);
          if (rule.attempts) t.attempts = { ...rule.attempts };
        }
        return t;
      };
      const r = make('retrain', 'training', rule.retrain, prev);
      const e = make('evaluate', 'evaluation', rule.evaluate, [r.id]);
      const d = make('deploy', 'deploy', rule.deploy, [e.id]);
      tasks.push(r, e, d);
      prev = [d.id];
    }
    if (prev.length === rule.after.length && prev.every((p, i) => p === rule.after[i])) {
      findings.push({ id: 'HC-RETRAINING-EMPTY', severity: 'warning', tasks: [], rule: rule.id, message: `retraining rule ${rule.id} generates no cycle between ${rule.from} and ${rule.until ?? horizon}`, hint: 'Check "from", "until" and the plan horizon.' });
    }
  }
  if (issues.length) return { ok: false, issues };

  // 3. Gate rules.
  const byId = new Map(tasks.map((t) => [t.id, t] as const));
  const succsOf = (id: string): string[] => tasks.filter((t) => t.after.includes(id)).map((t) => t.id);
  const ancestors = (id: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [...(byId.get(id)?.after ?? [])];
    while (stack.length) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push(...(byId.get(x)?.after ?? []));
    }
    return seen;
  };
  const isGate = (t: Task, rule: GateRule) => t.gate?.kind === rule.gate;
  const newId = (want: string) => { let id = want; for (let k = 2; ids.has(id); k++) id = `${want}-${k}`; ids.add(id); return id; };
  const addTask = (t: Task) => { tasks.push(t); byId.set(t.id, t); };
  const placeholder = (rule: GateRule, id: string, after: string[]): Task => ({
    id, name: `${rule.gate} gate (placeholder for rule ${rule.id})`, duration: { optimistic: rule.duration, mostLikely: rule.duration, pessimistic: rule.duration, distribution: 'fixed' },
    after, demand: {}, status: 'todo', kind: 'gate', gate: { kind: rule.gate }, assumed: true, meta: { placeholder: true, rule: rule.id },
  });

  for (const rule of input.gateRules ?? []) {
    // Upstream first: an ancestor has strictly fewer ancestors (stable sort keeps file order on ties).
    const guarded = tasks.filter((t) => t.status !== 'done' && !isGate(t, rule) && matchesTask(rule.guards, t))
      .map((t) => [t, ancestors(t.id).size] as const).sort((a, b) => a[1] - b[1]).map(([t]) => t);
    const shared = new Map<string, Task>();
    const missing: string[] = [];
    for (const t of guarded) {
      const up = ancestors(t.id);
      const gates = tasks.filter((g) => isGate(g, rule));
      if (gates.some((g) => up.has(g.id))) continue;
      if (rule.when === 'finish' && gates.some((g) => ancestors(g.id).has(t.id))) continue;
      // An existing gate of the kind that could be linked without a cycle (not downstream of t).
      const linkable = gates.find((g) => !g.assumed && !ancestors(g.id).has(t.id));
      if (linkable && rule.treatUnlinkedAsDependency) {
        t.after.push(linkable.id);
        findings.push({ id: 'HC-GATE-UNLINKED', severity: 'warning', tasks: [t.id, linkable.id], rule: rule.id, message: `${t.id} needs a ${rule.gate} gate upstream; ${linkable.id} is one but is not linked, so it is treated as a dependency`, hint: `Link ${linkable.id} to ${t.id} in Jira (e.g. "${linkable.id} blocks ${t.id}").` });
        continue;
      }
      if (linkable) {
        findings.push({ id: 'HC-GATE-UNLINKED', severity: 'error', tasks: [t.id, linkable.id], rule: rule.id, message: `${t.id} needs a ${rule.gate} gate upstream; ${linkable.id} is one but is not linked (rule ${rule.id} does not treat it as a dependency)`, hint: `Link ${linkable.id} to ${t.id}.` });
        continue;
      }
      if (rule.when === 'start') {
        const inputs = [...t.after];
        const key = [...inputs].sort().join('\u0000');
        let g = shared.get(key);
        if (!g) {
          g = placeholder(rule, newId(shared.size === 0 ? `GATE-${rule.id}` : `GATE-${rule.id}-${t.id}`), inputs);
          addTask(g);
          shared.set(key, g);
        }
        t.after.push(g.id);
      } else {
        const succs = succsOf(t.id);
        const g = placeholder(rule, newId(`GATE-${rule.id}-${t.id}`), [t.id]);
        addTask(g);
        for (const s of succs) byId.get(s)!.after.push(g.id);
      }
      missing.push(t.id);
    }
    if (missing.length) {
      findings.push({ id: 'HC-MISSING-GATE', severity: 'error', tasks: missing, rule: rule.id, message: `rule ${rule.id}: no ${rule.gate} gate upstream of ${missing.join(', ')}; a placeholder gate of ${rule.duration} working days was added`, hint: `Create a ${rule.gate} gate issue and link it before (${rule.when === 'start' ? 'start of' : 'finish of'}) the guarded work.` });
    }
  }

  // 4. Cadences that never sit within the horizon.
  for (const rule of input.gateRules ?? []) {
    if (!rule.cadence) continue;
    if (sittingDays(rule.cadence, cal, horizonDays).length === 0) {
      const gates = tasks.filter((t) => t.gate?.kind === rule.gate && t.status !== 'done').map((t) => t.id);
      issues.push({ code: 'no-sitting', message: `gate rule ${rule.id}: the ${rule.gate} board never sits between ${input.start} and the horizon ${horizon}, so ${gates.length ? gates.join(', ') : 'no gate of this kind'} could never finish`, field: `gateRules.${rule.id}.cadence`, ...(gates.length ? { task: gates[0] } : {}) });
    }
  }
  if (issues.length) return { ok: false, issues };
  // The expanded plan is final: its cycles are tasks now and its defaults applied, so expanding it again changes nothing.
  const { retraining: _generated, ...rest } = input;
  for (const t of tasks) if (t.unestimated && t.assumed) delete t.unestimated;
  return { ok: true, plan: { ...rest, tasks }, findings };
}
