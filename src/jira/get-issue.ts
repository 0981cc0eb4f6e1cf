/** One issue by key or id: `GET /rest/api/3/issue/{issueIdOrKey}` with only the listed fields. */
import type { JiraClient } from './jira-client';
import { jiraPath } from './jira-path';
import type { JiraIssue } from './jira-types';

export interface GetIssueOptions {
  fields?: readonly string[];
  properties?: readonly string[];
  expand?: string;
}

export function getIssue(client: JiraClient, issueIdOrKey: string, options: GetIssueOptions = {}): Promise<JiraIssue> {
  return client.request<JiraIssue>('GET', jiraPath`/rest/api/3/issue/${issueIdOrKey}`, {
    query: { fields: options.fields, properties: options.properties, expand: options.expand },
    culprit: `issue ${issueIdOrKey}`,
    scope: 'read:jira-work',
  });
}
