/**
 * How good past forecasts were, once the real finish is known.
 *
 * Each record holds a forecast's percentiles (keys p1..p99, e.g. p50, p80, p95, and any
 * others) and the actual finish, all in working days or all as dates (YYYY-MM-DD; then
 * differences are calendar days, or working days when a calendar is given). Scores:
 *   p80HitRate   share of actuals at or before the P80 (0.8 for a calibrated forecaster)
 *   p50Error     actual - P50 (positive = later than forecast): mean, median, mean |error|
 *   calibration  for every percentile all records have: the share of actuals at or before
 *                it, against its nominal level (the reliability diagram of a calibration chart)
 *   interval     the interval score of Gneiting & Raftery (2007, eq. 43) for the central
 *                (1 - alpha) interval [l, u] = [P(100 alpha/2), P(100 - 100 alpha/2)]:
 *                  S = (u - l) + (2 / alpha)(l - x) 1{x < l} + (2 / alpha)(x - u) 1{x > u},
 *                averaged over records (lower is better; in days). The widest symmetric pair of
 *                percentiles all records have is used: P5-P95 (alpha = 0.1) when present.
 * Errors (HistoryError 'invalid-record', culprit `records[i].field`): a missing p50 / p80 /
 * p95 or actual, a value that is not a number / date, mixed days and dates, percentiles
 * out of order. No records: 'not-enough-data'. Cost: O(records x percentiles). Pure.
 * Reference: T. Gneiting & A. E. Raftery, "Strictly proper scoring rules, prediction, and
 * estimation", JASA 102 (2007) 359-378.
 */
import type { CalendarSpec } from '../plan';
import { quantileSorted } from '../percentiles';
import { WorkingCalendar, dayNumber, isIsoDate } from '../working-calendar';
import { HistoryError } from './history-error';

export type ForecastRecord = { actual: number | string; p50: number | string; p80: number | string; p95: number | string } & Record<string, number | string | undefined>;

export interface CalibrationRow {
  /** Nominal level, e.g. 0.8 for P80. */
  level: number;
  /** Share of actuals at or before that percentile. */
  observed: number;
  count: number;
}

export interface ForecastScore {
  count: number;
  p80HitRate: number;
  p50Error: { mean: number; median: number; meanAbsolute: number };
  calibration: CalibrationRow[];
  interval?: { lower: string; upper: string; alpha: number; mean: number };
  /** 'working-days' | 'calendar-days' (dates without a calendar). */
  unit: 'working-days' | 'calendar-days';
}

const PERCENTILE_KEY = /^p(\d{1,2}(?:\.\d+)?)$/;

export function scoreForecasts(records: readonly ForecastRecord[], opts: { calendar?: CalendarSpec } = {}): ForecastScore {
  if (!Array.isArray(records)) throw new HistoryError('invalid-record', 'records must be a list', 'records');
  if (records.length === 0) throw new HistoryError('not-enough-data', 'there is nothing to score: no forecast with a known outcome');
  let kind: 'days' | 'dates' | undefined;
  let cal: WorkingCalendar | undefined;
  const toNumber = (v: unknown, where: string): number => {
    const k = typeof v === 'number' ? 'days' : typeof v === 'string' ? 'dates' : undefined;
    if (!k) throw new HistoryError('invalid-record', `${where} is missing or not a number of days / a date`, where);
    if (kind && k !== kind) throw new HistoryError('invalid-record', `${where}: records mix days and dates`, where);
    kind = k;
    if (k === 'days') {
      if (!Number.isFinite(v as number)) throw new HistoryError('invalid-record', `${where} is not a finite number`, where);
      return v as number;
    }
    const d = (v as string).slice(0, 10);
    if (!isIsoDate(d)) throw new HistoryError('invalid-record', `${where} is not a date: ${JSON.stringify(v)}`, where);
    if (!opts.calendar) return dayNumber(d);
    cal ??= new WorkingCalendar('2000-01-03', opts.calendar);
    return cal.workingDaysThrough(d);
  };

  // Percentile levels every record has.
  let common: Set<string> | undefined;
  const rows = records.map((r, i) => {
    if (!r || typeof r !== 'object') throw new HistoryError('invalid-record', `records[${i}] is not an object`, `records[${i}]`);
    const levels = new Map<string, number>();
    for (const key of ['p50', 'p80', 'p95']) if (r[key] === undefined) throw new HistoryError('invalid-record', `records[${i}] has no ${key}`, `records[${i}].${key}`);
    for (const [key, v] of Object.entries(r)) {
      const m = PERCENTILE_KEY.exec(key);
      if (!m || v === undefined) continue;
      const level = Number(m[1]);
      if (!(level > 0 && level < 100)) continue;
      levels.set(key, toNumber(v, `records[${i}].${key}`));
    }
    const actual = toNumber(r.actual, `records[${i}].actual`);
    const ordered = [...levels].sort((a, b) => Number(a[0].slice(1)) - Number(b[0].slice(1)));
    for (let k = 1; k < ordered.length; k++) {
      if (ordered[k][1] < ordered[k - 1][1]) throw new HistoryError('invalid-record', `records[${i}]: ${ordered[k][0]} is before ${ordered[k - 1][0]}`, `records[${i}].${ordered[k][0]}`);
    }
    const keys = new Set(levels.keys());
    common = common ? new Set([...common].filter((k) => keys.has(k))) : keys;
    return { levels, actual };
  });

  const n = rows.length;
  const hits = rows.filter((r) => r.actual <= r.levels.get('p80')!).length;
  const errors = rows.map((r) => r.actual - r.levels.get('p50')!);
  const sortedErrors = [...errors].sort((a, b) => a - b);
  const calibration = [...common!]
    .map((key) => ({ key, level: Number(key.slice(1)) / 100 }))
    .sort((a, b) => a.level - b.level)
    .map(({ key, level }) => ({ level, observed: rows.filter((r) => r.actual <= r.levels.get(key)!).length / n, count: n }));

  let interval: ForecastScore['interval'];
  const levels = [...common!].map((k) => Number(k.slice(1))).sort((a, b) => a - b);
  for (const lo of levels) {
    if (lo >= 50) break;
    const hiKey = `p${100 - lo}`;
    if (!common!.has(hiKey)) continue;
    const alpha = (2 * lo) / 100;
    const loKey = `p${lo}`;
    let sum = 0;
    for (const r of rows) {
      const l = r.levels.get(loKey)!, u = r.levels.get(hiKey)!, x = r.actual;
      sum += u - l + (x < l ? (2 / alpha) * (l - x) : 0) + (x > u ? (2 / alpha) * (x - u) : 0);
    }
    interval = { lower: loKey, upper: hiKey, alpha, mean: sum / n };
    break;
  }

  return {
    count: n,
    p80HitRate: hits / n,
    p50Error: { mean: errors.reduce((s, e) => s + e, 0) / n, median: quantileSorted(sortedErrors, 0.5), meanAbsolute: errors.reduce((s, e) => s + Math.abs(e), 0) / n },
    calibration,
    ...(interval ? { interval } : {}),
    unit: kind === 'dates' && !opts.calendar ? 'calendar-days' : 'working-days',
  };
}
