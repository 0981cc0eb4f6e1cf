/**
 * JQL search through `POST /rest/api/3/search/jql` (the old /rest/api/3/search answers
 * 410). Pages are chained by `nextPageToken` until a page has none or says `isLast`.
 * All pages are collected before anything is returned: if page 3 of 5 fails the
 * promise rejects and the caller never sees a partial scope. Cost: one request per
 * page (maxResults issues, 100 by default; Jira caps pages with many fields lower).
 */
import type { JiraClient } from './jira-client';
import { JiraError } from './jira-error';
import { jiraPath } from './jira-path';
import type { JiraIssue } from './jira-types';

export interface SearchJqlRequest {
  jql: string;
  /** Fields to return; the endpoint returns only `id` when none are listed. */
  fields: readonly string[];
  /** Issue properties to return with each issue, e.g. ['converge.estimate']. */
  properties?: readonly string[];
  /** Page size asked for (default 100). */
  maxResults?: number;
  expand?: string;
  /** Reject (code 'too-many-issues') rather than load more than this many issues (default 10,000). */
  maxIssues?: number;
}

interface SearchPage {
  issues?: JiraIssue[];
  nextPageToken?: string;
  isLast?: boolean;
}

const SEARCH = jiraPath`/rest/api/3/search/jql`;

export async function searchJql(client: JiraClient, request: SearchJqlRequest): Promise<JiraIssue[]> {
  const maxIssues = request.maxIssues ?? 10_000;
  const issues: JiraIssue[] = [];
  const seenTokens = new Set<string>();
  let nextPageToken: string | undefined;
  for (;;) {
    const page = await client.request<SearchPage>('POST', SEARCH, {
      body: {
        jql: request.jql,
        fields: request.fields,
        properties: request.properties ?? [],
        maxResults: request.maxResults ?? 100,
        ...(request.expand ? { expand: request.expand } : {}),
        ...(nextPageToken ? { nextPageToken } : {}),
      },
      culprit: `JQL "${request.jql}"`,
      scope: 'read:jira-work',
      idempotent: true,
    });
    if (!page || !Array.isArray(page.issues)) {
      throw new JiraError('invalid-response', `the JQL search answered without an issues array (JQL "${request.jql}")`, { path: SEARCH.text });
    }
    issues.push(...page.issues);
    if (issues.length > maxIssues) {
      throw new JiraError('too-many-issues', `the JQL matches more than ${maxIssues} issues; narrow it (JQL "${request.jql}")`, { culprit: request.jql });
    }
    if (page.isLast === true || !page.nextPageToken) return issues;
    if (seenTokens.has(page.nextPageToken)) {
      throw new JiraError('invalid-response', `the JQL search repeated a page token; stopping rather than looping (JQL "${request.jql}")`, { path: SEARCH.text });
    }
    seenTokens.add(page.nextPageToken);
    nextPageToken = page.nextPageToken;
  }
}
