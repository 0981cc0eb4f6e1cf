/**
 * The normalized plan: what every part of Converge (Jira mapping, CLI, resolvers,
 * panels) hands to the engine. It is the parsed and validated form of the plan
 * file (docs/plan-format.md): defaults are filled in, a plain-number duration
 * becomes a fixed estimate, and ids are unique and acyclic.
 *
 * All durations are in working days (fractions allowed); dates are ISO YYYY-MM-DD.
 */

import type { TaskThroughput, ThroughputHistory } from './history/throughput-tasks';

export type DistributionKind = 'pert' | 'triangular' | 'uniform' | 'lognormal' | 'fixed';
export const DISTRIBUTIONS: readonly DistributionKind[] = ['pert', 'triangular', 'uniform', 'lognormal', 'fixed'];

/** A three-point estimate. For `fixed`, optimistic = mostLikely = pessimistic. */
export interface Estimate {
  optimistic: number;
  /** The deterministic (CPM) duration; for lognormal without mostLikely, sqrt(optimistic * pessimistic). */
  mostLikely: number;
  pessimistic: number;
  distribution: DistributionKind;
}

/** Stochastic rework: attempts ~ Geometric(successProbability), capped at maxAttempts. */
export interface Attempts {
  successProbability: number;
  maxAttempts: number;
}

export type TaskStatus = 'todo' | 'in-progress' | 'done';

export interface Task {
  id: string;
  name?: string;
  duration: Estimate;
  /** In-progress work: what is left, sampled instead of `duration` (extension of plan-format v1). */
  remaining?: Estimate;
  /** Finish-to-start predecessors, by id, in file order without duplicates. */
  after: string[];
  /** Units of each resource held for the whole duration. */
  demand: Record<string, number>;
  notBefore?: string;
  attempts?: Attempts;
  status: TaskStatus;
  /** Free-form fields carried through for the panels (epic, team, type, labels, due date...). */
  due?: string;
  meta?: Record<string, unknown>;
  /** What kind of work this is ('training', 'gate', 'deploy', 'data-delivery', 'evaluation', ...); free text, matched by rules. */
  kind?: string;
  /** Present on review gates: which kind of review this is (extension). */
  gate?: { kind: GateKind };
  /** Labels matched by gate rules, windows, defaults, risks and correlations. */
  labels?: string[];
  /** The estimate is a placeholder: expand-plan.ts replaces it by the matching convergence default. */
  unestimated?: boolean;
  /** Set by expand-plan.ts: the estimate (or the whole task) is an assumption, not the team's. */
  assumed?: boolean;
  /** Unestimated work forecast from the team's throughput (history/throughput-tasks.ts); replaced at expansion by an assumed estimate. */
  throughput?: TaskThroughput;
}

export type GateKind = 'bias-audit' | 'performance-benchmark' | 'compliance-documentation' | 'regulatory-review' | 'security-review' | 'custom';
export const GATE_KINDS: readonly GateKind[] = ['bias-audit', 'performance-benchmark', 'compliance-documentation', 'regulatory-review', 'security-review', 'custom'];

/** Which tasks a rule applies to: a task matches when it matches any listed criterion (an empty match matches nothing). */
export interface TaskMatch {
  ids?: string[];
  idPrefix?: string;
  labels?: string[];
  kinds?: string[];
}

/** On which days a review board sits: every N weeks on an ISO weekday from a date, or a list of dates. */
export type Cadence = { everyWeeks: number; weekday: number; from: string } | { dates: string[] };

/** A required review gate: tasks matching `guards` cannot start (or finish) until a gate of kind `gate` is done upstream. */
export interface GateRule {
  id: string;
  gate: GateKind;
  guards: TaskMatch;
  /** 'start': the gate precedes the guarded task; 'finish': the guarded task's successors wait for the gate. Default 'start'. */
  when: 'start' | 'finish';
  /** Working days of a placeholder gate added where none exists (default 5). */
  duration: number;
  cadence?: Cadence;
  /** Chance the review sends work back, and the share of the guarded work then repeated (used by the Monte Carlo loop). */
  rework?: { probability: number; share: number };
  /** An existing gate of this kind that is not upstream is linked as a predecessor (default true). */
  treatUnlinkedAsDependency: boolean;
}

/** Deployment windows (deploys finish only inside one) and change freezes (nothing matching finishes in one). */
export interface FinishWindow {
  id: string;
  kind: 'deployment' | 'freeze';
  from: string;
  to: string;
  /** Default { kinds: ['deploy'] }. */
  appliesTo: TaskMatch;
}

