/**
 * Worker thread of forecast-workers.ts. It starts before the main thread has a
 * layout: it receives the plan as JSON text with the compiled plan's arrays, and
 * rebuilds the compiled plan without recompiling it (no graph, no topological sort:
 * the main thread's order is reused, so positions agree), builds the resource-aware
 * pass when tasks demand pools, and compiles its WebAssembly module, all while the
 * main thread sets up; then its job — the run's layout and the main thread's PERT
 * tables — lets it run batches taken from the shared counter until none
 * are left, and it posts its accumulated state once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildGraph, type CompiledPlan } from '../engine/compile-plan';
import type { Plan } from '../engine/plan';
import { WorkingCalendar } from '../engine/working-calendar';
import { batchCount, emptyState, Simulation } from '../engine/monte-carlo';
import { primePertQuantileTables } from '../engine/random/pert-quantile-table';
import { instantiateKernelWasm } from '../engine/kernel-wasm-module';
import { packState, resourcesFor, type PortablePlan, type WorkerMessage, type WorkerReply, type WorkerStart } from './forecast-workers';

const fail = (err: unknown): WorkerReply => ({ ok: false, message: err instanceof Error ? err.message : String(err) });

/** The compiled plan from the main thread's arrays and the plan (same positions, same values). */
export function rebuildCompiledPlan(plan: Plan, compiled: PortablePlan): CompiledPlan {
  const ids = compiled.ids as string[];
  const cp = {
    ...compiled,
    plan,
    calendar: new WorkingCalendar(plan.start, plan.calendar),
    indexOf: new Map(ids.map((id, i) => [id, i] as const)),
  } as Omit<CompiledPlan, 'graph'> & { graph?: CompiledPlan['graph'] };
  // The graph is not used by the simulation: built on first use only, and not enumerable, so
  // spreading the plan (monte-carlo.ts permuteCompiledPlan) does not build it (~0.3 s on 10,000 tasks).
  let graph: CompiledPlan['graph'] | undefined;
  Object.defineProperty(cp, 'graph', { enumerable: false, get: () => (graph ??= buildGraph(plan)) });
  return cp as CompiledPlan;
}

if (parentPort) {
  const port = parentPort;
  const start = workerData as WorkerStart;
  let prepared: { cp: CompiledPlan; resources: ReturnType<typeof resourcesFor> } | Error | undefined;
  port.on('message', (msg: WorkerMessage) => {
    if ('planJson' in msg) {
      // While the main thread sets up (schedule, tables, pilot), this thread does the work
      // that needs no layout: the compiled plan, the resource model and the WebAssembly
      // module. Not the PERT tables: building them here too slowed the main thread's layout
      // (2-worker forecast of 10,000 tasks 1.57-1.90 s with, 1.45-1.61 s without); they
      // come with the job.
      try {
        const cp = rebuildCompiledPlan(JSON.parse(msg.planJson) as Plan, msg.compiled);
        prepared = { cp, resources: resourcesFor(cp, start.seed) };
        instantiateKernelWasm(1);
      } catch (err) {
        prepared = err instanceof Error ? err : new Error(String(err));
      }
      return;
    }
    try {
      if (!prepared) throw new Error('the job arrived before the plan');
      if (prepared instanceof Error) throw prepared;
      const { cp, resources } = prepared;
      primePertQuantileTables(msg.pertTables.keys, msg.pertTables.tables, msg.pertTables.consts);
      const sim = new Simulation(cp, start.seed, { layout: msg.layout, resources });
      const state = emptyState(cp.n, start.seed, start.batchSize, start.iterations);
      state.dueHits = new Float64Array(msg.layout.dueTasks.length);
      const count = batchCount(start.iterations, start.batchSize);
      for (let b = Atomics.add(start.next, 0, 1); b < count; b = Atomics.add(start.next, 0, 1)) sim.runBatchInto(state, b);
      const packed = packState(state);
      port.postMessage({ ok: true, state: packed.state } satisfies WorkerReply, packed.transfer);
    } catch (err) {
      port.postMessage(fail(err));
    }
    port.close();
  });
}
