/**
 * The seeds of the criticality walk shared by the reference forward pass (monte-carlo.ts)
 * and the fused kernel (precedence-kernel.ts): the tasks without successors, and those of
 * them that end at the project finish. Any other task at the finish binds a successor that
 * is also at the finish, so walking back from these seeds reaches it.
 * Cost: O(V) once for the sinks; O(sinks) per iteration.
 */
import type { CompiledPlan } from './compile-plan';

/** Tasks without successors, in task order. */
export function sinksOf(cp: Pick<CompiledPlan, 'n' | 'succStart'>): Int32Array {
  const sinks: number[] = [];
  for (let i = 0; i < cp.n; i++) if (cp.succStart[i + 1] === cp.succStart[i]) sinks.push(i);
  return Int32Array.from(sinks);
}

/**
 * Marks the sinks whose finish is within `tol` of the project finish as critical and lists
 * them in marked[0 .. count); returns count.
 */
export function markSinksAtFinish(sinks: Int32Array, ef: Float64Array, finish: number, tol: number, crit: Uint8Array, marked: Int32Array): number {
  let count = 0;
  for (let k = 0, K = sinks.length; k < K; k++) {
    const i = sinks[k];
    if (finish - ef[i] <= tol) {
      crit[i] = 1;
      marked[count++] = i;
    }
  }
  return count;
}
