/**
 * Jira Software (agile) calls: a board's configuration (its estimation field), its
 * sprints, and a sprint's issues, for the sprint-planning view. These endpoints page
 * with startAt / maxResults (`isLast` for sprints, `total` for issues); all pages are
 * collected before returning, so a failure part-way rejects the whole call.
 */
import type { JiraClient } from './jira-client';
import { JiraError } from './jira-error';
import { jiraPath } from './jira-path';
import type { JiraIssue } from './jira-types';

export interface BoardConfiguration {
  id: number;
  name?: string;
  estimation?: { type?: string; field?: { fieldId?: string; displayName?: string } };
  location?: { key?: string; id?: string; type?: string };
}

export interface Sprint {
  id: number;
  name: string;
  state: 'future' | 'active' | 'closed' | string;
  startDate?: string;
  endDate?: string;
  completeDate?: string;
  originBoardId?: number;
  goal?: string;
}

/** Pages of at most this many entries are requested; Jira may return fewer. */
const PAGE = 50;
/** A guard against an endpoint that never says it is done. */
const MAX_PAGES = 1000;

export function getBoardConfiguration(client: JiraClient, boardId: number): Promise<BoardConfiguration> {
  return client.request<BoardConfiguration>('GET', jiraPath`/rest/agile/1.0/board/${boardId}/configuration`, { culprit: `board ${boardId}`, scope: 'read:board-scope:jira-software' });
}

/** The field the board estimates with (e.g. customfield_10016 for story points), if any. */
export async function getBoardEstimationField(client: JiraClient, boardId: number): Promise<string | undefined> {
  const config = await getBoardConfiguration(client, boardId);
  return config.estimation?.field?.fieldId;
}

export async function getBoardSprints(client: JiraClient, boardId: number, state?: readonly ('future' | 'active' | 'closed')[]): Promise<Sprint[]> {
  const out: Sprint[] = [];
  for (let page = 0, startAt = 0; page < MAX_PAGES; page++) {
    const res = await client.request<{ values?: Sprint[]; isLast?: boolean }>('GET', jiraPath`/rest/agile/1.0/board/${boardId}/sprint`, {
      query: { startAt, maxResults: PAGE, state },
      culprit: `board ${boardId}`,
      scope: 'read:sprint:jira-software',
    });
    const values = res?.values ?? [];
    out.push(...values);
    if (res?.isLast !== false || values.length === 0) return out;
    startAt += values.length;
  }
  throw new JiraError('invalid-response', `board ${boardId} keeps returning sprints after ${MAX_PAGES} pages`, { culprit: `board ${boardId}` });
}

export async function getSprintIssues(client: JiraClient, sprintId: number, fields: readonly string[], jql?: string): Promise<JiraIssue[]> {
  const out: JiraIssue[] = [];
  for (let page = 0, startAt = 0; page < MAX_PAGES; page++) {
    const res = await client.request<{ issues?: JiraIssue[]; total?: number }>('GET', jiraPath`/rest/agile/1.0/sprint/${sprintId}/issue`, {
      query: { startAt, maxResults: PAGE, fields, jql },
      culprit: `sprint ${sprintId}`,
      scope: 'read:sprint:jira-software',
    });
    const issues = res?.issues ?? [];
    out.push(...issues);
    startAt += issues.length;
    if (issues.length === 0 || typeof res?.total !== 'number' || startAt >= res.total) return out;
  }
  throw new JiraError('invalid-response', `sprint ${sprintId} keeps returning issues after ${MAX_PAGES} pages`, { culprit: `sprint ${sprintId}` });
}
