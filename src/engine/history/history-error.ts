/**
 * The one error type of the history modules (calibration, run imports, throughput,
 * accuracy, backtest). `code` is stable and tests assert it; `culprit` names what was
 * wrong (a work item id, a record index, a file line and column, an option name).
 */
export type HistoryErrorCode =
  /** A completed-work item is unusable (negative or non-finite days, no id). */
  | 'invalid-work'
  /** An option is out of range (minSamples, iterations, items, splitRate...). */
  | 'invalid-option'
  /** A forecast record to score is unusable (missing percentile, unordered percentiles, bad actual). */
  | 'invalid-record'
  /** An experiment-run export (MLflow / W&B CSV or JSON) cannot be read. */
  | 'invalid-runs'
  /** Too few usable values to fit anything. */
  | 'not-enough-data'
  /** A Jira history export cannot be read (not issues, bad timestamps). */
  | 'invalid-history';

export class HistoryError extends Error {
  constructor(readonly code: HistoryErrorCode, message: string, readonly culprit?: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'HistoryError';
  }
}
