/**
 * Forecasts too large for one 25 s call, run as queue jobs.
 *
 * Method: the starting call (as the user) loads and checks the scope, stores the plan, then
 * splits the run's `iterations` into batches of `batchSize` (the engine seeds each batch from
 * (seed, batch index), so any split gives the same numbers), groups whole batches into queue
 * events of about `eventTaskSamples` work, and pushes them in pushes of <= 50 events (each
 * event body is a few bytes, far under 200 KB). Each consumer runs its batches, stores the
 * mergeable result, then a marker per batch. Whoever sees every marker merges all parts and
 * stores the report (two consumers finishing together both merge: the results are identical).
 * A retried event recomputes the same batches and overwrites the same keys.
 *
 * Portfolio jobs (issue #8): the shared-pools forecast of a large portfolio (portfolio.ts).
 * The starting call loads every project's scope, builds the plain-JSON input (the engine's
 * merged portfolio; each batch also runs every project alone with the other projects' issues
 * it waits for) and splits the iterations into ranges of at most
 * PORTFOLIO_EVENT_ITERATIONS (fewer when one range would exceed an event's budget), one queue
 * event each, marked `kind: 'portfolio'`. Iteration t depends only on (seed, t), so ranges
 * merge into exactly the one-call result. The consumer stores one part per event; whoever
 * sees all parts assembles the reply. Progress = parts stored / events.
 */
import { compilePlan } from '../engine/compile-plan';
import { batchCount } from '../engine/monte-carlo';
import type { ForecastJob, ProjectForecast, ResolverDefs } from './contract';
import { ResolverFailure, toResolverError } from './errors';
import { forecastBatches, forecastFromBatches } from './run-forecast';
import { completeForecast, forecastBase, forecastHash, loadScope, loadSettings, runSpecFor, type LoadedScope } from './project-forecast';
import { jiraFor, type CallContext, type ForecastBatchEvent, type JobState, type Services } from './services';
import { forecastOptions, optionalJql, projectKey, type Raw } from './validate-payload';
import type { SharedPoolsForecast } from './contract';
import {
  loadScopes, priorityOrder, projectKeys, runSharedPoolsBatch, sharedPoolsFromBatches, sharedPoolsInput, SGS_COST,
  type SharedPoolsBatch, type SharedPoolsInput,
} from './portfolio';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

const JOB_ID = /^[A-Za-z0-9-]{8,64}$/;

function view(job: JobState, done: number): ForecastJob {
  const out: ForecastJob = { jobId: job.jobId, done, total: job.total, state: job.state === 'queued' && done > 0 ? 'running' : job.state };
  if (job.error) out.error = job.error;
  return out;
}

/** Groups batch indexes 0..count-1 into events of `perEvent` consecutive batches. */
export function splitBatches(count: number, perEvent: number): number[][] {
  const events: number[][] = [];
  for (let b = 0; b < count; b += perEvent) events.push(Array.from({ length: Math.min(perEvent, count - b) }, (_, k) => b + k));
  return events;
}

export async function startProjectForecastJob(s: Services, ctx: CallContext, p: Raw): Promise<R<'startProjectForecastJob'>> {
  const key = projectKey(p);
  const opts = forecastOptions(p);
  const jql = optionalJql(p);
  const settings = await loadSettings(s);
  const scope: LoadedScope = await loadScope(s, jiraFor(s, ctx), { projectKey: key, jql }, settings);
  const spec = runSpecFor(s, settings, { projectKey: key, ...opts, due: opts.due ?? scope.due });
  const hash = forecastHash(scope.plan, settings, spec);
  const jobId = s.newId();
  const total = batchCount(spec.iterations, spec.batchSize);
  const perEvent = Math.max(1, Math.floor(s.limits.eventTaskSamples / Math.max(1, scope.cp.n * spec.batchSize)));
  const events = splitBatches(total, perEvent);
  const job: JobState = {
    jobId, projectKey: key, accountId: ctx.accountId, state: 'queued', total, events: events.length, spec, inputHash: hash,
    createdAt: s.deps.now().toISOString(),
  };

  const cached = await s.store.getForecast(hash);
  if (cached) {
    await s.store.saveJob(jobId, { ...job, state: 'done', finishedAt: job.createdAt });
    await s.store.saveJobResult(jobId, cached);
    return { jobId, done: total, total, state: 'done' };
  }

  // Input first, then the job, then the events: a consumer always finds what it needs.
  await s.store.saveJobInput(jobId, { plan: scope.plan, base: forecastBase(scope, hash) });
  await s.store.saveJob(jobId, job);
  const bodies: ForecastBatchEvent[] = events.map((batches) => ({ jobId, batches }));
  if (s.deps.queue) {
    for (let i = 0; i < bodies.length; i += s.limits.eventsPerPush) await s.deps.queue.push(bodies.slice(i, i + s.limits.eventsPerPush));
  } else {
    // No queue (local workspace): run the same events here, in order.
    for (const b of bodies) await runForecastEvent(s, b);
  }
  return view((await s.store.getJob(jobId)) ?? job, await s.store.jobBatchesDone(jobId));
}

