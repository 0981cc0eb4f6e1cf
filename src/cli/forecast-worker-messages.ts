/**
 * The messages between forecast-workers.ts (the main thread) and forecast-worker.ts
 * (a worker thread), and the packing of a worker's state into them. Kept apart from
 * forecast-workers.ts so that a worker does not load the report and schedule modules
 * it never runs (module loading is part of every 2-worker forecast's start).
 */
import type { MessagePort } from 'node:worker_threads';
import type { CompiledPlan } from '../engine/compile-plan';
import type { SharedPertTables } from '../engine/random/pert-table-cache';
import { takePending, toBatchResult, type Accumulators, type BatchResult, type ForecastLayout, type MonteCarloState, type PendingAccumulators, type PilotPart } from '../engine/monte-carlo';

/** What a worker starts with (workerData): it may start before the plan is read (startForecastWorkers). */
export interface WorkerStart {
  /**
   * Shared by every thread of the run (Int32Array on a SharedArrayBuffer): next[0] the next
   * batch index to run; next[1] set to 1 by the main thread when it posts the layout;
   * next[2] the next part of the pilot to run; next[3] set to 1 by the main thread when it
   * posts the plan (a worker then no longer builds tables ahead: the run builds them).
   */
  next: Int32Array;
  /**
   * The first worker posts here, as soon as it has started, the WebAssembly modules a
   * forecast compiles (kernel-wasm-emitter.ts wasmModules), for the main thread to adopt
   * when it needs them: it is still reading the plan then.
   */
  modules?: MessagePort;
}

/**
 * What the first worker posts on WorkerStart.modules: the WebAssembly modules, then (when
 * it was sent the plan's text first: WorkerPlanText) the PERT tables it built ahead.
 */
export type AheadMessage = { modules: Record<string, WebAssembly.Module> } | { pertTables: SharedPertTables };

/**
 * The plan file's text, sent to the first worker as soon as it is read, before the main
 * thread validates and compiles it (~0.3 s on 10,000 tasks): the worker, idle until the run,
 * builds the PERT tables the plan will likely need (sample-duration.ts pertShapeKeysOfRawPlan;
 * ~45 ms on one thread for 10,000 tasks) and posts them (AheadMessage), so that the run
 * starts with them built.
 */
export interface WorkerPlanText {
  planText: string;
}

/** The run a worker takes part in (with the plan). */
export interface WorkerRun {
  seed: string;
  iterations: number;
  batchSize: number;
}

/** The compiled plan without the members that do not cross threads (plan, calendar, graph, indexOf): typed arrays and plain data. */
export type PortablePlan = Record<string, unknown>;

/** Members of CompiledPlan a worker rebuilds instead of receiving. */
const REBUILT_MEMBERS = ['plan', 'calendar', 'graph', 'indexOf'];

/** What a worker is sent once the main thread has the layout (structured-clone friendly). */
export interface WorkerJob {
  layout: ForecastLayout;
}


/** A worker's accumulated batches as typed arrays (transferred), or as a plain-JSON BatchResult when its state has members this file does not know. */
export type WorkerState =
  | { kind: 'typed'; finish: Array<[number, Float64Array]>; sums?: Accumulators; pending?: PendingAccumulators; pools?: MonteCarloState['pools'] }
  | { kind: 'json'; result: BatchResult };

/** A worker's messages: parts of the pilot it ran (any number, before the layout), then its state or its failure. */
export type WorkerReply = { ok: true; state: WorkerState } | { ok: false; message: string } | { pilot: PilotPart };

/** What a worker needs of the deterministic schedule to build the resource-aware pass (its priority order). */
export type WorkerSchedule = { makespan: number; tasks: Array<{ id: string; start: number }> };

/**
 * The first message: the plan as JSON text and the compiled plan's arrays, and with
 * pool demands the deterministic schedule (computed once, by the main thread). The text
 * leaves out the tasks (`withTasks` false) when nothing a worker runs reads them: no
 * pool demands (the resource pass), no risks, correlations or gate rules (the risk
 * model). On 10,000 tasks they cost the main thread ~15 ms to stringify and the
 * worker ~25 ms to parse, at the start of the run.
 */
export interface WorkerPlan {
  run: WorkerRun;
  planJson: string;
  withTasks: boolean;
  /** With pool demands: the worker builds the resource-aware pass from it. */
  schedule?: WorkerSchedule;
  compiled: PortablePlan;
  /** The plan's PERT tables, which the worker builds with the main thread (pert-table-cache.ts) before anything else. */
  tables?: SharedPertTables;
  /**
   * The order the main thread renumbers the plan by (monte-carlo.ts prepareSimulation), on a
   * SharedArrayBuffer: n positions, then 1 once they are written. A worker that finds it
   * written after the tables takes it; otherwise it computes the same order itself.
   */
  order?: Int32Array;
}

/** Messages to a worker, in this order: the plan's text (optional, first worker only), the plan, the job. */
export type WorkerMessage = WorkerPlanText | WorkerPlan | WorkerJob;

/** The members of MonteCarloState that travel as typed arrays; any other member sends the state as JSON. */
const TYPED_MEMBERS = new Set(['seed', 'n', 'batchSize', 'iterations', 'finishByBatch', 'critical', 'hist', 'sens', 'dueHits', 'pools']);

/** The state of a worker's batches for postMessage, and the buffers to transfer. */
export function packState(state: MonteCarloState): { state: WorkerState; transfer: ArrayBuffer[] } {
  if (!Object.keys(state).every((k) => TYPED_MEMBERS.has(k))) return { state: { kind: 'json', result: toBatchResult(state) }, transfer: [] };
  const held = takePending(state);
  const finish = [...state.finishByBatch.entries()];
  const { critical, hist, sens, dueHits, pools } = state;
  const sums = held?.stateEmpty ? undefined : { critical, hist, sens, dueHits };
  const pending = held?.pending;
  const arrays = [sums, pending].flatMap((a) => (a ? [a.critical, a.hist, a.sens, a.dueHits] : [])).concat(finish.map(([, f]) => f));
  const transfer = [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
  return { state: { kind: 'typed', finish, ...(sums ? { sums } : {}), ...(pending ? { pending } : {}), ...(pools ? { pools } : {}) }, transfer };
}

/** The first message for a compiled plan; `schedule`: the deterministic schedule, when some task demands a pool. */
export function workerPlan(cp: CompiledPlan, run: WorkerRun, schedule?: WorkerSchedule): WorkerPlan {
  const { plan } = cp;
  const withTasks = !!schedule || !!(plan.risks?.length || plan.correlations?.length || plan.gateRules?.length);
  const planJson = JSON.stringify(withTasks ? plan : { ...plan, tasks: [] });
  const order = schedule && { makespan: schedule.makespan, tasks: schedule.tasks.map(({ id, start }) => ({ id, start })) };
  return { run, planJson, withTasks, ...(order ? { schedule: order } : {}), compiled: portablePlan(cp) };
}

/** The compiled plan's members that a worker receives (see REBUILT_MEMBERS). */
function portablePlan(cp: CompiledPlan): PortablePlan {
  const out: PortablePlan = {};
  for (const [k, v] of Object.entries(cp)) if (!REBUILT_MEMBERS.includes(k)) out[k] = v;
  return out;
}
