/**
 * Runs a forecast's Monte Carlo batches on worker threads and on the main thread,
 * and merges them.
 *
 * Method: with `workers` = w, w − 1 worker threads start first — `converge forecast`
 * starts them before it reads the plan (startForecastWorkers), so their start (thread,
 * isolate, modules: ~80-140 ms here) overlaps reading and compiling it, and the first
 * worker then compiles the forecast's WebAssembly modules and posts them, for this
 * thread to adopt instead of building its own (~25-45 ms of its start); given the plan
 * file's text as soon as it is read (ForecastWorkerPool.planText), it also builds the PERT
 * tables the plan will likely need and posts them (~45 ms of work on 10,000 tasks that was
 * part of the run, now done while this thread validates and compiles). They are sent
 * the run and the plan as JSON text (without its tasks when they do not read them:
 * forecast-worker-messages.ts) with the compiled plan's typed arrays (structured
 * clones: no recompiling, no graph), and the plan's PERT tables to build: shared arrays
 * that the workers start on while this thread renumbers the plan, then it joins them
 * (pert-table-cache.ts buildSharedPertTables; ~45 ms on one thread for 10,000 tasks).
 * Each thread then builds its own simulation (kernel, WebAssembly) up to the layout. The
 * pilot that fixes the layout runs in parts
 * (monte-carlo.ts PILOT_PARTS, each on its own stream): every thread takes the next
 * part from a shared counter, a worker posts the parts it ran, and the main thread
 * makes the layout from all of them (the same layout whichever thread ran which).
 * Then it sends the layout, computes the deterministic schedule the report shows
 * (first, for a plan with resource demands: the pass's priority order comes from it,
 * and it goes to the workers with the plan, so the search runs once) and runs batches
 * itself. Batches are handed out dynamically:
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
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { CompiledPlan } from '../engine/compile-plan';
import type { ForecastReport } from '../engine/reports';
import { buildForecastReport, forecast, type ForecastOptions } from '../engine/forecast';
import { addAccumulators, batchCount, DEFAULT_BATCH_SIZE, MonteCarloError, PILOT_PARTS, prepareSimulation, runState, Simulation, type MonteCarloState, type PilotPart } from '../engine/monte-carlo';
import { adoptWasmModules } from '../engine/kernel-wasm-emitter';
import { adoptPertTables, buildSharedPertTables, sharePertTables } from '../engine/random/pert-table-cache';
import { pertShapeKeys } from '../engine/random/sample-duration';
import { mergeInto } from '../engine/merge-batches';
import { workerPlan, type AheadMessage, type WorkerMessage, type WorkerReply, type WorkerStart, type WorkerState } from './forecast-worker-messages';
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
  /**
   * Told when a multi-thread run reaches each step (bench/run.mjs times them): 'layout' (the
   * pilot is done and the workers have the layout), 'batches' (every thread has run its last
   * batch), 'merged' (their accumulators are added up; the report follows).
   */
  onStep?: (step: 'layout' | 'batches' | 'merged') => void;
}

/** Worker threads started ahead of a run (startForecastWorkers), for one runForecast. */
export interface ForecastWorkerPool {
  readonly workers: WorkerChannel[];
  /** The run's shared counters (WorkerStart.next). */
  readonly next: Int32Array;
  /** Where the first worker posts its compiled WebAssembly modules and the PERT tables it built ahead (WorkerStart.modules, AheadMessage), read without waiting (adoptAheadMessages). */
  readonly modules: MessagePort;
  /** Sends the plan file's text to the first worker as soon as it is read (WorkerPlanText), for it to build the PERT tables ahead. */
  planText(text: string): void;
  /** Stops the workers (a run that never comes, or after it). */
  close(): Promise<void>;
}

/** A worker thread and what it sends back: parts of the pilot (to `onPilot`, set by the run), then its state. */
export interface WorkerChannel {
  readonly worker: Worker;
  /** Its final state; rejected when it fails, errs or exits first (listened to from its start, so nothing goes unheard). */
  readonly state: Promise<WorkerState>;
  onPilot: (part: PilotPart) => void;
}

