/**
 * Random RCPSP instances for the RCPSP tests: layered precedence (randomPrecedence), and
 * for the SGS tests (serial-sgs, parallel-sgs) demands on a few levels, optional capacity
 * windows and fractional durations (randomProblem).
 */
import { invertAdjacency, type RcpspProblem } from '../../../src/engine/rcpsp/rcpsp-problem';

/** Random precedence over `n` activities: each after each of the previous `reach` with probability `p` (drawn in that order). */
export function randomPrecedence(rng: () => number, n: number, reach: number, p: number): Pick<RcpspProblem, 'predStart' | 'preds' | 'succStart' | 'succs'> {
  const preds: number[] = [], predStart = [0];
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - reach); j < i; j++) if (rng() < p) preds.push(j);
    predStart.push(preds.length);
  }
  const ps = Int32Array.from(predStart), pl = Int32Array.from(preds);
  const succ = invertAdjacency(n, ps, pl);
  return { predStart: ps, preds: pl, succStart: succ.start, succs: succ.list };
}

/** A random problem of `n` activities and 3 pools of capacity 5 (with `windows`: one window of 4 and one of 6 per pool). */
export function randomProblem(rng: () => number, n: number, windows: boolean, fractional: boolean): RcpspProblem {
  const R = 3;
  const precedence = randomPrecedence(rng, n, 8, 0.15);
  const duration = new Float64Array(n), release = new Float64Array(n), demand = new Float64Array(n * R);
  for (let i = 0; i < n; i++) {
    duration[i] = rng() < 0.05 ? 0 : fractional ? 0.25 + 6 * rng() : 1 + Math.floor(6 * rng());
    if (rng() < 0.1) release[i] = Math.floor(10 * rng());
    for (let r = 0; r < R; r++) if (rng() < 0.5) demand[i * R + r] = [1, 2, 4][Math.floor(3 * rng())];
  }
  const capacity = Array.from({ length: R }, () => {
    if (!windows) return { base: 5, times: [], values: [] };
    const a = Math.floor(20 * rng());
    return { base: 5, times: [a, a + 5 + Math.floor(10 * rng())], values: [4, 6] };
  });
  return { n, R, ...precedence, duration, release, demand, capacity };
}