export async function getForecastJob(s: Services, ctx: CallContext, p: Raw): Promise<R<'getForecastJob'>> {
  const jobId = p.jobId;
  if (typeof jobId !== 'string' || !JOB_ID.test(jobId)) throw new ResolverFailure('invalid-payload', 'jobId must be the id startProjectForecastJob returned', ['jobId']);
  const job = await s.store.getJob(jobId);
  // Another user's job is answered like a missing one: its result holds what they may see.
  if (!job || (job.accountId && ctx.accountId !== job.accountId)) throw new ResolverFailure('not-found', `no forecast job ${jobId}`, [jobId]);
  const out: ForecastJob & { result?: ProjectForecast } = view(job, job.state === 'done' ? job.total : await s.store.jobBatchesDone(jobId));
  if (job.state === 'done') out.result = await s.store.getJobResult<ProjectForecast>(jobId);
  return out;
}

/** The queue consumer's work for one event. Deterministic failures mark the job failed; others rethrow so Forge retries. */
export async function runForecastEvent(s: Services, body: unknown): Promise<void> {
  if ((body as { kind?: unknown } | undefined)?.kind === 'portfolio') return runPortfolioEvent(s, body);
  const ev = body as Partial<ForecastBatchEvent>;
  if (!ev || typeof ev.jobId !== 'string' || !Array.isArray(ev.batches)) return; // not ours: nothing to retry
  const job = await s.store.getJob(ev.jobId);
  if (!job || job.state === 'done' || job.state === 'failed') return;
  const input = await s.store.getJobInput(ev.jobId);
  if (!input) return;

  let cp;
  try {
    cp = compilePlan(input.plan);
    const part = forecastBatches(cp, job.spec, ev.batches);
    await s.store.saveJobBatches(ev.jobId, ev.batches, part);
  } catch (e) {
    await s.store.saveJob(ev.jobId, { ...job, state: 'failed', error: toResolverError(e), finishedAt: s.deps.now().toISOString() });
    return;
  }
  if ((await s.store.jobBatchesDone(ev.jobId)) < job.total) return;

  const parts = await s.store.jobBatches(ev.jobId);
  const report = forecastFromBatches(cp, job.spec, parts, job.events);
  const result = completeForecast(input.base, report, s.deps.now().toISOString(), input.plan);
  await s.store.saveJobResult(ev.jobId, result);
  await s.store.saveForecast(job.inputHash, result);
  await s.store.saveJob(ev.jobId, { ...job, state: 'done', finishedAt: result.computedAt });
  await s.store.dropJobBatches(ev.jobId);
}

/** Iterations per portfolio queue event at most: small enough that the progress bar moves. */
export const PORTFOLIO_EVENT_ITERATIONS = 100;

export interface PortfolioJobState {
  jobId: string;
  accountId?: string;
  keys: string[];
  state: ForecastJob['state'];
  /** Iteration ranges, one per queue event. */
  ranges: Array<{ from: number; count: number }>;
  createdAt: string;
  finishedAt?: string;
  error?: ForecastJob['error'];
}

function portfolioView(job: PortfolioJobState, done: number): ForecastJob {
  const out: ForecastJob = { jobId: job.jobId, done, total: job.ranges.length, state: job.state === 'queued' && done > 0 ? 'running' : job.state };
  if (job.error) out.error = job.error;
  return out;
}

/** Ranges of at most `per` iterations covering [0, iterations). */
export function iterationRanges(iterations: number, per: number): Array<{ from: number; count: number }> {
  const out: Array<{ from: number; count: number }> = [];
  for (let from = 0; from < iterations; from += per) out.push({ from, count: Math.min(per, iterations - from) });
  return out;
}

