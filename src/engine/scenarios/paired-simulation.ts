/**
 * Project (and group) finish samples of a plan under common random numbers: the
 * Monte Carlo behind what-if comparisons, trade-off curves and the portfolio.
 *
 * Method: per iteration t, every task's duration is its inverse CDF
 * (random/sample-duration.ts, the same distributions as forecast) at the keyed
 * uniforms of keyed-uniforms.ts (draw 0; with rework, draw 0 decides the first
 * attempt, further draws the next attempts and their durations); then the forward
 * pass (precedence, or the resource-aware serial SGS of activity-order.ts) gives
 * the finishes. Because draws are keyed by task id, two scenarios see the same
 * durations for the tasks they share: their difference is the change's effect.
 * Iteration t depends only on (seed, t): a run over [from, from + count) can be
 * split into ranges and concatenated (batches, queue events).
 * Risk events, correlated estimates and review rework (risk/risk-model.ts, the same
 * model as forecast.ts) draw from one more keyed stream per iteration, (seed,
 * "\u0000risk", t), in the model's fixed order: the same occurrences in every scenario
 * with the same risk register (correlated groups redraw by member position, so adding
 * or removing a member's task shifts those draws).
 * Differences from forecast.ts (say so where numbers are compared): another random
 * source, so numbers agree within Monte Carlo error, not bit for bit.
 * Cost: O(iterations · (V + E)) with the precedence pass, one SGS decoding per
 * iteration with pools.
 */
import type { CompiledPlan } from '../compile-plan';
import type { ForwardPass } from '../monte-carlo';
import { DurationSampler } from '../random/sample-duration';
import { keyedUniform, taskKey } from './keyed-uniforms';
import { hasRiskFeatures, RiskModel } from '../risk/risk-model';

export interface PairedRunOptions {
  iterations: number;
  seed: string;
  /** First iteration index (default 0). */
  from?: number;
  /** Group of each position (-1: none) and the number of groups: per-group finishes are recorded. */
  groupOf?: Int32Array;
  groups?: number;
}

export interface PairedRun {
  /** Project finish of each iteration (working days). */
  finish: Float64Array;
  /** Finish of group g in iteration t at [t * groups + g] (the latest finish of its tasks; 0 when it has none). */
  groupFinish: Float64Array;
  /** Tasks with their own due date: position, working days through the date, iterations that met it. */
  due: Array<{ position: number; date: string; days: number; hits: number }>;
}

export function simulatePaired(cp: CompiledPlan, pass: ForwardPass, opts: PairedRunOptions): PairedRun {
  const { iterations, seed } = opts;
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw new RangeError(`iterations must be a whole number >= 1, not ${iterations}`);
  const from = opts.from ?? 0;
  const n = cp.n;
  const sampler = new DurationSampler(cp);
  const keys = new Uint32Array(n);
  const varying: number[] = [], rework: number[] = [];
  for (let i = 0; i < n; i++) {
    keys[i] = taskKey(seed, cp.ids[i]);
    if (!sampler.stochastic[i]) continue;
    if (sampler.attemptMax[i] > 1) rework.push(i); else varying.push(i);
  }
  const dur = new Float64Array(n), es = new Float64Array(n), ef = new Float64Array(n);
  sampler.fillFixed(dur);
  const G = opts.groupOf ? opts.groups ?? 0 : 0;
  const groupOf = opts.groupOf;
  const finish = new Float64Array(iterations);
  const groupFinish = new Float64Array(iterations * G);
  const due: PairedRun['due'] = [];
  for (let i = 0; i < n; i++) {
    const d = cp.plan.tasks[cp.planIndex[i]].due;
    if (d) due.push({ position: i, date: d, days: cp.calendar.workingDaysThrough(d), hits: 0 });
  }
  // One stream object for rework tasks, re-pointed per task and iteration (no allocation).
  let rKey = 0, rIt = 0, rDraw = 0;
  const rng = () => keyedUniform(rKey, rIt, rDraw++);
  const risk = hasRiskFeatures(cp) ? new RiskModel(cp, sampler) : null;
  if (risk) {
    // Correlated members with rework score their durations by rank (only the model reads the scores).
    sampler.prepareRankSamples((i) => {
      const key = taskKey(seed, `\u0000rank\u0000${cp.ids[i]}`);
      let d = 0;
      return () => keyedUniform(key, 0, d++);
    });
  }
  const riskKey = taskKey(seed, '\u0000risk');
  const score = new Float64Array(risk ? n : 0), masks = new Uint32Array(risk ? Math.max(1, risk.words) : 0);
  for (let t = 0; t < iterations; t++) {
    const it = from + t;
    for (let x = 0; x < varying.length; x++) {
      const i = varying[x];
      dur[i] = sampler.quantile(i, keyedUniform(keys[i], it, 0));
    }
    for (let x = 0; x < rework.length; x++) {
      const i = rework[x];
      rKey = keys[i]; rIt = it; rDraw = 0;
      dur[i] = sampler.sample(i, rng);
    }
    if (risk) {
      rKey = riskKey; rIt = it; rDraw = 0;
      risk.apply(rng, dur, score, masks, 0);
    }
    const f = pass.run(dur, es, ef);
    finish[t] = f;
    if (G > 0) {
      const row = t * G;
      for (let i = 0; i < n; i++) {
        const g = groupOf![i];
        if (g >= 0 && ef[i] > groupFinish[row + g]) groupFinish[row + g] = ef[i];
      }
    }
    for (const d of due) if (ef[d.position] <= d.days + 1e-9 * Math.max(1, d.days)) d.hits++;
  }
  return { finish, groupFinish, due };
}
