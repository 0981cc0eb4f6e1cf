/**
 * Worker thread of forecast-workers.ts. It starts before the plan is read: the first
 * worker then compiles the forecast's WebAssembly modules and posts them to the main
 * thread (which is still reading the plan). It receives the run and the plan as JSON
 * text (without its tasks when it does not need them) with the compiled plan's arrays,
 * builds the plan's PERT tables together with the main thread (shared arrays: while the
 * main thread renumbers the plan), and rebuilds the compiled plan without recompiling it
 * (no graph, no topological sort: the main thread's order is reused, so positions
 * agree), builds the resource-aware pass from the main thread's deterministic schedule
 * when tasks demand pools, and its whole simulation but the layout (kernel,
 * WebAssembly); it runs the parts of the pilot the main thread has not taken yet (a
 * shared counter) and posts them; then its job — the run's layout — lets it run batches
 * taken from the shared counter until none are left, and it posts its accumulated state
 * once.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { buildGraph, lazyIndexOf, type CompiledPlan } from '../engine/compile-plan';
import type { Plan } from '../engine/plan';
import { WorkingCalendar } from '../engine/working-calendar';
import { batchCount, emptyState, PILOT_PARTS, prepareSimulation, Simulation, type ResourceModel } from '../engine/monte-carlo';
import { buildSharedPertTables, sharePertTables } from '../engine/random/pert-table-cache';
import { pertShapeKeysOfRawPlan } from '../engine/random/sample-duration';
import { wasmModules } from '../engine/kernel-wasm-emitter';
import { KERNEL_MODULE } from '../engine/kernel-wasm-module';
import { PERT_TABLE_MODULE, pertTableBuilder } from '../engine/random/pert-quantile-table-wasm';
import { createResourceForwardPass } from '../engine/rcpsp/resource-forward-pass';
import { packState, type AheadMessage, type PortablePlan, type WorkerMessage, type WorkerPlan, type WorkerReply, type WorkerRun, type WorkerStart } from './forecast-worker-messages';

const fail = (err: unknown): WorkerReply => ({ ok: false, message: err instanceof Error ? err.message : String(err) });

/** The compiled plan from the main thread's arrays and the plan (same positions, same values). */
export function rebuildCompiledPlan(plan: Plan, compiled: PortablePlan): CompiledPlan {
  const ids = compiled.ids as string[];
  const cp = lazyIndexOf({
    ...compiled,
    plan,
    calendar: new WorkingCalendar(plan.start, plan.calendar),
  }, ids) as Omit<CompiledPlan, 'graph'> & { graph?: CompiledPlan['graph'] };
  // The graph is not used by the simulation: built on first use only, and not enumerable, so
  // spreading the plan (monte-carlo.ts permuteCompiledPlan) does not build it (~0.3 s on 10,000 tasks).
  let graph: CompiledPlan['graph'] | undefined;
  Object.defineProperty(cp, 'graph', { enumerable: false, get: () => (graph ??= buildGraph(plan)) });
  return cp as CompiledPlan;
}

/** The plan of the first message; without its tasks, reading them is an error (the main thread sends them whenever the worker needs them). */
function receivedPlan(msg: WorkerPlan): Plan {
  const plan = JSON.parse(msg.planJson) as Plan;
  if (!msg.withTasks) {
    Object.defineProperty(plan, 'tasks', {
      get: () => {
        throw new Error('the forecast worker was sent the plan without its tasks');
      },
    });
  }
  return plan;
}

/**
 * Throwaway iterations a worker runs while it waits for the layout (Simulation.warmUp),
 * stopping as soon as the main thread posts the layout: on 10,000 tasks its first batch took
 * 110-120 ms against ~36 for the next ones (pages of the accumulators touched for the first
 * time, code not yet optimized); after 64 iterations, 65-75 ms.
 */
const WARM_UP_ITERATIONS = 64;

/** Builds the PERT tables the plan's text will likely need and posts them to the main thread (a guess: whatever goes wrong, the run builds what it needs). */
function buildTablesAhead(text: string, to: MessagePort, next: Int32Array): void {
  // The run has started (its plan is on the way): it builds the tables with this worker.
  if (Atomics.load(next, 3) === 1) return;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return;
  }
  const keys = pertShapeKeysOfRawPlan(raw);
  if (!keys.length) return;
  const shared = sharePertTables(keys);
  buildSharedPertTables(shared);
  to.postMessage({ pertTables: shared } satisfies AheadMessage);
}

/** The modules a forecast compiles on every thread (the first worker posts them to the main thread). */
const FORECAST_WASM_MODULES = [KERNEL_MODULE, PERT_TABLE_MODULE];

if (parentPort) {
  const port = parentPort;
  const { next, modules } = workerData as WorkerStart;
  // Open until the run starts: the tables built ahead go there too.
  let ahead = modules;
  ahead?.postMessage({ modules: wasmModules(FORECAST_WASM_MODULES) } satisfies AheadMessage);
  // The table builder's instance and grid, before the plan comes.
  pertTableBuilder();
  // What the messages so far built.
  let plan: { cp: CompiledPlan; run: WorkerRun; resources?: ResourceModel } | undefined;
  let sim: Simulation | undefined;
  let failed = false;
  port.on('message', (msg: WorkerMessage) => {
    if (failed) return;
    if ('planText' in msg) {
      if (ahead) buildTablesAhead(msg.planText, ahead, next);
      return;
    }
    ahead?.close();
    ahead = undefined;
    try {
      if ('planJson' in msg) {
        if (msg.tables) buildSharedPertTables(msg.tables);
        const cp = rebuildCompiledPlan(receivedPlan(msg), msg.compiled);
        plan = { cp, run: msg.run, resources: msg.schedule ? createResourceForwardPass(cp, msg.schedule) : undefined };
        const order = msg.order && Atomics.load(msg.order, cp.n) === 1 ? msg.order.slice(0, cp.n) : undefined;
        prepareSimulation(cp, plan, order);
        sim = new Simulation(plan.cp, plan.run.seed, { resources: plan.resources, layoutLater: true });
        // Parts of the pilot the main thread has not taken yet, then throwaway iterations until the layout.
        for (let k = Atomics.add(next, 2, 1); k < PILOT_PARTS; k = Atomics.add(next, 2, 1)) {
          const part = sim.pilotPart(k);
          port.postMessage({ pilot: part } satisfies WorkerReply, [part.finishes, part.lo, part.hi].map((a) => a.buffer as ArrayBuffer));
        }
        sim.warmUp(WARM_UP_ITERATIONS, () => Atomics.load(next, 1) === 1);
      } else {
        if (!plan || !sim) throw new Error('the job arrived before the plan');
        sim.useLayout(msg.layout);
        const { seed, iterations, batchSize } = plan.run;
        const state = emptyState(plan.cp.n, seed, batchSize, iterations);
        state.dueHits = new Float64Array(msg.layout.dueTasks.length);
        const count = batchCount(iterations, batchSize);
        for (let b = Atomics.add(next, 0, 1); b < count; b = Atomics.add(next, 0, 1)) sim.runBatchInto(state, b);
        const packed = packState(state);
        port.postMessage({ ok: true, state: packed.state } satisfies WorkerReply, packed.transfer);
        port.close();
      }
    } catch (err) {
      // At once: the main thread may be waiting for a part of the pilot this worker took.
      failed = true;
      port.postMessage(fail(err));
      port.close();
    }
  });
}
