/**
 * Runs a forecast's Monte Carlo batches on worker threads and merges them.
 *
 * Workers start at once with the validated plan and compile it (and, with
 * resources, build the resource-aware pass) while the main thread builds the
 * deterministic schedule and runs the pilot that fixes the run's layout; then each
 * worker is sent the layout, the PERT tables and its batch indexes (round robin),
 * runs its batches into one plain-JSON BatchResult and posts it back. The results are merged
 * exactly (engine/merge-batches.ts), so the report is byte-identical for any number
 * of workers. The worker script is resolved next to this module, so it runs from
 * the built dist/ (a TypeScript source tree has no .js worker to start).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CompiledPlan } from '../engine/compile-plan';
import type { Plan } from '../engine/plan';
import type { ForecastReport, ScheduleReport } from '../engine/reports';
import { buildForecastReport, forecast, type ForecastOptions } from '../engine/forecast';
import { batchCount, DEFAULT_BATCH_SIZE, simulationFor, type BatchResult, type ForecastLayout, type ResourceModel } from '../engine/monte-carlo';
import { mergeBatches } from '../engine/merge-batches';
import { schedulePlan } from '../engine/schedule-plan';
import { createResourceForwardPass } from '../engine/rcpsp/resource-forward-pass';

/** What a worker starts with (workerData). */
export interface WorkerStart {
  plan: Plan;
  seed: string;
  iterations: number;
  batchSize: number;
}

/** What a worker is sent once the main thread has the layout (structured-clone friendly). */
export interface WorkerJob {
  batchIndexes: number[];
  layout: ForecastLayout;
  /** The PERT tables the main thread built, so workers need not rebuild them. */
  pertTables: { keys: number[]; tables: Float32Array; consts: Float64Array };
}

export type WorkerReply = { ok: true; result: BatchResult } | { ok: false; message: string };

export interface ForecastSetup {
  schedule: ScheduleReport;
  /** With resource demands: the resource-aware pass and its pool statistics. */
  resources?: ResourceModel;
}

function usesResources(cp: CompiledPlan): boolean {
  for (let k = 0; k < cp.demand.length; k++) if (cp.demand[k] > 0) return true;
  return false;
}

/** The deterministic schedule and, when tasks demand pools, the resource-aware pass built from it. */
export function forecastSetup(cp: CompiledPlan, seed: string, nearCriticalDays?: number): ForecastSetup {
  const schedule = schedulePlan(cp, { seed, nearCriticalDays });
  return { schedule, resources: usesResources(cp) ? createResourceForwardPass(cp, schedule) : undefined };
}

/** Only the resource model (what a worker needs): undefined (the precedence kernel) unless tasks demand pools. */
export function resourcesFor(cp: CompiledPlan, seed: string): ResourceModel | undefined {
  return usesResources(cp) ? forecastSetup(cp, seed).resources : undefined;
}

export interface CliForecastOptions {
  iterations: number;
  seed: string;
  due?: string;
  batchSize?: number;
  nearCriticalDays?: number;
  workers: number;
}

/** The forecast of a compiled plan, on `workers` threads when more than one (and more than one batch). */
export async function runForecast(cp: CompiledPlan, opts: CliForecastOptions): Promise<ForecastReport> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const { schedule, resources } = forecastSetup(cp, opts.seed, opts.nearCriticalDays);
  const base: ForecastOptions = { iterations: opts.iterations, seed: opts.seed, due: opts.due, batchSize, nearCriticalDays: opts.nearCriticalDays, schedule, resources };
  const count = batchCount(opts.iterations, batchSize);
  const workers = Math.min(opts.workers, count);
  if (workers <= 1) return forecast(cp, base);

  const script = join(__dirname, 'forecast-worker.js');
  if (!existsSync(script)) throw new Error(`worker script ${script} not found: workers need the built CLI (npm run build)`);
  const start: WorkerStart = { plan: cp.plan, seed: opts.seed, iterations: opts.iterations, batchSize };
  const pool = Array.from({ length: workers }, () => new Worker(script, { workerData: start }));
  try {
    const replies = pool.map(reply);
    const sim = simulationFor(cp, opts.seed, { resources });
    const { shapeKeys: keys, tables, consts } = sim.sampler;
    pool.forEach((worker, w) => {
      const batchIndexes: number[] = [];
      for (let b = w; b < count; b += workers) batchIndexes.push(b);
      const job: WorkerJob = { batchIndexes, layout: sim.layout, pertTables: { keys, tables, consts } };
      worker.postMessage(job);
    });
    const results = await Promise.all(replies);
    const state = mergeBatches(cp, results);
    return buildForecastReport(cp, state, sim, { ...base, workers });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

function reply(worker: Worker): Promise<BatchResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.once('message', (msg: WorkerReply) => {
      settled = true;
      if (msg.ok) resolve(msg.result);
      else reject(new Error(`forecast worker failed: ${msg.message}`));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`forecast worker exited with code ${code} before replying`));
    });
  });
}
