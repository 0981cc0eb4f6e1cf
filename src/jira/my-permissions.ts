/** Whether the current user holds the given permissions (`GET /rest/api/3/mypermissions`), e.g. EDIT_ISSUES before saving an estimate. */
import type { JiraClient } from './jira-client';
import { jiraPath } from './jira-path';

export interface MyPermissionsRequest {
  permissions: readonly string[];
  projectKey?: string;
  issueKey?: string;
}

export async function getMyPermissions(client: JiraClient, request: MyPermissionsRequest): Promise<Record<string, boolean>> {
  const res = await client.request<{ permissions?: Record<string, { havePermission?: boolean }> }>('GET', jiraPath`/rest/api/3/mypermissions`, {
    query: { permissions: request.permissions, projectKey: request.projectKey, issueKey: request.issueKey },
    culprit: request.issueKey ?? request.projectKey,
  });
  const out: Record<string, boolean> = {};
  for (const p of request.permissions) out[p] = res?.permissions?.[p]?.havePermission === true;
  return out;
}
