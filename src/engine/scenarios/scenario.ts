/**
 * What-if scenarios: the shapes shared by apply-scenario.ts, compare-scenarios.ts,
 * tradeoff-curve.ts, the CLI (`converge whatif`) and the resolvers.
 *
 * A scenario is a named list of changes applied in order to a copy of a plan; it
 * never touches the plan it is given (docs/scenarios.md). Errors carry a stable
 * `code`, the index of the offending change (`op`) and the culprit (task, pool,
 * initiative, or the cycle a new dependency would close).
 */
import type { AvailabilityWindow, Estimate, Plan } from '../plan';

/** One change of a scenario. `task` in add-task is a plan-format task (docs/plan-format.md). */
export type ScenarioChange =
  /** A pool's base capacity and/or its availability windows (reservations); `availability: []` clears them. */
  | { op: 'set-capacity'; pool: string; capacity?: number; availability?: AvailabilityWindow[] }
  /** The plan's committed date, or one task's own due date when `task` is given. */
  | { op: 'move-due'; date: string; task?: string }
  /** Cut scope: the tasks go, their successors inherit their predecessors (order is kept). */
  | { op: 'remove-tasks'; ids: string[] }
  /** Add scope: a plan-format task (its `after` may name existing tasks). */
  | { op: 'add-task'; task: unknown }
  /** A new estimate (a plain number is a fixed duration, as in the plan format). */
  | { op: 'set-estimate'; id: string; estimate: Estimate | number | Partial<Estimate> }
  | { op: 'add-dependency'; from: string; to: string }
  | { op: 'remove-dependency'; from: string; to: string }
  /** Portfolio plans (portfolio/merge-portfolio.ts): initiative keys, highest priority first; unlisted ones follow in their old order. */
  | { op: 'set-priority'; order: string[] };

export type ScenarioOp = ScenarioChange['op'];
export const SCENARIO_OPS: readonly ScenarioOp[] = [
  'set-capacity', 'move-due', 'remove-tasks', 'add-task', 'set-estimate', 'add-dependency', 'remove-dependency', 'set-priority',
];

export interface Scenario {
  /** Short stable id (used in reports and on the command line). */
  id: string;
  name?: string;
  changes: ScenarioChange[];
}

/** What a change did, in plain words (shown beside the results). */
export interface ScenarioNote {
  op: number;
  message: string;
}

export interface AppliedScenario {
  plan: Plan;
  notes: ScenarioNote[];
}

export type ScenarioErrorCode =
  | 'invalid-scenario'
  | 'invalid-change'
  | 'unknown-op'
  | 'unknown-task'
  | 'unknown-pool'
  | 'unknown-initiative'
  | 'not-a-portfolio'
  | 'duplicate-task'
  | 'duplicate-dependency'
  | 'missing-dependency'
  | 'self-dependency'
  | 'cycle'
  | 'invalid-date'
  | 'invalid-estimate'
  | 'invalid-capacity'
  | 'invalid-task';

export class ScenarioError extends Error {
  constructor(
    readonly code: ScenarioErrorCode,
    message: string,
    /** Index of the change in the scenario (undefined: the scenario as a whole). */
    readonly op?: number,
    readonly task?: string,
    readonly pool?: string,
    /** For `cycle`: the ids in order, the first repeated at the end. */
    readonly cycle?: string[],
    readonly scenario?: string,
  ) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** Options shared by compare-scenarios.ts and tradeoff-curve.ts. */
export interface WhatIfOptions {
  /** Iterations per scenario (default 2,000: paired differences need far fewer than absolute percentiles). */
  iterations?: number;
  /** Seed of the common random numbers (default '1'). */
  seed?: string;
  /** Committed date of the whole plan (default: each scenario's plan.due; a scenario's move-due without task wins). */
  due?: string;
  /** Extra dates to give P(finish <= date) for, beside every scenario's due date. */
  dates?: string[];
  /** SGS decodings of the deterministic resource schedule (default activity-order.ts WHATIF_SCHEDULES). */
  schedules?: number;
  /**
   * With pools: search a new deterministic order for every scenario (true), or keep the
   * plan's own order for all (default false: faster, and the comparison changes one thing;
   * portfolio ranks still come first, so set-priority takes effect either way).
   */
  replan?: boolean;
}

/** Finish statistics of one scenario (working days after the plan start; dates on the plan calendar). */
export interface ScenarioResult {
  id: string;
  name?: string;
  notes: ScenarioNote[];
  finishDays: { mean: number; p10: number; p50: number; p80: number; p90: number; p95: number };
  finishDate: { p50: string; p80: string; p95: string };
  /** Against the baseline (the first entry, the plan unchanged): percentiles of this scenario minus the baseline's. */
  delta: { p50: number; p80: number; p95: number; mean: number };
  /** Share of iterations (same random numbers) in which this scenario finishes earlier / later than the baseline. */
  paired: { earlier: number; later: number };
  /** P(finish <= due) when the scenario has a due date. */
  due?: { date: string; probability: number; delta: number };
  /** P(finish <= date) for every date of the comparison (all scenarios' due dates and `dates`), ascending. */
  byDate: Array<{ date: string; probability: number }>;
  /** Tasks with their own due date: P(task finishes by it). */
  milestones: Array<{ id: string; date: string; probability: number }>;
}

export interface ScenarioComparison {
  iterations: number;
  seed: string;
  /** The method in one line (common random numbers keyed by task id). */
  method: string;
  /** results[0] is the baseline (the plan unchanged). */
  results: ScenarioResult[];
  warnings: string[];
}
