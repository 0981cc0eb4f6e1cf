/**
 * The parts of Jira's REST issue JSON the adapters read. Loose on purpose: v2
 * (Server / Data Center archives) and v3 (Cloud) responses both fit, and every
 * field may be missing because `fields` only holds what the search asked for.
 */

export interface StatusCategory {
  id?: number;
  /** 'new' | 'indeterminate' | 'done' (and 'undefined' on some sites). */
  key?: string;
  name?: string;
}

export interface JiraStatus {
  id?: string;
  name?: string;
  statusCategory?: StatusCategory;
}

export interface IssueType {
  id?: string;
  name?: string;
  subtask?: boolean;
  hierarchyLevel?: number;
}

/** The other end of a link, or a parent / sub-task reference: key plus a few fields. */
export interface IssueStub {
  id?: string;
  key: string;
  fields?: { summary?: string; status?: JiraStatus; issuetype?: IssueType; priority?: unknown };
}

export interface IssueLinkType {
  id?: string;
  name: string;
  /** Phrase said of the inward issue, e.g. "is blocked by". */
  inward?: string;
  /** Phrase said of the outward issue, e.g. "blocks". */
  outward?: string;
}

/** One entry of `fields.issuelinks`: in issue X, `outwardIssue: Y` reads "X <outward> Y", `inwardIssue: Y` reads "X <inward> Y". */
export interface IssueLink {
  id?: string;
  type: IssueLinkType;
  inwardIssue?: IssueStub;
  outwardIssue?: IssueStub;
}

export interface TimeTracking {
  originalEstimate?: string;
  remainingEstimate?: string;
  originalEstimateSeconds?: number;
  remainingEstimateSeconds?: number;
  timeSpentSeconds?: number;
}

export interface JiraIssueFields {
  summary?: string;
  status?: JiraStatus;
  issuetype?: IssueType;
  issuelinks?: IssueLink[];
  parent?: IssueStub;
  subtasks?: IssueStub[];
  duedate?: string | null;
  timetracking?: TimeTracking | null;
  /** v2 / full responses: the same time tracking as seconds. */
  timeoriginalestimate?: number | null;
  timeestimate?: number | null;
  labels?: string[];
  assignee?: { accountId?: string; displayName?: string; name?: string } | null;
  resolutiondate?: string | null;
  created?: string;
  updated?: string;
  project?: { id?: string; key?: string; name?: string };
  /** Jira Server Agile's epic (Cloud uses `parent`). */
  epic?: { id?: number | string; key?: string; name?: string; summary?: string } | null;
  [field: string]: unknown;
}

export interface JiraIssue {
  id?: string;
  key: string;
  self?: string;
  fields: JiraIssueFields;
  /** Issue properties asked for with `properties: [...]`, keyed by property key. */
  properties?: Record<string, unknown>;
}

/** What the mapping accepts: the issues of a search (or of a saved export). */
export type JiraIssuesInput = readonly JiraIssue[];

export interface JiraField {
  id: string;
  key?: string;
  name: string;
  custom: boolean;
  schema?: { type?: string; custom?: string; customId?: number; system?: string; items?: string };
}
