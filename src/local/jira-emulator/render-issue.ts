/**
 * Renders the sample site's records in Jira Cloud REST v3 shapes (IssueBean,
 * UserDetails, StatusDetails, IssueLink, Changelog, sprint beans...), with every
 * self link under the emulator's own base URL. Field selection follows Jira:
 * `*all`, `*navigable`, field ids, `-field` exclusions; `properties` takes keys,
 * `*all` or `-key`.
 */
import type { SampleIssue, SampleUser, SampleSprint, SampleHistory, SampleField } from '../sample-site/sample-site-types';
import { STATUS_CATEGORIES, PRIORITIES, type SiteIndex } from './site-index';

export interface RenderContext {
  ix: SiteIndex;
  /** e.g. http://127.0.0.1:4321 (no trailing slash). */
  base: string;
}

const ISSUE_EXPAND = 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';

/** Splits Jira's list parameters: repeated query parameters and/or comma-separated values. */
export function listParam(raw: unknown): string[] {
  const parts = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return parts.flatMap((p) => String(p).split(',')).map((s) => s.trim()).filter(Boolean);
}

export function avatarUrls(base: string, kind: 'user' | 'project', owner: string): Record<string, string> {
  const path = kind === 'user' ? `${base}/secure/useravatar?ownerId=${encodeURIComponent(owner)}` : `${base}/secure/projectavatar?pid=${owner}`;
  return { '48x48': `${path}&size=large`, '24x24': `${path}&size=small`, '16x16': `${path}&size=xsmall`, '32x32': `${path}&size=medium` };
}

export function renderUser(ctx: RenderContext, u: SampleUser): Record<string, unknown> {
  return {
    self: `${ctx.base}/rest/api/3/user?accountId=${encodeURIComponent(u.accountId)}`,
    accountId: u.accountId, emailAddress: u.emailAddress, avatarUrls: avatarUrls(ctx.base, 'user', u.accountId),
    displayName: u.displayName, active: true, timeZone: u.timeZone, accountType: 'atlassian',
  };
}

function userOrNull(ctx: RenderContext, accountId: string | null): Record<string, unknown> | null {
  const u = accountId ? ctx.ix.userById.get(accountId) : undefined;
  return u ? renderUser(ctx, u) : null;
}

export function renderStatus(ctx: RenderContext, name: string): Record<string, unknown> {
  const s = ctx.ix.statusByName.get(name)!;
  return {
    self: `${ctx.base}/rest/api/3/status/${s.id}`, description: '', iconUrl: `${ctx.base}/`, name: s.name, id: s.id,
    statusCategory: renderStatusCategory(ctx, s.category),
  };
}

function renderStatusCategory(ctx: RenderContext, key: keyof typeof STATUS_CATEGORIES): Record<string, unknown> {
  const c = STATUS_CATEGORIES[key];
  return { self: `${ctx.base}/rest/api/3/statuscategory/${c.id}`, id: c.id, key: c.key, colorName: c.colorName, name: c.name };
}

export function renderIssueType(ctx: RenderContext, name: string): Record<string, unknown> {
  const t = ctx.ix.typeByName.get(name)!;
  return {
    self: `${ctx.base}/rest/api/3/issuetype/${t.id}`, id: t.id, description: t.description,
    iconUrl: `${ctx.base}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${10300 + Number(t.id) % 100}?size=medium`,
    name: t.name, subtask: t.subtask, avatarId: 10300 + (Number(t.id) % 100), hierarchyLevel: t.hierarchyLevel,
  };
}

function renderPriority(ctx: RenderContext, name: string): Record<string, unknown> {
  const p = PRIORITIES.find((x) => x.name === name)!;
  return { self: `${ctx.base}/rest/api/3/priority/${p.id}`, iconUrl: `${ctx.base}/images/icons/priorities/${p.icon}.svg`, name: p.name, id: p.id };
}

export function renderProjectRef(ctx: RenderContext, key: string): Record<string, unknown> {
  const p = ctx.ix.projectByKey.get(key)!;
  return {
    self: `${ctx.base}/rest/api/3/project/${p.id}`, id: p.id, key: p.key, name: p.name, projectTypeKey: 'software', simplified: false,
    avatarUrls: avatarUrls(ctx.base, 'project', p.id),
    ...(p.category ? { projectCategory: { self: `${ctx.base}/rest/api/3/projectCategory/10000`, id: '10000', description: p.category, name: p.category } } : {}),
  };
}

/** The short form Jira nests for a parent, sub-task or the other end of a link. */
function issueStub(ctx: RenderContext, issue: SampleIssue): Record<string, unknown> {
  return {
    id: issue.id, key: issue.key, self: `${ctx.base}/rest/api/3/issue/${issue.id}`,
    fields: {
      summary: issue.summary, status: renderStatus(ctx, issue.status), priority: renderPriority(ctx, issue.priority),
      issuetype: renderIssueType(ctx, issue.issueType),
    },
  };
}

