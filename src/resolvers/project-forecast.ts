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
import { PlanError, type Plan, type Task } from '../engine/plan';
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
import { planWindows } from './plan-windows';
import { buildForecastPlan, sortFindings, windowFindings } from './forecast-plan';
import { searchJql } from '../jira/search-jql';
import type { Finding } from '../engine/health-checks';
import { projectDue } from './project-due';
import { throughputEpics, type ThroughputHistory } from '../engine/history/throughput-tasks';
import { textOf } from '../jira/field-text';
import { resolvedSinceJql } from '../jira/work-history';
import { dailyThroughput } from '../engine/history/daily-throughput';
import { dayNumber, isoFromDayNumber } from '../engine/working-calendar';

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
  /** Expansion and health-check findings (forecast-plan.ts). */
  health: Finding[];
  /** Reply warnings beyond the mapping's (throughput epics: the rule applied, or why not). */
  notes?: ProjectForecast['warnings'];
}

/** Keys in scope each JQL-matched rule (gate or risk) applies to: one search per rule with a JQL (at most 1,000 issues each). */
async function ruleJqlKeys(client: JiraClient, gates: ReadonlyArray<{ id: string; match: { jql?: string } }>, inScope: ReadonlySet<string>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const g of gates) {
    if (!g.match.jql?.trim()) continue;
    const found = await searchJql(client, { jql: g.match.jql, fields: ['summary'], maxIssues: 1000 });
    out.set(g.id, found.map((i) => i.key).filter((k) => inScope.has(k)));
  }
  return out;
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
  const windows = planWindows(loaded.issues, settings);
  const inScope = new Set(checked.plan.tasks.map((t) => t.id));
  const jqlKeys = await ruleJqlKeys(client, settings.gates ?? [], inScope);
  const riskJqlKeys = await ruleJqlKeys(client, settings.risks ?? [], inScope);
  const throughput = await throughputScope(s, client, req.projectKey, settings, checked.plan);
  const built = buildForecastPlan(throughput.plan, settings, windows, { asOf: start, jqlKeys, riskJqlKeys });
  return {
    projectKey: req.projectKey, jql, start, plan: built.plan, cp: compilePlan(built.plan), issues: loaded.issues, warnings: loaded.warnings,
    calendar: { workdays: [...checked.plan.calendar.workdays], holidays: [...checked.plan.calendar.holidays] },
    windows,
    ...(due ? { due } : {}),
    gates: settings.gates ?? [],
    health: built.health,
    ...(throughput.warnings.length ? { notes: throughput.warnings } : {}),
  };
}

/**
 * An issue as the panels list it. With its plan task (after expansion), the gate kind and the
 * predecessors are the plan's, so a placeholder gate or a linked unlinked gate shows as such.
 */
export function issueSummary(m: IssueMeta, task?: Task): IssueSummary {
  const out: IssueSummary = {
    key: m.key, summary: m.summary, issueType: m.issueType, status: m.status, estimateSource: m.estimateSource,
    unestimated: m.unestimated, predecessors: task ? [...task.after] : m.predecessors,
  };
  if (m.labels?.length) out.labels = [...m.labels];
  if (task?.gate) out.gate = task.gate.kind;
  if (m.epic) out.epic = m.epic;
  if (m.team) out.team = m.team;
  if (m.due) out.due = m.due;
  if (m.estimate) out.estimate = m.estimate;
  if (m.external) out.external = true;
  return out;
}

/** Jira issues, then the tasks expansion added (placeholder gates, retraining cycles) marked placeholder. */
export function issueSummaries(scope: Pick<LoadedScope, 'plan' | 'issues'>): IssueSummary[] {
  const byId = new Map(scope.plan.tasks.map((t) => [t.id, t] as const));
  const out = scope.issues.map((m) => issueSummary(m, byId.get(m.key)));
  const known = new Set(scope.issues.map((m) => m.key));
  for (const t of scope.plan.tasks) {
    if (known.has(t.id)) continue;
    const d = t.duration;
    const p: IssueSummary = {
      key: t.id, summary: t.name ?? t.id, issueType: t.gate ? 'Review Gate' : t.kind ?? 'Task', status: t.status,
      estimateSource: 'default', unestimated: true, predecessors: [...t.after], placeholder: true,
      estimate: { optimistic: d.optimistic, mostLikely: d.mostLikely, pessimistic: d.pessimistic, distribution: d.distribution },
    };
    if (t.gate) p.gate = t.gate.kind;
    if (t.labels?.length) p.labels = [...t.labels];
    out.push(p);
  }
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
    issues: issueSummaries(scope),
    warnings: [...warningsOf(scope.warnings), ...(scope.notes ?? [])],
    health: scope.health,
    inputHash: hash,
    calendar: scope.calendar,
    windows: scope.windows,
    ...(scope.due ? { due: scope.due } : {}),
  };
}

