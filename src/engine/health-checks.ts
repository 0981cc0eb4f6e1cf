/**
 * Schedule health checks: a Jira-flavoured counterpart of the DCMA 14-point
 * assessment. Each check yields findings with a stable id, a severity, the task
 * ids (issue keys) and a hint how to fix it.
 *
 * Checks (ids, default thresholds, severity):
 *   HC-UNESTIMATED          warning  open tasks whose estimate is a default (meta.unestimated or assumed)
 *   HC-NO-LOGIC             warning  open tasks with neither a predecessor nor a successor in scope (isolated; a plan
 *                                    always has start tasks without predecessors, so those alone are not flagged)
 *   HC-NO-SUCCESSOR         info     open tasks with no successor that do not end the plan (dangling finish)
 *   HC-CLOSED-LINK          warning  a done task with a predecessor that is not done (stale link or wrong status)
 *   HC-STALE                warning  in-progress tasks whose meta.updated is more than staleDays (14) calendar days before asOf
 *   HC-OVERDUE              error    open tasks due before asOf
 *   HC-NEGATIVE-FLOAT       error    a task's or the plan's due date the CPM schedule cannot meet
 *   HC-LONG-TASK            warning  open tasks longer than longTaskDays (20) working days (most likely)
 *   HC-CROSS-TEAM-LOW-FLOAT warning  a hand-off between meta.team values whose predecessor has < crossTeamFloatDays (2) total float
 *   HC-OVERALLOCATED        warning  a pool whose demand in the precedence-only CPM schedule exceeds its capacity on some day
 *   HC-CYCLE                error    a dependency cycle (from validation; see cycleFindings)
 *   HC-NO-SITTING, HC-NO-ALLOWED-FINISH error  a gate or deploy with no allowed finish (board sitting, window) left before
 *                                    the horizon; the schedule keeps its unconstrained finish (critical-path.ts)
 *   plus the expansion findings passed in (HC-MISSING-GATE, HC-GATE-UNLINKED, HC-ASSUMED-ESTIMATE ...).
 * Method: one compile and one CPM pass (critical-path.ts) on most-likely durations with
 * finish constraints; overallocation sums demand over whole working days. Pure: `asOf`
 * is a parameter, never the clock; checks needing it are skipped without it.
 * Cost: O(V + E + pools x makespan). Reference: DCMA 14-Point Assessment (2009),
 * as summarized in e.g. the NDIA Planning & Scheduling Excellence Guide, sec. 4.
 */
import { compilePlan } from './compile-plan';
import { cpm, criticalTolerance, type CpmResult } from './critical-path';
import { SEVERITY_ORDER, type Finding, type Severity } from './gates/finding';
import type { Plan, PlanIssue } from './plan';
import { capacityAt, capacityStep } from './rcpsp/problem-from-plan';
import { dayNumber } from './working-calendar';

export type { Finding, Severity } from './gates/finding';

export interface HealthCheckOptions {
  /** Today (YYYY-MM-DD) for stale and overdue checks; they are skipped without it. */
  asOf?: string;
  /** Findings of plan expansion to include (missing or unlinked gates, assumed estimates). */
  findings?: Finding[];
  staleDays?: number;
  longTaskDays?: number;
  crossTeamFloatDays?: number;
}

export interface HealthReport {
  findings: Finding[];
  counts: Record<Severity, number>;
  asOf?: string;
}

export const HEALTH_DEFAULTS = { staleDays: 14, longTaskDays: 20, crossTeamFloatDays: 2 } as const;

const metaOf = (t: Plan['tasks'][number]) => t.meta ?? {};

