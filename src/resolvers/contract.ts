/**
 * The resolver contract: every key the panels may `invoke`, with its payload and
 * result types. Shared by import between src/resolvers (which implements it) and
 * static/* (which calls it through typed wrappers): never copied.
 * Types only: importing this module pulls no runtime code into a panel bundle.
 */
import type { ForecastReport, ScheduleReport } from '../engine/reports';
import type { CalibrationGroup } from '../engine/history/calibration';

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
  /** Additive: the project's re-planning flags that name this issue or no issue (also in `warnings` as `replan-<kind>`). */
  replanning?: ReplanningFlag[];
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
  /** Additive (K2, #7): present when asked with `calibrated: true`: what calibration from the team's history changed. */
  calibration?: CalibrationView;
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
  /** Additive (R2, #6): the risk register, applied per simulation to the issues each risk matches. */
  risks?: RiskSetting[];
  /** Additive (R2, #6): groups of issues whose durations move together. */
  correlations?: CorrelationSetting[];
  /** Additive (R2, #6; read by K2's re-planning flags): thresholds that raise a re-planning flag. */
  replanning?: ReplanningSettings;
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
  /** Additive (K2, #7): the top risk drivers, the plan-as-estimated finish, the due date measured against. */
  drivers?: Array<{ id: string; criticality: number; cruciality: number }>;
  deterministicFinish?: string;
  due?: string;
  /** Additive (K2): per issue, its P80 finish date. Left out of listSnapshots replies (see issueCount). */
  issueP80?: Record<string, string>;
  issueCount?: number;
  /** Additive (K2): a compact copy of the plan inputs is kept, so this snapshot can be explained against another. */
  hasPlan?: boolean;
  /** Additive (K4, #7): per issue, its P50 and P95 finish dates, and the program's P10/P90 (for the accuracy retrospective); snapshots before these have only issueP80. Left out of listSnapshots replies. */
  issueP50?: Record<string, string>;
  issueP95?: Record<string, string>;
  finishDateTails?: { p10: string; p90: string };
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
  /** `calibrated` (additive, K2): forecast with estimates calibrated from the team's completed work; the reply's `calibration` says what changed. */
  getProjectForecast: { payload: { projectKey: string; jql?: string; iterations?: number; seed?: string; due?: string; calibrated?: boolean }; result: ProjectForecast };
  startProjectForecastJob: { payload: { projectKey: string; jql?: string; iterations?: number; seed?: string; due?: string }; result: ForecastJob };
  getForecastJob: { payload: { jobId: string }; result: ForecastJob & { result?: ProjectForecast } };
  /** `due` (additive, F): one date for every project; absent = each project's own due date (ProjectForecast.due). */
  getPortfolioForecast: {
    /**
     * `sharedPools`, `priority` (additive, W2): forecast the projects together under their shared pools, `priority` first (project keys,
     * highest first). `sharedOnly`: only that (`projects` empty), for a page that already has each project's forecast.
     */
    payload: { projectKeys: string[]; iterations?: number; seed?: string; due?: string; sharedPools?: boolean; priority?: string[]; sharedOnly?: boolean };
    result: { projects: ProjectForecast[]; shared?: SharedPoolsForecast };
  };
  saveEstimate: { payload: { issueKey: string; estimate: ThreePointEstimate }; result: { before: IssueForecast; after: IssueForecast } };
  previewEstimate: { payload: { issueKey: string; estimate: ThreePointEstimate }; result: IssueForecast };
  getSprintEstimation: { payload: { boardId?: number; sprintId?: number; projectKey?: string; estimates?: Record<string, ThreePointEstimate> }; result: SprintEstimation };
  getSettings: { payload: Record<string, never>; result: Settings };
  saveSettings: { payload: { settings: Settings }; result: Settings };
  /** Oldest first. */
  listSnapshots: { payload: { projectKey: string }; result: SnapshotSummary[] };
  takeSnapshot: { payload: { projectKey: string }; result: SnapshotSummary };
  /** Additive (W2, #8): what-if scenarios side by side against the current plan; never writes to Jira or settings. */
  runWhatIf: { payload: { projectKey?: string; projectKeys?: string[]; scenarios: Scenario[]; iterations?: number; seed?: string; due?: string }; result: WhatIfResult };
  /** Additive (W2, #8): P80 finish against a pool's capacity (`pool` + `capacities`) or against the share of open scope cut (`scopeCuts`, 0..1). */
  getTradeoffCurve: {
    payload: { projectKey?: string; projectKeys?: string[]; pool?: string; capacities?: number[]; scopeCuts?: number[]; iterations?: number; seed?: string; due?: string };
    result: TradeoffCurve;
  };
  /** Additive (W2, #8): the one-page leadership summary (self-contained HTML) and its structured content. */
  getLeadershipSummary: { payload: { projectKeys: string[]; seed?: string; iterations?: number }; result: { html: string; summary: LeadershipSummary } };
  /** Additive (W2, #8): the shared-pools forecast as queue batches, for portfolios too large for one call ('too-large' from getPortfolioForecast). */
  startPortfolioForecastJob: { payload: { projectKeys: string[]; priority?: string[]; iterations?: number; seed?: string; due?: string }; result: ForecastJob };
  getPortfolioForecastJob: { payload: { jobId: string }; result: ForecastJob & { result?: SharedPoolsForecast } };
  /** Additive (K2, #7): why the forecast moved from snapshot `from` to snapshot `to` (absent = now), by category. */
  explainForecastShift: { payload: { projectKey: string; from: string; to?: string; iterations?: number }; result: WhyMoved };
  /** Additive (K2): save the current forecast as a named baseline. */
  saveBaseline: { payload: { projectKey: string; name: string }; result: BaselineSummary };
  /** Additive (K2): baselines of a project, oldest first. */
  listBaselines: { payload: { projectKey: string }; result: BaselineSummary[] };
  /** Additive (K2): each issue's and the program's variance against a baseline (default: the newest). */
  getBaselineVariance: { payload: { projectKey: string; baselineId?: string }; result: BaselineVariance };
  /** Additive (K2): the latest re-planning flags per project (one project, or every project forecast so far). */
  listReplanningFlags: { payload: { projectKey?: string }; result: ReplanningStatus[] };
  /** Additive (K4, #7): how accurate the stored snapshots' forecasts were, against the issues that have resolved since. */
  getAccuracyRetrospective: { payload: { projectKey: string }; result: AccuracyRetrospective };
  /** Additive (K5, #7): parse an MLflow / W&B runs export and fit its durations; nothing is stored. */
  previewTrainingRuns: { payload: { text: string; format?: 'mlflow-csv' | 'mlflow-json' | 'wandb-csv' }; result: TrainingRunsSummary };
  /** Additive (K5, #7): store the export's run durations (not the file) for the Calibrated switch; Jira administrators only. */
  saveTrainingRuns: { payload: { text: string; format?: 'mlflow-csv' | 'mlflow-json' | 'wandb-csv' }; result: TrainingRunsSummary };
  /** Additive (K5, #7): the stored training-run durations' summary, or null when none are stored. */
  getTrainingRuns: { payload: Record<string, never>; result: TrainingRunsSummary | null };
}

