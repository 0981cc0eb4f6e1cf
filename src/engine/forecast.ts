/**
 * The Monte Carlo forecast of a compiled plan: runs the batches (monte-carlo.ts),
 * merges them and builds the `forecast --json` report (docs/plan-format.md).
 *
 * Method: one Simulation (pilot layout, sampler tables) per run; batches of
 * `batchSize` iterations, each on its own stream (seed, batch index), accumulated
 * exactly; then the report: project finish percentiles (type 7) and mean over all
 * finishes in batch order, due-date probability P(finish <= working days through
 * the due date), per-task criticality, finish percentiles from histograms (±half a
 * bin, see `binWidth`), rank sensitivity and cruciality (sensitivity.ts), drivers,
 * the deterministic schedule from schedulePlan (resource-constrained when tasks
 * demand pools), and each risk event's contribution (risk/risk-contributions.ts).
 * The report is a pure function of (plan, seed, iterations, batchSize, due): workers
 * and merge order do not change a byte (monte-carlo.ts explains why).
 * Cost: O(iterations · (V + E)) simulation, O(N log N) to sort the finishes.
 */
import type { CompiledPlan } from './compile-plan';
import type { Driver, ForecastReport, PoolForecast, RiskForecast, ScheduleReport, TaskForecast } from './reports';
import { schedulePlan } from './schedule-plan';
import { demandsPools } from './forecast-setup';
import {
  batchCount, DEFAULT_BATCH_SIZE, HIST_BINS, MonteCarloError, runState, settle, simulationFor,
  type ForwardPass, type MonteCarloState, type ResourceModel, type Simulation,
} from './monte-carlo';
import { summarizePoolStats, type PoolStats } from './rcpsp/resource-forward-pass';
import type { StreamFactory } from './random/seeded-streams';
import { histogramQuantiles, quantileSorted } from './percentiles';
import { rankCorrelations } from './sensitivity';
import { riskContributions } from './risk/risk-contributions';

export interface ForecastOptions {
  /** Iterations (default 10,000). */
  iterations?: number;
  /** Seed of every random stream (default '1'). */
  seed?: string;
  /** Due date YYYY-MM-DD of the whole plan (default plan.due). */
  due?: string;
  /** Iterations per batch (default DEFAULT_BATCH_SIZE, 250). Part of the result's identity: the same seed with another batch size gives other draws. */
  batchSize?: number;
  /** Near-critical threshold of the deterministic schedule (working days). */
  nearCriticalDays?: number;
  /** Resource-aware forward pass; default precedence + notBefore (resources ignored, with a warning). */
  forwardPass?: ForwardPass;
  /**
   * A resource-aware pass with pool statistics (rcpsp createResourceForwardPass(cp,
   * schedule)); replaces forwardPass and adds `resources` to the report.
   */
  resources?: ResourceModel;
  /** Source of the random streams (default seedrandom Alea). */
  streams?: StreamFactory;
  /** The deterministic schedule, when the caller already has it (default schedulePlan). */
  schedule?: ScheduleReport;
  /** Number of drivers to list (default 10). */
  drivers?: number;
}

export const DEFAULT_ITERATIONS = 10_000;
export const DEFAULT_SEED = '1';

/** TaskForecast with the histogram's bin width (what "half a bin" means for this task), always set here. */
export type TaskForecastWithBin = TaskForecast & { binWidth: number };

export function forecast(cp: CompiledPlan, opts: ForecastOptions = {}): ForecastReport {
  const iterations = opts.iterations ?? DEFAULT_ITERATIONS;
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const seed = opts.seed ?? DEFAULT_SEED;
  checkOptions(iterations, batchSize);
  const sim = simulationFor(cp, seed, { forwardPass: opts.forwardPass, resources: opts.resources, streams: opts.streams });
  const state = runState(cp.n, seed, batchSize, iterations);
  const count = batchCount(iterations, batchSize);
  for (let b = 0; b < count; b++) sim.runBatchInto(state, b);
  return buildForecastReport(cp, state, sim, { ...opts, workers: 1 });
}

