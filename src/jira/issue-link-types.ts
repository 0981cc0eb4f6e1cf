/** The site's issue link types (`GET /rest/api/3/issueLinkType`), for the admin page's "which links mean depends on". */
import type { JiraClient } from './jira-client';
import { jiraPath } from './jira-path';
import type { IssueLinkType } from './jira-types';

export async function getLinkTypes(client: JiraClient): Promise<IssueLinkType[]> {
  const res = await client.request<{ issueLinkTypes?: IssueLinkType[] }>('GET', jiraPath`/rest/api/3/issueLinkType`, { scope: 'read:jira-work' });
  return res?.issueLinkTypes ?? [];
}
