/**
 * The engine calls of every forecast the resolvers make, in one place, so an in-call forecast
 * and a forecast merged from queue batches are the same computation: the deterministic
 * schedule (schedulePlan: resource-constrained when tasks demand pools), the resource-aware
 * forward pass built from it when resources are present, then Monte Carlo batches of
 * `batchSize` iterations seeded from (seed, batch index), merged and reported.
 */
import type { CompiledPlan } from '../engine/compile-plan';
import type { ForecastReport, ScheduleReport } from '../engine/reports';
import { buildForecastReport, forecast } from '../engine/forecast';
import { runBatches, simulationFor, type BatchResult } from '../engine/monte-carlo';
import { mergeBatches } from '../engine/merge-batches';
import { forecastSetup, type ForecastSetup } from '../engine/forecast-setup';

export interface RunSpec {
  iterations: number;
  seed: string;
  batchSize: number;
  due?: string;
}

const setups = new WeakMap<CompiledPlan, Map<string, ForecastSetup>>();

/** The schedule and forward pass for (plan, seed), built once per compiled plan. */
function setup(cp: CompiledPlan, seed: string): ForecastSetup {
  let bySeed = setups.get(cp);
  if (!bySeed) setups.set(cp, (bySeed = new Map()));
  let s = bySeed.get(seed);
  if (!s) {
    s = forecastSetup(cp, seed);
    bySeed.set(seed, s);
  }
  return s;
}

export function deterministicSchedule(cp: CompiledPlan, seed: string): ScheduleReport {
  return setup(cp, seed).schedule;
}

/** The whole forecast in this call. */
export function forecastInCall(cp: CompiledPlan, spec: RunSpec): ForecastReport {
  const { schedule, resources } = setup(cp, spec.seed);
  return forecast(cp, { iterations: spec.iterations, seed: spec.seed, due: spec.due, batchSize: spec.batchSize, schedule, resources });
}

/** Some batches of a run (a queue event's share), as one mergeable plain-JSON result. */
export function forecastBatches(cp: CompiledPlan, spec: RunSpec, batchIndexes: number[]): BatchResult {
  const { resources } = setup(cp, spec.seed);
  return runBatches(cp, { seed: spec.seed, batchSize: spec.batchSize, iterations: spec.iterations, batchIndexes, resources });
}

/** The report of a run from all its batch results (any order); `workers` = how many parts ran separately. */
export function forecastFromBatches(cp: CompiledPlan, spec: RunSpec, results: BatchResult[], workers: number): ForecastReport {
  const { schedule, resources } = setup(cp, spec.seed);
  const state = mergeBatches(cp, results);
  const sim = simulationFor(cp, spec.seed, { resources });
  return buildForecastReport(cp, state, sim, { iterations: spec.iterations, seed: spec.seed, due: spec.due, batchSize: spec.batchSize, schedule, resources, workers });
}
