/** The projects a user can pick on the portfolio page: Jira's project search, as the user (requestJira). */
import { requestJira } from '@forge/bridge';

export interface ProjectRef {
  key: string;
  name: string;
}

export async function listProjects(max = 50): Promise<ProjectRef[]> {
  const res = await requestJira(`/rest/api/3/project/search?maxResults=${max}&orderBy=key`, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`Jira answered ${res.status} to the project search`);
  const body = (await res.json()) as { values?: Array<{ key: string; name: string }> };
  return (body.values ?? []).map((p) => ({ key: p.key, name: p.name }));
}
