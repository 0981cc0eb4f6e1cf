/**
 * Merges Monte Carlo batch results (from runBatch / runBatches, possibly made in
 * other workers or Forge queue consumers) into one typed state for the report.
 *
 * Method: every accumulator is an integer (counts, rank-score sums in units of
 * 2^-20), so sums are exact and the merge is associative and commutative; finish
 * samples (and, with risk events, each iteration's occurrence bitmask) stay keyed
 * by batch index and are read in batch order. Results must come
 * from the same run (format, seed, plan size, batch size, iterations); a batch may
 * appear only once. Completeness is checked by the report builder.
 * Cost: O(V · bins) per result. Reference: mergeable summaries, Agarwal et al. (2012),
 * "Mergeable summaries", PODS.
 */
import type { CompiledPlan } from './compile-plan';
import { mergePoolStats, type PoolStats } from './rcpsp/resource-forward-pass';
import { emptyState, HIST_BINS, MonteCarloError, SENS_BINS, type BatchResult, type MonteCarloState } from './monte-carlo';

/** Adds `result` into `state` (mutates state). */
export function mergeInto(state: MonteCarloState, result: BatchResult): void {
  const { n } = state;
  if (result.format !== 'converge-mc-batch/1') throw new MonteCarloError('batch-mismatch', `unknown batch format ${JSON.stringify(result.format)}`);
  if (result.seed !== state.seed || result.n !== n || result.batchSize !== state.batchSize || result.iterations !== state.iterations) {
    throw new MonteCarloError('batch-mismatch', `batch result of another run (seed ${result.seed}, ${result.n} tasks, ${result.iterations} iterations in batches of ${result.batchSize})`);
  }
  if (result.critical.length !== n || result.sens.length !== n * SENS_BINS) {
    throw new MonteCarloError('batch-mismatch', 'batch result arrays have the wrong length');
  }
  const seen = new Set<number>();
  for (const b of result.batches) {
    if (state.finishByBatch.has(b.index) || seen.has(b.index)) throw new MonteCarloError('duplicate-batch', `batch ${b.index} appears twice`);
    seen.add(b.index);
  }
  const firstMerge = state.finishByBatch.size === 0;
  if (state.dueHits.length !== result.dueHits.length && !firstMerge) {
    throw new MonteCarloError('batch-mismatch', 'batch results disagree on the tasks with due dates');
  }
  // Validate the histogram encoding before touching the state, so a bad result leaves it unchanged.
  {
    let p = 0;
    for (let i = 0; i < n; i++) {
      const first = result.hist[p], count = result.hist[p + 1];
      if (!(Number.isInteger(first) && Number.isInteger(count) && first >= 0 && count >= 0 && first + count <= HIST_BINS)) {
        throw new MonteCarloError('batch-mismatch', `batch result histogram of task ${i} is malformed`);
      }
      p += 2 + count;
    }
    if (p !== result.hist.length) throw new MonteCarloError('batch-mismatch', 'batch result histogram has the wrong length');
  }
  // Pool statistics (resource-aware runs): all results carry them or none; merged first, so a mismatch changes nothing.
  if (!firstMerge && !!state.pools !== !!result.pools) throw new MonteCarloError('batch-mismatch', 'batch results disagree on pool statistics');
  let pools = state.pools;
  if (result.pools) {
    try {
      pools = pools ? mergePoolStats(pools, result.pools) : mergePoolStats(result.pools, emptyPoolStats(result.pools));
    } catch (err) {
      throw new MonteCarloError('batch-mismatch', `batch result pool statistics do not match: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // Risk occurrence masks (plans with risk events): every batch carries them or none, whole words per iteration
  // (their count per iteration is checked against the plan by the report builder).
  const hasMasks = firstMerge ? !!result.batches[0]?.risks : !!state.riskMasks;
  for (const b of result.batches) {
    const r = b.risks;
    const ok = !!r === hasMasks && (!r || (r.length % Math.max(1, b.finish.length) === 0 && r.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)));
    if (!ok) throw new MonteCarloError('batch-mismatch', `batch ${b.index}: risk occurrence masks are malformed or do not match the other batches`);
  }
  if (firstMerge && state.dueHits.length !== result.dueHits.length) state.dueHits = new Float64Array(result.dueHits.length);
  state.pools = pools;
  for (const b of result.batches) {
    state.finishByBatch.set(b.index, Float64Array.from(b.finish));
    if (b.risks) (state.riskMasks ??= new Map()).set(b.index, Uint32Array.from(b.risks));
  }
  for (let i = 0; i < n; i++) {
    state.critical[i] += result.critical[i];
  }
  for (let k = 0; k < result.sens.length; k++) state.sens[k] += result.sens[k];
  for (let k = 0; k < result.dueHits.length; k++) state.dueHits[k] += result.dueHits[k];
  const h = result.hist;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const first = h[p], count = h[p + 1];
    p += 2;
    const base = i * HIST_BINS + first;
    for (let k = 0; k < count; k++) state.hist[base + k] += h[p + k];
    p += count;
  }
}

/** Statistics of the same layout with every count 0 (merging into it validates and copies). */
function emptyPoolStats(s: PoolStats): PoolStats {
  return { ...s, iterations: 0, unschedulable: 0, pools: s.pools.map((p) => ({ ...p, delayedFinish: 0, beyond: 0, hist: p.hist.map(() => 0) })) };
}

/** Merges batch results of one run, in any order, into a fresh state. */
export function mergeBatches(cp: CompiledPlan, results: BatchResult[]): MonteCarloState {
  if (results.length === 0) throw new MonteCarloError('missing-batch', 'no batch results to merge');
  const first = results[0];
  if (first.n !== cp.n) throw new MonteCarloError('batch-mismatch', `batch results are for ${first.n} tasks, the plan has ${cp.n}`);
  const state = emptyState(cp.n, first.seed, first.batchSize, first.iterations);
  for (const r of results) mergeInto(state, r);
  return state;
}
