/**
 * Many issues by key: `POST /rest/api/3/issue/bulkfetch`, at most 100 keys a call,
 * calls made one after another. Issues that do not exist or are not visible are simply
 * absent from Jira's answer and come back in `missing`; per-issue errors Jira calls
 * retriable (`issueErrors`) reject the whole fetch (code 'incomplete'), never a half result.
 */
import type { JiraClient } from './jira-client';
import { JiraError } from './jira-error';
import { jiraPath } from './jira-path';
import type { JiraIssue } from './jira-types';

export const BULK_FETCH_LIMIT = 100;

export interface BulkFetchRequest {
  issueIdsOrKeys: readonly string[];
  fields: readonly string[];
  properties?: readonly string[];
}

export interface BulkFetchResult {
  issues: JiraIssue[];
  /** Requested keys Jira did not return (deleted, moved or not visible). */
  missing: string[];
}

const BULK_FETCH = jiraPath`/rest/api/3/issue/bulkfetch`;

export async function bulkFetchIssues(client: JiraClient, request: BulkFetchRequest): Promise<BulkFetchResult> {
  const wanted = [...new Set(request.issueIdsOrKeys)];
  const issues: JiraIssue[] = [];
  for (let i = 0; i < wanted.length; i += BULK_FETCH_LIMIT) {
    const chunk = wanted.slice(i, i + BULK_FETCH_LIMIT);
    const res = await client.request<{ issues?: JiraIssue[]; issueErrors?: Array<{ id?: string; errorMessage?: string }> }>('POST', BULK_FETCH, {
      body: { issueIdsOrKeys: chunk, fields: request.fields, properties: request.properties ?? [], fieldsByKeys: false },
      culprit: `issues ${chunk.slice(0, 3).join(', ')}${chunk.length > 3 ? ', ...' : ''}`,
      scope: 'read:jira-work',
      idempotent: true,
    });
    if (!res || !Array.isArray(res.issues)) throw new JiraError('invalid-response', 'the bulk fetch answered without an issues array', { path: BULK_FETCH.text });
    if (res.issueErrors?.length) {
      const ids = res.issueErrors.map((e) => e.id ?? '?');
      throw new JiraError('incomplete', `Jira could not return issues ${ids.join(', ')}: ${res.issueErrors.map((e) => e.errorMessage).filter(Boolean).join('; ')}`, {
        path: BULK_FETCH.text, culprit: ids.join(', '),
      });
    }
    issues.push(...res.issues);
  }
  const got = new Set(issues.flatMap((x) => [x.key, x.id]));
  return { issues, missing: wanted.filter((k) => !got.has(k)) };
}
