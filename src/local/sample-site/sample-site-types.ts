/**
 * The embedded sample Jira site: a plain, JSON-serialisable model of a small Jira
 * Cloud instance (users, teams, projects, issue types, statuses, fields, boards,
 * sprints, issues with links, properties and changelogs). The Jira emulator
 * (src/local/jira-emulator) renders it in Jira's REST shapes; nothing here knows
 * about HTTP.
 *
 * Timestamps are Jira's own format, `2026-07-13T09:31:12.000+0000` (UTC); dates are
 * ISO `YYYY-MM-DD`.
 */
import type { ThreePointEstimate } from '../../resolvers/contract';

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface SampleUser {
  accountId: string;
  displayName: string;
  emailAddress: string;
  timeZone: string;
}

/** An Atlassian team, the value of the Team field (customfield_10001). */
export interface SampleTeam {
  id: string;
  name: string;
}

export interface SampleProject {
  id: string;
  key: string;
  name: string;
  description: string;
  /** accountId of the project lead. */
  lead: string;
  category?: string;
}

export interface SampleIssueType {
  id: string;
  name: string;
  description: string;
  subtask: boolean;
  /** 1 = epic, 0 = standard, -1 = sub-task (Jira Cloud's hierarchy levels). */
  hierarchyLevel: number;
}

export interface SampleStatus {
  id: string;
  name: string;
  category: StatusCategoryKey;
}

export interface SampleLinkType {
  id: string;
  name: string;
  /** Said of the inward issue, e.g. "is blocked by". */
  inward: string;
  /** Said of the outward issue, e.g. "blocks". */
  outward: string;
}

/** A field as `GET /rest/api/3/field` lists it. */
export interface SampleField {
  id: string;
  name: string;
  custom: boolean;
  navigable: boolean;
  orderable: boolean;
  searchable: boolean;
  clauseNames: string[];
  schema?: { type: string; items?: string; system?: string; custom?: string; customId?: number };
}

export interface SampleBoard {
  id: number;
  name: string;
  projectKey: string;
  type: 'scrum' | 'kanban';
}

export interface SampleSprint {
  id: number;
  boardId: number;
  name: string;
  state: 'closed' | 'active' | 'future';
  goal: string;
  createdDate: string;
  startDate?: string;
  endDate?: string;
  completeDate?: string;
}

/** A link "outward <type.outward> inward", e.g. PLAT-7 blocks FRAUD-31. */
export interface SampleLink {
  id: string;
  type: string;
  /** Key of the issue the outward phrase is said of ("X blocks ..."). */
  outward: string;
  /** Key of the issue the inward phrase is said of ("Y is blocked by ..."). */
  inward: string;
}

export interface SampleChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface SampleHistory {
  id: string;
  /** accountId of the author. */
  author: string;
  created: string;
  items: SampleChangeItem[];
}

export interface SampleTimeTracking {
  originalEstimateSeconds: number;
  remainingEstimateSeconds: number;
  timeSpentSeconds: number;
}

export interface SampleIssue {
  id: string;
  key: string;
  projectKey: string;
  issueType: string;
  summary: string;
  /** Plain text; rendered as an Atlassian Document Format paragraph. */
  description: string | null;
  status: string;
  /** 'Done' when the status category is done, else null. */
  resolution: string | null;
  priority: 'Highest' | 'High' | 'Medium' | 'Low';
  parent: string | null;
  labels: string[];
  assignee: string | null;
  reporter: string;
  team: string | null;
  created: string;
  updated: string;
  resolutiondate: string | null;
  statuscategorychangedate: string;
  duedate: string | null;
  /** customfield_10015 "Start date". */
  startDate: string | null;
  /** customfield_10050 "Data available": when a data delivery can arrive at the earliest. */
  dataAvailable: string | null;
  /** customfield_10016 "Story Points". */
  storyPoints: number | null;
  /** customfield_10061 "GPUs": accelerators a run holds. */
  gpus: number | null;
  timetracking: SampleTimeTracking | null;
  /** Sprint ids, oldest first (customfield_10020). */
  sprints: number[];
  /** LexoRank-like string (customfield_10019); ORDER BY rank sorts on it. */
  rank: string;
  properties: Record<string, unknown>;
  /** Oldest first. */
  changelog: SampleHistory[];
}

export interface SampleSite {
  /** The sample's "today" (YYYY-MM-DD) and the instant the emulator treats as now. */
  today: string;
  now: string;
  /** A display name for the site (never a URL: self links use the emulator's base URL). */
  name: string;
  /** accountId of the user the API is called as (`/myself`). */
  currentUser: string;
  users: SampleUser[];
  teams: SampleTeam[];
  projects: SampleProject[];
  issueTypes: SampleIssueType[];
  statuses: SampleStatus[];
  linkTypes: SampleLinkType[];
  fields: SampleField[];
  boards: SampleBoard[];
  sprints: SampleSprint[];
  issues: SampleIssue[];
  links: SampleLink[];
}

/** The three-point estimate stored in the `converge.estimate` issue property (the shape the issue panel saves). */
export type EstimateProperty = ThreePointEstimate;