export async function startPortfolioForecastJob(s: Services, ctx: CallContext, p: Raw): Promise<R<'startPortfolioForecastJob'>> {
  const keys = projectKeys({ projectKeys: p.projectKeys }, s.limits.portfolioProjects);
  const order = priorityOrder(keys, p.priority);
  const opts = forecastOptions(p);
  const input = sharedPoolsInput(await loadScopes(s, ctx, keys), order, opts);
  const per = Math.max(1, Math.min(PORTFOLIO_EVENT_ITERATIONS, Math.floor(s.limits.eventTaskSamples / SGS_COST / Math.max(1, input.taskRuns))));
  const jobId = s.newId();
  const job: PortfolioJobState = { jobId, accountId: ctx.accountId, keys: order, state: 'queued', ranges: iterationRanges(input.iterations, per), createdAt: s.deps.now().toISOString() };
  // Input first, then the job, then the events: a consumer always finds what it needs.
  await s.store.savePortfolioJobInput(jobId, input);
  await s.store.savePortfolioJob(jobId, job);
  const bodies: ForecastBatchEvent[] = job.ranges.map((_, k) => ({ kind: 'portfolio', jobId, batches: [k] }));
  if (s.deps.queue) {
    for (let i = 0; i < bodies.length; i += s.limits.eventsPerPush) await s.deps.queue.push(bodies.slice(i, i + s.limits.eventsPerPush));
  } else {
    for (const b of bodies) await runPortfolioEvent(s, b);
  }
  const now = (await s.store.getPortfolioJob<PortfolioJobState>(jobId)) ?? job;
  return portfolioView(now, now.state === 'done' ? now.ranges.length : await s.store.portfolioJobPartsDone(jobId));
}

export async function getPortfolioForecastJob(s: Services, ctx: CallContext, p: Raw): Promise<R<'getPortfolioForecastJob'>> {
  const jobId = p.jobId;
  if (typeof jobId !== 'string' || !JOB_ID.test(jobId)) throw new ResolverFailure('invalid-payload', 'jobId must be the id startPortfolioForecastJob returned', ['jobId']);
  const job = await s.store.getPortfolioJob<PortfolioJobState>(jobId);
  if (!job || (job.accountId && ctx.accountId !== job.accountId)) throw new ResolverFailure('not-found', `no portfolio job ${jobId}`, [jobId]);
  const out: ForecastJob & { result?: SharedPoolsForecast } = portfolioView(job, job.state === 'done' ? job.ranges.length : await s.store.portfolioJobPartsDone(jobId));
  if (job.state === 'done') out.result = await s.store.getJobResult<SharedPoolsForecast>(jobId);
  return out;
}

/** The queue consumer's work for one portfolio event: one iteration range; the last one assembles the reply. */
export async function runPortfolioEvent(s: Services, body: unknown): Promise<void> {
  const ev = body as Partial<ForecastBatchEvent>;
  if (!ev || typeof ev.jobId !== 'string' || !Array.isArray(ev.batches)) return;
  const job = await s.store.getPortfolioJob<PortfolioJobState>(ev.jobId);
  if (!job || job.state === 'done' || job.state === 'failed') return;
  const input = await s.store.getPortfolioJobInput<SharedPoolsInput>(ev.jobId);
  if (!input) return;
  try {
    for (const k of ev.batches) {
      const r = job.ranges[k];
      if (r) await s.store.savePortfolioJobPart(ev.jobId, k, runSharedPoolsBatch(input, r.from, r.count));
    }
  } catch (e) {
    await s.store.savePortfolioJob(ev.jobId, { ...job, state: 'failed', error: toResolverError(e), finishedAt: s.deps.now().toISOString() });
    return;
  }
  if ((await s.store.portfolioJobPartsDone(ev.jobId)) < job.ranges.length) return;
  const result = sharedPoolsFromBatches(input, await s.store.portfolioJobParts<SharedPoolsBatch>(ev.jobId));
  await s.store.saveJobResult(ev.jobId, result);
  await s.store.savePortfolioJob(ev.jobId, { ...job, state: 'done', finishedAt: s.deps.now().toISOString() });
  await s.store.dropPortfolioJobParts(ev.jobId);
}
