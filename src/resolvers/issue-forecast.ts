/**
 * One issue's view of its project's forecast (the issue panel): its finish percentiles,
 * criticality, float, and the driving chain — the predecessors that bind its start in the
 * deterministic schedule, nearest first. Also the what-if of a new estimate for it.
 */
import type { Estimate, Plan, Task } from '../engine/plan';
import { validatePlan } from '../engine/validate-plan';
import { WorkingCalendar } from '../engine/working-calendar';
import { compilePlan } from '../engine/compile-plan';
import { PlanError } from '../engine/plan';
import { DEFAULT_MAX_ATTEMPTS } from '../jira/mapping-settings';
import { creditElapsed } from '../jira/estimate-for-issue';
import { getIssue } from '../jira/get-issue';
import type { JiraClient } from '../jira/jira-client';
import type { IssueForecast, ProjectForecast, ThreePointEstimate } from './contract';
import { ResolverFailure } from './errors';
import { inCallIterations } from './forecast-budget';
import { forecastInCall } from './run-forecast';
import { sortFindings, withReachableWindows } from './forecast-plan';
import { forecastHash, loadScope, loadSettings, runSpecFor, shapeProjectForecast, type ForecastRequest, type LoadedScope } from './project-forecast';
import type { Services } from './services';

/** The project an issue belongs to (one Jira call). */
export async function projectOfIssue(client: JiraClient, issueKey: string): Promise<string> {
  const issue = await getIssue(client, issueKey, { fields: ['project'] });
  const key = issue?.fields?.project?.key;
  if (!key) throw new ResolverFailure('not-found', `issue ${issueKey} has no project`, [issueKey]);
  return key;
}

const EPS = 1e-9;

/**
 * Predecessors that bind the issue's start (finish == its start), following the latest-finishing one.
 * A task that waits for pool capacity after its predecessors is still driven by the latest of them.
 */
export function drivingChain(pf: ProjectForecast, issueKey: string): string[] {
  const sched = new Map(pf.schedule.tasks.map((t) => [t.id, t]));
  const preds = new Map(pf.issues.map((i) => [i.key, i.predecessors]));
  const chain: string[] = [];
  const seen = new Set([issueKey]);
  for (let cur = issueKey; ; ) {
    const start = sched.get(cur)?.start;
    if (start === undefined) break;
    let best: string | undefined;
    let bestFinish = -Infinity;
    for (const p of preds.get(cur) ?? []) {
      const f = sched.get(p)?.finish;
      if (f !== undefined && Math.abs(f - start) <= EPS * Math.max(1, start) && f > bestFinish && !seen.has(p)) {
        best = p;
        bestFinish = f;
      }
    }
    if (!best && sched.get(cur)?.delayedBy) {
      for (const p of preds.get(cur) ?? []) {
        const f = sched.get(p)?.finish;
        if (f !== undefined && f <= start + EPS && f > bestFinish && !seen.has(p)) {
          best = p;
          bestFinish = f;
        }
      }
    }
    if (!best) break;
    chain.push(best);
    seen.add(best);
    cur = best;
  }
  return chain;
}

