/**
 * Per-issue CSV export: schedule dates, floats, criticality and finish percentiles.
 * RFC 4180 quoting; text cells that a spreadsheet would run as a formula
 * (leading = + - @ tab CR) are prefixed with an apostrophe (OWASP CSV injection).
 */
import type { ProjectForecast } from '../../../src/resolvers/contract';
import type { TaskForecastExtras } from './model';

export const CSV_COLUMNS = [
  'key', 'summary', 'epic', 'type', 'status', 'start', 'finish', 'duration_days', 'total_float_days', 'free_float_days',
  'critical_path', 'criticality', 'sensitivity', 'finish_p50', 'finish_p80', 'finish_p90', 'finish_p95', 'due', 'due_probability', 'estimate_source',
] as const;

export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function forecastCsv(pf: ProjectForecast): string {
  const issues = new Map(pf.issues.map((i) => [i.key, i]));
  const tf = new Map(pf.forecast.tasks.map((t) => [t.id, t as TaskForecastExtras]));
  const onPath = new Set(pf.schedule.criticalPath);
  const lines = [CSV_COLUMNS.join(',')];
  for (const t of pf.schedule.tasks) {
    const i = issues.get(t.id);
    const f = tf.get(t.id);
    const row = [
      t.id, i?.summary ?? t.name, i?.epic, i?.issueType, t.status, t.startDate, t.finishDate, t.duration, t.totalFloat, t.freeFloat,
      onPath.has(t.id), f?.criticality ?? pf.forecast.criticality[t.id], f?.sensitivity, f?.finishDate.p50, f?.finishDate.p80, f?.finishDate.p90, f?.finishDate.p95,
      i?.due, f?.dueProbability, i?.estimateSource,
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
