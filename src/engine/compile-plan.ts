/**
 * Compiles a validated plan into the index arrays every hot loop uses.
 *
 * Tasks are renumbered into one topological order (Kahn's algorithm over the
 * graphology graph, ties in file order), so internal index i is the i-th task to
 * schedule and every predecessor of i has a smaller index. Predecessors and
 * successors are stored CSR-style (start offsets + flat index arrays). The order
 * is computed once here and reused by CPM, Monte Carlo and resource levelling.
 * Cost: O(V + E).
 */
import type { DirectedGraph } from 'graphology';
import type { Estimate, Plan } from './plan';
import { WorkingCalendar } from './working-calendar';
import { findCycle } from './find-cycle';
import { compileFinishConstraints, type AllowedFinishTable } from './gates/allowed-finish';

/** Distribution codes used in typed arrays. */
export const DistCode = { Fixed: 0, Pert: 1, Triangular: 2, Uniform: 3, Lognormal: 4 } as const;
export type DistCode = (typeof DistCode)[keyof typeof DistCode];

export const DIST_CODE: Record<Estimate['distribution'], DistCode> = {
  fixed: DistCode.Fixed,
  pert: DistCode.Pert,
  triangular: DistCode.Triangular,
  uniform: DistCode.Uniform,
  lognormal: DistCode.Lognormal,
};

export interface CompiledPlan {
  readonly plan: Plan;
  readonly calendar: WorkingCalendar;
  /** Number of tasks. */
  readonly n: number;
  /** ids[i]: the id of the task at topological position i. */
  readonly ids: string[];
  /** Position of each id. */
  readonly indexOf: Map<string, number>;
  /** planIndex[i]: the task's index in plan.tasks. */
  readonly planIndex: Int32Array;
  /** The dependency graph, nodes keyed by task id, edges predecessor -> successor. */
  readonly graph: DirectedGraph;
  /** Predecessors of i: preds[predStart[i] .. predStart[i+1]). */
  readonly predStart: Int32Array;
  readonly preds: Int32Array;
  /** Successors of i: succs[succStart[i] .. succStart[i+1]). */
  readonly succStart: Int32Array;
  readonly succs: Int32Array;
  /** Sampling parameters of the estimate in force (remaining for in-progress tasks that have one). */
  readonly dist: Uint8Array;
  readonly a: Float64Array;
  readonly m: Float64Array;
  readonly b: Float64Array;
  /** Deterministic (CPM) duration: mostLikely, 0 for done tasks. */
  readonly det: Float64Array;
  /** 1 for done tasks (they take 0 days). */
  readonly done: Uint8Array;
  /** Earliest start in working days from `notBefore` (0 when none). */
  readonly notBefore: Float64Array;
  /** Per-attempt success probability (1 = no rework) and cap on attempts (>= 1). */
  readonly attemptP: Float64Array;
  readonly attemptMax: Int32Array;
  /** Resource ids in plan order, and demand[i * R + r] units of resource r held by task i. */
  readonly resourceIds: string[];
  readonly demand: Float64Array;
  /**
   * Finish constraints (gates/allowed-finish.ts): finishRule[i] indexes finishTables (-1: none);
   * finishShift[i] = 1 when the start moves with the finish (deploys), 0 when the task waits (gates).
   * Use nextAllowedFinish(cp, i, finish). Optional so hand-built compiled plans stay valid.
   */
  readonly finishRule?: Int32Array;
  readonly finishShift?: Uint8Array;
  readonly finishTables?: AllowedFinishTable[];
  readonly horizonDays?: number;
}

/** Thrown when the plan is not a DAG; `cycle` lists the ids in order, first repeated at the end. */
export class CycleError extends Error {
  constructor(readonly cycle: string[]) {
    super(`dependency cycle: ${cycle.join(' -> ')}`);
    this.name = 'CycleError';
  }
}

/** The estimate that drives sampling: `remaining` for in-progress tasks that carry one. */
export function estimateInForce(task: Plan['tasks'][number]): Estimate {
  return task.status === 'in-progress' && task.remaining ? task.remaining : task.duration;
}

/*
 * graphology is loaded on first use: a forecast worker receives compiled arrays and
 * never builds the graph, and loading it cost ~13 ms of the worker's start.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const graphology = () => require('graphology') as typeof import('graphology');
const graphologyDag = () => require('graphology-dag') as typeof import('graphology-dag');
/* eslint-enable @typescript-eslint/no-require-imports */