export type ResolverKey = keyof ResolverDefs;

// ---- Additive (W2, issue #8): portfolio under shared pools, what-if scenarios, trade-offs, leadership summary ----

/**
 * One what-if change (the ops of src/engine/scenarios). Ids are Jira issue keys (or plan ids of placeholders).
 * Dependencies: `from` is the predecessor, `to` the successor ("to waits for from").
 */
export type ScenarioChange =
  | { op: 'set-capacity'; pool: string; capacity?: number; availability?: Array<{ from: string; to: string; capacity: number }> }
  | { op: 'move-due'; date: string; task?: string }
  | { op: 'remove-tasks'; ids: string[] }
  | { op: 'add-task'; task: { id: string; name?: string; estimate: ThreePointEstimate; after?: string[]; demand?: Record<string, number> } }
  | { op: 'set-estimate'; id: string; estimate: ThreePointEstimate }
  | { op: 'add-dependency'; from: string; to: string }
  | { op: 'remove-dependency'; from: string; to: string }
  | { op: 'set-priority'; order: string[] };

export interface Scenario {
  name: string;
  changes: ScenarioChange[];
}

export interface ScenarioOutcome {
  name: string;
  finishDate: { p50: string; p80: string; p95: string };
  /** Working days after `start`. */
  finishDays: { p50: number; p80: number; p95: number };
  /** Against the baseline, working days (negative = earlier); 0 for the baseline itself. */
  deltaDays: { p50: number; p80: number };
  /** Share of the (paired) iterations in which this outcome finishes earlier / later than the baseline. */
  paired: { earlier: number; later: number };
  /** The committed date this outcome is measured against (the scenario's moved date, else the baseline's). */
  due?: { date: string; probability: number };
  /** P(finish by) each committed date of the comparison, the same dates for every outcome. */
  dateProbabilities: Array<{ date: string; probability: number }>;
  /** What the changes did ("A100 pool: capacity 48 -> 96"). */
  notes: string[];
}

