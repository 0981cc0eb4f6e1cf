/**
 * The leadership summary's structured content (leadership-summary.ts builds it,
 * summary-html.ts renders it). Plain numbers and sentences, no markup: the panels
 * and the HTML page read the same object.
 */

export type Verdict = 'on track' | 'at risk' | 'unlikely';

export interface SummaryCommitment {
  /** What is committed: the whole plan or a milestone (task). */
  label: string;
  task?: string;
  date: string;
  probability: number;
  verdict: Verdict;
}

export interface SummaryDriver {
  id: string;
  name?: string;
  /** Share of iterations on the critical path. */
  criticality: number;
  cruciality: number;
}

export interface SummaryPool {
  id: string;
  name?: string;
  /** Share of iterations in which the pool held the finish back. */
  criticality: number;
}

export interface SummaryLever {
  /** The scenario or trade-off point it comes from. */
  id: string;
  label: string;
  /** Days gained on the P80 finish (positive = earlier). */
  p80Days: number;
  /** Days gained on the P50 finish (absent when the caller only compared P80s). */
  p50Days?: number;
  p80Date: string;
  /** Change in the probability of meeting the committed date, when there is one. */
  dueDelta?: number;
  /** Several initiatives: the one the lever acts on. */
  initiative?: string;
}

/** One initiative (project, program) of a several-initiative summary. */
export interface SummaryInitiative {
  key: string;
  name?: string;
  /** Its finish dates (its own forecast, or its finish in the portfolio under shared pools). */
  forecast: { p50Date: string; p80Date: string; p95Date: string };
  due?: { date: string; probability: number; verdict: Verdict };
  drivers: Array<Pick<SummaryDriver, 'id' | 'name' | 'criticality'>>;
  pools: SummaryPool[];
}

export interface LeadershipSummary {
  title: string;
  /** An input (the page never reads a clock): the same inputs give the same bytes. */
  generatedAt: string;
  seed: string;
  iterations: number;
  start: string;
  forecast: { p50Date: string; p80Date: string; p95Date: string; p50Days: number; p80Days: number };
  commitments: SummaryCommitment[];
  drivers: SummaryDriver[];
  pools: SummaryPool[];
  levers: SummaryLever[];
  /** Initiatives that slip because of shared pools (portfolio summaries). */
  contention: string[];
  /**
   * Several initiatives: the page shows each one's dates, drivers and pools (one plan: absent,
   * and `forecast`, `drivers`, `pools` say it all).
   */
  initiatives?: SummaryInitiative[];
  /** The message in a few plain sentences, most important first. */
  headline: string[];
  method: string;
}
