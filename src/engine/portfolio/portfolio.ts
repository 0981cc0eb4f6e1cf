/**
 * Portfolio shapes: several initiatives (projects, programs) merged into one plan
 * whose pools are shared (merge-portfolio.ts) and forecast together under the
 * shared limits (portfolio-forecast.ts). Shared by the CLI and the resolvers.
 */
import type { Plan } from '../plan';

export interface Initiative {
  /** Stable key (a Jira project key, a file name). */
  key: string;
  name?: string;
  plan: Plan;
  /** Smaller = more important (1 first). Ties keep the input order. Default: the input position. */
  priority?: number;
}

/** Task meta written by mergePortfolio (the plan carries its initiatives, so scenarios can reorder them). */
export const INITIATIVE_META = 'initiative';
export const INITIATIVE_RANK_META = 'initiativeRank';

export interface MergedPortfolio {
  /** One plan: every initiative's tasks, pools merged by id, start = the earliest start. */
  plan: Plan;
  /** Task id -> initiative key. */
  initiativeOf: Record<string, string>;
  /** Initiatives by rank (0 = highest priority). */
  initiatives: Array<{ key: string; name?: string; rank: number; tasks: number; start: string; due?: string; pools: string[] }>;
  /** Pools used by two or more initiatives. */
  sharedPools: string[];
  notes: string[];
}

export interface MergePortfolioOptions {
  /** Prefix every task id with `${key}/` (needed when plans reuse ids, e.g. generated plans). Default false: a clash is an error. */
  prefixIds?: boolean;
}

export type PortfolioErrorCode = 'invalid-portfolio' | 'duplicate-initiative' | 'duplicate-task' | 'capacity-mismatch' | 'calendar-mismatch' | 'unknown-initiative';

export class PortfolioError extends Error {
  constructor(
    readonly code: PortfolioErrorCode,
    message: string,
    readonly initiatives: string[] = [],
    readonly task?: string,
    readonly pool?: string,
  ) {
    super(message);
    this.name = 'PortfolioError';
  }
}

export interface PortfolioForecastOptions {
  iterations?: number;
  seed?: string;
  /** SGS decodings of the deterministic schedule that sets the usual order inside an initiative. */
  schedules?: number;
  /** Attribute slip to each shared pool (one extra run per shared pool; default true). */
  attribute?: boolean;
  /**
   * What an initiative runs "alone" (every pool to itself, the portfolio's activity list
   * restricted to the tasks run): 'own-tasks' (default) its tasks only, links to other
   * initiatives' tasks dropped; 'with-predecessors' its tasks and every task of another
   * initiative they wait for (transitively), as in the portfolio, so waiting on a
   * dependency is not counted as contention; its finish is still its own tasks' latest.
   */
  alone?: AloneMode;
}

export type AloneMode = 'own-tasks' | 'with-predecessors';

export interface FinishPercentiles {
  p50: number;
  p80: number;
  p95: number;
  /** The same as dates on the portfolio calendar. */
  p50Date: string;
  p80Date: string;
  p95Date: string;
}

export interface InitiativeForecast {
  key: string;
  name?: string;
  rank: number;
  /** With only its own tasks and every pool to itself. */
  alone: FinishPercentiles;
  /** In the portfolio, under the shared limits and the priority order. */
  shared: FinishPercentiles;
  /** shared minus alone (working days). */
  slip: { p50: number; p80: number; p95: number };
  /** P80 slip removed when this pool alone stops being shared (each initiative gets its own copy), largest first. */
  byPool: Array<{ pool: string; name?: string; p80Days: number; p50Days: number }>;
  due?: { date: string; alone: number; shared: number };
  /** One sentence: "Initiative B slips 9 days (P80) because of contention for the A100 pool." */
  explanation: string;
}

export interface PortfolioForecast {
  iterations: number;
  seed: string;
  method: string;
  /** The whole portfolio's finish. */
  portfolio: FinishPercentiles;
  initiatives: InitiativeForecast[];
  sharedPools: string[];
  warnings: string[];
}
