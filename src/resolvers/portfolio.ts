/**
 * The portfolio (global page): several projects' forecasts in one call. The in-call budget is
 * shared between them, so each project may run fewer iterations (said in its warnings).
 */
import type { ProjectForecast, ResolverDefs } from './contract';
import { invalidPayload } from './errors';
import { projectForecast } from './project-forecast';
import type { CallContext, Services } from './services';
import { forecastOptions, projectKey, type Raw } from './validate-payload';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

export async function getPortfolioForecast(s: Services, ctx: CallContext, p: Raw): Promise<R<'getPortfolioForecast'>> {
  const keys = p.projectKeys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > s.limits.portfolioProjects) {
    throw invalidPayload(`projectKeys must list 1 to ${s.limits.portfolioProjects} project keys`, 'projectKeys');
  }
  const unique = [...new Set(keys.map((k, i) => projectKey({ [`projectKeys.${i}`]: k }, `projectKeys.${i}`)))];
  const { iterations, seed, due } = forecastOptions(p);
  const share: Services = { ...s, limits: { ...s.limits, inCallTaskSamples: Math.floor(s.limits.inCallTaskSamples / unique.length) } };
  const projects: ProjectForecast[] = [];
  for (const key of unique) projects.push(await projectForecast(share, ctx, { projectKey: key, iterations, seed, due }, { overBudget: 'reduce' }));
  return { projects };
}
