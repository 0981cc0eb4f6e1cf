/**
 * A project's due date, so the forecast page shows the chance of making it without the
 * user typing a date: settings.projectDue[projectKey] when the admin set one, else the
 * latest due date of the scope's open epics and milestones (issue type "Epic" or
 * "Milestone", or a `milestone` label). Out-of-scope predecessors do not count.
 * Pure; O(issues).
 */
import type { IssueMeta } from '../jira/plan-from-jira';
import type { Settings } from './contract';

export function projectDue(projectKey: string, issues: readonly IssueMeta[], settings: Pick<Settings, 'projectDue'>): string | undefined {
  const set = settings.projectDue?.[projectKey];
  if (set) return set;
  let latest: string | undefined;
  for (const m of issues) {
    if (m.external || m.status === 'done' || !m.due) continue;
    const milestone = m.issueType === 'Epic' || /milestone/i.test(m.issueType) || m.labels.some((l) => l.toLowerCase() === 'milestone');
    if (milestone && (!latest || m.due > latest)) latest = m.due;
  }
  return latest;
}
