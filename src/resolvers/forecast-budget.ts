/**
 * How much simulation fits where. A resolver call has 25 s (fixed by Forge) for loading
 * Jira, simulating and answering; queue consumers have up to 900 s per event.
 *
 * Work is measured in task-samples (tasks x iterations). The engine runs about 30-50 million
 * task-samples per second on one desktop core (bench/run.mjs); a Forge function at 1024 MB
 * gets roughly 0.6 of a vCPU (Lambda allocates CPU in proportion to memory), so ~20 M/s.
 *   - in one call: 50 M task-samples (e.g. 5,000 issues x 10,000 iterations) ~ 2.5 s, leaving
 *     the rest of the 25 s for the Jira search and the deterministic schedule;
 *   - per queue event: 1,000 M task-samples ~ 50 s, far inside 900 s even on a slow host.
 * Above the in-call budget, getProjectForecast answers 'too-large' and the panel starts a job.
 */
export interface ForecastLimits {
  /** Largest tasks x iterations computed inside one resolver call. */
  inCallTaskSamples: number;
  /** Work given to one queue event (whole batches; at least one batch per event). */
  eventTaskSamples: number;
  /** Iterations per batch: the unit of splitting and merging (part of the result's identity). */
  batchSize: number;
  /** Forge: at most 50 events per push. */
  eventsPerPush: number;
  /** Projects one portfolio call may forecast. */
  portfolioProjects: number;
}

export const DEFAULT_LIMITS: ForecastLimits = {
  inCallTaskSamples: 50_000_000,
  eventTaskSamples: 1_000_000_000,
  batchSize: 1000,
  eventsPerPush: 50,
  portfolioProjects: 10,
};

/** Iterations that fit the in-call budget for n tasks (at least one batch). */
export function inCallIterations(n: number, wanted: number, limits: ForecastLimits): number {
  const fit = Math.floor(limits.inCallTaskSamples / Math.max(1, n));
  return Math.max(Math.min(wanted, limits.batchSize), Math.min(wanted, fit));
}
