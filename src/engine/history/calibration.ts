/**
 * Calibration from the team's own history (evidence-based scheduling): how much longer
 * (or shorter) work really took than its estimate, per team and issue type, and a plan
 * whose open estimates are corrected by it.
 *
 * Fit. Each completed item with an estimate e > 0 gives the ratio r = actual / e, clamped
 * to [RATIO_FLOOR, RATIO_CEILING] (a ratio beyond is nearly always a data accident: work
 * logged long after it was done, an issue left open for months), and is worked in log
 * space, where ratios are symmetric (2x over and 2x under are +-ln 2):
 *   group log-mean   m_g = mean(ln r)               -> ratio = exp(m_g), the geometric mean
 *   group quantiles  q_g(p) = type-7 quantile of ln r at p = 0.1, 0.5, 0.9 -> p10/p50/p90 = exp(q)
 * Groups: every (team, kind) pair, and every team. A group with n < minSamples is not
 * used (it is not listed). A used group is shrunk toward its parent (pair -> its team when
 * the team is used, else overall; team -> overall) with a pseudo-count k = minSamples:
 *   m = (n m_g + k m_parent) / (n + k), and likewise each log-quantile,
 * the partial pooling of a normal model with equal within-group variances (empirical
 * Bayes): a group of exactly minSamples items counts half, a group of 10k items is itself.
 * Order p10 <= p50 <= p90 is kept (a weighted mean of ordered values). `overall` is never
 * shrunk; with fewer than minSamples items in all it is the identity (ratio 1,
 * p10 = p50 = p90 = 1): too little history calibrates nothing.
 *
 * Apply. A task matches the (team, kind) group, else its team group, else overall; team
 * is `task.meta.team`, kind is `task.meta.issueType` (the Jira issue type, which is what
 * CompletedWork.kind holds), else `task.kind`. For every todo / in-progress task, except
 * gates (their durations come from rules, not the team), estimates the team did not make
 * (`unestimated` / `assumed`, or meta.unestimated) and zero-length tasks, each estimate
 * (duration, and remaining when present) (a, m, b) becomes
 *   a' = min(ratio a, p10 m),  m' = ratio m,  b' = max(ratio b, p90 m)
 * i.e. scaled by the group ratio, then widened (never narrowed) so that the bounds cover
 * at least what the history says of an item estimated at m: 80% of actuals fell in
 * [p10 m, p90 m]. The distribution is kept, except that a widened `fixed` becomes `pert`.
 * For pert / triangular / uniform a and b are bounds, so the sampled 10-90% range stays
 * somewhat inside [p10 m, p90 m]; for lognormal a and b are P5 / P95 and it is wider.
 * Training runs: with a fit of the team's run durations (`model.training`, from an MLflow /
 * W&B export), an open `training` task whose estimate is assumed (a convergence default or a
 * type default) takes that lognormal estimate instead; its retry odds stay.
 * Done tasks and everything else in the plan are unchanged; a new plan is returned.
 *
 * Cost: O(n log n) to fit n items, O(tasks) to apply. Pure.
 * Reference: J. Spolsky, "Evidence Based Scheduling" (2007); shrinkage: B. Efron &
 * C. Morris, "Stein's paradox in statistics", Scientific American 236 (1977).
 */
import { quantileSorted } from '../percentiles';
import type { Estimate, Plan, Task } from '../plan';
import { HistoryError } from './history-error';

export interface CompletedWork {
  id: string;
  team?: string;
  kind?: string;
  estimateDays?: number;
  actualDays: number;
  /** ISO date (or date-time) the work was resolved. */
  resolved: string;
}

export interface CalibrationGroup {
  team?: string;
  kind?: string;
  /** Geometric mean of actual / estimate (after shrinkage). */
  ratio: number;
  samples: number;
  p10: number;
  p50: number;
  p90: number;
}

export interface CalibrationModel {
  groups: CalibrationGroup[];
  overall: CalibrationGroup;
  minSamples: number;
  /** Items not used: no estimate, or a zero estimate (additive). */
  skipped?: number;
  /**
   * Training-run durations fitted from an experiment tracker (fit-lognormal.ts), in working days
   * (additive): replaces the assumed estimate of open `training` tasks (see withTrainingFit).
   */
  training?: { estimate: Estimate; samples: number };
}

export interface CalibrationChange {
  id: string;
  /** The group used, e.g. "team ML, kind Story", "team ML", "overall". */
  group: string;
  ratio: number;
  from: Estimate;
  to: Estimate;
  /** In-progress tasks with a remaining estimate: its old and new values (additive). */
  remainingFrom?: Estimate;
  remainingTo?: Estimate;
}

