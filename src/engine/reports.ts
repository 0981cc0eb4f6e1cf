/**
 * The shapes of the engine's reports. `ScheduleReport` and `ForecastReport` are the
 * `schedule --json` and `forecast --json` outputs of docs/plan-format.md: the fields
 * named there are a contract (extend, never break); the rest are Converge's own.
 */

export interface ScheduledTask {
  id: string;
  name?: string;
  /** Working days after plan start. */
  start: number;
  finish: number;
  startDate: string;
  finishDate: string;
  totalFloat: number;
  freeFloat: number;
  critical: boolean;
  /** Early/late dates of the CPM network (resource-free). */
  earlyStart: number;
  earlyFinish: number;
  lateStart: number;
  lateFinish: number;
  duration: number;
  status: 'todo' | 'in-progress' | 'done';
  /** With resources: the pool that pushed this task later than its precedence-feasible start. */
  delayedBy?: string;
}

export interface ScheduleReport {
  makespan: number;
  finishDate: string;
  criticalPath: string[];
  /** Tasks whose total float is at most `nearCriticalDays` (critical ones included), in schedule order. */
  nearCritical: string[];
  nearCriticalDays: number;
  tasks: ScheduledTask[];
  /** With resources: per pool, units in use on each working day from day 0. */
  resourceUsage?: Array<{ id: string; name?: string; capacity: number[]; usage: number[] }>;
  warnings: string[];
}

export interface Percentiles {
  mean: number;
  p10: number;
  p50: number;
  p80: number;
  p90: number;
  p95: number;
}

export interface TaskForecast {
  id: string;
  name?: string;
  /** Share of iterations in which the task had zero total float. */
  criticality: number;
  /**
   * Rank correlation between the task's sampled duration and the project finish
   * (Spearman, from the probability integral transform of the duration), in [-1, 1].
   */
  sensitivity: number;
  /** criticality x sensitivity: the share of finish variation this task drives. */
  cruciality: number;
  /** Finish in working days after start, from a mergeable histogram (error: half a bin, see `binWidth`). */
  finishDays: { p50: number; p80: number; p90: number; p95: number };
  finishDate: { p50: string; p80: string; p90: string; p95: string };
  /** Width of the task's finish-histogram bins in working days (0 when its finish never varies). */
  binWidth?: number;
  /** Probability of finishing by the task's own due date, when it has one. */
  dueProbability?: number;
}

export interface Driver {
  id: string;
  name?: string;
  criticality: number;
  sensitivity: number;
  cruciality: number;
}

export interface ForecastReport {
  iterations: number;
  seed: string;
  deterministic: { finishDays: number; finishDate: string; criticalPath: string[] };
  finishDays: Percentiles;
  finishDate: { p10: string; p50: string; p80: string; p90: string; p95: string };
  /** Share of iterations in which each task was on the critical path. */
  criticality: Record<string, number>;
  /** When a due date was given: P(finish <= end of the due date). */
  due?: { date: string; days: number; probability: number };
  /** Project finish histogram in working days (for charts): bins of `width` from `start`. */
  histogram: { start: number; width: number; counts: number[] };
  tasks: TaskForecast[];
  /** Top risk drivers by cruciality, most important first. */
  drivers: Driver[];
  schedule: ScheduleReport;
  warnings: string[];
  /**
   * How the run was split: equal batches whose partial results were merged; `workers`
   * (how many processes ran them) is left out where the output must not depend on it.
   */
  batches: { size: number; count: number; workers?: number };
  /** With resource pools (resource-aware simulation): per pool, how it held the finish back and its daily use. */
  resources?: PoolForecast[];
  /** With a risk register (plan.risks): each risk event's observed effect, largest P80 contribution first. */
  risks?: RiskForecast[];
}

/**
 * One risk event of the plan's register in the forecast (engine/risk/risk-contributions.ts).
 * Contributions compare all iterations with those in which the risk did not occur
 * (an unbiased one-run estimate, since occurrence is independent of everything else).
 */
export interface RiskForecast {
  id: string;
  name?: string;
  probability: number;
  /** The impact as in the plan: `days`, plus the three-point estimate when it has one. */
  impact: { days: number };
  /** Observed share of iterations in which the risk occurred. */
  occurred: number;
  /** Ids of the tasks it hits (not done), in schedule order. */
  tasks: string[];
  /** P80 (P50) finish of all iterations minus that of the iterations without the risk, working days; null when it occurred in every iteration. */
  p80ContributionDays: number | null;
  p50ContributionDays: number | null;
  /** Mean finish when it occurred minus mean finish when it did not, working days; null when either set is empty. */
  meanDelayDays: number | null;
}

export interface PoolForecast {
  id: string;
  name?: string;
  /** Share of iterations in which the pool delayed a critical task (so the finish). */
  criticality: number;
  /**
   * Units in use per working day from day 0 (day averages), percentiles over the
   * iterations, interpolated in a histogram of the pool's capacity (error at most one
   * bin, `usageBinWidth` units); the arrays end after the last day on which some
   * iteration used at least one bin's worth.
   */
  usage: { p50: number[]; p80: number[]; p95: number[] };
  usageBinWidth: number;
  capacity: number;
}
