/**
 * Worker thread of forecast-workers.ts: compiles the plan once, runs its share
 * of the Monte Carlo batches with the run's layout and posts one BatchResult.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compilePlan } from '../engine/compile-plan';
import { runBatches } from '../engine/monte-carlo';
import { primePertQuantileTables } from '../engine/random/pert-quantile-table';
import { forwardPassFor, type WorkerJob, type WorkerReply } from './forecast-workers';

function main(job: WorkerJob): WorkerReply {
  try {
    primePertQuantileTables(job.pertTables.keys, job.pertTables.tables, job.pertTables.consts);
    const cp = compilePlan(job.plan);
    const forwardPass = forwardPassFor(cp, job.seed);
    const result = runBatches(cp, {
      seed: job.seed, iterations: job.iterations, batchSize: job.batchSize,
      batchIndexes: job.batchIndexes, layout: job.layout, forwardPass,
    });
    return { ok: true, result };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

if (parentPort) parentPort.postMessage(main(workerData as WorkerJob));