/** Jira's duration text with 8-hour days and 5-day weeks: 90000 s -> "3d 1h". */
export function jiraDuration(seconds: number): string {
  let m = Math.round(seconds / 60);
  const parts: string[] = [];
  for (const [unit, size] of [['w', 5 * 8 * 60], ['d', 8 * 60], ['h', 60], ['m', 1]] as const) {
    const n = Math.floor(m / size);
    if (n) { parts.push(`${n}${unit}`); m -= n * size; }
  }
  return parts.join(' ') || '0m';
}

export function renderSprintField(ctx: RenderContext, s: SampleSprint): Record<string, unknown> {
  return {
    id: s.id, name: s.name, state: s.state, boardId: s.boardId, goal: s.goal,
    ...(s.startDate ? { startDate: isoZ(s.startDate) } : {}), ...(s.endDate ? { endDate: isoZ(s.endDate) } : {}),
    ...(s.completeDate ? { completeDate: isoZ(s.completeDate) } : {}),
  };
}

/** The agile API's sprint bean (self link, originBoardId). */
export function renderSprintBean(ctx: RenderContext, s: SampleSprint): Record<string, unknown> {
  return {
    id: s.id, self: `${ctx.base}/rest/agile/1.0/sprint/${s.id}`, state: s.state, name: s.name,
    ...(s.startDate ? { startDate: isoZ(s.startDate) } : {}), ...(s.endDate ? { endDate: isoZ(s.endDate) } : {}),
    ...(s.completeDate ? { completeDate: isoZ(s.completeDate) } : {}),
    createdDate: isoZ(s.createdDate), originBoardId: s.boardId, goal: s.goal,
  };
}

/** Sprint dates in Jira's sprint JSON are ISO with Z. */
const isoZ = (jiraTime: string): string => new Date(Date.parse(jiraTime)).toISOString();