export function healthChecks(plan: Plan, opts: HealthCheckOptions = {}): HealthReport {
  const staleDays = opts.staleDays ?? HEALTH_DEFAULTS.staleDays;
  const longTaskDays = opts.longTaskDays ?? HEALTH_DEFAULTS.longTaskDays;
  const crossFloat = opts.crossTeamFloatDays ?? HEALTH_DEFAULTS.crossTeamFloatDays;
  const asOfDay = opts.asOf !== undefined ? dayNumber(opts.asOf) : NaN;
  if (opts.asOf !== undefined && !Number.isFinite(asOfDay)) throw new RangeError(`asOf must be a date YYYY-MM-DD, not ${JSON.stringify(opts.asOf)}`);
  const out: Finding[] = [...(opts.findings ?? [])];
  const add = (id: string, severity: Severity, tasks: string[], message: string, hint: string) => { if (tasks.length) out.push({ id, severity, tasks, message, hint }); };
  const open = plan.tasks.filter((t) => t.status !== 'done');
  const isPlaceholder = (t: Plan['tasks'][number]) => metaOf(t).placeholder === true;

  const unest = open.filter((t) => !isPlaceholder(t) && (metaOf(t).unestimated === true || t.assumed === true)).map((t) => t.id);
  add('HC-UNESTIMATED', 'warning', unest, `${unest.length} open task(s) have no estimate of their own: ${unest.join(', ')}`, 'Add a three-point estimate (optimistic / most likely / pessimistic) to each.');

  const hasSucc = new Set(plan.tasks.flatMap((t) => t.after));
  const byId = new Map(plan.tasks.map((t) => [t.id, t] as const));

  const closed = plan.tasks.filter((t) => t.status === 'done' && t.after.some((p) => byId.get(p)?.status !== 'done'));
  for (const t of closed) {
    const openPreds = t.after.filter((p) => byId.get(p)?.status !== 'done');
    add('HC-CLOSED-LINK', 'warning', [t.id, ...openPreds], `${t.id} is done but depends on ${openPreds.join(', ')}, which ${openPreds.length > 1 ? 'are' : 'is'} not`, `Remove the stale link or correct the status of ${t.id} or ${openPreds.join(', ')}.`);
  }

  if (Number.isFinite(asOfDay)) {
    const stale = open.filter((t) => {
      const u = metaOf(t).updated;
      return t.status === 'in-progress' && typeof u === 'string' && Number.isFinite(dayNumber(u.slice(0, 10))) && asOfDay - dayNumber(u.slice(0, 10)) > staleDays;
    }).map((t) => t.id);
    add('HC-STALE', 'warning', stale, `${stale.length} in-progress task(s) not updated for more than ${staleDays} days: ${stale.join(', ')}`, 'Confirm they are still in progress and update their remaining estimate.');
    const overdue = open.filter((t) => t.due !== undefined && dayNumber(t.due) < asOfDay).map((t) => t.id);
    add('HC-OVERDUE', 'error', overdue, `${overdue.length} open task(s) are past their due date: ${overdue.join(', ')}`, 'Re-plan them: set a new due date or cut scope.');
  }

  const long = open.filter((t) => !isPlaceholder(t) && (t.status === 'in-progress' && t.remaining ? t.remaining : t.duration).mostLikely > longTaskDays).map((t) => t.id);
  add('HC-LONG-TASK', 'warning', long, `${long.length} task(s) are longer than ${longTaskDays} working days: ${long.join(', ')}`, 'Split them into pieces that can be tracked (e.g. data, training, evaluation).');

  let cp;
  try {
    cp = compilePlan(plan);
  } catch (err) {
    return finish(out, opts.asOf); // a cycle: validation reports it (cycleFindings)
  }
  // A gate or deploy with no allowed finish keeps its unconstrained finish (critical-path.ts, as the
  // Monte Carlo does); the remaining checks then run on that schedule.
  const r: CpmResult = cpm(cp);
  for (const u of r.unmetFinish) {
    add(u.code === 'no-sitting' ? 'HC-NO-SITTING' : 'HC-NO-ALLOWED-FINISH', 'error', [cp.ids[u.task]], u.message,
      u.code === 'no-sitting' ? 'Add board sittings (cadence dates) up to the plan horizon, or extend the horizon.' : 'Add a deployment window after this date, or move the freeze.');
  }
  const eps = criticalTolerance(r.finish);

  const isolated: string[] = [], noSucc: string[] = [];
  for (let i = 0; i < cp.n; i++) {
    const t = plan.tasks[cp.planIndex[i]];
    if (t.status === 'done' || plan.tasks.length < 2 || isPlaceholder(t)) continue;
    if (t.after.length === 0 && !hasSucc.has(t.id)) isolated.push(t.id);
    else if (!hasSucc.has(t.id) && r.finish - r.ef[i] > eps) noSucc.push(t.id);
  }
  add('HC-NO-LOGIC', 'warning', isolated, `${isolated.length} open task(s) have no predecessor and no successor in scope: ${isolated.join(', ')}`, 'Link what each needs first and what it feeds; an isolated task never moves the forecast.');
  add('HC-NO-SUCCESSOR', 'info', noSucc, `${noSucc.length} task(s) have no successor and do not end the plan: ${noSucc.join(', ')}`, 'Link what each one feeds; otherwise its delays never show in the finish date.');

  for (let i = 0; i < cp.n; i++) {
    const t = plan.tasks[cp.planIndex[i]];
    if (t.status === 'done' || t.due === undefined) continue;
    const dueDays = cp.calendar.workingDaysThrough(t.due);
    if (r.ef[i] > dueDays + eps) out.push({ id: 'HC-NEGATIVE-FLOAT', severity: 'error', tasks: [t.id], message: `${t.id} is due ${t.due} but the schedule finishes it ${cp.calendar.finishDate(r.ef[i])} (${round(r.ef[i] - dueDays)} working days late)`, hint: 'Shorten or re-sequence its critical predecessors, or renegotiate the due date.' });
  }
  if (plan.due !== undefined) {
    const dueDays = cp.calendar.workingDaysThrough(plan.due);
    if (r.finish > dueDays + eps) {
      out.push({ id: 'HC-NEGATIVE-FLOAT', severity: 'error', tasks: r.criticalPath.map((i) => cp.ids[i]), message: `the plan is due ${plan.due} but the schedule finishes ${cp.calendar.finishDate(r.finish)} (${round(r.finish - dueDays)} working days late)`, hint: 'The listed critical path sets the finish: shorten it or move the due date.' });
    }
  }

  for (let i = 0; i < cp.n; i++) {
    const s = plan.tasks[cp.planIndex[i]];
    const sTeam = metaOf(s).team;
    if (typeof sTeam !== 'string' || s.status === 'done') continue;
    for (let k = cp.predStart[i]; k < cp.predStart[i + 1]; k++) {
      const p = cp.preds[k];
      const pt = plan.tasks[cp.planIndex[p]];
      const pTeam = metaOf(pt).team;
      if (typeof pTeam !== 'string' || pTeam === sTeam || pt.status === 'done') continue;
      const tf = r.totalFloat[p];
      if (tf < crossFloat - eps) {
        out.push({ id: 'HC-CROSS-TEAM-LOW-FLOAT', severity: 'warning', tasks: [pt.id, s.id], message: `hand-off ${pt.id} (${pTeam}) -> ${s.id} (${sTeam}) has ${round(Math.max(0, tf))} working days of float`, hint: 'Agree the hand-off date with both teams, or add buffer before it.' });
      }
    }
  }

  // Overallocation in the precedence-only schedule: demand summed over whole working days.
  const R = cp.resourceIds.length;
  const days = Math.ceil(r.finish);
  for (let ri = 0; ri < R; ri++) {
    const res = plan.resources[ri];
    const use = new Float64Array(days);
    for (let i = 0; i < cp.n; i++) {
      const u = cp.demand[i * R + ri];
      if (!u || cp.done[i] || r.ef[i] <= r.es[i]) continue;
      for (let d = Math.floor(r.es[i]); d < Math.ceil(r.ef[i]) && d < days; d++) use[d] += u;
    }
    const step = capacityStep(cp, ri);
    const capOn = (d: number) => capacityAt(step, d);
    let first = -1;
    for (let d = 0; d < days; d++) if (use[d] > capOn(d) + 1e-9) { first = d; break; }
    if (first < 0) continue;
    const who = [];
    for (let i = 0; i < cp.n; i++) if (cp.demand[i * R + ri] && !cp.done[i] && r.es[i] < first + 1 && r.ef[i] > first) who.push(cp.ids[i]);
    out.push({ id: 'HC-OVERALLOCATED', severity: 'warning', tasks: who, message: `${res.id} is asked for ${use[first]} units on ${cp.calendar.dateOfIndex(first)} but has ${capOn(first)}`, hint: `The resource-levelled schedule (converge schedule) delays some of ${who.join(', ')}; reserve capacity or re-sequence them.` });
  }
  return finish(out, opts.asOf);
}

/** Validation's cycle issues as HC-CYCLE findings (one per cycle). */
export function cycleFindings(issues: PlanIssue[]): Finding[] {
  return issues.filter((i) => i.code === 'cycle').map((i) => {
    const keys = (/dependency cycle: (.*)$/.exec(i.message)?.[1] ?? i.task ?? '').split(' -> ').filter(Boolean);
    return { id: 'HC-CYCLE', severity: 'error' as const, tasks: [...new Set(keys)], message: i.message, hint: 'Remove or reverse one of the links in the cycle; a plan with a loop has no schedule.' };
  });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function finish(findings: Finding[], asOf: string | undefined): HealthReport {
  const sorted = findings.map((f, k) => [f, k] as const).sort(([a, i], [b, j]) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || i - j).map(([f]) => f);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of sorted) counts[f.severity]++;
  return { findings: sorted, counts, ...(asOf !== undefined ? { asOf } : {}) };
}
