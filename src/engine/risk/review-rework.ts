/**
 * Review rework: a gate's review may send the work it reviewed back (gate rules'
 * `rework: {probability, share}`), and then the gate runs again.
 *
 * What a gate reviews: its direct predecessors, i.e. the work that has to be done
 * before the gate starts. For a 'finish' rule (expand-plan.ts) that is exactly the
 * guarded task (the gate follows it); for a 'start' rule, the work linked before the
 * gate (e.g. training -> bias audit -> deploy: the audit reviews the training; a
 * placeholder 'start' gate with nothing before it reviews nothing, so only the gate
 * itself repeats).
 * Which gates: every gate task (`gate.kind`) that is not done; its rule is the first
 * gate rule in file order of the same kind that has `rework` (rework is configured
 * per kind of review).
 * Method: per iteration and gate, rounds K = the number of consecutive returns,
 * each an independent draw with the rule's probability p, capped at MAX_ROUNDS (so
 * P(K >= k) = p^k for k <= MAX_ROUNDS). Each round the reviewed work repeats `share`
 * of its duration (in parallel, so the longest of them counts) and the review runs
 * again, so the gate's duration grows by K · (share · max_p d_p + d_gate). The whole
 * delay sits on the gate: its successors wait for it, as they would for the repeated
 * work and the repeated review; successors of the reviewed work that bypass the gate
 * are not delayed (an approximation: they usually are not guarded work anyway).
 * Durations: the reviewed work's and the gate's sampled durations of the iteration,
 * as estimated (risk-event impacts are applied afterwards and do not repeat; an
 * in-progress task counts its remaining estimate); a done predecessor counts its
 * mostLikely duration. A review board's cadence still applies once, to the gate's
 * final finish (each repeated review is not moved to its own sitting).
 * E[extra] = share·E[max d_p] + E[d_gate] times E[K] = Σ_{k=1..MAX} p^k.
 * Draws per iteration, per gate in topological order: one per round plus one for
 * the round that passes (none once the cap is reached).
 * Cost: O(gates + reviewed tasks) per iteration.
 * Reference: T. R. Browning & S. D. Eppinger (2002), "Modeling impacts of process
 * architecture on cost and schedule risk in product development", IEEE Trans.
 * Engineering Management 49(4) (rework probability and impact per activity).
 */
import type { CompiledPlan } from '../compile-plan';
import type { Rng } from '../random/sample-duration';

/** Review rounds per gate and iteration at most (a review that keeps failing is a planning problem, not a loop). */
export const MAX_ROUNDS = 5;

export interface ReviewRework {
  /** Gate positions (topological order) with their rule's probability and share. */
  readonly gates: Int32Array;
  readonly probability: Float64Array;
  readonly share: Float64Array;
  /** Reviewed work of gate k: reviewed[reviewStart[k] .. reviewStart[k+1]); doneDays[e] >= 0 for a done one (its mostLikely). */
  readonly reviewStart: Int32Array;
  readonly reviewed: Int32Array;
  readonly doneDays: Float64Array;
  /** Scratch: this iteration's extra days per gate. */
  readonly extra: Float64Array;
  readonly ruleIds: string[];
}

/** Review rework of the plan's gates; null when no gate has a rule with rework. */
export function compileReviewRework(cp: CompiledPlan): ReviewRework | null {
  const rules = (cp.plan.gateRules ?? []).filter((g) => g.rework && g.rework.probability > 0);
  if (!rules.length) return null;
  const gates: number[] = [], probability: number[] = [], share: number[] = [], ruleIds: string[] = [];
  const reviewStart: number[] = [0], reviewed: number[] = [], doneDays: number[] = [];
  for (let i = 0; i < cp.n; i++) {
    const task = cp.plan.tasks[cp.planIndex[i]];
    if (!task.gate || cp.done[i]) continue;
    const rule = rules.find((g) => g.gate === task.gate!.kind);
    if (!rule) continue;
    gates.push(i);
    probability.push(rule.rework!.probability);
    share.push(rule.rework!.share);
    ruleIds.push(rule.id);
    for (let e = cp.predStart[i]; e < cp.predStart[i + 1]; e++) {
      const p = cp.preds[e];
      reviewed.push(p);
      doneDays.push(cp.done[p] ? cp.plan.tasks[cp.planIndex[p]].duration.mostLikely : -1);
    }
    reviewStart.push(reviewed.length);
  }
  if (!gates.length) return null;
  return {
    gates: Int32Array.from(gates), probability: Float64Array.from(probability), share: Float64Array.from(share),
    reviewStart: Int32Array.from(reviewStart), reviewed: Int32Array.from(reviewed), doneDays: Float64Array.from(doneDays),
    extra: new Float64Array(gates.length), ruleIds,
  };
}

/** Draws the review rounds of every gate and lengthens the gates by their rework. */
export function applyReviewRework(rw: ReviewRework, rng: Rng, dur: Float64Array): void {
  const { gates, probability, share, reviewStart, reviewed, doneDays, extra } = rw;
  const G = gates.length;
  // First every gate's extra from the durations as sampled, then add: a gate reviewed by a later gate counts without its own rework.
  for (let k = 0; k < G; k++) {
    const p = probability[k];
    let rounds = 0;
    while (rounds < MAX_ROUNDS && rng() < p) rounds++;
    if (rounds === 0) { extra[k] = 0; continue; }
    let longest = 0;
    for (let e = reviewStart[k], end = reviewStart[k + 1]; e < end; e++) {
      const d = doneDays[e] >= 0 ? doneDays[e] : dur[reviewed[e]];
      if (d > longest) longest = d;
    }
    extra[k] = rounds * (share[k] * longest + dur[gates[k]]);
  }
  for (let k = 0; k < G; k++) dur[gates[k]] += extra[k];
}

/** E[K]: the expected number of rounds at probability p (Σ_{k=1..MAX_ROUNDS} p^k). */
export function expectedRounds(p: number): number {
  let s = 0, pk = 1;
  for (let k = 1; k <= MAX_ROUNDS; k++) s += (pk *= p);
  return s;
}