/**
 * Starts the worker threads of a `threads`-thread forecast (threads − 1 workers) before the
 * plan is even read, so their start (a thread, a V8 isolate, the worker's modules:
 * ~80-140 ms on this 2-core VM, competing with the main thread) overlaps reading,
 * validating and compiling the plan instead of the forecast. undefined for one thread.
 * The workers do not keep the process alive until a run uses them. `script`: another
 * worker script (tests).
 */
export function startForecastWorkers(threads: number, script = join(__dirname, 'forecast-worker.js')): ForecastWorkerPool | undefined {
  if (threads <= 1) return undefined;
  if (!existsSync(script)) throw new Error(`worker script ${script} not found: workers need the built CLI (npm run build)`);
  const next = new Int32Array(new SharedArrayBuffer(16));
  const { port1: modules, port2 } = new MessageChannel();
  const workers = Array.from({ length: threads - 1 }, (_, k) => {
    const start: WorkerStart = k === 0 ? { next, modules: port2 } : { next };
    return channel(new Worker(script, { workerData: start, transferList: k === 0 ? [port2] : [] }));
  });
  for (const w of workers) w.worker.unref();
  let closed: Promise<void> | undefined;
  const close = () => {
    modules.close();
    return Promise.all(workers.map((w) => w.worker.terminate())).then(() => undefined);
  };
  const planText = (text: string) => workers[0].worker.postMessage({ planText: text } satisfies WorkerMessage);
  return { workers, next, modules, planText, close: () => (closed ??= close()) };
}

/** Adopts the modules and PERT tables the first worker has posted so far (none yet: this thread builds its own when it needs them); returns how many of each it took. */
export function adoptAheadMessages(pool: ForecastWorkerPool): { modules: number; tables: number } {
  const got = { modules: 0, tables: 0 };
  for (let m = receiveMessageOnPort(pool.modules); m; m = receiveMessageOnPort(pool.modules)) {
    const msg = m.message as AheadMessage;
    if ('pertTables' in msg) got.tables += adoptPertTables(msg.pertTables);
    else {
      adoptWasmModules(msg.modules);
      got.modules += Object.keys(msg.modules).length;
    }
  }
  return got;
}

/**
 * The forecast of a compiled plan, on `workers` threads (the main thread and workers − 1
 * worker threads) when more than one (and more than one batch); `pool`: those workers,
 * started earlier (startForecastWorkers), closed here.
 */
