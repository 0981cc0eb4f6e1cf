/**
 * The site's fields (`GET /rest/api/3/field`). Story points, start date and team are
 * custom fields with per-site ids; `suggestFieldIds` finds the usual ones by name so
 * the admin page can pre-fill the mapping settings.
 */
import type { JiraClient } from './jira-client';
import { jiraPath } from './jira-path';
import type { JiraField } from './jira-types';

export async function getFields(client: JiraClient): Promise<JiraField[]> {
  return (await client.request<JiraField[]>('GET', jiraPath`/rest/api/3/field`, { scope: 'read:jira-work' })) ?? [];
}

const USUAL_NAMES = {
  storyPoints: ['story points', 'story point estimate'],
  startDate: ['start date'],
  team: ['team'],
} as const;

/** Field ids for the usual names (case-insensitive), when the site has them. */
export function suggestFieldIds(fields: readonly JiraField[]): { storyPoints?: string; startDate?: string; team?: string } {
  const out: { storyPoints?: string; startDate?: string; team?: string } = {};
  for (const [slot, names] of Object.entries(USUAL_NAMES) as Array<[keyof typeof USUAL_NAMES, readonly string[]]>) {
    for (const name of names) {
      const f = fields.find((x) => x.custom && x.name.trim().toLowerCase() === name);
      if (f) {
        out[slot] = f.id;
        break;
      }
    }
  }
  return out;
}
