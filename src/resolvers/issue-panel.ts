/** Resolvers of the issue panel: the issue's forecast, a what-if estimate, and saving an estimate. */
import type { IssueForecast, ReplanningStatus, ResolverDefs } from './contract';
import { ESTIMATE_PROPERTY, setIssueProperty } from '../jira/issue-property';
import { issueForecastOf, projectOfIssue, whatIf } from './issue-forecast';
import { loadScope, loadSettings, projectForecast } from './project-forecast';
import { bumpGeneration } from './triggers';
import { jiraFor, type CallContext, type Services } from './services';
import { estimate, forecastOptions, issueKey, type Raw } from './validate-payload';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

export async function getIssueForecast(s: Services, ctx: CallContext, p: Raw): Promise<R<'getIssueForecast'>> {
  const key = issueKey(p);
  const { iterations, seed } = forecastOptions(p);
  const projectKey = await projectOfIssue(jiraFor(s, ctx), key);
  // The panel must answer within the call: fewer iterations rather than 'too-large'.
  const pf = await projectForecast(s, ctx, { projectKey, iterations, seed }, { overBudget: 'reduce' });
  return withReplanningFlags(issueForecastOf(pf, key), await s.store.getFlags<ReplanningStatus>(projectKey));
}

/**
 * The project's re-planning flags that concern this issue (they name it) or the whole program (they name
 * no issue), as warnings, so the issue panel raises them where people estimate the work.
 */
export function withReplanningFlags(f: IssueForecast, status: ReplanningStatus | undefined): IssueForecast {
  const flags = (status?.flags ?? []).filter((x) => !x.issues?.length || x.issues.includes(f.issueKey));
  if (!flags.length) return f;
  return {
    ...f,
    replanning: flags,
    warnings: [...f.warnings, ...flags.map((x) => ({ code: `replan-${x.kind}`, message: `Time to re-plan? ${x.message}`, ...(x.issues ? { issues: x.issues } : {}) }))],
  };
}

export async function previewEstimate(s: Services, ctx: CallContext, p: Raw): Promise<R<'previewEstimate'>> {
  const key = issueKey(p);
  const e = estimate(p.estimate);
  const { iterations, seed } = forecastOptions(p);
  const client = jiraFor(s, ctx);
  const projectKey = await projectOfIssue(client, key);
  const scope = await loadScope(s, client, { projectKey }, await loadSettings(s));
  return issueForecastOf(await whatIf(s, scope, { projectKey, iterations, seed }, { [key]: e }), key);
}

/**
 * Writes the estimate to the issue property as the user (Jira enforces Edit issues), then
 * answers the forecast before and after. "After" is computed from the plan with the new
 * estimate applied here, not re-read from Jira, whose search may lag the write.
 */
export async function saveEstimate(s: Services, ctx: CallContext, p: Raw): Promise<R<'saveEstimate'>> {
  const key = issueKey(p);
  const e = estimate(p.estimate);
  const client = jiraFor(s, ctx);
  const projectKey = await projectOfIssue(client, key);
  const before = issueForecastOf(await projectForecast(s, ctx, { projectKey }, { overBudget: 'reduce' }), key);
  const scope = await loadScope(s, client, { projectKey }, await loadSettings(s));
  const afterForecast = await whatIf(s, scope, { projectKey }, { [key]: e });
  await setIssueProperty(client, key, ESTIMATE_PROPERTY, e);
  await bumpGeneration(s);
  return { before, after: issueForecastOf(afterForecast, key) };
}
