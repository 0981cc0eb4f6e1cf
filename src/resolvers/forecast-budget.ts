/**
 * How much simulation fits where. A resolver call has 25 s (fixed by Forge) for loading
 * Jira, simulating and answering; queue consumers have up to 900 s per event.
 *
 * Work is measured in task-samples (tasks x iterations). The engine's target is about 30 M
 * task-samples per second on one desktop core; a Forge function at 1024 MB gets roughly 0.6 of
 * a vCPU (Lambda allocates CPU in proportion to memory), so ~18 M/s. Measured here (Nov 2026,
 * 2 shared cores at load ~5, so pessimistic): 5,000 tasks (no resources) x 10,000 iterations
 * took 19 s and 34 s in two runs, i.e. 1.5-2.5 M/s. Hence:
 *   - in one call: 20 M task-samples (e.g. 2,000 issues x 10,000 iterations): ~1 s at the
 *     target rate, ~8 s at the worst rate measured, leaving the rest of the 25 s for Jira;
 *   - per queue event: 500 M task-samples: ~30 s at the target rate, ~200-330 s at the worst
 *     measured rate, inside the consumer's 900 s.
 * Above the in-call budget, getProjectForecast answers 'too-large' and the panel starts a job.
 * Batches are the engine's size (DEFAULT_BATCH_SIZE), so a forecast run here, in a job, on the
 * CLI or in the local workspace gives the same numbers for the same seed and iterations.
 */
import { DEFAULT_BATCH_SIZE } from '../engine/monte-carlo';

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
  inCallTaskSamples: 20_000_000,
  eventTaskSamples: 500_000_000,
  batchSize: DEFAULT_BATCH_SIZE,
  eventsPerPush: 50,
  portfolioProjects: 10,
};

/** Iterations that fit the in-call budget for n tasks (at least one batch). */
export function inCallIterations(n: number, wanted: number, limits: ForecastLimits): number {
  const fit = Math.floor(limits.inCallTaskSamples / Math.max(1, n));
  return Math.max(Math.min(wanted, limits.batchSize), Math.min(wanted, fit));
}
