/** The forecast trend chart (P50/P80/P95 over time against the due date); geometry from layoutTrend. */
import React from 'react';
import { tok } from '../../shared/charts/tokens';
import { ChartSvg, XAxis, YGrid } from '../../shared/charts/chart-frame';
import { layoutTrend, type TrendInput } from './trend-layout';

const COLORS = { p50: tok.text, p80: tok.nearCritical, p95: tok.critical };

export function TrendChart(props: TrendInput & { title?: string }): React.JSX.Element {
  const l = React.useMemo(() => layoutTrend(props), [props.points, props.due, props.width, props.height]);
  const { plot } = l;
  return (
    <ChartSvg width={l.width} height={l.height} part="trend" label={props.title ?? 'Forecast trend'} className="fp-trend">
      <YGrid plot={plot} ticks={l.yTicks} />
      <text x={plot.left - 56} y={plot.top - 10} fontSize={11} style={{ fill: tok.textSubtlest }}>Forecast finish</text>
      <XAxis plot={plot} ticks={l.xTicks} />
      {l.due && (
        <g className="fp-trend-due">
          <line x1={plot.left} x2={plot.right} y1={l.due.y} y2={l.due.y} style={{ stroke: tok.success, strokeWidth: 2 }} />
          <text x={plot.right - 4} y={l.due.y - 5} fontSize={11} fontWeight={700} textAnchor="end" style={{ fill: tok.text }}>{l.due.label}</text>
        </g>
      )}
      {l.lines.map((line) => (
        <g key={line.key} className={`fp-trend-line fp-trend-${line.key}`}>
          <path d={line.d} style={{ fill: 'none', stroke: COLORS[line.key], strokeWidth: 2, strokeDasharray: line.key === 'p50' ? undefined : '5 3' }} />
          {line.dots.map((d, i) => (
            <circle key={i} cx={d.x} cy={d.y} r={3.5} style={{ fill: COLORS[line.key] }} data-date={d.date}>
              <title>{`${line.key.toUpperCase()} ${d.date} (forecast of ${d.at}${d.id ? '' : ', now'})`}</title>
            </circle>
          ))}
          {line.dots.length > 0 && (
            <text x={line.dots[line.dots.length - 1].x + 6} y={line.dots[line.dots.length - 1].y + 4} fontSize={11} fontWeight={700} style={{ fill: COLORS[line.key] }}>{line.key.toUpperCase()}</text>
          )}
        </g>
      ))}
    </ChartSvg>
  );
}
