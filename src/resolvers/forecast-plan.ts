/**
 * The one place a plan for a forecast is built from a mapped Jira scope: the admin's gate
 * rules, risk register, correlation groups and the windows become plan rules (plan-rules.ts),
 * the plan is validated, expanded (gates/expand-plan.ts: placeholder gates, unlinked gates,
 * retraining, convergence defaults) and health-checked (health-checks.ts) as of today.
 * Errors: an invalid rule is PlanError ('plan-invalid'); an expansion error (e.g. a board that
 * never sits within the horizon at all) is a ResolverFailure with the engine's code
 * ('no-sitting', ...) naming the rule and the task.
 * A gate whose board stops sitting before its work is done, or a deploy no settings window
 * is left for, is not an error of the whole forecast: the task keeps its unconstrained finish
 * (critical-path.ts, as the Monte Carlo does) and the finding HC-NO-SITTING /
 * HC-NO-ALLOWED-FINISH (error) names the task and, in `rule`, the rules or windows concerned.
 * A window an issue opens with its own start date (plan-windows.ts) that its issue cannot make
 * is dropped (the issue then finishes when its work allows) and HC-OUTSIDE-WINDOW says so.
 * Pure: no I/O. Cost: one validation, one expansion, one CPM per dropped window + 1.
 */
import { expandPlan } from '../engine/gates/expand-plan';
import { healthChecks, type Finding } from '../engine/health-checks';
import { PlanError, type FinishWindow, type GateRule as PlanGateRule, type Plan } from '../engine/plan';
import type { ForecastReport } from '../engine/reports';
import { matchesTask } from '../engine/gates/allowed-finish';
import { compilePlan } from '../engine/compile-plan';
import { cpm } from '../engine/critical-path';
import { validatePlan } from '../engine/validate-plan';
import type { PlanWindow, Settings } from './contract';
import { ResolverFailure } from './errors';
import { planCorrelations, planFinishWindows, planGateRules, planRisks } from './plan-rules';

export interface ForecastPlan {
  plan: Plan;
  /** Expansion and health-check findings, errors first. */
  health: Finding[];
}

export interface ForecastPlanOptions {
  asOf: string;
  /** Gate rule id -> the in-scope keys its JQL found. */
  jqlKeys?: ReadonlyMap<string, readonly string[]>;
  /** Risk id -> the in-scope keys its JQL found (a risk matched by JQL alone matches nothing without it). */
  riskJqlKeys?: ReadonlyMap<string, readonly string[]>;
}

const ruleOfField = (field: string | undefined): string | undefined => /^(?:gateRules|windows|retraining)\.([^.[\]]+)/.exec(field ?? '')?.[1];
const ownWindow = (w: FinishWindow, task: string) => w.appliesTo.ids?.length === 1 && w.appliesTo.ids[0] === task && !w.appliesTo.kinds && !w.appliesTo.labels && w.appliesTo.idPrefix === undefined;

export function buildForecastPlan(
  mapped: Plan, settings: Pick<Settings, 'gates'> & Partial<Pick<Settings, 'risks' | 'correlations'>>, windows: readonly PlanWindow[], opts: ForecastPlanOptions,
): ForecastPlan {
  const gateRules = planGateRules(settings.gates ?? [], mapped, opts.jqlKeys);
  const risks = planRisks(settings.risks ?? [], mapped, opts.riskJqlKeys);
  const { plan: base, correlations } = planCorrelations(settings.correlations ?? [], mapped);
  let finishWindows = planFinishWindows(windows, base);
  const dropped: Finding[] = [];
  for (let round = 0; ; round++) {
    const raw: Plan = { ...base };
    if (gateRules.length) raw.gateRules = gateRules; else delete raw.gateRules;
    if (finishWindows.length) raw.windows = finishWindows; else delete raw.windows;
    if (risks.length) raw.risks = risks; else delete raw.risks;
    if (correlations.length) raw.correlations = correlations; else delete raw.correlations;
    const checked = validatePlan(raw);
    if (!checked.ok) throw new PlanError(checked.issues);
    const expanded = expandPlan(checked.plan);
    if (!expanded.ok) {
      const first = expanded.issues[0];
      const rule = ruleOfField(first.field);
      throw new ResolverFailure(first.code, expanded.issues.map((i) => i.message).join('; '), [...new Set([rule, first.task].filter((x): x is string => !!x))]);
    }
    const report = healthChecks(expanded.plan, { asOf: opts.asOf, findings: expanded.findings });
    // An issue's own window its issue cannot make is dropped, and the plan built again without it.
    const stuck = new Set(report.findings.filter((f) => f.id === 'HC-NO-ALLOWED-FINISH').map((f) => f.tasks[0]));
    const own = finishWindows.filter((w) => [...stuck].some((t) => ownWindow(w, t)));
    if (own.length && round <= windows.length) {
      finishWindows = finishWindows.filter((w) => !own.includes(w));
      for (const w of own) dropped.push(outsideOwnWindow(w.appliesTo.ids![0], w));
      continue;
    }
    const byId = new Map(expanded.plan.tasks.map((t) => [t.id, t] as const));
    const health = [...report.findings.map((f) => {
      // A missing-gate finding also names the placeholder(s) standing in for the gate, so the panels can show them.
      if (f.id === 'HC-MISSING-GATE' && f.rule) {
        const ph = expanded.plan.tasks.filter((t) => t.meta?.placeholder === true && t.meta.rule === f.rule).map((t) => t.id);
        return { ...f, tasks: [...f.tasks, ...ph.filter((id) => !f.tasks.includes(id))] };
      }
      if ((f.id === 'HC-NO-SITTING' || f.id === 'HC-NO-ALLOWED-FINISH') && !f.rule) {
        const t = byId.get(f.tasks[0]);
        const rules = !t ? [] : f.id === 'HC-NO-SITTING'
          ? gateRules.filter((r: PlanGateRule) => r.cadence && t.gate?.kind === r.gate).map((r) => r.id)
          : finishWindows.filter((w) => matchesTask(w.appliesTo, t)).map((w) => w.id);
        return rules.length ? { ...f, rule: rules.join(', ') } : f;
      }
      return f;
    }), ...dropped, ...unmatchedRisks(expanded.plan)];
    return { plan: expanded.plan, health: sortFindings(health) };
  }
}

