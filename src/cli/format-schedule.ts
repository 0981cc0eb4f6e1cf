/**
 * Human-readable `converge schedule` output: one row per task in file order
 * (id, name, start and finish dates, working days, total float, a critical
 * marker), then the critical path, the near-critical tasks and the finish date.
 * Pure: returns the text, the command prints it.
 */
import type { ScheduleReport } from '../engine/reports';

const NAME_WIDTH = 42;

export function formatSchedule(report: ScheduleReport, title?: string): string {
  const hasDelays = report.tasks.some((t) => t.delayedBy);
  const header = ['', 'id', 'name', 'start', 'finish', 'days', 'float', ...(hasDelays ? ['waits for'] : [])];
  const rows = report.tasks.map((t) => [
    t.critical ? '*' : '',
    t.id,
    clip(t.name ?? '', NAME_WIDTH),
    // A milestone is reached at the end of its finish date; showing the next day as its start would confuse.
    t.finish === t.start ? t.finishDate : t.startDate,
    t.finishDate,
    days(t.finish - t.start),
    days(t.totalFloat),
    ...(hasDelays ? [t.delayedBy ?? ''] : []),
  ]);
  const numeric = new Set([5, 6]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();

  const out: string[] = [];
  if (title) out.push(title, '');
  out.push(line(header));
  for (const r of rows) out.push(line(r));
  out.push('', '* critical (no float); dates are working days; float in working days', '');
  out.push(`Critical path: ${report.criticalPath.length ? report.criticalPath.join(' -> ') : '(none)'}`);
  const critical = new Set(report.tasks.filter((t) => t.critical).map((t) => t.id));
  const nearOnly = report.nearCritical.filter((id) => !critical.has(id));
  if (nearOnly.length) out.push(`Near-critical (float <= ${days(report.nearCriticalDays)} days): ${nearOnly.join(', ')}`);
  out.push(`Finish: ${report.finishDate} (${days(report.makespan)} working days)`);
  if (report.warnings.length) {
    out.push('', 'Warnings:');
    for (const w of report.warnings) out.push(`  - ${w}`);
  }
  return out.join('\n') + '\n';
}

function clip(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}

/** Working days with at most two decimals, no trailing zeros. */
function days(x: number): string {
  return String(Math.round(x * 100) / 100 + 0);
}