const adf = (text: string): Record<string, unknown> => ({
  type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

/** Every field's value for one issue, by field id. */
function fieldValues(ctx: RenderContext, issue: SampleIssue, agile: boolean): Record<string, unknown> {
  const { ix, base } = ctx;
  const tt = issue.timetracking;
  const team = issue.team ? ix.teamById.get(issue.team) : undefined;
  const v: Record<string, unknown> = {
    summary: issue.summary,
    description: issue.description ? adf(issue.description) : null,
    issuetype: renderIssueType(ctx, issue.issueType),
    status: renderStatus(ctx, issue.status),
    statusCategory: renderStatusCategory(ctx, ix.statusByName.get(issue.status)!.category),
    project: renderProjectRef(ctx, issue.projectKey),
    parent: issue.parent ? issueStub(ctx, ix.issueByKey.get(issue.parent)!) : undefined,
    issuelinks: (ix.linksOf.get(issue.key) ?? []).map((l) => {
      const type = ix.site.linkTypes.find((t) => t.name === l.type)!;
      const outwardSide = l.outward === issue.key; // this issue is the outward one: show the other end as outwardIssue
      const other = ix.issueByKey.get(outwardSide ? l.inward : l.outward)!;
      return {
        id: l.id, self: `${base}/rest/api/3/issueLink/${l.id}`,
        type: { id: type.id, name: type.name, inward: type.inward, outward: type.outward, self: `${base}/rest/api/3/issueLinkType/${type.id}` },
        [outwardSide ? 'outwardIssue' : 'inwardIssue']: issueStub(ctx, other),
      };
    }),
    subtasks: (ix.subtasksOf.get(issue.key) ?? []).map((s) => issueStub(ctx, s)),
    labels: [...issue.labels],
    assignee: userOrNull(ctx, issue.assignee),
    reporter: userOrNull(ctx, issue.reporter),
    creator: userOrNull(ctx, issue.reporter),
    priority: renderPriority(ctx, issue.priority),
    resolution: issue.resolution
      ? { self: `${base}/rest/api/3/resolution/10000`, id: '10000', description: 'Work has been completed on this issue.', name: issue.resolution }
      : null,
    resolutiondate: issue.resolutiondate,
    created: issue.created,
    updated: issue.updated,
    statuscategorychangedate: issue.statuscategorychangedate,
    duedate: issue.duedate,
    timetracking: tt
      ? {
        originalEstimate: jiraDuration(tt.originalEstimateSeconds), remainingEstimate: jiraDuration(tt.remainingEstimateSeconds),
        ...(tt.timeSpentSeconds ? { timeSpent: jiraDuration(tt.timeSpentSeconds) } : {}),
        originalEstimateSeconds: tt.originalEstimateSeconds, remainingEstimateSeconds: tt.remainingEstimateSeconds,
        ...(tt.timeSpentSeconds ? { timeSpentSeconds: tt.timeSpentSeconds } : {}),
      }
      : {},
    timeoriginalestimate: tt ? tt.originalEstimateSeconds : null,
    timeestimate: tt ? tt.remainingEstimateSeconds : null,
    timespent: tt && tt.timeSpentSeconds ? tt.timeSpentSeconds : null,
    customfield_10001: team ? { id: team.id, name: team.name, title: team.name, isVisible: true, isVerified: false, isShared: true } : null,
    customfield_10015: issue.startDate,
    customfield_10016: issue.storyPoints,
    customfield_10019: issue.rank,
    customfield_10020: issue.sprints.length ? issue.sprints.map((id) => renderSprintField(ctx, ix.sprintById.get(id)!)) : null,
    customfield_10050: issue.dataAvailable,
    customfield_10061: issue.gpus,
  };
  if (agile) {
    // The agile API adds the current sprint, the closed ones and the flag.
    const sprints = issue.sprints.map((id) => ix.sprintById.get(id)!);
    const current = sprints.find((s) => s.state === 'active') ?? sprints.find((s) => s.state === 'future');
    v.sprint = current ? renderSprintBean(ctx, current) : null;
    v.closedSprints = sprints.filter((s) => s.state === 'closed').map((s) => renderSprintBean(ctx, s));
    v.flagged = false;
  }
  return v;
}

export interface IssueSelection {
  /** Field ids to include; null = no `fields` object (Jira's `fields=id`). */
  fields: Set<string> | null;
  /** Property keys to include; null = no `properties` object. */
  properties: { all: boolean; keys: Set<string>; excluded: Set<string> } | null;
  expand: Set<string>;
  agile?: boolean;
}

/** Resolves Jira's `fields` list against the site's fields. `dflt` applies to an empty list. */
export function selectFields(ctx: RenderContext, requested: string[], dflt: 'id' | '*all', agile = false): Set<string> | null {
  const list = requested.length ? requested : [dflt];
  const known = new Map<string, SampleField>(ctx.ix.site.fields.map((f) => [f.id.toLowerCase(), f]));
  const agileFields = agile ? ['sprint', 'closedSprints', 'flagged'] : [];
  const out = new Set<string>();
  const excluded = new Set<string>();
  let onlyIds = true;
  for (const raw of list) {
    const f = raw.trim();
    if (f === 'id' || f === 'key') continue;
    onlyIds = false;
    if (f === '*all') { for (const x of ctx.ix.site.fields) out.add(x.id); out.add('creator'); agileFields.forEach((x) => out.add(x)); }
    else if (f === '*navigable') { for (const x of ctx.ix.site.fields) if (x.navigable) out.add(x.id); out.add('creator'); agileFields.forEach((x) => out.add(x)); }
    else if (f.startsWith('-')) excluded.add(f.slice(1).toLowerCase());
    else if (known.has(f.toLowerCase())) out.add(known.get(f.toLowerCase())!.id);
    else if (f === 'creator' || agileFields.includes(f)) out.add(f);
    // Jira ignores unknown field ids silently.
  }
  if (onlyIds) return null;
  for (const x of [...out]) if (excluded.has(x.toLowerCase())) out.delete(x);
  return out;
}

export function selectProperties(requested: string[]): IssueSelection['properties'] {
  if (!requested.length) return null;
  const sel = { all: false, keys: new Set<string>(), excluded: new Set<string>() };
  for (const p of requested) {
    if (p === '*all') sel.all = true;
    else if (p.startsWith('-')) sel.excluded.add(p.slice(1));
    else sel.keys.add(p);
  }
  return sel;
}

export function renderHistory(ctx: RenderContext, h: SampleHistory): Record<string, unknown> {
  return {
    id: h.id, author: userOrNull(ctx, h.author) ?? undefined, created: h.created,
    // Jira sends null for an empty side; the OpenAPI schema types them as plain strings, so empty sides are left out.
    items: h.items.map((it) => Object.fromEntries(Object.entries(it).filter(([, x]) => x !== null))),
  };
}

export function renderIssue(ctx: RenderContext, issue: SampleIssue, sel: IssueSelection): Record<string, unknown> {
  const out: Record<string, unknown> = sel.fields === null && !sel.expand.size
    ? { id: issue.id }
    : { expand: ISSUE_EXPAND, id: issue.id, self: `${ctx.base}/rest/api/3/issue/${issue.id}`, key: issue.key };
  if (sel.fields !== null) {
    const all = fieldValues(ctx, issue, !!sel.agile);
    const fields: Record<string, unknown> = {};
    for (const id of sel.fields) if (id in all && all[id] !== undefined) fields[id] = all[id];
    out.fields = fields;
    if (sel.expand.has('names')) {
      out.names = Object.fromEntries(Object.keys(fields).map((id) => [id, ctx.ix.site.fields.find((f) => f.id === id)?.name ?? id]));
    }
    if (sel.expand.has('schema')) {
      out.schema = Object.fromEntries(Object.keys(fields).flatMap((id) => {
        const s = ctx.ix.site.fields.find((f) => f.id === id)?.schema;
        return s ? [[id, s]] : [];
      }));
    }
  }
  if (sel.properties) {
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(issue.properties)) {
      if ((sel.properties.all || sel.properties.keys.has(k)) && !sel.properties.excluded.has(k)) props[k] = structuredClone(v);
    }
    out.properties = props;
  }
  if (sel.expand.has('changelog')) {
    // Newest first, as Jira returns the issue's embedded changelog.
    const histories = [...issue.changelog].reverse().map((h) => renderHistory(ctx, h));
    out.changelog = { startAt: 0, maxResults: histories.length, total: histories.length, histories };
  }
  return out;
}