/** HC-RISK-UNMATCHED (warning): a risk of the register that hits no open issue in scope changes nothing; say so. */
function unmatchedRisks(plan: Plan): Finding[] {
  const open = plan.tasks.filter((t) => t.status !== 'done');
  return (plan.risks ?? []).filter((r) => !open.some((t) => matchesTask(r.appliesTo, t))).map((r) => ({
    id: 'HC-RISK-UNMATCHED', severity: 'warning' as const, tasks: [], rule: r.id,
    message: `risk ${r.name ?? r.id} hits no open issue in this scope, so it does not change the forecast`,
    hint: `Check the risk's key prefix, labels, issue types, team or JQL in Converge settings (risk register).`,
  }));
}

const ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };
const sev = (f: Finding) => ORDER[f.severity] ?? 3;

/**
 * Window findings after the forecast: a task a deployment window or freeze applies to whose
 * scheduled finish (the deterministic schedule the panels show: resource-levelled when pools
 * are used) or P80 finish falls outside its allowed days. HC-OUTSIDE-WINDOW: error when the
 * schedule misses, warning when only the P80 does. Dates compare as ISO strings. O(tasks x windows).
 */
export function windowFindings(plan: Plan, report: ForecastReport): Finding[] {
  const windows = plan.windows ?? [];
  if (!windows.length) return [];
  const sched = new Map(report.schedule.tasks.map((t) => [t.id, t.finishDate] as const));
  const p80 = new Map(report.tasks.map((t) => [t.id, t.finishDate.p80] as const));
  const out: Finding[] = [];
  for (const t of plan.tasks) {
    if (t.status === 'done') continue;
    const applying = windows.filter((w) => matchesTask(w.appliesTo, t));
    if (!applying.length) continue;
    const deployments = applying.filter((w) => w.kind === 'deployment');
    const allowed = (date: string) => (!deployments.length || deployments.some((w) => w.from <= date && date <= w.to)) && !applying.some((w) => w.kind === 'freeze' && w.from <= date && date <= w.to);
    const s = sched.get(t.id), p = p80.get(t.id);
    const missS = s !== undefined && !allowed(s), missP = p !== undefined && !allowed(p);
    if (!missS && !missP) continue;
    const where = deployments.length ? `its deployment window${deployments.length > 1 ? 's' : ''} ${deployments.map((w) => `${w.from} to ${w.to}`).join(', ')}` : 'outside its change freezes';
    out.push({
      id: 'HC-OUTSIDE-WINDOW', severity: missS ? 'error' : 'warning', tasks: [t.id], rule: applying.map((w) => w.id).join(', '),
      message: `${t.id} must finish inside ${where}, but the ${missS ? `schedule finishes it ${s}` : `forecast's P80 is ${p}`}${missS && p ? ` (P80 ${p})` : ''}`,
      hint: missS ? `Pull ${t.id}'s critical predecessors in (or free the resources they wait for), or book a later window.` : `The window is tight: 20% of the simulations miss it; add buffer upstream or book a fallback window.`,
    });
  }
  return out;
}

/** Findings errors first, then warnings, then info; the order within a severity is kept (stable sort). */
export function sortFindings(fs: Finding[]): Finding[] {
  return [...fs].sort((a, b) => sev(a) - sev(b));
}

/** The finding for an issue window its issue cannot make (the window is dropped). */
function outsideOwnWindow(task: string, w: { id: string; kind: string; from: string; to: string }): Finding {
  return {
    id: 'HC-OUTSIDE-WINDOW', severity: 'error', tasks: [task], rule: w.id,
    message: `${task} cannot finish inside its ${w.kind} window ${w.from} to ${w.to}: its predecessors end after the window closes`,
    hint: `Pull ${task}'s critical predecessors in, or book a later ${w.kind} window (a new start date and due date on ${task}).`,
  };
}

/**
 * For a plan already built (a what-if with other estimates): drops the issue windows
 * (`appliesTo.ids` = the one issue) the deterministic schedule can no longer make, as
 * buildForecastPlan does, so a longer estimate shows as HC-OUTSIDE-WINDOW. A settings window
 * or a gate board that cannot be met is kept: the task keeps its unconstrained finish
 * (critical-path.ts) and the project's health findings say so.
 */
export function withReachableWindows(plan: Plan): { plan: Plan; dropped: Finding[] } {
  const dropped: Finding[] = [];
  let current = plan;
  for (let round = 0; round <= (plan.windows?.length ?? 0); round++) {
    const cp = compilePlan(current);
    const stuck = cpm(cp).unmetFinish.filter((u) => u.code === 'no-allowed-finish').map((u) => cp.ids[u.task]);
    const own = (current.windows ?? []).filter((w) => stuck.some((t) => ownWindow(w, t)));
    if (!own.length) return { plan: current, dropped };
    const windows = (current.windows ?? []).filter((w) => !own.includes(w));
    current = { ...current };
    if (windows.length) current.windows = windows; else delete current.windows;
    dropped.push(...own.map((w) => outsideOwnWindow(w.appliesTo.ids![0], w)));
  }
  return { plan: current, dropped };
}