export interface WhatIfResult {
  projectKeys: string[];
  start: string;
  seed: string;
  iterations: number;
  baseline: ScenarioOutcome;
  scenarios: ScenarioOutcome[];
  /** How the comparison was made (common random numbers keyed by task id...). */
  method: string;
  warnings: Array<{ code: string; message: string; issues?: string[] }>;
  /** Always false: a what-if never changes Jira, settings or the saved forecasts. */
  written: false;
  elapsedMs: number;
}

export interface TradeoffPoint {
  /** Capacity in units, or the share of open scope cut (0..1). */
  x: number;
  label: string;
  /** The plan as it is (current capacity, nothing cut). */
  current: boolean;
  finishDate: { p50: string; p80: string };
  finishDays: { p50: number; p80: number };
  /** P80 against the current point, working days (negative = earlier). */
  deltaP80: number;
  dueProbability?: number;
  /** Scope points: how many open issues are cut. */
  removed?: number;
}

export interface TradeoffCurve {
  kind: 'capacity' | 'scope';
  pool?: string;
  poolName?: string;
  /** The pool's current capacity (capacity curves). */
  current?: number;
  points: TradeoffPoint[];
  start: string;
  seed: string;
  iterations: number;
  due?: string;
  method: string;
}

/** Per initiative (project) forecast together with the others under shared pools. */
export interface InitiativeContention {
  projectKey: string;
  /** 1 = first served. */
  rank: number;
  /** Its pools to itself (the project's own forecast) vs in the portfolio. */
  alone: { p50: string; p80: string; p50Days: number; p80Days: number };
  shared: { p50: string; p80: string; p50Days: number; p80Days: number };
  /** shared - alone, working days. */
  slipDays: { p50: number; p80: number };
  /** P80 slip attributed to each pool (the portfolio re-run with that pool unconstrained), largest first. */
  pools: Array<{ id: string; name?: string; slipDays: number }>;
  dueProbability?: { alone: number; shared: number; date: string };
  /** Plain words: "LLM slips 9 working days (P80) because of contention for the H100 pool." */
  sentence: string;
}

export interface SharedPoolsForecast {
  start: string;
  seed: string;
  iterations: number;
  priority: string[];
  finishDate: { p50: string; p80: string; p95: string };
  initiatives: InitiativeContention[];
  /** How the slips were computed (method note for the panel). */
  method: string;
  warnings: Array<{ code: string; message: string; issues?: string[] }>;
}

export interface LeadershipLever {
  projectKey: string;
  label: string;
  /** P80 gain in working days (positive = earlier). */
  gainDays: number;
  p80Date: string;
}

export interface LeadershipSummary {
  generatedAt: string;
  seed: string;
  iterations: number;
  headline: string;
  projects: Array<{
    projectKey: string;
    name: string;
    finishDate: { p50: string; p80: string; p95: string };
    due?: { date: string; probability: number };
    drivers: Array<{ id: string; summary: string; criticality: number }>;
    pools: Array<{ id: string; name?: string; criticality: number }>;
  }>;
  levers: LeadershipLever[];
}

