/**
 * Resolvers of the project forecast page (jobs, snapshots, baselines and re-planning flags live in
 * forecast-job.ts, snapshots.ts, baselines.ts and replanning.ts).
 */
import type { ResolverDefs } from './contract';
import { calibratedForecast } from './calibration';
import { invalidPayload } from './errors';
import { projectForecast } from './project-forecast';
import { evaluateAndStoreFlags } from './replanning';
import type { CallContext, Services } from './services';
import { forecastOptions, optionalJql, projectKey, type Raw } from './validate-payload';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

function optionalBoolean(p: Raw, field: string): boolean | undefined {
  const v = p[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidPayload(`${field} must be true or false`, field);
  return v;
}

/**
 * The whole forecast in this call, or 'too-large' when it does not fit (then the page starts a job).
 * `calibrated: true`: with estimates calibrated from the team's history (calibration.ts).
 * A forecast of the default scope against the project's own due date also re-evaluates the
 * project's re-planning flags (listReplanningFlags); a trial due date or JQL does not.
 */
export async function getProjectForecast(s: Services, ctx: CallContext, p: Raw): Promise<R<'getProjectForecast'>> {
  const req = { projectKey: projectKey(p), jql: optionalJql(p), ...forecastOptions(p) };
  if (optionalBoolean(p, 'calibrated')) return calibratedForecast(s, ctx, req);
  const pf = await projectForecast(s, ctx, req, { overBudget: 'reject' });
  if (!req.jql && !req.due) await evaluateAndStoreFlags(s, pf, 'forecast');
  return pf;
}
