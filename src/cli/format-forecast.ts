/** The human-readable summary of a ForecastReport (what `converge forecast` prints without --json). */
import type { ForecastReport } from '../engine/reports';

const pct = (x: number) => `${(100 * x).toFixed(x > 0 && x < 0.01 ? 1 : 0)}%`;
const num = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

function table(rows: string[][], indent = '  '): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => indent + r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ').trimEnd()).join('\n');
}

export function formatForecast(report: ForecastReport, meta: { name?: string; start: string; parseWarnings?: string[] }): string {
  const out: string[] = [];
  const d = report.deterministic;
  out.push(`Forecast${meta.name ? ` of ${meta.name}` : ''}: ${report.iterations.toLocaleString('en-US')} iterations, seed ${report.seed}`);
  out.push(`Start ${meta.start}; most-likely (deterministic) finish ${d.finishDate} (${num(d.finishDays)} working days)`);
  out.push('');
  const f = report.finishDays, fd = report.finishDate;
  out.push('Finish');
  out.push(table([
    ['', 'P10', 'P50', 'P80', 'P90', 'P95'],
    ['date', fd.p10, fd.p50, fd.p80, fd.p90, fd.p95],
    ['working days', num(f.p10), num(f.p50), num(f.p80), num(f.p90), num(f.p95)],
  ]));
  out.push(`  mean ${num(f.mean)} working days`);
  out.push('');
  if (report.due) {
    out.push(`Due ${report.due.date}: ${pct(report.due.probability)} chance of finishing by the end of that day (${num(report.due.days)} working days)`);
  } else {
    out.push('Due date: none given (add "due" to the plan or pass --due YYYY-MM-DD)');
  }
  out.push('');
  const path = d.criticalPath;
  const shown = path.length > 12 ? [...path.slice(0, 6), `... ${path.length - 10} more ...`, ...path.slice(-4)] : path;
  out.push(`Critical path (${path.length} task${path.length === 1 ? '' : 's'}): ${shown.join(' -> ') || '(none)'}`);
  out.push('');
  if (report.drivers.length) {
    out.push('Top risk drivers (cruciality = criticality x sensitivity)');
    out.push(table([
      ['task', 'criticality', 'sensitivity', 'cruciality'],
      ...report.drivers.map((r) => [`${r.id}${r.name ? ` ${r.name.length > 40 ? `${r.name.slice(0, 39)}…` : r.name}` : ''}`, pct(r.criticality), r.sensitivity.toFixed(2), r.cruciality.toFixed(2)]),
    ]));
  } else {
    out.push('Top risk drivers: none (no task both varies and drives the finish)');
  }
  if (report.resources?.length) {
    out.push('');
    out.push('Resource pools (share of iterations in which the pool delayed the finish; peak of the daily P80 use)');
    out.push(table([
      ['pool', 'delayed finish', 'peak P80 use', 'capacity'],
      ...report.resources.map((p) => [
        `${p.id}${p.name ? ` ${p.name}` : ''}`,
        pct(p.criticality),
        num(p.usage.p80.reduce((m, x) => Math.max(m, x), 0)),
        num(p.capacity),
      ]),
    ]));
    const top = [...report.resources].sort((a, b) => b.criticality - a.criticality)[0];
    if (top.criticality > 0) out.push(`  ${top.id} delayed the finish in ${pct(top.criticality)} of iterations`);
  }
  if (report.risks?.length) {
    out.push('');
    out.push('Risk events (P80 contribution = P80 finish minus the P80 of the iterations without the risk, working days)');
    const signed = (x: number | null) => (x === null ? 'n/a' : `${x > 0 ? '+' : ''}${num(x)}`);
    out.push(table([
      ['risk', 'probability', 'occurred', 'P80 contribution', 'mean delay', 'tasks hit'],
      ...report.risks.map((r) => [
        `${r.id}${r.name ? ` ${r.name.length > 40 ? `${r.name.slice(0, 39)}…` : r.name}` : ''}`,
        pct(r.probability),
        pct(r.occurred),
        signed(r.p80ContributionDays),
        signed(r.meanDelayDays),
        String(r.tasks.length),
      ]),
    ]));
  }
  const warnings = [...(meta.parseWarnings ?? []), ...report.warnings, ...report.schedule.warnings];
  if (warnings.length) {
    out.push('');
    out.push('Warnings');
    for (const w of warnings) out.push(`  - ${w}`);
  }
  return `${out.join('\n')}\n`;
}
