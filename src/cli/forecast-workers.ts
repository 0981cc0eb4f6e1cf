/**
 * Runs a forecast's Monte Carlo batches on worker threads and on the main thread,
 * and merges them.
 *
 * Method: with `workers` = w, w − 1 worker threads start at once (module loading
 * overlaps the main thread's setup) and are sent the plan as JSON text (without its
 * tasks when they do not read them: forecast-worker-messages.ts) with the compiled
 * plan's typed arrays (structured clones: no recompiling, no graph). The
 * main thread builds the sampler tables and sends them, so each worker builds its own
 * simulation (kernel, WebAssembly) up to the layout while the main thread runs the
 * pilot that fixes the layout; then it sends the layout, computes the deterministic
 * schedule the report shows (first, for a plan with resource demands: the pass's
 * priority order comes from it, and it goes to the workers with the plan, so the
 * search runs once) and runs batches itself. Batches are handed out dynamically:
 * every thread takes the next index from a shared counter (Atomics.add on a
 * SharedArrayBuffer), so a thread that starts late or runs on a busy core simply
 * takes fewer. A worker posts its accumulated state as typed arrays (transferred,
 * not copied): what its simulation still holds in the kernel's order goes as it is
 * (takePending) and is added to the main thread's simulation (addPending), so the
 * mapping to the plan's order is done once, by the main thread. (Each thread mapping
 * its own, in parallel, was measured slower: ~60-95 ms in a worker, whose mapping
 * loops run there once, unoptimized, against ~10 ms to hand them over.) Every
 * accumulator is an integer and
 * finishes are kept by batch index (engine/monte-carlo.ts), so the report is
 * byte-identical for any number of workers and any assignment of batches to
 * threads. A state with fields this file does not know (added to the engine later)
 * goes through the plain-JSON BatchResult and engine/merge-batches.ts instead. The
 * worker script is resolved next to this module, so it runs from the built dist/ (a
 * TypeScript source tree has no .js worker to start). Speed: bench/run.mjs
 * (--workers 1,2).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CompiledPlan } from '../engine/compile-plan';
import type { ForecastReport } from '../engine/reports';
import { buildForecastReport, forecast, type ForecastOptions } from '../engine/forecast';
import { addAccumulators, batchCount, DEFAULT_BATCH_SIZE, MonteCarloError, emptyState, Simulation, type MonteCarloState } from '../engine/monte-carlo';
import { mergeInto } from '../engine/merge-batches';
import { workerPlan, type WorkerMessage, type WorkerReply, type WorkerStart, type WorkerState } from './forecast-worker-messages';
import { mergePoolStats } from '../engine/rcpsp/resource-forward-pass';
import { demandsPools, forecastSetup, type ForecastSetup } from '../engine/forecast-setup';

export { forecastSetup, type ForecastSetup };
export * from './forecast-worker-messages';

/** Adds a worker's state into `state` (exact: integer counts; finishes by batch index); `sim`, the main thread's simulation of the run, takes the worker's pending accumulators. */
export function unpackState(state: MonteCarloState, w: WorkerState, sim: Simulation): void {
  if (w.kind === 'json') {
    mergeInto(state, w.result);
    return;
  }
  const { n } = state;
  const s = w.sums;
  if (s && (s.critical.length !== n || s.hist.length !== state.hist.length || s.sens.length !== state.sens.length || s.dueHits.length !== state.dueHits.length)) {
    throw new MonteCarloError('batch-mismatch', 'a worker\'s state does not match this run');
  }
  for (const [index] of w.finish) if (state.finishByBatch.has(index)) throw new MonteCarloError('duplicate-batch', `batch ${index} appears twice`);
  if (w.pending) sim.addPending(state, w.pending);
  if (w.pools) state.pools = state.pools ? mergePoolStats(state.pools, w.pools) : w.pools;
  for (const [index, f] of w.finish) state.finishByBatch.set(index, f);
  if (s) addAccumulators(state, s);
}

export interface CliForecastOptions {
  iterations: number;
  seed: string;
  due?: string;
  batchSize?: number;
  nearCriticalDays?: number;
  workers: number;
}

/** The forecast of a compiled plan, on `workers` threads (the main thread and workers − 1 worker threads) when more than one (and more than one batch). */
export async function runForecast(cp: CompiledPlan, opts: CliForecastOptions): Promise<ForecastReport> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const count = batchCount(opts.iterations, batchSize);
  const workers = Math.min(opts.workers, count);
  const base = (setup: ForecastSetup): ForecastOptions => ({
    iterations: opts.iterations, seed: opts.seed, due: opts.due, batchSize, nearCriticalDays: opts.nearCriticalDays, schedule: setup.schedule, resources: setup.resources,
  });
  if (workers <= 1) return forecast(cp, base(forecastSetup(cp, opts.seed, opts.nearCriticalDays)));

  const script = join(__dirname, 'forecast-worker.js');
  if (!existsSync(script)) throw new Error(`worker script ${script} not found: workers need the built CLI (npm run build)`);
  // Workers start first: loading their modules overlaps the setup below.
  const next = new Int32Array(new SharedArrayBuffer(8));
  const start: WorkerStart = { seed: opts.seed, iterations: opts.iterations, batchSize, next };
  const pool = Array.from({ length: workers - 1 }, () => new Worker(script, { workerData: start }));
  try {
    const replies = pool.map(reply);
    // A rejected reply is awaited below; until then it must not count as unhandled.
    for (const r of replies) r.catch(() => undefined);
    const post = (msg: WorkerMessage) => pool.forEach((w) => w.postMessage(msg));
    // A pass with pools takes its priority order from the deterministic schedule, which the
    // workers then receive; without, the schedule waits until the workers have their layout.
    const pooled = demandsPools(cp) ? forecastSetup(cp, opts.seed, opts.nearCriticalDays) : undefined;
    post(workerPlan(cp, pooled?.schedule));
    const sim = new Simulation(cp, opts.seed, { resources: pooled?.resources, layoutLater: true });
    const { shapeKeys: keys, tables, consts } = sim.sampler;
    post({ pertTables: { keys, tables, consts } });
    // Before the workers start their batches (2-worker runs, 10,000 tasks: median 1.150 -> 1.114 s over 12 alternations).
    sim.kernel?.prefault();
    sim.useLayout(sim.pilot());
    // Workers stop warming up (forecast-worker.ts) and take the layout.
    Atomics.store(next, 1, 1);
    post({ layout: sim.layout });
    const setup = pooled ?? forecastSetup(cp, opts.seed, opts.nearCriticalDays);
    const state = emptyState(cp.n, opts.seed, batchSize, opts.iterations);
    state.dueHits = new Float64Array(sim.layout.dueTasks.length);
    for (let b = Atomics.add(next, 0, 1); b < count; b = Atomics.add(next, 0, 1)) sim.runBatchInto(state, b);
    for (const r of replies) unpackState(state, await r, sim);
    return buildForecastReport(cp, state, sim, { ...base(setup), workers });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

function reply(worker: Worker): Promise<WorkerState> {
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.once('message', (msg: WorkerReply) => {
      settled = true;
      if (msg.ok) resolve(msg.state);
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