export function issueForecastOf(pf: ProjectForecast, issueKey: string): IssueForecast {
  const task = pf.forecast.tasks.find((t) => t.id === issueKey);
  const sched = pf.schedule.tasks.find((t) => t.id === issueKey);
  const meta = pf.issues.find((i) => i.key === issueKey);
  if (!task || !sched || !meta) {
    throw new ResolverFailure('not-found', `${issueKey} is not in the forecast scope of ${pf.projectKey} (${pf.jql})`, [issueKey]);
  }
  const warnings = pf.warnings.filter((w) => !w.issues || w.issues.includes(issueKey));
  // Health findings naming this issue, or a placeholder gate the forecast put in front of it.
  const placeholders = new Set(pf.issues.filter((i) => i.placeholder && meta.predecessors.includes(i.key)).map((i) => i.key));
  const health = (pf.health ?? []).filter((f) => f.tasks.includes(issueKey) || f.tasks.some((t) => placeholders.has(t)));
  for (const f of health) warnings.push({ code: f.id, message: `${f.message}. ${f.hint}`, issues: f.tasks });
  if (sched.delayedBy) {
    const pool = pf.schedule.resourceUsage?.find((u) => u.id === sched.delayedBy);
    const cal = new WorkingCalendar(pf.start, pf.calendar);
    warnings.push({
      code: 'waits-for-capacity',
      message: `${issueKey} could start on ${cal.startDate(sched.earlyStart)} but waits for the ${pool?.name ?? sched.delayedBy}: it has too few free units for it before ${sched.startDate}.`,
      issues: [issueKey],
    });
  }
  const out: IssueForecast = {
    issueKey,
    finishDate: task.finishDate,
    finishDays: task.finishDays,
    criticality: task.criticality,
    totalFloat: sched.totalFloat,
    drivingChain: drivingChain(pf, issueKey),
    warnings,
    estimateSource: meta.estimateSource,
    computedAt: pf.computedAt,
  };
  if (meta.due) out.dueDate = meta.due;
  if (task.dueProbability !== undefined) out.dueProbability = task.dueProbability;
  if (meta.estimate) out.estimate = meta.estimate;
  if (health.length) out.health = health;
  return out;
}

/** The plan's estimate for a contract estimate ('fixed' pins all three points to mostLikely). */
export function planEstimate(e: ThreePointEstimate): Estimate {
  return e.distribution === 'fixed'
    ? { optimistic: e.mostLikely, mostLikely: e.mostLikely, pessimistic: e.mostLikely, distribution: 'fixed' }
    : { optimistic: e.optimistic, mostLikely: e.mostLikely, pessimistic: e.pessimistic, distribution: e.distribution };
}

/** A copy of the plan with these issues' estimates replaced (a remaining-work estimate from time tracking dropped; days in progress credited). */
export function withEstimates(plan: Plan, estimates: Record<string, ThreePointEstimate>): Plan {
  const unknown = Object.keys(estimates).filter((k) => !plan.tasks.some((t) => t.id === k));
  if (unknown.length) throw new ResolverFailure('not-found', `not in the forecast scope: ${unknown.join(', ')}`, unknown);
  const tasks = plan.tasks.map((t): Task => {
    const e = estimates[t.id];
    if (!e) return t;
    const { remaining: _r, attempts: _a, ...rest } = t;
    const next: Task = { ...rest, duration: planEstimate(e) };
    if (e.successProbability !== undefined && e.successProbability < 1) {
      next.attempts = { successProbability: e.successProbability, maxAttempts: e.maxAttempts ?? DEFAULT_MAX_ATTEMPTS };
    }
    // In-progress work is credited its days in progress, as the mapping does once the estimate is saved.
    const elapsed = t.meta?.elapsedDays;
    if (t.status === 'in-progress' && typeof elapsed === 'number' && elapsed > 0 && elapsed <= next.duration.pessimistic) next.remaining = creditElapsed(next.duration, elapsed);
    return next;
  });
  const checked = validatePlan({ ...plan, tasks });
  if (!checked.ok) throw new PlanError(checked.issues);
  return checked.plan;
}

/** The forecast of a scope with some estimates replaced: what the panels preview. */
export async function whatIf(s: Services, scope: LoadedScope, req: ForecastRequest, estimates: Record<string, ThreePointEstimate>): Promise<ProjectForecast> {
  const settings = await loadSettings(s);
  // A longer estimate may push an issue past its own window: flagged (HC-OUTSIDE-WINDOW), not an error.
  const { plan, dropped } = withReachableWindows(withEstimates(scope.plan, estimates));
  const cp = compilePlan(plan);
  const spec = runSpecFor(s, settings, req);
  spec.iterations = inCallIterations(cp.n, spec.iterations, s.limits);
  const issues = scope.issues.map((m) => (estimates[m.key] ? { ...m, estimate: estimates[m.key], estimateSource: 'property' as const, unestimated: false } : m));
  const edited: LoadedScope = { ...scope, plan, cp, issues, health: sortFindings([...scope.health, ...dropped]) };
  return shapeProjectForecast(edited, forecastInCall(cp, spec), forecastHash(plan, settings, spec), s.deps.now().toISOString());
}