export function checkOptions(iterations: number, batchSize: number): void {
  if (!Number.isInteger(iterations) || iterations < 1) throw new MonteCarloError('invalid-iterations', `iterations must be a positive integer, got ${iterations}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new MonteCarloError('invalid-iterations', `batchSize must be a positive integer, got ${batchSize}`);
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const round = (x: number, digits: number) => {
  const f = POW10[digits] ?? 10 ** digits;
  return Math.round(x * f) / f + 0;
};
const days = (x: number) => round(x, 6);
/** The per-task finish percentiles of the report. */
const TASK_PS = [0.5, 0.8, 0.9, 0.95];

/** Builds the report from merged batches of one run (all batches must be present). */
export function buildForecastReport(
  cp: CompiledPlan, state: MonteCarloState, sim: Simulation,
  opts: ForecastOptions & { workers?: number },
): ForecastReport {
  settle(state);
  const { n, iterations, batchSize } = state;
  const count = batchCount(iterations, batchSize);
  if (sim.seed !== state.seed) throw new MonteCarloError('batch-mismatch', `the batches were run with seed ${state.seed}, the layout with ${sim.seed}`);
  // Finishes in batch order: the mean's summation order then never depends on the workers.
  const all = new Float64Array(iterations);
  let filled = 0;
  for (let b = 0; b < count; b++) {
    const f = state.finishByBatch.get(b);
    const expected = Math.min(batchSize, iterations - b * batchSize);
    if (!f || f.length !== expected) throw new MonteCarloError('missing-batch', `batch ${b} of ${count} is missing or incomplete`);
    all.set(f, filled);
    filled += f.length;
  }
  if (state.finishByBatch.size !== count) throw new MonteCarloError('invalid-batch', `expected ${count} batches, got ${state.finishByBatch.size}`);
  let sum = 0;
  for (let k = 0; k < iterations; k++) sum += all[k];
  const sorted = all.slice().sort();
  const q = (p: number) => quantileSorted(sorted, p);
  const cal = cp.calendar;
  // finishDate depends on x only through its working-day index (ceil(x) - 1): one ISO
  // string per index, not four Date conversions per task (~90 ms on 10,000 tasks).
  const dateByIndex: string[] = [];
  const finishDateOf = (x: number): string => {
    const k = x <= 0 ? 0 : Math.ceil(x) - 1;
    return (dateByIndex[k] ??= cal.finishDate(x));
  };
  const finishDays = { mean: days(sum / iterations), p10: days(q(0.1)), p50: days(q(0.5)), p80: days(q(0.8)), p90: days(q(0.9)), p95: days(q(0.95)) };
  const finishDate = {
    p10: cal.finishDate(finishDays.p10), p50: cal.finishDate(finishDays.p50), p80: cal.finishDate(finishDays.p80),
    p90: cal.finishDate(finishDays.p90), p95: cal.finishDate(finishDays.p95),
  };

  const warnings: string[] = [...(sim.risk?.warnings ?? [])];
  const risks = riskSection(cp, state, sim, all);
  const schedule = opts.schedule ?? schedulePlan(cp, { nearCriticalDays: opts.nearCriticalDays, seed: state.seed });
  if (!opts.forwardPass && !opts.resources && demandsPools(cp)) warnings.push('the plan has resource demands: this simulation ignores capacities (precedence and notBefore only)');

  const dueDate = opts.due ?? cp.plan.due;
  let due: ForecastReport['due'];
  if (dueDate) {
    const through = cal.workingDaysThrough(dueDate);
    const tol = 1e-9 * Math.max(1, through);
    let hits = 0;
    for (let k = 0; k < iterations; k++) if (all[k] <= through + tol) hits++;
    due = { date: dueDate, days: through, probability: round(hits / iterations, 6) };
  }

  const layout = sim.layout;
  const rho = rankCorrelations(sorted, layout.finishEdges, state.sens, n, sim.scoreVariance, sim.stochastic);
  const dueIndex = new Map<number, number>();
  layout.dueTasks.forEach((t, k) => dueIndex.set(t, k));
  const byPlan = new Array<TaskForecastWithBin>(n);
  const clamped: string[] = [];
  const tq = new Float64Array(TASK_PS.length);
  for (let i = 0; i < n; i++) {
    const task = cp.plan.tasks[cp.planIndex[i]];
    const start = layout.histStart[i], width = layout.histWidth[i];
    const exact = layout.exactFinish[i];
    if (exact !== null) tq.fill(exact);
    else if (histogramQuantiles(state.hist, i * HIST_BINS, HIST_BINS, start, width, iterations, TASK_PS, tq)) clamped.push(cp.ids[i]);
    // Indexed, not destructured: destructuring a typed array goes through its iterator (per task).
    const t50 = tq[0], t80 = tq[1], t90 = tq[2], t95 = tq[3];
    const criticality = round(state.critical[i] / iterations, 6);
    const sensitivity = round(rho[i], 4);
    const cruciality = round(criticality * sensitivity, 4);
    const taskDays = { p50: days(t50), p80: days(t80), p90: days(t90), p95: days(t95) };
    const taskDates = { p50: finishDateOf(t50), p80: finishDateOf(t80), p90: finishDateOf(t90), p95: finishDateOf(t95) };
    const binWidth = exact !== null ? 0 : days(width);
    const id = cp.ids[i], name = task.name;
    // Two literals rather than a spread of { name }: the same keys in the same order, without a temporary object per task.
    const tf: TaskForecastWithBin = name !== undefined
      ? { id, name, criticality, sensitivity, cruciality, finishDays: taskDays, finishDate: taskDates, binWidth }
      : { id, criticality, sensitivity, cruciality, finishDays: taskDays, finishDate: taskDates, binWidth };
    const k = dueIndex.get(i);
    if (k !== undefined) tf.dueProbability = round(state.dueHits[k] / iterations, 6);
    byPlan[cp.planIndex[i]] = tf;
  }
  if (clamped.length) {
    warnings.push(`finish percentiles of ${clamped.length} task(s) fall outside their histogram range and are bounds only: ${clamped.slice(0, 5).join(', ')}${clamped.length > 5 ? ', ...' : ''}`);
  }
  const criticality: Record<string, number> = {};
  for (const t of byPlan) criticality[t.id] = t.criticality;
  const drivers: Driver[] = topDrivers(byPlan, opts.drivers ?? 10)
    .map((t) => ({ id: t.id, ...(t.name !== undefined ? { name: t.name } : {}), criticality: t.criticality, sensitivity: t.sensitivity, cruciality: t.cruciality }));

  return {
    iterations,
    seed: state.seed,
    deterministic: { finishDays: schedule.makespan, finishDate: schedule.finishDate, criticalPath: schedule.criticalPath },
    finishDays,
    finishDate,
    criticality,
    ...(due ? { due } : {}),
    histogram: finishHistogram(sorted),
    tasks: byPlan,
    drivers,
    schedule,
    warnings,
    batches: { size: batchSize, count, ...(opts.workers !== undefined ? { workers: opts.workers } : {}) },
    ...(state.pools ? { resources: poolForecasts(cp, state.pools, iterations, warnings) } : {}),
    ...(risks ? { risks } : {}),
  };
}

/**
 * The `count` tasks of largest cruciality > 0 (ties: larger criticality, then plan order),
 * in that order: a total order, so the same as sorting all of them, by insertion into the
 * best `count` (one pass; sorting every task with a comparator took ~5 ms on 10,000).
 */
export function topDrivers<T extends { cruciality: number; criticality: number }>(tasks: T[], count: number): T[] {
  const best: number[] = [];
  const before = (a: number, b: number) => {
    const x = tasks[a], y = tasks[b];
    return x.cruciality > y.cruciality || (x.cruciality === y.cruciality && (x.criticality > y.criticality || (x.criticality === y.criticality && a < b)));
  };
  for (let k = 0; k < tasks.length && count > 0; k++) {
    if (!(tasks[k].cruciality > 0)) continue;
    if (best.length === count && !before(k, best[count - 1])) continue;
    let at = best.length < count ? best.length : count - 1;
    while (at > 0 && before(k, best[at - 1])) {
      if (at < count) best[at] = best[at - 1];
      at--;
    }
    best[at] = k;
  }
  return best.map((k) => tasks[k]);
}

/** The report's `risks` (risk/risk-contributions.ts) from the occurrence masks of every batch, in batch order. */
function riskSection(cp: CompiledPlan, state: MonteCarloState, sim: Simulation, all: Float64Array): RiskForecast[] | undefined {
  const ev = sim.risk?.events;
  if (!ev) return undefined;
  const { iterations, batchSize } = state;
  const masks = new Uint32Array(iterations * ev.words);
  for (let b = 0, at = 0, count = batchCount(iterations, batchSize); b < count; b++) {
    const m = state.riskMasks?.get(b);
    const expected = Math.min(batchSize, iterations - b * batchSize) * ev.words;
    if (!m || m.length !== expected) throw new MonteCarloError('missing-batch', `batch ${b} carries no risk occurrences for the plan's ${ev.count} risk(s)`);
    masks.set(m, at);
    at += m.length;
  }
  return riskContributions(cp, ev, all, masks);
}

