/**
 * A project's forecast: load the scope from Jira, map it to a plan, simulate, shape the reply,
 * with two caches.
 *   1. Per viewer and scope, a pointer to the last result, valid while no Jira trigger has
 *      fired since (the cache generation): a panel reload costs no Jira call at all. Keyed by
 *      the viewer because a forecast is built from what that user may see.
 *   2. By content: the hash of the plan, settings and run options. After a reload from Jira,
 *      an unchanged plan reuses the stored result instead of simulating again.
 */
import { compilePlan, type CompiledPlan } from '../engine/compile-plan';
import type { ForecastReport } from '../engine/reports';
import { validatePlan } from '../engine/validate-plan';
import { PlanError, type Plan } from '../engine/plan';
import { loadPlanFromJira } from '../jira/load-plan-from-jira';
import { scopeJql } from '../jira/mapping-settings';
import type { IssueMeta } from '../jira/plan-from-jira';
import type { MappingWarning } from '../jira/mapping-warning';
import type { JiraClient } from '../jira/jira-client';
import { inputHash } from '../storage/input-hash';
import type { GateRule, IssueSummary, PlanWindow, ProjectForecast, Settings } from './contract';
import { ResolverFailure } from './errors';
import { inCallIterations } from './forecast-budget';
import { forecastInCall, type RunSpec } from './run-forecast';
import { DEFAULT_SETTINGS, mappingFromSettings } from './settings';
import { jiraFor, today, type CallContext, type Services } from './services';
import { gateOfIssue } from './gate-of-issue';
import { planWindows } from './plan-windows';
import { projectDue } from './project-due';

export const DEFAULT_SEED = '1';

export async function loadSettings(s: Services): Promise<Settings> {
  return (await s.store.getSettings()) ?? DEFAULT_SETTINGS;
}

export interface ForecastRequest {
  projectKey: string;
  jql?: string;
  iterations?: number;
  seed?: string;
  due?: string;
}

/** A scope loaded from Jira and mapped; the plan is validated and compiled. */
export interface LoadedScope {
  projectKey: string;
  jql: string;
  start: string;
  plan: Plan;
  cp: CompiledPlan;
  issues: IssueMeta[];
  warnings: MappingWarning[];
  /** The working calendar, windows and project due date the panels show (see plan-windows.ts, project-due.ts). */
  calendar: { workdays: number[]; holidays: string[] };
  windows: PlanWindow[];
  due?: string;
  gates: GateRule[];
}

export async function loadScope(s: Services, client: JiraClient, req: { projectKey: string; jql?: string }, settings: Settings): Promise<LoadedScope> {
  const mapping = mappingFromSettings(settings);
  const jql = req.jql ?? scopeJql(req.projectKey, mapping);
  const start = today(s);
  const loaded = await loadPlanFromJira(client, { jql, settings: mapping, start, name: req.projectKey });
  if (loaded.plan.tasks.length === 0) throw new ResolverFailure('empty-scope', `no issues match the scope of ${req.projectKey}: ${jql}`, [req.projectKey]);
  const checked = validatePlan(loaded.plan);
  if (!checked.ok) throw new PlanError(checked.issues);
  const due = projectDue(req.projectKey, loaded.issues, settings);
  return {
    projectKey: req.projectKey, jql, start, plan: checked.plan, cp: compilePlan(checked.plan), issues: loaded.issues, warnings: loaded.warnings,
    calendar: { workdays: [...checked.plan.calendar.workdays], holidays: [...checked.plan.calendar.holidays] },
    windows: planWindows(loaded.issues, settings),
    ...(due ? { due } : {}),
    gates: settings.gates ?? [],
  };
}