/** Recurring retrain -> evaluate -> deploy cycles every N weeks from `from`, until `until` (or plan.horizon) or `cycles` times. */
export interface RetrainingRule {
  id: string;
  everyWeeks: number;
  from: string;
  until?: string;
  cycles?: number;
  after: string[];
  retrain: Estimate;
  evaluate: Estimate;
  deploy: Estimate;
  attempts?: Attempts;
  demand: Record<string, number>;
  labels: string[];
}

/** Default uncertainty for unestimated work of a kind or label (flagged assumed). */
export interface ConvergenceDefault {
  match: TaskMatch;
  duration: Estimate;
  attempts?: Attempts;
}

/** A risk event applied per Monte Carlo iteration (not applied by the deterministic schedule). */
export interface RiskEvent {
  id: string;
  name?: string;
  probability: number;
  /** Days added to each hit task when the risk occurs; or a three-point estimate (`days` is then its mostLikely). */
  impact: { days: number } & Partial<Estimate>;
  appliesTo: TaskMatch;
}

/** Durations of a group of tasks move together with this correlation coefficient (Monte Carlo only). */
export interface Correlation {
  group: { labels?: string[]; team?: string; kinds?: string[] };
  coefficient: number;
}

/** Capacity that changes over time: [from, to] inclusive dates; outside every window the base capacity holds. */
export interface AvailabilityWindow {
  from: string;
  to: string;
  capacity: number;
}

export interface Resource {
  id: string;
  name?: string;
  capacity: number;
  availability?: AvailabilityWindow[];
}

export interface CalendarSpec {
  /** ISO weekday numbers, Monday = 1 ... Sunday = 7. */
  workdays: number[];
  holidays: string[];
}

export interface Plan {
  name?: string;
  start: string;
  calendar: CalendarSpec;
  resources: Resource[];
  tasks: Task[];
  /** Optional committed date for the whole plan (extension; `--due` overrides). */
  due?: string;
  /** Last date rules are generated and looked up for (default: start + 5 years). */
  horizon?: string;
  gateRules?: GateRule[];
  windows?: FinishWindow[];
  retraining?: RetrainingRule[];
  convergenceDefaults?: ConvergenceDefault[];
  risks?: RiskEvent[];
  correlations?: Correlation[];
  /** Items done per past working day, for throughput tasks (per team, or one with no team for all). */
  throughputHistory?: ThroughputHistory[];
}

/** A problem found in a plan file. `code` is stable; tests assert it, not the wording. */
export interface PlanIssue {
  code: PlanIssueCode;
  message: string;
  task?: string;
  field?: string;
  line?: number;
  column?: number;
}

export type PlanIssueCode =
  | 'json-syntax'
  | 'not-an-object'
  | 'missing-field'
  | 'invalid-field'
  | 'duplicate-id'
  | 'unknown-predecessor'
  | 'self-dependency'
  | 'cycle'
  | 'estimate-order'
  | 'invalid-duration'
  | 'unknown-distribution'
  | 'lognormal-nonpositive'
  | 'invalid-success-probability'
  | 'invalid-max-attempts'
  | 'invalid-date'
  | 'invalid-status'
  | 'invalid-calendar'
  | 'unknown-resource'
  | 'invalid-demand'
  | 'demand-exceeds-capacity'
  | 'invalid-resource'
  /** A malformed task kind, gate, labels, or plan-level rule (gateRules, windows, retraining, convergenceDefaults, risks, correlations, horizon). */
  | 'invalid-rule'
  /** A rule names a task id that is not in the plan. */
  | 'unknown-task'
  /** Expansion: a review board never sits within the horizon (after the gate's work is done). */
  | 'no-sitting'
  /** Expansion: an unestimated task that no convergence default matches. */
  | 'no-default-estimate'
  /** A deploy-kind task would finish where no deployment window is open (after the last window, or only freezes left). */
  | 'no-allowed-finish'
  /** Expansion: a rule would generate more tasks than allowed. */
  | 'too-many-tasks'
  /** The plan file could not be read (missing file, permission, not UTF-8 text). */
  | 'read-error'
  /** A malformed task `throughput` or plan `throughputHistory` (or growth the team's pace never catches up with). */
  | 'invalid-throughput'
  /** Expansion: a throughput task with no history for its team (nor one for all teams), or a history with no day anything was done. */
  | 'no-throughput-history';

export class PlanError extends Error {
  constructor(readonly issues: PlanIssue[]) {
    super(issues.map((i) => i.message).join('\n'));
    this.name = 'PlanError';
  }
}
