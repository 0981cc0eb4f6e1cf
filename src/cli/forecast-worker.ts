/**
 * Worker thread of forecast-workers.ts. It starts before the main thread has a
 * layout: it receives the plan as JSON text (without its tasks when it does not need
 * them) with the compiled plan's arrays, and rebuilds the compiled plan without
 * recompiling it (no graph, no topological sort: the main thread's order is reused,
 * so positions agree), builds the resource-aware pass from the main thread's
 * deterministic schedule when tasks demand pools, and
 * renumbers the plan for the kernel; with the main thread's PERT tables it builds its
 * whole simulation but the layout (kernel, WebAssembly), while the main thread runs
 * the pilot; then its job — the run's layout — lets it run batches taken from the
 * shared counter until none are left, and it posts its accumulated state once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildGraph, type CompiledPlan } from '../engine/compile-plan';
import type { Plan } from '../engine/plan';
import { WorkingCalendar } from '../engine/working-calendar';
import { batchCount, emptyState, prepareSimulation, Simulation, type ResourceModel } from '../engine/monte-carlo';
import { primePertQuantileTables } from '../engine/random/pert-table-cache';
import { createResourceForwardPass } from '../engine/rcpsp/resource-forward-pass';
import { packState, type PortablePlan, type WorkerMessage, type WorkerPlan, type WorkerReply, type WorkerStart } from './forecast-worker-messages';

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
 * Throwaway iterations a worker runs while the main thread runs the pilot (Simulation.warmUp),
 * stopping as soon as the main thread posts the layout: on 10,000 tasks its first batch took
 * 110-120 ms against ~36 for the next ones (pages of the accumulators touched for the first
 * time, code not yet optimized); after 64 iterations, 65-75 ms.
 */
const WARM_UP_ITERATIONS = 64;

if (parentPort) {
  const port = parentPort;
  const start = workerData as WorkerStart;
  // What the messages so far built; an error is kept until the job, which reports it.
  let plan: { cp: CompiledPlan; resources?: ResourceModel } | undefined;
  let sim: Simulation | undefined;
  let failure: Error | undefined;
  port.on('message', (msg: WorkerMessage) => {
    if (!('layout' in msg)) {
      // Before the layout: all the work that does not need it, while the main thread runs the pilot.
      try {
        if ('planJson' in msg) {
          const cp = rebuildCompiledPlan(receivedPlan(msg), msg.compiled);
          plan = { cp, resources: msg.schedule ? createResourceForwardPass(cp, msg.schedule) : undefined };
          prepareSimulation(cp, plan);
        } else if (plan) {
          const { keys, tables, consts } = msg.pertTables;
          primePertQuantileTables(keys, tables, consts);
          sim = new Simulation(plan.cp, start.seed, { resources: plan.resources, layoutLater: true });
          sim.warmUp(WARM_UP_ITERATIONS, () => Atomics.load(start.next, 1) === 1);
        }
      } catch (err) {
        failure ??= err instanceof Error ? err : new Error(String(err));
      }
      return;
    }
    try {
      if (failure) throw failure;
      if (!plan || !sim) throw new Error('the job arrived before the plan and the tables');
      sim.useLayout(msg.layout);
      const state = emptyState(plan.cp.n, start.seed, start.batchSize, start.iterations);
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
