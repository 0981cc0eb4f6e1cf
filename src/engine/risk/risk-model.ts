/**
 * The adjustments a Monte Carlo iteration applies to the sampled durations before
 * its forward pass: correlated estimates, review rework, risk events, in that
 * order (each in its own file). This is the one hook monte-carlo.ts calls.
 *
 * Order and draws, per iteration, after DurationSampler.fill has taken its own:
 *   1. correlations (correlated-uniforms.ts): the group members are resampled;
 *   2. review rework (review-rework.ts): from the durations as estimated;
 *   3. risk events (risk-events.ts): impacts added, occurrences recorded in the mask.
 * All draws come from the iteration's stream in a fixed order, so a batch is still
 * a pure function of (seed, batch index) and results do not depend on workers.
 * Plans with none of these features get no model (null) and keep the fused kernel,
 * drawing exactly what they drew before.
 * Cost: see each file; O(members + gates + hits) per iteration.
 */
import type { CompiledPlan } from '../compile-plan';
import { DistCode } from '../compile-plan';
import type { DurationSampler, Rng } from '../random/sample-duration';
import { applyCorrelations, compileCorrelations, type CorrelationGroups } from './correlated-uniforms';
import { applyRiskEvents, compileRiskEvents, type RiskEvents } from './risk-events';
import { applyReviewRework, compileReviewRework, type ReviewRework } from './review-rework';

/** True when the plan has risks, correlations, or a gate rule with rework and a gate of its kind to apply it to. */
export function hasRiskFeatures(cp: CompiledPlan): boolean {
  const plan = cp.plan;
  if (plan.risks?.length || plan.correlations?.length) return true;
  const kinds = new Set((plan.gateRules ?? []).filter((g) => g.rework && g.rework.probability > 0).map((g) => g.gate));
  if (!kinds.size) return false;
  for (let i = 0; i < cp.n; i++) {
    const t = plan.tasks[cp.planIndex[i]];
    if (t.gate && !cp.done[i] && kinds.has(t.gate.kind)) return true;
  }
  return false;
}

export class RiskModel {
  readonly events: RiskEvents | null;
  readonly correlations: CorrelationGroups | null;
  readonly rework: ReviewRework | null;
  /** Mask words per iteration (0 without risk events). */
  readonly words: number;
  /** Per position: 1 when this model can change the task's duration. */
  readonly varies: Uint8Array;
  readonly warnings: string[];
  /** Fixed durations this model changes: the sampler writes them once, so they are restored every iteration. */
  private readonly restore: Int32Array;
  private readonly base: Float64Array;

  constructor(cp: CompiledPlan, private readonly sampler: DurationSampler) {
    this.events = compileRiskEvents(cp);
    this.correlations = compileCorrelations(cp, sampler);
    this.rework = compileReviewRework(cp);
    this.words = this.events?.words ?? 0;
    this.warnings = [...(this.correlations?.warnings ?? []), ...(this.events?.warnings ?? [])];
    const varies = (this.varies = new Uint8Array(cp.n));
    if (this.correlations) for (const i of this.correlations.members) varies[i] = 1;
    if (this.rework) for (const i of this.rework.gates) varies[i] = 1;
    if (this.events) {
      const { hitStart, hits, probability } = this.events;
      for (let r = 0; r < this.events.count; r++) {
        if (probability[r] > 0) for (let e = hitStart[r]; e < hitStart[r + 1]; e++) varies[hits[e]] = 1;
      }
    }
    const restore: number[] = [];
    for (let i = 0; i < cp.n; i++) if (varies[i] && sampler.kind[i] === DistCode.Fixed && sampler.attemptMax[i] === 1) restore.push(i);
    this.restore = Int32Array.from(restore);
    const fixed = new Float64Array(cp.n);
    sampler.fillFixed(fixed);
    this.base = Float64Array.from(restore, (i) => fixed[i]);
  }

  /**
   * Adjusts one iteration's sampled durations (and scores) in place, drawing from
   * `rng` after the sampler; records occurred risks in masks[offset .. offset + words).
   */
  apply(rng: Rng, dur: Float64Array, score: Float64Array, masks: Uint32Array, offset: number): void {
    const { restore, base } = this;
    for (let k = 0; k < restore.length; k++) dur[restore[k]] = base[k];
    if (this.correlations) applyCorrelations(this.correlations, this.sampler, rng, dur, score);
    if (this.rework) applyReviewRework(this.rework, rng, dur);
    if (this.events) applyRiskEvents(this.events, rng, dur, masks, offset);
  }
}
