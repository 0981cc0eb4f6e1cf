/**
 * Correlated estimates: the durations of a group of tasks (same labels, team or
 * kind of work) move together, through a one-factor Gaussian copula.
 *
 * Method: per iteration and group g with coefficient ρ, one common factor
 * Z_g = Φ⁻¹(v_g) and per member i an own draw u_i; then
 *   z_i = √ρ·Z_g + √(1-ρ)·Φ⁻¹(u_i),   u_i' = Φ(z_i),   d_i = F_i⁻¹(u_i').
 * Every z_i is standard normal and corr(z_i, z_j) = ρ, so each task keeps its own
 * distribution exactly (u_i' is uniform) while the rank (Spearman) correlation of
 * two members' durations is (6/π)·asin(ρ/2) whatever their distributions (the
 * Gaussian copula's; Pearson's is close to ρ for bell-shaped estimates). u_i' is the
 * probability integral transform of d_i, so it is also the task's sensitivity score.
 * Membership: a task is in a group when it matches any criterion (a label in
 * `labels`, meta.team equal to `team`, kind in `kinds`), is not done and varies.
 * A task with `attempts` (a sum of K draws) has its first attempt correlated; K
 * and the later attempts stay independent (drawn as sample-duration.ts does), and
 * its score is the rank of the total, as the sampler's. A task in several groups
 * belongs to the first in file order (a warning names it): a one-factor model
 * cannot give it two different correlations.
 * The sampler's own draw for a member is left unused and fresh uniforms are taken
 * after it (the members' d_i are overwritten), so the sampler's fast runs are not
 * touched and the plan without correlations draws exactly what it did.
 * Cost: per iteration one Φ⁻¹ per group, one Φ⁻¹, one Φ and one inverse CDF per
 * member (~60 ns). Assumptions: ρ in [0, 1] (one common factor gives no negative
 * equicorrelation). Reference: R. B. Nelsen (2006), "An Introduction to Copulas",
 * 2nd ed., §5.1.2 (Spearman's rho of the normal copula); D. Vose (2008), "Risk
 * Analysis", ch. 13 (correlating estimates in schedule risk).
 */
import type { CompiledPlan } from '../compile-plan';
import { DistCode } from '../compile-plan';
import type { Correlation, Task } from '../plan';
import { normalQuantile } from '../random/normal-quantile';
import { SCORE_BITS, type DurationSampler, type Rng } from '../random/sample-duration';
import { matchesTask } from '../gates/allowed-finish';
import { normalCdf } from './normal-cdf';

const SCORE_ONE = 2 ** SCORE_BITS;
/** The largest uniform the samplers see (Alea's resolution is 2^-32): Φ rounds to 1 above z ≈ 8.3. */
const U_MAX = 1 - 2 ** -32;
/** In place of an exact 0 draw (Φ⁻¹(0) = -∞). */
const U_MIN = 2 ** -33;

export interface CorrelationGroups {
  /** Members of group g: members[start[g] .. start[g+1]), compiled-plan positions. */
  readonly start: Int32Array;
  readonly members: Int32Array;
  /** √ρ and √(1-ρ) per group. */
  readonly loading: Float64Array;
  readonly residual: Float64Array;
  /** Per position: 1 when a group moves the task. */
  readonly member: Uint8Array;
  readonly warnings: string[];
}

/** Does `task` belong to correlation group `g` (any criterion)? */
export function inCorrelationGroup(g: Correlation['group'], task: Task): boolean {
  return matchesTask(g, task) || (g.team !== undefined && task.meta?.team === g.team);
}

const list = (ids: string[]) => `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? `, ... (${ids.length})` : ''}`;

/** The groups of the plan's correlations that move at least two tasks; null when none does. */
export function compileCorrelations(cp: CompiledPlan, sampler: DurationSampler): CorrelationGroups | null {
  const correlations = cp.plan.correlations ?? [];
  if (!correlations.length) return null;
  const n = cp.n;
  const owner = new Int32Array(n).fill(-1);
  const warnings: string[] = [];
  const start: number[] = [0], members: number[] = [], loading: number[] = [], residual: number[] = [];
  correlations.forEach((c, k) => {
    const mine: number[] = [], taken: string[] = [];
    for (let i = 0; i < n; i++) {
      const task = cp.plan.tasks[cp.planIndex[i]];
      if (cp.done[i] || sampler.kind[i] === DistCode.Fixed || !inCorrelationGroup(c.group, task)) continue;
      if (owner[i] >= 0) { taken.push(cp.ids[i]); continue; }
      owner[i] = k;
      mine.push(i);
    }
    if (taken.length) warnings.push(`correlations[${k}]: ${list(taken)} already belong to an earlier correlation group and keep its coefficient`);
    if (mine.length < 2 || c.coefficient === 0) {
      if (c.coefficient > 0) warnings.push(`correlations[${k}]: fewer than two varying tasks in the group, so it changes nothing`);
      for (const i of mine) owner[i] = -1;
      return;
    }
    members.push(...mine);
    start.push(members.length);
    loading.push(Math.sqrt(c.coefficient));
    residual.push(Math.sqrt(1 - c.coefficient));
  });
  if (!loading.length) return warnings.length ? { start: Int32Array.of(0), members: new Int32Array(0), loading: new Float64Array(0), residual: new Float64Array(0), member: new Uint8Array(n), warnings } : null;
  const member = new Uint8Array(n);
  for (const i of members) member[i] = 1;
  return { start: Int32Array.from(start), members: Int32Array.from(members), loading: Float64Array.from(loading), residual: Float64Array.from(residual), member, warnings };
}

/** A uniform in (0, 1) from rng (which gives [0, 1)). */
function open(u: number): number {
  return u > 0 ? u : U_MIN;
}

/**
 * Resamples every group member's duration (and score) from correlated uniforms.
 * Draws, in this order: per group one factor, then per member one (and, with
 * attempts, the attempt draws of the sampler).
 */
export function applyCorrelations(g: CorrelationGroups, sampler: DurationSampler, rng: Rng, dur: Float64Array, score: Float64Array): void {
  const { start, members, loading, residual } = g;
  for (let k = 0, K = loading.length; k < K; k++) {
    const common = loading[k] * normalQuantile(open(rng()));
    const own = residual[k];
    for (let e = start[k], end = start[k + 1]; e < end; e++) {
      const i = members[e];
      // ρ = 1: every member is the factor itself (0·(-∞) would be NaN).
      const z = own === 0 ? common : common + own * normalQuantile(open(rng()));
      let u = normalCdf(z);
      if (u > U_MAX) u = U_MAX;
      const max = sampler.attemptMax[i];
      if (max === 1) {
        dur[i] = sampler.quantile(i, u);
        score[i] = Math.floor(u * SCORE_ONE);
      } else {
        // As DurationSampler.sample: K = 1 + failed attempts before the first success, capped; the first draw is u.
        const p = sampler.attemptP[i];
        let attempts = 1;
        while (attempts < max && rng() >= p) attempts++;
        let d = sampler.quantile(i, u);
        for (let j = 1; j < attempts; j++) d += sampler.quantile(i, rng());
        dur[i] = d;
        score[i] = sampler.rankScore(i, d);
      }
    }
  }
}