export function issueSummary(m: IssueMeta, gates: readonly GateRule[] = []): IssueSummary {
  const out: IssueSummary = {
    key: m.key, summary: m.summary, issueType: m.issueType, status: m.status, estimateSource: m.estimateSource,
    unestimated: m.unestimated, predecessors: m.predecessors,
  };
  if (m.labels?.length) out.labels = [...m.labels];
  const gate = gateOfIssue(m, gates);
  if (gate) out.gate = gate;
  if (m.epic) out.epic = m.epic;
  if (m.team) out.team = m.team;
  if (m.due) out.due = m.due;
  if (m.estimate) out.estimate = m.estimate;
  if (m.external) out.external = true;
  return out;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The plain-language summary for executives. */
export function summarize(name: string, f: ForecastReport, issues: IssueSummary[]): string {
  const parts = [
    `${name}: 50% likely to finish by ${f.finishDate.p50}, 80% by ${f.finishDate.p80}, 95% by ${f.finishDate.p95} (${f.iterations.toLocaleString('en-US')} simulations).`,
  ];
  if (f.due) parts.push(`Chance of meeting ${f.due.date}: ${pct(f.due.probability)}.`);
  const cp = f.deterministic.criticalPath;
  if (cp.length) parts.push(`Critical path: ${cp.slice(0, 6).join(' → ')}${cp.length > 6 ? ` … (${cp.length} issues)` : ''}.`);
  const top = f.drivers[0];
  if (top) parts.push(`Top risk driver: ${top.id} (critical in ${pct(top.criticality)} of runs).`);
  const unestimated = issues.filter((i) => i.unestimated && !i.external).length;
  if (unestimated) parts.push(`${unestimated} issue${unestimated === 1 ? ' has' : 's have'} no estimate (type defaults used).`);
  return parts.join(' ');
}

export function warningsOf(mapping: MappingWarning[]): ProjectForecast['warnings'] {
  return mapping.map((w) => ({ code: w.code, message: w.message, issues: w.issueKeys }));
}

export function runSpecFor(s: Services, settings: Settings, req: ForecastRequest): RunSpec {
  return { iterations: req.iterations ?? settings.iterations, seed: req.seed ?? DEFAULT_SEED, batchSize: s.limits.batchSize, due: req.due };
}

/** The content key of a forecast: everything its numbers depend on. */
export function forecastHash(plan: Plan, settings: Settings, spec: RunSpec): string {
  const { version: _v, ...rest } = settings;
  return inputHash({ format: 'converge-project-forecast/1', plan, settings: rest, spec });
}

/** The parts of a project forecast that do not depend on the simulation. */
export type ForecastBase = Omit<ProjectForecast, 'forecast' | 'schedule' | 'summary' | 'computedAt'>;

export function forecastBase(scope: LoadedScope, hash: string): ForecastBase {
  return {
    projectKey: scope.projectKey,
    jql: scope.jql,
    planName: scope.plan.name ?? scope.projectKey,
    start: scope.start,
    issues: scope.issues.map((m) => issueSummary(m, scope.gates)),
    warnings: warningsOf(scope.warnings),
    inputHash: hash,
    calendar: scope.calendar,
    windows: scope.windows,
    ...(scope.due ? { due: scope.due } : {}),
  };
}

export function completeForecast(base: ForecastBase, report: ForecastReport, computedAt: string): ProjectForecast {
  return {
    ...base,
    forecast: report,
    schedule: report.schedule,
    summary: summarize(base.planName, report, base.issues),
    warnings: [...base.warnings, ...report.warnings.map((message) => ({ code: 'forecast', message }))],
    computedAt,
  };
}

export function shapeProjectForecast(scope: LoadedScope, report: ForecastReport, hash: string, computedAt: string): ProjectForecast {
  return completeForecast(forecastBase(scope, hash), report, computedAt);
}

export interface ForecastMode {
  /** Over the in-call budget: 'reject' answers 'too-large' (the panel starts a job); 'reduce' lowers the iterations. */
  overBudget: 'reject' | 'reduce';
}

/** The project forecast, from a cache when still valid. */
export async function projectForecast(s: Services, ctx: CallContext, req: ForecastRequest, mode: ForecastMode = { overBudget: 'reject' }): Promise<ProjectForecast> {
  const settings = await loadSettings(s);
  const wanted = runSpecFor(s, settings, req);
  const scopeHash = inputHash({ req, wanted, start: today(s), settings, viewer: ctx.asApp ? 'app' : ctx.accountId ?? 'anonymous', mode });
  const generation = await s.store.generation();
  const pointer = await s.store.getLatest(req.projectKey, scopeHash);
  if (pointer && pointer.generation === generation) {
    const hit = await s.store.getForecast(pointer.inputHash);
    if (hit) return hit;
  }

  const scope = await loadScope(s, jiraFor(s, ctx), req, settings);
  // Without a date from the user, the forecast is measured against the project's own due date.
  const spec = { ...wanted, ...(wanted.due ? {} : scope.due ? { due: scope.due } : {}) };
  const extraWarnings: ProjectForecast['warnings'] = [];
  if (scope.cp.n * spec.iterations > s.limits.inCallTaskSamples) {
    if (mode.overBudget === 'reject') {
      throw new ResolverFailure(
        'too-large',
        `${scope.cp.n} issues x ${spec.iterations} iterations is more than one call can simulate (${s.limits.inCallTaskSamples.toLocaleString('en-US')} task-samples); start a forecast job instead`,
        [req.projectKey],
      );
    }
    spec.iterations = inCallIterations(scope.cp.n, spec.iterations, s.limits);
    extraWarnings.push({ code: 'reduced-iterations', message: `ran ${spec.iterations} of the ${wanted.iterations} iterations asked for, to fit one call` });
  }
  const hash = forecastHash(scope.plan, settings, spec);
  let result = await s.store.getForecast(hash);
  if (!result) {
    result = shapeProjectForecast(scope, forecastInCall(scope.cp, spec), hash, s.deps.now().toISOString());
    result.warnings.push(...extraWarnings);
    await s.store.saveForecast(hash, result);
  }
  await s.store.setLatest(req.projectKey, scopeHash, { inputHash: hash, generation });
  await s.store.rememberProject({ projectKey: req.projectKey, jql: req.jql, lastForecastAt: s.deps.now().toISOString() });
  return result;
}
