/** Learning from history: calibration, run imports, throughput, accuracy, backtests. Re-exports only (explain-shift.ts is imported directly). */
export { HistoryError, type HistoryErrorCode } from './history-error';
export {
  applyCalibration, calibrateEstimate, calibrationGroupFor, fitCalibration, taskTeamAndKind, withTrainingFit, DEFAULT_MIN_SAMPLES, RATIO_CEILING, RATIO_FLOOR,
  type CalibrationChange, type CalibrationGroup, type CalibrationModel, type CompletedWork,
} from './calibration';
export { fitLognormal, Z95, type LognormalFit } from './fit-lognormal';
export { parseCsv, type CsvRow } from './parse-csv';
export { durationHours, parseExperimentRuns, type ExperimentRun, type ParsedRuns, type RunsFormat } from './experiment-runs';
export { forecastThroughput, throughputEstimate, MAX_THROUGHPUT_DAYS, type ThroughputForecast, type ThroughputOptions } from './forecast-throughput';
export { dailyThroughput } from './daily-throughput';
export { scoreForecasts, type CalibrationRow, type ForecastRecord, type ForecastScore } from './score-forecasts';
export { backtest, type BacktestForecast, type BacktestOptions, type BacktestPoint, type BacktestResult, type BacktestRow } from './backtest';
