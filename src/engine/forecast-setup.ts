/**
 * What every forecast starts from, the same for the CLI, its workers, the resolvers and the
 * what-if engine: the deterministic schedule (schedulePlan: resource-constrained when tasks
 * demand pools) and, when they do, the resource-aware forward pass built from its order.
 */
import type { CompiledPlan } from './compile-plan';
import type { ResourceModel } from './monte-carlo';
import type { ScheduleReport } from './reports';
import { createResourceForwardPass } from './rcpsp/resource-forward-pass';
import { schedulePlan } from './schedule-plan';

/** Whether any task demands a pool (then capacities shape every iteration). */
export function demandsPools(cp: CompiledPlan): boolean {
  for (let k = 0; k < cp.demand.length; k++) if (cp.demand[k] > 0) return true;
  return false;
}

export interface ForecastSetup {
  schedule: ScheduleReport;
  /** With resource demands: the resource-aware pass and its pool statistics. */
  resources?: ResourceModel;
}

export function forecastSetup(cp: CompiledPlan, seed: string, nearCriticalDays?: number): ForecastSetup {
  const schedule = schedulePlan(cp, { seed, nearCriticalDays });
  return { schedule, resources: demandsPools(cp) ? createResourceForwardPass(cp, schedule) : undefined };
}
