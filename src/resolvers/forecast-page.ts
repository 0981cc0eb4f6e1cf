/** Resolvers of the project forecast page (jobs and snapshots live in forecast-job.ts and snapshots.ts). */
import type { ResolverDefs } from './contract';
import { projectForecast } from './project-forecast';
import type { CallContext, Services } from './services';
import { forecastOptions, optionalJql, projectKey, type Raw } from './validate-payload';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

/** The whole forecast in this call, or 'too-large' when it does not fit (then the page starts a job). */
export async function getProjectForecast(s: Services, ctx: CallContext, p: Raw): Promise<R<'getProjectForecast'>> {
  return projectForecast(s, ctx, { projectKey: projectKey(p), jql: optionalJql(p), ...forecastOptions(p) }, { overBudget: 'reject' });
}
