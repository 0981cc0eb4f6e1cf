/**
 * Worker thread of forecast-workers.ts: compiles the plan (and builds the
 * resource-aware pass when tasks demand pools) as soon as it starts, then waits
 * for its job — the run's layout, the PERT tables and its batch indexes — runs
 * those batches and posts one BatchResult.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compilePlan, type CompiledPlan } from '../engine/compile-plan';
import { runBatches, type ResourceModel } from '../engine/monte-carlo';
import { primePertQuantileTables } from '../engine/random/pert-quantile-table';
import { resourcesFor, type WorkerJob, type WorkerReply, type WorkerStart } from './forecast-workers';

const fail = (err: unknown): WorkerReply => ({ ok: false, message: err instanceof Error ? err.message : String(err) });

if (parentPort) {
  const port = parentPort;
  const start = workerData as WorkerStart;
  let prepared: { cp: CompiledPlan; resources?: ResourceModel } | { error: unknown };
  try {
    const cp = compilePlan(start.plan);
    prepared = { cp, resources: resourcesFor(cp, start.seed) };
  } catch (error) {
    prepared = { error };
  }
  port.once('message', (job: WorkerJob) => {
    if ('error' in prepared) {
      port.postMessage(fail(prepared.error));
      return;
    }
    try {
      primePertQuantileTables(job.pertTables.keys, job.pertTables.tables, job.pertTables.consts);
      const result = runBatches(prepared.cp, {
        seed: start.seed, iterations: start.iterations, batchSize: start.batchSize,
        batchIndexes: job.batchIndexes, layout: job.layout, resources: prepared.resources,
      });
      port.postMessage({ ok: true, result } satisfies WorkerReply);
    } catch (err) {
      port.postMessage(fail(err));
    }
  });
}
