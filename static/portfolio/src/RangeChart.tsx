/**
 * Portfolio range chart: one row per project on a shared calendar axis, a bar
 * from its P50 to its P95 finish with a tick at P80, and its due date as a
 * diamond, so programmes compare at a glance.
 */
import { formatDate, monthTicks, weekTicks, dayNumber } from '../../shared/charts/calendar-axis';
import { tok } from '../../shared/charts/tokens';
import type { ProjectForecast } from '../../../src/resolvers/contract';

export function RangeChart({ projects, width = 860 }: { projects: ProjectForecast[]; width?: number }) {
  const rowH = 34, top = 28, left = 140, right = width - 20;
  const days = projects.flatMap((p) => [p.forecast.finishDate.p50, p.forecast.finishDate.p95, p.forecast.due?.date].filter((d): d is string => !!d).map(dayNumber));
  if (!days.length) return null;
  const lo = Math.min(...days) - 10, hi = Math.max(...days) + 10;
  const x = (iso: string) => left + ((dayNumber(iso) - lo) / (hi - lo)) * (right - left);
  // Weekly ticks for a short span, monthly otherwise.
  const ticks = hi - lo < 120 ? weekTicks(lo, hi) : monthTicks(lo, hi, false);
  const height = top + projects.length * rowH + 8;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Finish date ranges by project (P50 to P95)" data-export-part="portfolio" style={{ display: 'block', maxWidth: '100%', fontFamily: tok.font }}>
      {ticks.map((t) => (
        <g key={t.day}>
          <line x1={left + ((t.day - lo) / (hi - lo)) * (right - left)} x2={left + ((t.day - lo) / (hi - lo)) * (right - left)} y1={top - 6} y2={height} style={{ stroke: tok.border }} />
          <text x={left + ((t.day - lo) / (hi - lo)) * (right - left) + 3} y={top - 10} fontSize={11} style={{ fill: tok.textSubtlest }}>{t.label}</text>
        </g>
      ))}
      {projects.map((p, i) => {
        const y = top + i * rowH, f = p.forecast.finishDate;
        const x50 = x(f.p50), x80 = x(f.p80), x95 = x(f.p95);
        const prob = p.forecast.due?.probability;
        const fill = prob === undefined ? tok.bar : prob >= 0.8 ? tok.success : prob >= 0.5 ? tok.nearCritical : tok.critical;
        return (
          <g key={p.projectKey} className="pf-range" data-key={p.projectKey}>
            <text x={8} y={y + rowH / 2 + 4} fontSize={13} fontWeight={600} style={{ fill: tok.text }}>{p.projectKey}</text>
            <rect x={x50} y={y + 9} width={Math.max(2, x95 - x50)} height={rowH - 18} rx={3} style={{ fill, fillOpacity: 0.8 }}>
              <title>{`${p.projectKey}: P50 ${formatDate(f.p50)}, P80 ${formatDate(f.p80)}, P95 ${formatDate(f.p95)}`}</title>
            </rect>
            <line x1={x80} x2={x80} y1={y + 6} y2={y + rowH - 6} style={{ stroke: tok.text, strokeWidth: 2 }} />
            {p.forecast.due && <path d={`M${x(p.forecast.due.date)},${y + rowH / 2 - 7} l7,7 l-7,7 l-7,-7 z`} style={{ fill: tok.text }}><title>{`Due ${formatDate(p.forecast.due.date)}`}</title></path>}
          </g>
        );
      })}
    </svg>
  );
}
