/**
 * Backtest: forecasts made at past dates, compared with what then happened.
 *
 * Input: for each past date, the plan as it stood then (its `start` is the first day
 * after that date; done work is done, open work has the estimates it had) and the date
 * the whole scope actually finished (the last resolution among its tasks), when known.
 * Each plan is forecast with the same seed and iterations (default: the precedence
 * Monte Carlo of forecast.ts; the caller may pass a resource-aware one), its finish
 * percentiles become a record in working days after the plan's start, and the actual
 * finish x = the working days through the actual date (so a forecast finishDays of x
 * means the same date); then scoreForecasts (score-forecasts.ts) scores all records.
 * Points without a known actual, or with nothing left to do, are listed as skipped with
 * the reason. The forecast report has P10..P95 (no P5), so the interval score is the
 * P10-P90 one (alpha = 0.2).
 * Cost: one forecast per date. Pure (the seed is a string; streams come from forecast.ts).
 */
import { compilePlan, CycleError } from '../compile-plan';
import { forecast } from '../forecast';
import type { Plan } from '../plan';
import { WorkingCalendar, isIsoDate } from '../working-calendar';
import { HistoryError } from './history-error';
import { scoreForecasts, type ForecastRecord, type ForecastScore } from './score-forecasts';

export interface BacktestPoint {
  /** The date the forecast is made at (end of that day). */
  at: string;
  plan: Plan;
  /** When the scope really finished (YYYY-MM-DD), if it has. */
  actual?: string;
}

export interface BacktestForecast {
  finishDays: { p10: number; p50: number; p80: number; p90: number; p95: number };
  finishDate: { p10: string; p50: string; p80: string; p90: string; p95: string };
}

export interface BacktestOptions {
  iterations?: number;
  seed?: string;
  /** Forecasts one plan (default: forecast(compilePlan(plan))). */
  run?: (plan: Plan, opts: { iterations: number; seed: string }) => BacktestForecast;
}

export interface BacktestRow {
  at: string;
  start: string;
  openTasks: number;
  forecast: BacktestForecast;
  actual: string;
  actualDays: number;
  /** actual <= P80. */
  hitP80: boolean;
  /** actual - P50 in working days (positive: later than forecast). */
  p50Error: number;
}

export interface BacktestResult {
  iterations: number;
  seed: string;
  rows: BacktestRow[];
  skipped: Array<{ at: string; reason: string }>;
  /** Undefined when no point could be scored. */
  score?: ForecastScore;
}

const defaultRun: NonNullable<BacktestOptions['run']> = (plan, opts) => {
  const r = forecast(compilePlan(plan), { iterations: opts.iterations, seed: opts.seed });
  return { finishDays: { ...r.finishDays }, finishDate: { ...r.finishDate } };
};

export function backtest(points: readonly BacktestPoint[], opts: BacktestOptions = {}): BacktestResult {
  const iterations = opts.iterations ?? 2000;
  const seed = opts.seed ?? '1';
  if (!Number.isInteger(iterations) || iterations < 1) throw new HistoryError('invalid-option', `iterations must be a whole number >= 1, got ${iterations}`, 'iterations');
  const run = opts.run ?? defaultRun;
  const rows: BacktestRow[] = [];
  const skipped: BacktestResult['skipped'] = [];
  for (const p of points) {
    if (!isIsoDate(p.at)) throw new HistoryError('invalid-option', `backtest date ${JSON.stringify(p.at)} is not YYYY-MM-DD`, 'at');
    const open = p.plan.tasks.filter((t) => t.status !== 'done').length;
    if (open === 0) {
      skipped.push({ at: p.at, reason: 'nothing was open' });
      continue;
    }
    if (!p.actual) {
      skipped.push({ at: p.at, reason: 'the scope has not finished yet' });
      continue;
    }
    let f: BacktestForecast;
    try {
      f = run(p.plan, { iterations, seed });
    } catch (err) {
      if (err instanceof CycleError) {
        skipped.push({ at: p.at, reason: err.message });
        continue;
      }
      throw err;
    }
    const cal = new WorkingCalendar(p.plan.start, p.plan.calendar);
    const actualDays = Math.max(0, cal.workingDaysThrough(p.actual));
    rows.push({
      at: p.at, start: p.plan.start, openTasks: open, forecast: f, actual: p.actual, actualDays,
      hitP80: actualDays <= f.finishDays.p80, p50Error: actualDays - f.finishDays.p50,
    });
  }
  const records: ForecastRecord[] = rows.map((r) => ({ actual: r.actualDays, ...r.forecast.finishDays }));
  return { iterations, seed, rows, skipped, ...(records.length ? { score: scoreForecasts(records) } : {}) };
}
