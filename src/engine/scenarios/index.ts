/** What-if scenarios: re-exports, by name. */
export { SCENARIO_OPS, ScenarioError } from './scenario';
export type {
  Scenario, ScenarioChange, ScenarioOp, ScenarioNote, AppliedScenario, ScenarioErrorCode, WhatIfOptions, ScenarioResult, ScenarioComparison,
} from './scenario';
export { applyScenario, parseScenario, parseScenarios } from './apply-scenario';
export { compareScenarios, runScenario, summarizeRuns, finishStats, dueProbability, BASELINE_ID, DEFAULT_WHATIF_ITERATIONS } from './compare-scenarios';
export type { ScenarioRun, RunScenarioOptions } from './compare-scenarios';
export { simulatePaired } from './paired-simulation';
export type { PairedRun, PairedRunOptions } from './paired-simulation';
export { scenarioPass, listByKey, whatIfSchedules, WHATIF_SCHEDULES } from './activity-order';
export { taskKey, keyedUniform } from './keyed-uniforms';
export { capacityCurve, scopeCurve, scopeCutOrder } from './tradeoff-curve';
export type { TradeoffCurve, TradeoffPoint, CurveOptions, ScopeCurveOptions } from './tradeoff-curve';