export async function runForecast(cp: CompiledPlan, opts: CliForecastOptions, pool?: ForecastWorkerPool): Promise<ForecastReport> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const count = batchCount(opts.iterations, batchSize);
  const base = (setup: ForecastSetup): ForecastOptions => ({
    iterations: opts.iterations, seed: opts.seed, due: opts.due, batchSize, nearCriticalDays: opts.nearCriticalDays, schedule: setup.schedule, resources: setup.resources,
  });
  if (Math.min(pool ? pool.workers.length + 1 : opts.workers, count) <= 1) {
    await pool?.close();
    return forecast(cp, base(forecastSetup(cp, opts.seed, opts.nearCriticalDays)));
  }
  const threads = pool ?? startForecastWorkers(Math.min(opts.workers, count))!;
  const { workers, next } = threads;
  try {
    for (const w of workers) w.worker.ref();
    // Parts of the pilot, the main thread's and those the workers post.
    const parts: PilotPart[] = [];
    let allParts!: () => void;
    const partsDone = new Promise<void>((resolve) => (allParts = resolve));
    const addPart = (part: PilotPart) => {
      parts.push(part);
      if (parts.length === PILOT_PARTS) allParts();
    };
    for (const w of workers) w.onPilot = addPart;
    const post = (msg: WorkerMessage) => workers.forEach((w) => w.worker.postMessage(msg));
    adoptAheadMessages(threads);
    // A pass with pools takes its priority order from the deterministic schedule, which the
    // workers then receive; without, the schedule waits until the workers have their layout.
    const pooled = demandsPools(cp) ? forecastSetup(cp, opts.seed, opts.nearCriticalDays) : undefined;
    // The workers start on the PERT tables while this thread renumbers the plan, then it joins them.
    const tables = sharePertTables(pertShapeKeys(cp));
    const sharedOrder = new Int32Array(new SharedArrayBuffer(4 * (cp.n + 1)));
    Atomics.store(next, 3, 1);
    post({ ...workerPlan(cp, { seed: opts.seed, iterations: opts.iterations, batchSize }, pooled?.schedule), tables, order: sharedOrder });
    const order = prepareSimulation(cp, { resources: pooled?.resources });
    if (order) {
      sharedOrder.set(order);
      Atomics.store(sharedOrder, cp.n, 1);
    }
    buildSharedPertTables(tables);
    adoptAheadMessages(threads);
    const sim = new Simulation(cp, opts.seed, { resources: pooled?.resources, layoutLater: true });
    // Before the workers start their batches (2-worker runs, 10,000 tasks: median 1.150 -> 1.114 s over 12 alternations).
    sim.kernel?.prefault();
    // The pilot's parts go to whichever thread takes them first; then the main thread waits
    // for those a worker took (a worker fails rather than keep one).
    for (let k = Atomics.add(next, 2, 1); k < PILOT_PARTS; k = Atomics.add(next, 2, 1)) addPart(sim.pilotPart(k));
    if (parts.length < PILOT_PARTS) {
      await Promise.race([partsDone, ...workers.map((w) => w.state.then(() => { throw new Error('a forecast worker replied before its part of the pilot'); }))]);
    }
    sim.useLayout(sim.layoutFromPilot(parts));
    // Workers stop warming up (forecast-worker.ts) and take the layout.
    Atomics.store(next, 1, 1);
    post({ layout: sim.layout });
    opts.onStep?.('layout');
    const setup = pooled ?? forecastSetup(cp, opts.seed, opts.nearCriticalDays);
    const state = runState(cp.n, opts.seed, batchSize, opts.iterations);
    // Its pages mapped now, while the workers run batches, rather than by the merge at the end, when
    // every other thread has finished (10,000 tasks: ~15 MB, ~10 ms of page faults).
    state.hist.fill(0);
    state.sens.fill(0);
    state.dueHits = new Float64Array(sim.layout.dueTasks.length);
    for (let b = Atomics.add(next, 0, 1); b < count; b = Atomics.add(next, 0, 1)) sim.runBatchInto(state, b);
    const states = await Promise.all(workers.map((w) => w.state));
    opts.onStep?.('batches');
    for (const w of states) unpackState(state, w, sim);
    opts.onStep?.('merged');
    return buildForecastReport(cp, state, sim, { ...base(setup), workers: workers.length + 1 });
  } finally {
    await threads.close();
  }
}

function channel(worker: Worker): WorkerChannel {
  const ch: WorkerChannel = {
    worker,
    onPilot: () => {
      throw new Error('a forecast worker sent a part of the pilot outside a run');
    },
    state: new Promise((resolve, reject) => {
      let settled = false;
      worker.on('message', (msg: WorkerReply) => {
        if ('pilot' in msg) {
          ch.onPilot(msg.pilot);
          return;
        }
        settled = true;
        if (msg.ok) resolve(msg.state);
        else reject(new Error(`forecast worker failed: ${msg.message}`));
      });
      worker.on('error', (err) => {
        settled = true;
        reject(err);
      });
      worker.once('exit', (code) => {
        if (!settled) reject(new Error(`forecast worker exited with code ${code} before replying`));
      });
    }),
  };
  // A rejection is awaited by the run (or never, when no run comes): it must not count as unhandled.
  ch.state.catch(() => undefined);
  return ch;
}
