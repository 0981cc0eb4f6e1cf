/**
 * How the Forecast page gets a forecast: one resolver call for a normal run, or a
 * queued job (startProjectForecastJob + polling getForecastJob) for a long one,
 * reporting progress. A call that the server refuses as too large for one
 * invocation ('too-large') is retried as a job automatically.
 */
import type { ProjectForecast } from '../../../src/resolvers/contract';
import { call, CallError } from '../../shared/src/api';

export interface ForecastRequest {
  projectKey: string;
  iterations?: number;
  seed?: string;
  due?: string;
  jql?: string;
  /** Calibrated estimates (always one call: the calibrated forecast is not run as a job). */
  calibrated?: boolean;
}

/** Runs above this many iterations go through the queue (the resolver has 25 s). */
export const JOB_THRESHOLD = 20_000;
const POLL_MS = 1000;
const MAX_POLLS = 900;

export async function loadForecast(
  req: ForecastRequest,
  onProgress: (done: number, total: number) => void,
  signal?: { cancelled: boolean },
): Promise<ProjectForecast> {
  if (req.calibrated) return call('getProjectForecast', req);
  if ((req.iterations ?? 0) <= JOB_THRESHOLD) {
    try {
      return await call('getProjectForecast', req);
    } catch (err) {
      if (!(err instanceof CallError && err.code === 'too-large')) throw err;
    }
  }
  let job = await call('startProjectForecastJob', req);
  for (let i = 0; i < MAX_POLLS; i++) {
    onProgress(job.done, job.total);
    if (job.state === 'failed') throw new CallError(job.error?.code ?? 'job-failed', job.error?.message ?? 'The forecast job failed.', job.error?.culprits ?? []);
    if (job.state === 'done') {
      const polled = job as typeof job & { result?: ProjectForecast };
      if (polled.result) return polled.result;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (signal?.cancelled) throw new CallError('cancelled', 'The forecast was cancelled.');
    job = await call('getForecastJob', { jobId: job.jobId });
  }
  throw new CallError('timeout', 'The forecast job did not finish in 15 minutes.');
}