export const DEFAULT_MIN_SAMPLES = 5;
export const RATIO_FLOOR = 0.01;
export const RATIO_CEILING = 100;

interface LogStats {
  n: number;
  mean: number;
  q10: number;
  q50: number;
  q90: number;
}

function logStats(logs: number[]): LogStats {
  const sorted = [...logs].sort((x, y) => x - y);
  let sum = 0;
  for (const x of sorted) sum += x;
  return { n: sorted.length, mean: sum / sorted.length, q10: quantileSorted(sorted, 0.1), q50: quantileSorted(sorted, 0.5), q90: quantileSorted(sorted, 0.9) };
}

function shrink(g: LogStats, parent: LogStats, k: number): LogStats {
  const w = g.n / (g.n + k);
  const mix = (a: number, b: number) => w * a + (1 - w) * b;
  return { n: g.n, mean: mix(g.mean, parent.mean), q10: mix(g.q10, parent.q10), q50: mix(g.q50, parent.q50), q90: mix(g.q90, parent.q90) };
}

function groupOf(s: LogStats, team?: string, kind?: string): CalibrationGroup {
  return {
    ...(team !== undefined ? { team } : {}),
    ...(kind !== undefined ? { kind } : {}),
    ratio: Math.exp(s.mean),
    samples: s.n,
    p10: Math.exp(s.q10),
    p50: Math.exp(s.q50),
    p90: Math.exp(s.q90),
  };
}

const pairKey = (team: string | undefined, kind: string | undefined) => `${team ?? ''}\u0000${kind ?? ''}`;

export function fitCalibration(work: CompletedWork[], opts: { minSamples?: number } = {}): CalibrationModel {
  const minSamples = opts.minSamples ?? DEFAULT_MIN_SAMPLES;
  if (!Number.isInteger(minSamples) || minSamples < 1) throw new HistoryError('invalid-option', `minSamples must be a whole number >= 1, got ${minSamples}`, 'minSamples');
  if (!Array.isArray(work)) throw new HistoryError('invalid-work', 'completed work must be a list', 'work');
  const all: number[] = [];
  const byTeam = new Map<string, number[]>();
  const byPair = new Map<string, { team?: string; kind?: string; logs: number[] }>();
  let skipped = 0;
  work.forEach((w, i) => {
    const id = w && typeof w.id === 'string' && w.id ? w.id : undefined;
    if (!id) throw new HistoryError('invalid-work', `completed work item ${i} has no id`, `work[${i}]`);
    if (typeof w.actualDays !== 'number' || !Number.isFinite(w.actualDays) || w.actualDays < 0) {
      throw new HistoryError('invalid-work', `${id}: actualDays must be a number >= 0, got ${JSON.stringify(w.actualDays)}`, id);
    }
    if (w.estimateDays !== undefined && (typeof w.estimateDays !== 'number' || !Number.isFinite(w.estimateDays) || w.estimateDays < 0)) {
      throw new HistoryError('invalid-work', `${id}: estimateDays must be a number >= 0, got ${JSON.stringify(w.estimateDays)}`, id);
    }
    if (w.estimateDays === undefined || w.estimateDays === 0) {
      skipped++;
      return;
    }
    const r = Math.min(RATIO_CEILING, Math.max(RATIO_FLOOR, w.actualDays / w.estimateDays));
    const l = Math.log(r);
    all.push(l);
    if (w.team !== undefined) {
      const t = byTeam.get(w.team) ?? [];
      t.push(l);
      byTeam.set(w.team, t);
    }
    const key = pairKey(w.team, w.kind);
    const p = byPair.get(key) ?? { team: w.team, kind: w.kind, logs: [] };
    p.logs.push(l);
    byPair.set(key, p);
  });

  if (all.length < minSamples) {
    const identity: CalibrationGroup = { ratio: 1, samples: all.length, p10: 1, p50: 1, p90: 1 };
    return { groups: [], overall: identity, minSamples, skipped };
  }
  const overall = logStats(all);
  const groups: CalibrationGroup[] = [];
  const teamStats = new Map<string, LogStats>();
  for (const team of [...byTeam.keys()].sort()) {
    const s = logStats(byTeam.get(team)!);
    if (s.n < minSamples) continue;
    const shrunk = shrink(s, overall, minSamples);
    teamStats.set(team, shrunk);
    groups.push(groupOf(shrunk, team));
  }
  const pairs = [...byPair.values()].sort((x, y) => pairKey(x.team, x.kind).localeCompare(pairKey(y.team, y.kind)));
  for (const p of pairs) {
    // A pair without a kind is its team group; without a team and kind, overall.
    if (p.kind === undefined) continue;
    const s = logStats(p.logs);
    if (s.n < minSamples) continue;
    const parent = (p.team !== undefined ? teamStats.get(p.team) : undefined) ?? overall;
    groups.push(groupOf(shrink(s, parent, minSamples), p.team, p.kind));
  }
  return { groups, overall: groupOf(overall), minSamples, skipped };
}