/** With the (expanded) plan, windows its deploys miss in the schedule or at P80 are added to `health`. */
export function completeForecast(base: ForecastBase, report: ForecastReport, computedAt: string, plan?: Plan): ProjectForecast {
  const missed = plan ? windowFindings(plan, report) : [];
  return {
    ...base,
    ...(missed.length ? { health: sortFindings([...(base.health ?? []), ...missed]) } : {}),
    forecast: report,
    schedule: report.schedule,
    summary: summarize(base.planName, report, base.issues),
    warnings: [...base.warnings, ...report.warnings.map((message) => ({ code: 'forecast', message }))],
    computedAt,
  };
}

export function shapeProjectForecast(scope: LoadedScope, report: ForecastReport, hash: string, computedAt: string): ProjectForecast {
  return completeForecast(forecastBase(scope, hash), report, computedAt, scope.plan);
}

export interface ForecastMode {
  /** Over the in-call budget: 'reject' answers 'too-large' (the panel starts a job); 'reduce' lowers the iterations. */
  overBudget: 'reject' | 'reduce';
}

/** The project forecast, from a cache when still valid. */
export async function projectForecast(s: Services, ctx: CallContext, req: ForecastRequest, mode: ForecastMode = { overBudget: 'reject' }): Promise<ProjectForecast> {
  return (await projectForecastCached(s, ctx, req, mode)).pf;
}

/** As projectForecast, with the scope when this call had to load it (a cache hit loads none), so a caller needing it too does not search Jira again. */
export async function projectForecastCached(s: Services, ctx: CallContext, req: ForecastRequest, mode: ForecastMode = { overBudget: 'reject' }): Promise<{ pf: ProjectForecast; scope?: LoadedScope }> {
  const at = await scopeCacheKey(s, ctx, req, mode);
  const pointer = await s.store.getLatest(req.projectKey, at.scopeHash);
  if (pointer && pointer.generation === at.generation) {
    const hit = await s.store.getForecast(pointer.inputHash);
    if (hit) return { pf: hit };
  }
  return forecastScope(s, ctx, req, mode, at);
}

interface ScopeCacheKey {
  settings: Settings;
  wanted: RunSpec;
  /** The scope pointer's key: the request, run, day, settings and viewer. */
  scopeHash: string;
  generation: string;
}

async function scopeCacheKey(s: Services, ctx: CallContext, req: ForecastRequest, mode: ForecastMode): Promise<ScopeCacheKey> {
  const settings = await loadSettings(s);
  const wanted = runSpecFor(s, settings, req);
  const scopeHash = inputHash({ req, wanted, start: today(s), settings, viewer: ctx.asApp ? 'app' : ctx.accountId ?? 'anonymous', mode });
  return { settings, wanted, scopeHash, generation: await s.store.generation() };
}

/**
 * The forecast with the scope it was computed from, always loading the scope from Jira (the
 * content cache still saves the simulation). Snapshots use it: they keep a copy of the plan.
 */
export async function projectForecastWithScope(s: Services, ctx: CallContext, req: ForecastRequest, mode: ForecastMode = { overBudget: 'reject' }): Promise<{ pf: ProjectForecast; scope: LoadedScope }> {
  return forecastScope(s, ctx, req, mode, await scopeCacheKey(s, ctx, req, mode));
}

async function forecastScope(
  s: Services, ctx: CallContext, req: ForecastRequest, mode: ForecastMode,
  at: ScopeCacheKey,
): Promise<{ pf: ProjectForecast; scope: LoadedScope }> {
  const { settings, wanted, scopeHash, generation } = at;
  const scope = await loadScope(s, jiraFor(s, ctx), req, settings);
  const { spec, warnings: extraWarnings } = inCallSpec(s, wanted, scope.due, scope.cp.n, mode, req.projectKey);
  const hash = forecastHash(scope.plan, settings, spec);
  let result = await s.store.getForecast(hash);
  if (!result) {
    result = shapeProjectForecast(scope, forecastInCall(scope.cp, spec), hash, s.deps.now().toISOString());
    result.warnings.push(...extraWarnings);
    await s.store.saveForecast(hash, result);
  }
  await s.store.setLatest(req.projectKey, scopeHash, { inputHash: hash, generation });
  await s.store.rememberProject({ projectKey: req.projectKey, jql: req.jql, lastForecastAt: s.deps.now().toISOString() });
  return { pf: result, scope };
}

/**
 * The run of an in-call forecast of `n` tasks: without a date from the user, measured against the
 * project's own due date; over the in-call budget, 'too-large' or fewer iterations with a warning (mode).
 */
export function inCallSpec(s: Services, wanted: RunSpec, due: string | undefined, n: number, mode: ForecastMode, projectKey: string): { spec: RunSpec; warnings: ProjectForecast['warnings'] } {
  const spec = { ...wanted, ...(wanted.due ? {} : due ? { due } : {}) };
  const warnings: ProjectForecast['warnings'] = [];
  if (n * spec.iterations > s.limits.inCallTaskSamples) {
    if (mode.overBudget === 'reject') {
      throw new ResolverFailure(
        'too-large',
        `${n} issues x ${spec.iterations} iterations is more than one call can simulate (${s.limits.inCallTaskSamples.toLocaleString('en-US')} task-samples); start a forecast job instead`,
        [projectKey],
      );
    }
    spec.iterations = inCallIterations(n, spec.iterations, s.limits);
    warnings.push({ code: 'reduced-iterations', message: `ran ${spec.iterations} of the ${wanted.iterations} iterations asked for, to fit one call` });
  }
  return { spec, warnings };
}