// ---- Additive (K2, issue #7): snapshots, why it moved, baselines, re-planning flags, calibration ----

export type ShiftCategoryName = 'scope' | 'estimates' | 'dependencies' | 'progress' | 'resources' | 'other';

/** One end of a why-it-moved comparison; p50/p80 in working days from the `from` end's start. */
export interface WhyMovedPoint {
  snapshotId?: string;
  takenAt?: string;
  start: string;
  p50: number;
  p80: number;
  p50Date: string;
  p80Date: string;
}

export interface WhyMoved {
  projectKey: string;
  from: WhyMovedPoint;
  to: WhyMovedPoint;
  /** to - from in working days; the steps sum to it exactly. */
  total: { p50: number; p80: number };
  /** One per category, in the order applied (`order`). */
  steps: Array<{ category: ShiftCategoryName; p50: number; p80: number; tasks: string[]; count: number; fields: string[] }>;
  order: ShiftCategoryName[];
  iterations: number;
  seed: string;
  notes: string[];
}

export interface BaselineSummary {
  id: string;
  projectKey: string;
  name: string;
  savedAt: string;
  start: string;
  finishDate: { p50: string; p80: string; p95: string };
  deterministicFinish: string;
  due?: string;
  dueProbability?: number;
  inputHash: string;
  issueCount: number;
}

export interface IssueVariance {
  key: string;
  /** Working days later (+) or earlier (-) than the baseline; absent when the issue is not in both. */
  p80Days?: number;
  finishDays?: number;
  baselineP80?: string;
  currentP80?: string;
  baselineFinish?: string;
  currentFinish?: string;
  /** In scope now but not in the baseline, or the reverse. */
  added?: boolean;
  removed?: boolean;
}

export interface BaselineVariance {
  baseline: BaselineSummary;
  computedAt: string;
  program: { p80Days: number; finishDays: number; baselineP80: string; currentP80: string; baselineFinish: string; currentFinish: string };
  /** Largest slips first. */
  issues: IssueVariance[];
}

export interface ReplanningFlag {
  kind: 'p80-slip' | 'due-probability' | 'critical-path' | 'gate-at-risk';
  severity: 'warning' | 'error';
  message: string;
  issues?: string[];
  /** The measured value and the threshold it crossed (days, or a probability 0..1). */
  value?: number;
  threshold?: number;
  /** What it is measured against: 'baseline:<name>' or 'snapshot:<takenAt>'. */
  since?: string;
}

export interface ReplanningStatus {
  projectKey: string;
  evaluatedAt: string;
  /** 'forecast' | 'snapshot': what evaluated it. */
  source: string;
  flags: ReplanningFlag[];
}

/** One fitted group (team and/or issue type) as the engine reports it: ratio and actual/estimate percentiles. */
export type CalibrationGroupView = CalibrationGroup;

export interface CalibrationView {
  /** Completed issues the ratios were fitted on. */
  samples: number;
  groups: CalibrationGroupView[];
  overall: CalibrationGroupView;
  changes: Array<{ key: string; group: string; ratio: number; from: ThreePointEstimate; to: ThreePointEstimate }>;
  /** The day the completed work was fetched (cached by day). */
  fetchedOn: string;
  warnings: string[];
}

// ---- Additive (R2, issue #6): risk register, correlation groups, re-planning thresholds (settings) ----

/** Which issues a risk or correlation group applies to; an issue matches when it matches any criterion. */
export interface IssueMatchSetting {
  /** Issues the JQL finds (resolved per forecast, in scope only). */
  jql?: string;
  labels?: string[];
  /** Issue type names, case-insensitive. */
  issueTypes?: string[];
  /** Issue keys starting with this, e.g. "DATA-". */
  keyPrefix?: string;
  /** The team field's value (settings.estimateFields.team), exact. */
  team?: string;
}

