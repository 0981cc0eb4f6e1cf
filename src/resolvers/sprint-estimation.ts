/**
 * The sprint-planning estimation view (sprint and backlog actions): the sprint's issues with
 * their estimates, and the probability that all of them finish by the sprint's end, with any
 * estimates the team is trying out applied (nothing is saved here).
 * Sprint details come from the agile API (scope read:sprint:jira-software); the issues from
 * the JQL search (`sprint = N`), so their out-of-sprint predecessors are loaded and count.
 */
import type { ResolverDefs, SprintEstimation, ThreePointEstimate } from './contract';
import type { JiraClient } from '../jira/jira-client';
import { jiraPath } from '../jira/jira-path';
import { ResolverFailure, invalidPayload } from './errors';
import { whatIf } from './issue-forecast';
import { loadScope, loadSettings } from './project-forecast';
import { jiraFor, type CallContext, type Services } from './services';
import { estimate, optionalInt, projectKey, type Raw } from './validate-payload';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

interface AgileSprint {
  id: number;
  name: string;
  state?: string;
  endDate?: string;
}

async function sprintById(client: JiraClient, sprintId: number): Promise<AgileSprint> {
  return client.request<AgileSprint>('GET', jiraPath`/rest/agile/1.0/sprint/${sprintId}`, { culprit: `sprint ${sprintId}`, scope: 'read:sprint:jira-software' });
}

async function activeSprint(client: JiraClient, boardId: number): Promise<AgileSprint | undefined> {
  const res = await client.request<{ values?: AgileSprint[] }>('GET', jiraPath`/rest/agile/1.0/board/${boardId}/sprint`, {
    query: { state: 'active', maxResults: 50 },
    culprit: `board ${boardId}`,
    scope: 'read:sprint:jira-software',
  });
  return res?.values?.[0];
}

export async function getSprintEstimation(s: Services, ctx: CallContext, p: Raw): Promise<R<'getSprintEstimation'>> {
  const sprintId = optionalInt(p, 'sprintId', 1, Number.MAX_SAFE_INTEGER);
  const boardId = optionalInt(p, 'boardId', 1, Number.MAX_SAFE_INTEGER);
  const project = p.projectKey === undefined ? undefined : projectKey(p);
  const estimates: Record<string, ThreePointEstimate> = {};
  if (p.estimates !== undefined) {
    if (!p.estimates || typeof p.estimates !== 'object' || Array.isArray(p.estimates)) throw invalidPayload('estimates must map issue keys to estimates', 'estimates');
    for (const [k, v] of Object.entries(p.estimates as Raw)) estimates[k] = estimate(v, `estimates.${k}`);
  }
  if (sprintId === undefined && boardId === undefined && project === undefined) throw invalidPayload('give sprintId, boardId or projectKey', 'sprintId');

  const client = jiraFor(s, ctx);
  const sprint = sprintId !== undefined ? await sprintById(client, sprintId) : boardId !== undefined ? await activeSprint(client, boardId) : undefined;
  let jql: string;
  if (sprint) jql = `sprint = ${Number(sprint.id)} ORDER BY rank`;
  else if (project) jql = `project = ${project} AND sprint in openSprints() ORDER BY rank`;
  else throw new ResolverFailure('not-found', `board ${boardId} has no active sprint`, [`board ${boardId}`]);

  const settings = await loadSettings(s);
  const scope = await loadScope(s, client, { projectKey: project ?? 'SPRINT', jql }, settings);
  const due = sprint?.endDate ? sprint.endDate.slice(0, 10) : undefined;
  const usable = due && due >= scope.start ? due : undefined;
  const pf = await whatIf(s, scope, { projectKey: scope.projectKey, due: usable }, estimates);
  const out: SprintEstimation = { issues: pf.issues.filter((i) => !i.external) };
  if (sprint) out.sprint = { id: sprint.id, name: sprint.name, ...(sprint.endDate ? { endDate: sprint.endDate } : {}) };
  if (pf.forecast.due) out.completionProbability = pf.forecast.due.probability;
  else if (due && due < scope.start) out.completionProbability = 0;
  return out;
}