/** Calendar days of completed work a throughput epic is forecast from, and the most resolved issues read. */
export const THROUGHPUT_HISTORY_DAYS = 90;
const MAX_THROUGHPUT_ISSUES = 1000;
/** A team gets its own throughput history when it resolved at least this many issues in the window (else the project's serves). */
export const MIN_TEAM_THROUGHPUT_ISSUES = 10;

/**
 * Throughput epics (engine/history/throughput-tasks.ts, rule in docs/plan-format.md): an open
 * Epic in scope with no estimate of its own whose open children in scope are all unestimated
 * is forecast at the team's pace: items = those children, the pace = issues (not epics, not
 * sub-tasks) resolved per working day over the last 90 calendar days up to yesterday (a plain
 * search on resolutiondate, so work never moved to In Progress counts too), cached in the
 * store for the day. One history for the project, plus one per team (the mapping's team
 * field) with at least MIN_TEAM_THROUGHPUT_ISSUES resolved issues, matched by the epic's team.
 * No such epic: no Jira call. No resolved issue: today's estimates stand and a warning says so.
 */
export async function throughputScope(s: Services, client: JiraClient, projectKey: string, settings: Settings, plan: Plan): Promise<{ plan: Plan; warnings: ProjectForecast['warnings'] }> {
  const found = throughputEpics(plan);
  if (!found.epics.length) return { plan, warnings: [] };
  const day = today(s);
  const from = isoFromDayNumber(dayNumber(day) - THROUGHPUT_HISTORY_DAYS), to = isoFromDayNumber(dayNumber(day) - 1);
  const jql = resolvedSinceJql(projectKey, `-${THROUGHPUT_HISTORY_DAYS}d`);
  const teamField = mappingFromSettings(settings).estimateFields.team;
  const hash = inputHash({ kind: 'throughput', jql, teamField: teamField ?? null, max: MAX_THROUGHPUT_ISSUES });
  let resolved = (await s.store.getCompletedWork<{ resolved: Array<{ date: string; team?: string }> }>(projectKey, day, hash))?.resolved;
  if (!resolved) {
    const got = await searchJql(client, { jql, fields: ['resolutiondate', 'issuetype', ...(teamField ? [teamField] : [])], maxIssues: MAX_THROUGHPUT_ISSUES });
    resolved = got.filter((i) => {
      const t = i.fields.issuetype as { name?: string; subtask?: boolean; hierarchyLevel?: number } | undefined;
      return typeof i.fields.resolutiondate === 'string' && !t?.subtask && (t?.hierarchyLevel ?? 0) <= 0 && t?.name?.toLowerCase() !== 'epic';
    }).map((i) => {
      const team = teamField ? textOf(i.fields[teamField]) : undefined;
      return { date: String(i.fields.resolutiondate).slice(0, 10), ...(team ? { team } : {}) };
    }).filter((r) => r.date >= from && r.date <= to);
    await s.store.saveCompletedWork(projectKey, day, hash, { resolved, fetchedOn: day });
  }
  const keys = found.epics.map((e) => e.id);
  const list = found.epics.map((e) => `${e.id} (${e.items} item${e.items === 1 ? '' : 's'})`).join(', ');
  if (!resolved.length) {
    return { plan, warnings: [{ code: 'throughput-no-history', message: `no ${projectKey} issue was resolved in the last ${THROUGHPUT_HISTORY_DAYS} days, so the unestimated epics ${list} keep their children's default estimates`, issues: keys }] };
  }
  const history: ThroughputHistory[] = [{ dailyDone: dailyThroughput(resolved.map((r) => r.date), settings.calendar, { from, to }) }];
  const byTeam = new Map<string, string[]>();
  for (const r of resolved) {
    if (!r.team) continue;
    const dates = byTeam.get(r.team);
    if (dates) dates.push(r.date); else byTeam.set(r.team, [r.date]);
  }
  for (const [team, dates] of [...byTeam].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (dates.length >= MIN_TEAM_THROUGHPUT_ISSUES) history.push({ team, dailyDone: dailyThroughput(dates, settings.calendar, { from, to }) });
  }
  const teams = history.filter((h) => h.team !== undefined).map((h) => h.team);
  return {
    plan: { ...found.plan, throughputHistory: history },
    warnings: [{
      code: 'throughput-estimate',
      message: `unestimated epics whose open children are all unestimated are forecast from the team's throughput (${resolved.length} issues resolved over ${history[0].dailyDone.length} working days, ${from} .. ${to}; epics and sub-tasks not counted${teams.length ? `; own pace for team ${teams.join(', ')}` : ''}): ${list}; their children count as items, not as separate work`,
      issues: keys,
    }],
  };
}