export function buildGraph(plan: Plan): DirectedGraph {
  const graph = new (graphology().DirectedGraph)();
  for (const t of plan.tasks) graph.mergeNode(t.id);
  for (const t of plan.tasks) {
    for (const p of t.after) {
      if (graph.hasNode(p) && p !== t.id) graph.mergeEdge(p, t.id);
    }
  }
  return graph;
}

/**
 * Gives `cp` an `indexOf` built on first use, not enumerable (so a spread of cp does not
 * build it): for the plans made from another (renumbered, or rebuilt in a worker thread),
 * where a Map of 10,000 ids cost ~5 ms of a forecast's start and is seldom read.
 */
export function lazyIndexOf<T extends object>(cp: T, ids: readonly string[]): T & { readonly indexOf: Map<string, number> } {
  let index: Map<string, number> | undefined;
  Object.defineProperty(cp, 'indexOf', { enumerable: false, configurable: true, get: () => (index ??= new Map(ids.map((id, i) => [id, i] as const))) });
  return cp as T & { readonly indexOf: Map<string, number> };
}

/**
 * The topological order, or a CycleError naming a cycle. The search for the cycle runs only
 * when the sort fails: on a DAG, the usual case, it cost ~17 ms of compiling 10,000 tasks.
 */
function topologicalOrder(graph: DirectedGraph): string[] {
  try {
    return graphologyDag().topologicalSort(graph);
  } catch (err) {
    const cycle = findCycle(graph);
    throw cycle ? new CycleError(cycle) : err;
  }
}

export function compilePlan(plan: Plan): CompiledPlan {
  const graph = buildGraph(plan);
  const ids = topologicalOrder(graph);
  const calendar = new WorkingCalendar(plan.start, plan.calendar);

  const n = ids.length;
  const indexOf = new Map<string, number>();
  ids.forEach((id, i) => indexOf.set(id, i));
  const byId = new Map(plan.tasks.map((t, i) => [t.id, i] as const));
  const planIndex = Int32Array.from(ids, (id) => byId.get(id)!);

  const predStart = new Int32Array(n + 1);
  const succStart = new Int32Array(n + 1);
  const predLists: number[][] = ids.map((id) => graph.inNeighbors(id).map((p) => indexOf.get(p)!).sort((x, y) => x - y));
  const succCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    predStart[i + 1] = predStart[i] + predLists[i].length;
    for (const p of predLists[i]) succCount[p]++;
  }
  const preds = new Int32Array(predStart[n]);
  for (let i = 0; i < n; i++) preds.set(predLists[i], predStart[i]);
  for (let i = 0; i < n; i++) succStart[i + 1] = succStart[i] + succCount[i];
  const succs = new Int32Array(succStart[n]);
  const fill = succStart.slice(0, n);
  for (let i = 0; i < n; i++) for (const p of predLists[i]) succs[fill[p]++] = i;

  const dist = new Uint8Array(n);
  const a = new Float64Array(n), m = new Float64Array(n), b = new Float64Array(n), det = new Float64Array(n);
  const done = new Uint8Array(n);
  const notBefore = new Float64Array(n);
  const attemptP = new Float64Array(n).fill(1);
  const attemptMax = new Int32Array(n).fill(1);
  const resourceIds = plan.resources.map((r) => r.id);
  const R = resourceIds.length;
  const demand = new Float64Array(n * R);

  for (let i = 0; i < n; i++) {
    const task = plan.tasks[planIndex[i]];
    const est = estimateInForce(task);
    if (task.notBefore) notBefore[i] = Math.max(0, calendar.workingDaysBefore(task.notBefore));
    for (let r = 0; r < R; r++) demand[i * R + r] = task.demand[resourceIds[r]] ?? 0;
    if (task.status === 'done') {
      done[i] = 1;
      dist[i] = DistCode.Fixed;
      continue;
    }
    const fixed = est.distribution === 'fixed' || est.optimistic === est.pessimistic;
    dist[i] = fixed ? DistCode.Fixed : DIST_CODE[est.distribution];
    a[i] = fixed ? est.mostLikely : est.optimistic;
    m[i] = est.mostLikely;
    b[i] = fixed ? est.mostLikely : est.pessimistic;
    det[i] = est.mostLikely;
    if (task.attempts) {
      attemptP[i] = task.attempts.successProbability;
      attemptMax[i] = task.attempts.maxAttempts;
    }
  }

  const fc = compileFinishConstraints(plan, calendar, Array.from(planIndex, (k) => plan.tasks[k]));
  return {
    plan, calendar, n, ids, indexOf, planIndex, graph, predStart, preds, succStart, succs, dist, a, m, b, det, done, notBefore, attemptP, attemptMax, resourceIds, demand,
    ...(fc.finishTables.length ? fc : {}),
  };
}