/** The group a task (or any item with a team and kind) is calibrated by, and its label. */
export function calibrationGroupFor(model: CalibrationModel, team: string | undefined, kind: string | undefined): { group: CalibrationGroup; label: string } {
  if (kind !== undefined) {
    const pair = model.groups.find((g) => g.kind === kind && g.team === team);
    if (pair) return { group: pair, label: team !== undefined ? `team ${team}, kind ${kind}` : `kind ${kind}` };
  }
  if (team !== undefined) {
    const t = model.groups.find((g) => g.team === team && g.kind === undefined);
    if (t) return { group: t, label: `team ${team}` };
  }
  return { group: model.overall, label: 'overall' };
}

/** The (team, kind) of a task as calibration sees it: meta.team, and meta.issueType else kind. */
export function taskTeamAndKind(task: Task): { team?: string; kind?: string } {
  const meta = task.meta ?? {};
  const team = typeof meta.team === 'string' && meta.team ? meta.team : undefined;
  const kind = typeof meta.issueType === 'string' && meta.issueType ? meta.issueType : task.kind;
  return { ...(team !== undefined ? { team } : {}), ...(kind !== undefined ? { kind } : {}) };
}

/** (a, m, b) scaled by the ratio and widened to [p10 m, p90 m]; see the banner. */
export function calibrateEstimate(e: Estimate, g: Pick<CalibrationGroup, 'ratio' | 'p10' | 'p90'>): Estimate {
  const a = Math.min(g.ratio * e.optimistic, g.p10 * e.mostLikely);
  const m = g.ratio * e.mostLikely;
  const b = Math.max(g.ratio * e.pessimistic, g.p90 * e.mostLikely);
  let distribution = e.distribution;
  if (distribution === 'fixed' && (a < m || b > m)) distribution = 'pert';
  // A lognormal needs a > 0; it is, since ratio and p10 are >= RATIO_FLOOR and a > 0 before.
  return { optimistic: a, mostLikely: m, pessimistic: b, distribution };
}

function isTeamEstimate(t: Task): boolean {
  if (t.gate || t.unestimated || t.assumed) return false;
  return t.meta?.unestimated !== true;
}

/** The model with a training-duration fit (an estimate in working days from `samples` runs). */
export function withTrainingFit(model: CalibrationModel, estimate: Estimate, samples: number): CalibrationModel {
  return { ...model, training: { estimate: { ...estimate }, samples } };
}

export function applyCalibration(plan: Plan, model: CalibrationModel): { plan: Plan; changes: CalibrationChange[] } {
  const changes: CalibrationChange[] = [];
  const training = model.training;
  const tasks = plan.tasks.map((t): Task => {
    if (training && t.status !== 'done' && t.kind === 'training' && !t.gate && !isTeamEstimate(t)) {
      // Nobody estimated this run: the team's measured run durations beat an assumed default.
      // Retry odds (attempts) stay: each attempt is one run.
      const to = { ...training.estimate };
      const ratio = t.duration.mostLikely > 0 ? to.mostLikely / t.duration.mostLikely : 1;
      const change: CalibrationChange = { id: t.id, group: `training runs (${training.samples})`, ratio, from: { ...t.duration }, to };
      const next: Task = { ...t, duration: to };
      if (t.remaining) {
        // What is left keeps its share of the whole: scaled like the most likely duration.
        const r = t.remaining;
        next.remaining = { optimistic: r.optimistic * ratio, mostLikely: r.mostLikely * ratio, pessimistic: r.pessimistic * ratio, distribution: r.distribution };
        change.remainingFrom = { ...r };
        change.remainingTo = next.remaining;
      }
      changes.push(change);
      return next;
    }
    if (t.status === 'done' || !isTeamEstimate(t) || !(t.duration.pessimistic > 0)) return t;
    const { team, kind } = taskTeamAndKind(t);
    const { group, label } = calibrationGroupFor(model, team, kind);
    if (group.ratio === 1 && group.p10 === 1 && group.p90 === 1) return t;
    const to = calibrateEstimate(t.duration, group);
    const change: CalibrationChange = { id: t.id, group: label, ratio: group.ratio, from: { ...t.duration }, to };
    const next: Task = { ...t, duration: to };
    if (t.remaining && t.status === 'in-progress') {
      next.remaining = calibrateEstimate(t.remaining, group);
      change.remainingFrom = { ...t.remaining };
      change.remainingTo = next.remaining;
    }
    changes.push(change);
    return next;
  });
  return { plan: { ...plan, tasks }, changes };
}
