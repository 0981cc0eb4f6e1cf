/**
 * The resource-constrained project scheduling problem (RCPSP) in index form, as
 * every scheduler in this folder reads it: activities in one topological order
 * (each predecessor has a smaller index), CSR predecessor and successor lists,
 * durations, release times, demands and a capacity step function per pool.
 *
 * Time is continuous (working days for plans, PSPLIB periods for benchmarks):
 * intervals are half-open [start, start + duration), so fractional durations work
 * and integer instances stay integer. Capacity may change at breakpoints
 * (availability windows); before the first breakpoint and after the last one the
 * pool's base capacity holds.
 */
import type { AllowedFinishTable } from '../gates/allowed-finish';

/** Capacity of one pool as a step function of time. */
export interface CapacityStep {
  base: number;
  /** Ascending breakpoints: values[k] holds on [times[k], times[k+1]) (the last one from times[last] on); `base` before times[0]. */
  times: number[];
  values: number[];
}

export interface RcpspProblem {
  n: number;
  /** Number of renewable pools. */
  R: number;
  predStart: Int32Array;
  preds: Int32Array;
  succStart: Int32Array;
  succs: Int32Array;
  duration: Float64Array;
  /** Earliest start of each activity (0 when none). */
  release: Float64Array;
  /** demand[i * R + r]: units of pool r held by activity i during its whole duration. */
  demand: Float64Array;
  capacity: CapacityStep[];
  /**
   * Optional finish constraints (gates/allowed-finish.ts, from the compiled plan):
   * finishRule[i] indexes finishTables (-1: none); finishShift[i] = 1 when the
   * activity starts later so that it finishes at an allowed finish (deploys), 0 when
   * it finishes its work and waits for the allowed finish without holding its
   * pools (review gates). Absent for PSPLIB instances.
   */
  finishRule?: Int32Array;
  finishShift?: Uint8Array;
  finishTables?: AllowedFinishTable[];
}

/** Demands as CSR lists of (pool, quantity) with quantity > 0, the form the hot loops read. */
export interface DemandLists {
  start: Int32Array;
  pool: Int32Array;
  qty: Float64Array;
}

export function demandLists(p: RcpspProblem): DemandLists {
  const start = new Int32Array(p.n + 1);
  const pool: number[] = [];
  const qty: number[] = [];
  for (let i = 0; i < p.n; i++) {
    for (let r = 0; r < p.R; r++) {
      const q = p.demand[i * p.R + r];
      if (q > 0) { pool.push(r); qty.push(q); }
    }
    start[i + 1] = pool.length;
  }
  return { start, pool: Int32Array.from(pool), qty: Float64Array.from(qty) };
}

/** True when no pool's capacity changes over time. */
export function hasConstantCapacity(p: RcpspProblem): boolean {
  return p.capacity.every((c) => c.values.every((v) => v === c.base));
}

/** True when some activity with a positive duration demands some pool. */
export function usesResources(p: RcpspProblem): boolean {
  for (let i = 0; i < p.n; i++) {
    if (p.duration[i] <= 0) continue;
    for (let r = 0; r < p.R; r++) if (p.demand[i * p.R + r] > 0) return true;
  }
  return false;
}

/** Builds CSR successor lists from predecessor lists (or the reverse): O(n + E). */
export function invertAdjacency(n: number, start: Int32Array, list: Int32Array): { start: Int32Array; list: Int32Array } {
  const count = new Int32Array(n + 1);
  for (let k = 0; k < list.length; k++) count[list[k] + 1]++;
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  const out = new Int32Array(list.length);
  const fill = count.slice(0, n);
  for (let i = 0; i < n; i++) for (let k = start[i]; k < start[i + 1]; k++) out[fill[list[k]]++] = i;
  return { start: count, list: out };
}

/** Error with a stable code, naming the culprit (an activity or a line). */
export class RcpspError extends Error {
  constructor(readonly code: string, message: string, readonly task?: string) {
    super(message);
    this.name = 'RcpspError';
  }
}