/**
 * A risk event: with `probability` per simulated run it occurs, and then adds its impact
 * (working days) to every open issue it matches. Exactly one of `impactDays` (fixed) and
 * `impact` (a three-point estimate sampled once per occurrence).
 */
export interface RiskSetting {
  id: string;
  name: string;
  /** 0..1. */
  probability: number;
  impactDays?: number;
  impact?: { optimistic: number; mostLikely: number; pessimistic: number; distribution: ThreePointEstimate['distribution'] };
  match: IssueMatchSetting;
}

/** The durations of the matching issues move together with this correlation coefficient (0..1). */
export interface CorrelationSetting {
  id: string;
  label: string;
  coefficient: number;
  match: Pick<IssueMatchSetting, 'team' | 'labels' | 'issueTypes'>;
}

/** Thresholds that raise a re-planning flag (issue #7); each absent = that flag off. */
export interface ReplanningSettings {
  /** P80 slipped more than this many working days since the baseline or the last snapshot. */
  p80SlipDays?: number;
  /** The chance of meeting the due date fell below this (0..1). */
  minDueProbability?: number;
  /** Flag a change of the critical path. */
  criticalPathChange?: boolean;
  /** Flag a gate whose P80 finish misses its guarded work's due date, or a missing gate. */
  gateAtRisk?: boolean;
}

// ---- Additive (K4, issue #7): the accuracy retrospective ----

/** Scores of one kind of record (K1's scoreForecasts, src/engine/history/score-forecasts.ts); differences in working days. */
export interface AccuracyScore {
  count: number;
  /** Share of actual finishes at or before the P80 (0.8 when calibrated). */
  p80HitRate: number;
  /** Actual finish - P50, working days (positive = later than forecast). */
  p50Error: { mean: number; median: number; meanAbsolute: number };
  /** Per percentile: its level (0.5 for P50) and the share of actual finishes at or before it. */
  calibration: Array<{ level: number; observed: number; count: number }>;
  /** Gneiting-Raftery interval score of the central interval [lower, upper] (e.g. p10..p90), mean, working days; lower is better. */
  interval?: { lower: string; upper: string; alpha: number; mean: number };
}

export interface AccuracyRetrospective {
  projectKey: string;
  /** Snapshots stored, and the days of the first and last snapshot with a known outcome. */
  snapshots: number;
  from?: string;
  to?: string;
  /** Issues resolved after a snapshot forecast them. */
  resolvedIssues: number;
  /** Per (snapshot, resolved issue): every record has a P80; `score` uses those that also have P50 and P95 (snapshots from K4 on). */
  issues: { records: number; p80Hits: number; p80HitRate?: number; score?: AccuracyScore };
  /** Per snapshot whose issues have all resolved since: the program's P50/P80/P95 (P10/P90 when stored) vs the last resolution. */
  program: { records: number; score?: AccuracyScore };
  /** Why there is nothing to show: no snapshot yet, or nothing forecast has resolved since. */
  empty?: 'no-snapshots' | 'nothing-resolved';
  warnings: string[];
}

/** Additive (K5, #7): training-run durations imported from an experiment tracker, as the admin page shows them. */
export interface TrainingRunsSummary {
  format: 'mlflow-csv' | 'mlflow-json' | 'wandb-csv';
  /** Finished runs kept. */
  count: number;
  /** Runs left out, by status (lower case). */
  skipped: Record<string, number>;
  /** Lognormal fit of the durations in hours (at least 2 runs). */
  fitHours?: { p5: number; p50: number; p95: number; mu: number; sigma: number };
  /** The fit as a plan estimate in days (hours / 24: runs go on through nights and weekends). */
  estimateDays?: ThreePointEstimate;
  /** When it was saved (absent in a preview). */
  savedAt?: string;
}

/** Limits of the risk register and correlation groups: the server enforces them (settings.ts), the admin page checks them as you type. */
export const RISK_LIMITS = { risks: 100, correlations: 50, name: 200, jql: 2000, maxImpactDays: 1000 } as const;