/**
 * The report's per-pool section from merged pool statistics (summarizePoolStats):
 * criticality, and daily usage percentiles up to the last day any iteration used the pool.
 */
export function poolForecasts(cp: CompiledPlan, pools: PoolStats, iterations: number, warnings: string[]): PoolForecast[] {
  if (pools.iterations !== iterations) throw new MonteCarloError('missing-batch', `pool statistics cover ${pools.iterations} of ${iterations} iterations`);
  const summary = summarizePoolStats(pools, [0.5, 0.8, 0.95]);
  if (pools.unschedulable > 0) {
    warnings.push(`in ${pools.unschedulable} iteration(s) a task could never fit its pool's capacity and was placed ignoring it`);
  }
  const past = pools.pools.filter((p) => p.beyond > 0).map((p) => p.id);
  if (past.length) warnings.push(`pool usage after working day ${pools.days} is not tracked (${past.join(', ')})`);
  return summary.map((s, r) => {
    const res = cp.plan.resources.find((x) => x.id === s.id);
    const u = s.usage as { p50: number[]; p80: number[]; p95: number[] };
    // Cut after the last day on which some iteration used at least one bin's worth (the
    // interpolated percentiles of an all-idle day are a fraction of a bin, not 0).
    const hist = pools.pools[r].hist;
    let end = 0;
    for (let d = 0; d < pools.days; d++) if (hist[d * pools.bins] < pools.iterations) end = d + 1;
    return {
      id: s.id,
      ...(res?.name !== undefined ? { name: res.name } : {}),
      criticality: round(s.criticality, 6),
      usage: { p50: u.p50.slice(0, end), p80: u.p80.slice(0, end), p95: u.p95.slice(0, end) },
      usageBinWidth: round(pools.pools[r].binWidth, 9),
      capacity: res?.capacity ?? 0,
    };
  });
}

/** About 40 bins of a round width (1, 2 or 5 x 10^k working days) over the finishes. */
export function finishHistogram(sorted: Float64Array): ForecastReport['histogram'] {
  const lo = sorted[0], hi = sorted[sorted.length - 1];
  const raw = (hi - lo) / 40;
  let width = 1;
  if (raw > 0) {
    const p = 10 ** Math.floor(Math.log10(raw));
    width = raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
  }
  const start = Math.floor(lo / width) * width;
  const bins = Math.max(1, Math.floor((hi - start) / width) + 1);
  const counts = new Array<number>(bins).fill(0);
  for (let k = 0; k < sorted.length; k++) counts[Math.min(bins - 1, Math.floor((sorted[k] - start) / width))]++;
  return { start: round(start, 9), width: round(width, 9), counts };
}
