/**
 * Risk events of a plan's risk register, applied per Monte Carlo iteration.
 *
 * Method: per iteration each risk r occurs with its probability p_r (one uniform
 * draw, independent of everything else); when it occurs, its impact I_r is added to
 * the sampled duration of every task it hits (`appliesTo`, tasks not done): one
 * occurrence per iteration, the same I_r on all of them. I_r is `impact.days`, or,
 * for a three-point impact, one draw of that estimate (same distributions as task
 * durations) per occurrence. Which risks occurred is recorded per iteration as a
 * bitmask (32 risks per word), kept whole in the batch results so the report can
 * split the iterations by occurrence (risk-contributions.ts).
 * Draws per iteration, per risk in file order: one for the occurrence, then one for
 * a three-point impact (always taken, so the stream layout does not depend on
 * which risks occurred).
 * Assumptions: risks are independent of each other and of the estimates; the
 * deterministic schedule ignores them (they are not the most likely case).
 * Cost: O(R + hits) per iteration. Reference: D. T. Hulett (2009), "Practical
 * Schedule Risk Analysis", ch. 9 (risk drivers applied to activity durations).
 */
import { compilePlan, type CompiledPlan } from '../compile-plan';
import type { Estimate, RiskEvent, Task } from '../plan';
import { DurationSampler, type Rng } from '../random/sample-duration';
import { matchesTask } from '../gates/allowed-finish';

/**
 * A risk's impact as validated: `days`, and for a three-point impact also the
 * estimate (then `days` is its mostLikely). plan.ts declares only `days`.
 */
export type RiskImpact = { days: number } & Partial<Estimate>;

/** The three-point part of an impact, when it has one. */
export function impactEstimate(r: Pick<RiskEvent, 'impact'>): Estimate | null {
  const i = r.impact as RiskImpact;
  return i.distribution !== undefined && i.optimistic !== undefined && i.mostLikely !== undefined && i.pessimistic !== undefined
    ? { optimistic: i.optimistic, mostLikely: i.mostLikely, pessimistic: i.pessimistic, distribution: i.distribution }
    : null;
}

export interface RiskEvents {
  readonly count: number;
  /** Mask words per iteration: ceil(count / 32). */
  readonly words: number;
  readonly ids: string[];
  readonly probability: Float64Array;
  /** Fixed impact in days (used when sampled[r] < 0). */
  readonly days: Float64Array;
  /** Position of the risk in `impacts` (a sampler over the three-point impacts), -1 for a fixed impact. */
  readonly sampled: Int32Array;
  readonly impacts: DurationSampler | null;
  /** Tasks hit by risk r: hits[hitStart[r] .. hitStart[r+1]), compiled-plan positions. */
  readonly hitStart: Int32Array;
  readonly hits: Int32Array;
  readonly warnings: string[];
}

export function hitsRisk(r: RiskEvent, task: Task): boolean {
  return task.status !== 'done' && matchesTask(r.appliesTo, task);
}

/** The plan's risks in file order; null when it has none. */
export function compileRiskEvents(cp: CompiledPlan): RiskEvents | null {
  const risks = cp.plan.risks ?? [];
  if (!risks.length) return null;
  const R = risks.length;
  const warnings: string[] = [];
  const hitStart = new Int32Array(R + 1);
  const hits: number[] = [];
  const days = new Float64Array(R), sampled = new Int32Array(R).fill(-1);
  const threePoint: Task[] = [];
  risks.forEach((r, k) => {
    for (let i = 0; i < cp.n; i++) if (hitsRisk(r, cp.plan.tasks[cp.planIndex[i]])) hits.push(i);
    hitStart[k + 1] = hits.length;
    if (hitStart[k + 1] === hitStart[k]) warnings.push(`risk ${r.id} hits no task that is not done; it changes nothing`);
    const est = impactEstimate(r);
    days[k] = r.impact.days;
    if (est && est.distribution !== 'fixed') {
      sampled[k] = threePoint.length;
      threePoint.push({ id: r.id, duration: est, after: [], demand: {}, status: 'todo' });
    } else if (est) {
      days[k] = est.mostLikely;
    }
  });
  let impacts: DurationSampler | null = null;
  if (threePoint.length) {
    // The impacts as a plan of unlinked tasks: the task samplers then serve them as they are.
    const cpi = compilePlan({ start: cp.plan.start, calendar: cp.plan.calendar, resources: [], tasks: threePoint });
    impacts = new DurationSampler(cpi);
    const pos = Int32Array.from(threePoint, (t) => cpi.indexOf.get(t.id)!);
    for (let k = 0; k < R; k++) if (sampled[k] >= 0) sampled[k] = pos[sampled[k]];
  }
  return {
    count: R, words: Math.ceil(R / 32), ids: risks.map((r) => r.id), probability: Float64Array.from(risks, (r) => r.probability),
    days, sampled, impacts, hitStart, hits: Int32Array.from(hits), warnings,
  };
}

/**
 * Draws this iteration's occurrences, adds the impacts to `dur` and sets the
 * occurred risks' bits in masks[offset .. offset + words) (which must arrive 0).
 */
export function applyRiskEvents(ev: RiskEvents, rng: Rng, dur: Float64Array, masks: Uint32Array, offset: number): void {
  const { count, probability, days, sampled, impacts, hitStart, hits } = ev;
  for (let r = 0; r < count; r++) {
    const occurs = rng() < probability[r];
    const s = sampled[r];
    const u = s >= 0 ? rng() : 0;
    if (!occurs) continue;
    masks[offset + (r >> 5)] |= 1 << (r & 31);
    const d = s >= 0 ? impacts!.quantile(s, u) : days[r];
    for (let e = hitStart[r], end = hitStart[r + 1]; e < end; e++) dur[hits[e]] += d;
  }
}

/** Did risk r occur in iteration `it` (masks of `words` words per iteration)? */
export function riskOccurred(masks: Uint32Array, words: number, it: number, r: number): boolean {
  return ((masks[it * words + (r >> 5)] >>> (r & 31)) & 1) === 1;
}
