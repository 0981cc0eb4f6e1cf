/**
 * The normalized plan: what every part of Converge (Jira mapping, CLI, resolvers,
 * panels) hands to the engine. It is the parsed and validated form of the plan
 * file (docs/plan-format.md): defaults are filled in, a plain-number duration
 * becomes a fixed estimate, and ids are unique and acyclic.
 *
 * All durations are in working days (fractions allowed); dates are ISO YYYY-MM-DD.
 */

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
  /** The plan file could not be read (missing file, permission, not UTF-8 text). */
  | 'read-error';

export class PlanError extends Error {
  constructor(readonly issues: PlanIssue[]) {
    super(issues.map((i) => i.message).join('\n'));
    this.name = 'PlanError';
  }
}
