/**
 * The resolver contract: every key the panels may `invoke`, with its payload and
 * result types. Shared by import between src/resolvers (which implements it) and
 * static/* (which calls it through typed wrappers): never copied.
 * Types only: importing this module pulls no runtime code into a panel bundle.
 */
import type { ForecastReport, ScheduleReport } from '../engine/reports';

/** Every resolver answers with this envelope; panels show `error.message` and may branch on `code`. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

export interface ResolverError {
  /**
   * Stable: 'invalid-payload' | 'forbidden' | 'not-found' | 'jira-error' | 'rate-limited' | 'cycle' | 'plan-invalid' | 'too-large' | 'internal' ...
   * Also (D1): 'empty-scope' (no issue matches the scope), 'conflict' (settings saved by someone else since they were
   * loaded: reload), 'unschedulable' (a task's demand never fits a pool), and the engine's own codes.
   * 'too-large' from getProjectForecast means "start a job with startProjectForecastJob instead".
   */
  code: string;
  message: string;
  /** The issue keys, fields or settings the error is about. */
  culprits?: string[];
}

export interface ThreePointEstimate {
  optimistic: number;
  mostLikely: number;
  pessimistic: number;
  distribution: 'pert' | 'triangular' | 'uniform' | 'lognormal' | 'fixed';
  /** Chance that one attempt (e.g. a training run) succeeds; absent = always succeeds. */
  successProbability?: number;
  maxAttempts?: number;
}

export interface IssueSummary {
  key: string;
  summary: string;
  issueType: string;
  status: 'todo' | 'in-progress' | 'done';
  epic?: string;
  team?: string;
  due?: string;
  /** Where the estimate came from: 'property' | 'field' | 'timetracking' | 'story-points' | 'default'. */
  estimateSource: string;
  estimate?: ThreePointEstimate;
  unestimated: boolean;
  predecessors: string[];
  external?: boolean;
  /** Additive (F): the issue's Jira labels. */
  labels?: string[];
  /** Additive (F): the review-gate kind, from a `gate:<kind>` label or the issue type "Review Gate" ('review'). */
  gate?: string;
  /** Additive (F2): not a Jira issue but a task the forecast added (a placeholder gate, a retraining cycle); key is its plan id. */
  placeholder?: boolean;
}

/** A schedule health finding (engine health-checks.ts / gates/expand-plan.ts): stable id, severity, issue keys, hint. */
export interface HealthFinding {
  /** e.g. 'HC-MISSING-GATE', 'HC-GATE-UNLINKED', 'HC-NEGATIVE-FLOAT', 'HC-STALE', 'HC-OUTSIDE-WINDOW'. */
  id: string;
  severity: 'error' | 'warning' | 'info';
  /** Issue keys (or placeholder ids), most relevant first. */
  tasks: string[];
  message: string;
  hint: string;
  /** The gate rule or window that produced it. */
  rule?: string;
}

/** A deployment window, change freeze or maintenance window, shaded on the timeline. Dates inclusive. */
export interface PlanWindow {
  from: string;
  to: string;
  label: string;
  /** 'deployment' | 'freeze' | 'maintenance' | ... */
  kind?: string;
  /** The issue or pool the window comes from. */
  source?: string;
}

export interface IssueForecast {
  issueKey: string;
  finishDate: { p50: string; p80: string; p95: string };
  finishDays: { p50: number; p80: number; p95: number };
  dueDate?: string;
  dueProbability?: number;
  criticality: number;
  totalFloat: number;
  /** Upstream issues that drive this one, nearest first (the binding predecessor chain). */
  drivingChain: string[];
  warnings: Array<{ code: string; message: string; issues?: string[] }>;
  estimate?: ThreePointEstimate;
  estimateSource: string;
  computedAt: string;
  /** Additive (F2): the project's health findings that name this issue (also listed in `warnings` with code = the finding id). */
  health?: HealthFinding[];
}

export interface ProjectForecast {
  projectKey: string;
  jql: string;
  planName: string;
  start: string;
  issues: IssueSummary[];
  forecast: ForecastReport;
  schedule: ScheduleReport;
  /** Plain-language summary for executives. */
  summary: string;
  warnings: Array<{ code: string; message: string; issues?: string[] }>;
  inputHash: string;
  computedAt: string;
  /** Additive (F): the working calendar in force (maps working days to dates). */
  calendar?: { workdays: number[]; holidays: string[] };
  /** Additive (F): deployment windows, change freezes and pool maintenance windows, from settings and from issues with a start-date window. */
  windows?: PlanWindow[];
  /** Additive (F2): schedule health findings as of `start`, errors first (gates missing or unlinked, negative float, stale, windows missed...). */
  health?: HealthFinding[];
  /**
   * Additive (F): the project's due date (settings.projectDue, else the latest due date of the scope's open epics / milestones).
   * A forecast asked for without `due` is measured against it, so `forecast.due` is filled.
   */
  due?: string;
}

