/**
 * Lookup tables over a SampleSite, built once per emulator (O(issues + links)):
 * issues by key and id, links and sub-tasks per issue, sprints, statuses, types,
 * users and projects. Keys compare case-insensitively, as in Jira.
 */
import type {
  SampleSite, SampleIssue, SampleLink, SampleSprint, SampleStatus, SampleIssueType, SampleUser, SampleProject, SampleTeam,
  StatusCategoryKey,
} from '../sample-site/sample-site-types';

export interface SiteIndex {
  site: SampleSite;
  nowMs: number;
  issueByKey: Map<string, SampleIssue>;
  issueById: Map<string, SampleIssue>;
  linksOf: Map<string, SampleLink[]>;
  subtasksOf: Map<string, SampleIssue[]>;
  sprintById: Map<number, SampleSprint>;
  statusByName: Map<string, SampleStatus>;
  typeByName: Map<string, SampleIssueType>;
  userById: Map<string, SampleUser>;
  projectByKey: Map<string, SampleProject>;
  teamById: Map<string, SampleTeam>;
  /** Issues in a stable default order (project, then key number). */
  ordered: SampleIssue[];
}

export const STATUS_CATEGORIES: Record<StatusCategoryKey, { id: number; key: StatusCategoryKey; name: string; colorName: string }> = {
  new: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  indeterminate: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  done: { id: 3, key: 'done', name: 'Done', colorName: 'green' },
};

export const PRIORITIES = [
  { id: '1', name: 'Highest', icon: 'highest' },
  { id: '2', name: 'High', icon: 'high' },
  { id: '3', name: 'Medium', icon: 'medium' },
  { id: '4', name: 'Low', icon: 'low' },
  { id: '5', name: 'Lowest', icon: 'lowest' },
];

export function keyNumber(key: string): number {
  return Number(key.slice(key.lastIndexOf('-') + 1));
}

export function indexSite(site: SampleSite, nowMs = Date.parse(site.now)): SiteIndex {
  const issueByKey = new Map<string, SampleIssue>();
  const issueById = new Map<string, SampleIssue>();
  const linksOf = new Map<string, SampleLink[]>();
  const subtasksOf = new Map<string, SampleIssue[]>();
  for (const issue of site.issues) {
    issueByKey.set(issue.key.toUpperCase(), issue);
    issueById.set(issue.id, issue);
  }
  for (const link of site.links) {
    for (const key of [link.outward, link.inward]) {
      const list = linksOf.get(key.toUpperCase()) ?? [];
      list.push(link);
      linksOf.set(key.toUpperCase(), list);
    }
  }
  for (const issue of site.issues) {
    const parent = issue.parent ? issueByKey.get(issue.parent.toUpperCase()) : undefined;
    if (parent && issue.issueType === 'Sub-task') {
      const list = subtasksOf.get(parent.key) ?? [];
      list.push(issue);
      subtasksOf.set(parent.key, list);
    }
  }
  const ordered = [...site.issues].sort((a, b) => a.projectKey.localeCompare(b.projectKey) || keyNumber(a.key) - keyNumber(b.key));
  return {
    site, nowMs, issueByKey, issueById, linksOf, subtasksOf,
    sprintById: new Map(site.sprints.map((s) => [s.id, s])),
    statusByName: new Map(site.statuses.map((s) => [s.name, s])),
    typeByName: new Map(site.issueTypes.map((t) => [t.name, t])),
    userById: new Map(site.users.map((u) => [u.accountId, u])),
    projectByKey: new Map(site.projects.map((p) => [p.key.toUpperCase(), p])),
    teamById: new Map(site.teams.map((t) => [t.id, t])),
    ordered,
  };
}

/** An issue by key (any case) or numeric id. */
export function findIssue(ix: SiteIndex, idOrKey: string): SampleIssue | undefined {
  return /^\d+$/.test(idOrKey) ? ix.issueById.get(idOrKey) : ix.issueByKey.get(idOrKey.toUpperCase());
}

/** A project by key (any case) or numeric id. */
export function findProject(ix: SiteIndex, idOrKey: string): SampleProject | undefined {
  return /^\d+$/.test(idOrKey) ? ix.site.projects.find((p) => p.id === idOrKey) : ix.projectByKey.get(idOrKey.toUpperCase());
}
