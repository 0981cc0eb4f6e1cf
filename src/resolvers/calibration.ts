/**
 * The calibrated switch of the project forecast: the same scope, with every open task's estimate
 * scaled by how long the team's completed work actually took against its estimate
 * (evidence-based scheduling; K1's fitCalibration / applyCalibration in
 * src/engine/history/calibration.ts), forecast with the same seed, and the list of what changed.
 *
 * Completed work: the project's issues resolved in the last year (at most 500, newest first),
 * fetched with their changelogs by src/jira/work-history.ts, cached in the store for the day
 * (a day's history does not move the ratios). The calibration view is rebuilt on every call
 * (cheap); the simulation goes through the content cache like any forecast.
 * Training runs imported on the admin page (training-runs.ts): their lognormal fit replaces the
 * assumed estimate of open training issues (applyCalibration's rule: the team's own estimates
 * are scaled, not replaced); those issues are listed among the changes like any other.
 */
import { compilePlan } from '../engine/compile-plan';
import { applyCalibration, fitCalibration, type CalibrationGroup, type CompletedWork } from '../engine/history/calibration';
import { fetchCompletedWork, resolvedSinceJql } from '../jira/work-history';
import { inputHash } from '../storage/input-hash';
import type { CalibrationGroupView, CalibrationView, ProjectForecast } from './contract';
import { forecastHash, inCallSpec, loadScope, loadSettings, runSpecFor, shapeProjectForecast, type ForecastRequest } from './project-forecast';
import { forecastInCall } from './run-forecast';
import { mappingFromSettings } from './settings';
import { jiraFor, today, type CallContext, type Services } from './services';
import { withStoredTrainingFit } from './training-runs';
import type { Settings } from './contract';
import type { JiraClient } from '../jira/jira-client';

const HISTORY_DAYS = 365;
const MAX_COMPLETED = 500;

interface CachedWork {
  work: CompletedWork[];
  warnings: string[];
  fetchedOn: string;
}

export function completedWorkJql(projectKey: string): string {
  return resolvedSinceJql(projectKey, `-${HISTORY_DAYS}d`);
}

/** The project's completed work, from the day's cache or from Jira. */
export async function completedWork(s: Services, client: JiraClient, projectKey: string, settings: Settings): Promise<CachedWork> {
  const jql = completedWorkJql(projectKey);
  const mapping = mappingFromSettings(settings);
  const day = today(s);
  const hash = inputHash({ jql, mapping, max: MAX_COMPLETED });
  const hit = await s.store.getCompletedWork<CachedWork>(projectKey, day, hash);
  if (hit) return hit;
  const got = await fetchCompletedWork(client, { jql, settings: mapping, calendar: settings.calendar, maxIssues: MAX_COMPLETED });
  const out: CachedWork = { work: got.work, warnings: got.warnings, fetchedOn: day };
  await s.store.saveCompletedWork(projectKey, day, hash, out);
  return out;
}

const groupView = (g: CalibrationGroup): CalibrationGroupView => ({
  ...(g.team !== undefined ? { team: g.team } : {}), ...(g.kind !== undefined ? { kind: g.kind } : {}),
  ratio: g.ratio, samples: g.samples, p10: g.p10, p50: g.p50, p90: g.p90,
});

/** The project forecast with calibrated estimates, and `calibration` saying what changed. */
export async function calibratedForecast(s: Services, ctx: CallContext, req: ForecastRequest): Promise<ProjectForecast> {
  const settings = await loadSettings(s);
  const client = jiraFor(s, ctx);
  const scope = await loadScope(s, client, req, settings);
  const history = await completedWork(s, client, req.projectKey, settings);
  const model = await withStoredTrainingFit(s, fitCalibration(history.work));
  const applied = applyCalibration(scope.plan, model);
  const cp = compilePlan(applied.plan);
  const { spec, warnings } = inCallSpec(s, runSpecFor(s, settings, req), scope.due, cp.n, { overBudget: 'reduce' }, req.projectKey);
  const hash = forecastHash(applied.plan, settings, spec);
  let pf = await s.store.getForecast(hash);
  if (!pf) {
    pf = shapeProjectForecast({ ...scope, plan: applied.plan, cp }, forecastInCall(cp, spec), hash, s.deps.now().toISOString());
    pf.warnings.push(...warnings);
    await s.store.saveForecast(hash, pf);
  }
  const view: CalibrationView = {
    samples: history.work.length,
    groups: model.groups.map(groupView),
    overall: groupView(model.overall),
    changes: applied.changes.map((c) => ({ key: c.id, group: c.group, ratio: c.ratio, from: { ...c.from }, to: { ...c.to } })),
    fetchedOn: history.fetchedOn,
    warnings: [...history.warnings, ...(history.work.length < model.minSamples ? [`only ${history.work.length} completed issues with estimates: too few to calibrate (at least ${model.minSamples} per group)`] : [])],
  };
  return { ...pf, calibration: view };
}
