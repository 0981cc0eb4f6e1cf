/**
 * Sensitivity: the rank (Spearman) correlation between each task's sampled
 * duration and the project finish, from mergeable sums.
 *
 * Method: the task side is its rank score — the uniform u of its inverse-CDF draw,
 * which is exactly the probability integral transform of the duration (with rework,
 * the mid-rank in a reference sample; see random/sample-duration.ts). The finish
 * side would need every finish's rank, which is only known once all batches are
 * in; so the run fixes SENS_BINS finish bins up front (pilot quantiles, about equal
 * probability) and each batch sums the task's scores per finish bin (exact integer
 * sums, so they merge). At the end all finishes are known (they are kept whole):
 * each bin gets the mean normalized mid-rank of the finishes in it, and
 *   ρ_i = (E[score·R̄_bin] − E[score]·E[R]) / sqrt(Var score · Var R),
 * with E[R] = 1/2 and Var R from the exact mid-ranks. The only approximation is
 * replacing a finish's rank by its bin's mean rank, which drops the within-bin
 * covariance: for equal-probability bins that shrinks ρ by a factor of about
 * (1 − 1/B²), i.e. 0.02 % with B = 64 — far below the Monte Carlo noise of ρ
 * (~1/sqrt(N)). The result is clamped to [-1, 1].
 * Cost: O(N log N) for the sort done by the caller, O(N + V·B) here.
 * Reference: C. Spearman (1904); for schedule risk, Williams (1992), "Criticality in
 * stochastic networks", J. Oper. Res. Soc. 43(4) (cruciality = criticality x correlation).
 */
import { SCORE_BITS } from './random/sample-duration';

/**
 * Per-task rank correlations. `sortedFinish` ascending; `edges` the increasing bin
 * edges (bin = number of edges <= finish); `sens[bin * n + i]` the score sums;
 * `scoreVariance[i]` the variance of the task's score; `stochastic[i]` 0 for
 * tasks whose duration never varies (ρ = 0).
 */
export function rankCorrelations(
  sortedFinish: Float64Array, edges: ArrayLike<number>, sens: Float64Array, n: number,
  scoreVariance: Float64Array, stochastic: Uint8Array,
): Float64Array {
  const N = sortedFinish.length;
  const B = edges.length + 1;
  const out = new Float64Array(n);
  if (N < 2) return out;
  const binRankSum = new Float64Array(B), binCount = new Float64Array(B);
  let r2 = 0;
  let bin = 0;
  for (let s = 0; s < N; ) {
    let e = s + 1;
    while (e < N && sortedFinish[e] === sortedFinish[s]) e++;
    const r = (s + e) / (2 * N);
    const x = sortedFinish[s];
    while (bin < B - 1 && edges[bin] <= x) bin++;
    binRankSum[bin] += (e - s) * r;
    binCount[bin] += e - s;
    r2 += (e - s) * r * r;
    s = e;
  }
  const varR = r2 / N - 0.25;
  if (!(varR > 0)) return out;
  const meanR = new Float64Array(B);
  for (let b = 0; b < B; b++) meanR[b] = binCount[b] > 0 ? binRankSum[b] / binCount[b] : 0;
  const unit = 2 ** -SCORE_BITS;
  // Row by row (sens is bin-major), each task's sums still in bin order: the same sums as task by task.
  const sxr = new Float64Array(n), sx = new Float64Array(n);
  for (let b = 0; b < B; b++) {
    const row = b * n, m = meanR[b];
    for (let i = 0; i < n; i++) {
      const v = sens[row + i] * unit;
      sxr[i] += v * m;
      sx[i] += v;
    }
  }
  for (let i = 0; i < n; i++) {
    if (!stochastic[i] || !(scoreVariance[i] > 0)) continue;
    const cov = sxr[i] / N - (sx[i] / N) * 0.5;
    const rho = cov / Math.sqrt(scoreVariance[i] * varR);
    out[i] = rho > 1 ? 1 : rho < -1 ? -1 : rho;
  }
  return out;
}