/** A long forecast runs as queue batches; the panel polls this. */
export interface ForecastJob {
  jobId: string;
  done: number;
  total: number;
  state: 'queued' | 'running' | 'done' | 'failed';
  error?: ResolverError;
}

export interface GateRule {
  id: string;
  kind: 'bias-audit' | 'performance-benchmark' | 'compliance-documentation' | 'regulatory-review' | 'security-review' | 'custom';
  /** Issues the rule guards: JQL, or an issue type / label match. */
  match: { jql?: string; issueTypes?: string[]; labels?: string[] };
  when: 'start' | 'finish';
  defaultDurationDays: number;
  /** Review board sittings: every N weeks on a weekday, or explicit dates. */
  cadence?: { everyWeeks: number; weekday: number; from: string } | { dates: string[] };
  reworkProbability?: number;
  reworkShare?: number;
  treatUnlinkedAsDependency: boolean;
}

export interface ResourcePoolSetting {
  id: string;
  name: string;
  capacity: number;
  availability?: Array<{ from: string; to: string; capacity: number }>;
  /** Issues that use the pool: by label or a number field holding the units. */
  match?: { labels?: string[]; field?: string; units?: number };
}

export interface Settings {
  /** Link types (by name) that mean "depends on", and which side is the predecessor. */
  linkTypes: Array<{ name: string; predecessorSide: 'outward' | 'inward' }>;
  estimateFields: { optimistic?: string; mostLikely?: string; pessimistic?: string; storyPoints?: string; startDate?: string; dataAvailable?: string; team?: string };
  daysPerStoryPoint: number;
  /** Default estimate by issue type (flagged "unestimated"). */
  defaultEstimates: Record<string, ThreePointEstimate>;
  calendar: { workdays: number[]; holidays: string[] };
  resources: ResourcePoolSetting[];
  gates: GateRule[];
  /** Default scope JQL; `{project}` is replaced by the project key. */
  defaultJql: string;
  iterations: number;
  version: number;
  /** Additive (F): deployment windows / change freezes shown on every project's timeline. */
  windows?: PlanWindow[];
  /** Additive (F): a project's due date by project key, overriding the one derived from its epics. */
  projectDue?: Record<string, string>;
}

export interface SnapshotSummary {
  id: string;
  projectKey: string;
  takenAt: string;
  finishDate: { p50: string; p80: string; p95: string };
  dueProbability?: number;
  criticalPath: string[];
  inputHash: string;
  /** Additive (D1): the same percentiles in working days after `start`, the plan's day 0, and how the snapshot was made. */
  finishDays?: { p50: number; p80: number; p95: number };
  start?: string;
  iterations?: number;
  trigger?: 'manual' | 'weekly';
}

export interface SprintEstimation {
  sprint?: { id: number; name: string; endDate?: string };
  issues: IssueSummary[];
  /** P(all of these issues finish by the sprint end), from the current estimates. */
  completionProbability?: number;
}

/** Key -> payload and result. The panels call exactly these keys. */
export interface ResolverDefs {
  getIssueForecast: { payload: { issueKey: string; iterations?: number; seed?: string }; result: IssueForecast };
  getProjectForecast: { payload: { projectKey: string; jql?: string; iterations?: number; seed?: string; due?: string }; result: ProjectForecast };
  startProjectForecastJob: { payload: { projectKey: string; jql?: string; iterations?: number; seed?: string; due?: string }; result: ForecastJob };
  getForecastJob: { payload: { jobId: string }; result: ForecastJob & { result?: ProjectForecast } };
  /** `due` (additive, F): one date for every project; absent = each project's own due date (ProjectForecast.due). */
  getPortfolioForecast: { payload: { projectKeys: string[]; iterations?: number; seed?: string; due?: string }; result: { projects: ProjectForecast[] } };
  saveEstimate: { payload: { issueKey: string; estimate: ThreePointEstimate }; result: { before: IssueForecast; after: IssueForecast } };
  previewEstimate: { payload: { issueKey: string; estimate: ThreePointEstimate }; result: IssueForecast };
  getSprintEstimation: { payload: { boardId?: number; sprintId?: number; projectKey?: string; estimates?: Record<string, ThreePointEstimate> }; result: SprintEstimation };
  getSettings: { payload: Record<string, never>; result: Settings };
  saveSettings: { payload: { settings: Settings }; result: Settings };
  /** Oldest first. */
  listSnapshots: { payload: { projectKey: string }; result: SnapshotSummary[] };
  takeSnapshot: { payload: { projectKey: string }; result: SnapshotSummary };
}

export type ResolverKey = keyof ResolverDefs;
