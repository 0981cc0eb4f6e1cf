/**
 * Finish-date distribution: histogram bars, the cumulative S-curve (right axis),
 * P50/P80/P95 markers and the due date with its probability. Geometry from
 * layoutDistribution; this file only draws it.
 */
import React from 'react';
import { tok } from './tokens';
import { ChartSvg, XAxis, YGrid } from './chart-frame';
import { layoutDistribution, type DistributionInput } from './distribution-layout';

export function DistributionChart(props: DistributionInput & { title?: string }): React.JSX.Element {
  const l = React.useMemo(() => layoutDistribution(props), [props.histogram, props.percentiles, props.due, props.dateOf, props.width, props.height]);
  const { plot } = l;
  const colors = { p50: tok.text, p80: tok.nearCritical, p95: tok.critical };
  return (
    <ChartSvg width={l.width} height={l.height} part="distribution" label={props.title ?? 'Finish date distribution'}>
      <YGrid plot={plot} ticks={l.yTicks} />
      {l.cumTicks.map((t) => <text key={`c${t.y}`} x={plot.right + 6} y={t.y + 4} fontSize={11} style={{ fill: tok.curve }}>{t.label}</text>)}
      <text x={plot.left - 40} y={plot.top - 12} fontSize={11} style={{ fill: tok.textSubtlest }}>Share of runs</text>
      <text x={plot.right + 40} y={plot.top - 12} fontSize={11} textAnchor="end" style={{ fill: tok.curve }}>Cumulative</text>
      {l.bars.map((b) => (
        <rect key={`b${b.from}`} className="cv-hist-bar" x={b.x} y={b.y} width={b.w} height={b.h} style={{ fill: tok.histogram, fillOpacity: 0.75 }}>
          <title>{`${b.count} runs (${(b.share * 100).toFixed(1)}%) finish in working days ${b.from.toFixed(1)}–${b.to.toFixed(1)}`}</title>
        </rect>
      ))}
      <path className="cv-scurve" d={l.curve} style={{ fill: 'none', stroke: tok.curve, strokeWidth: 2 }} />
      <XAxis plot={plot} ticks={l.xTicks} />
      {l.markers.map((m, i) => (
        <g key={m.key} className={`cv-marker cv-marker-${m.key}`} data-days={m.days}>
          <line x1={m.x} x2={m.x} y1={plot.top} y2={plot.bottom} style={{ stroke: colors[m.key], strokeWidth: 1.5, strokeDasharray: m.key === 'p50' ? undefined : '5 3' }} />
          <text x={m.x + 4} y={plot.top + 10 + i * 14} fontSize={11} fontWeight={700} style={{ fill: colors[m.key] }}>{m.label}</text>
        </g>
      ))}
      {l.due && (
        <g className="cv-due">
          <line x1={l.due.x} x2={l.due.x} y1={plot.top - 14} y2={plot.bottom} style={{ stroke: tok.success, strokeWidth: 2.5 }} />
          <text x={l.due.x} y={plot.top - 17} fontSize={11} fontWeight={700} textAnchor={l.due.x > (plot.left + plot.right) / 2 ? 'end' : 'start'} style={{ fill: tok.text }}>{l.due.label}</text>
        </g>
      )}
    </ChartSvg>
  );
}
