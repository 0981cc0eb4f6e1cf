/**
 * Finish-date distribution: histogram bars, the cumulative S-curve (right axis),
 * P50/P80/P95 markers and the due date with its probability. Geometry from
 * layoutDistribution; this file only draws it.
 */
import React from 'react';
import { tok } from './tokens';
import { layoutDistribution, type DistributionInput } from './distribution-layout';

export function DistributionChart(props: DistributionInput & { title?: string }): React.JSX.Element {
  const l = React.useMemo(() => layoutDistribution(props), [props.histogram, props.percentiles, props.due, props.dateOf, props.width, props.height]);
  const { plot } = l;
  const colors = { p50: tok.text, p80: tok.nearCritical, p95: tok.critical };
  return (
    <svg width={l.width} height={l.height} data-export-part="distribution" role="img" aria-label={props.title ?? 'Finish date distribution'} style={{ display: 'block', fontFamily: tok.font, maxWidth: '100%' }} viewBox={`0 0 ${l.width} ${l.height}`}>
      <rect x={0} y={0} width={l.width} height={l.height} style={{ fill: tok.surface }} />
      {l.yTicks.map((t) => (
        <g key={`y${t.y}`}>
          <line x1={plot.left} x2={plot.right} y1={t.y} y2={t.y} style={{ stroke: tok.border }} />
          <text x={plot.left - 6} y={t.y + 4} fontSize={11} textAnchor="end" style={{ fill: tok.textSubtlest }}>{t.label}</text>
        </g>
      ))}
      {l.cumTicks.map((t) => <text key={`c${t.y}`} x={plot.right + 6} y={t.y + 4} fontSize={11} style={{ fill: tok.curve }}>{t.label}</text>)}
      <text x={plot.left - 40} y={plot.top - 12} fontSize={11} style={{ fill: tok.textSubtlest }}>Share of runs</text>
      <text x={plot.right + 40} y={plot.top - 12} fontSize={11} textAnchor="end" style={{ fill: tok.curve }}>Cumulative</text>
      {l.bars.map((b) => (
        <rect key={`b${b.from}`} className="cv-hist-bar" x={b.x} y={b.y} width={b.w} height={b.h} style={{ fill: tok.histogram, fillOpacity: 0.75 }}>
          <title>{`${b.count} runs (${(b.share * 100).toFixed(1)}%) finish in working days ${b.from.toFixed(1)}–${b.to.toFixed(1)}`}</title>
        </rect>
      ))}
      <path className="cv-scurve" d={l.curve} style={{ fill: 'none', stroke: tok.curve, strokeWidth: 2 }} />
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} style={{ stroke: tok.borderBold }} />
      {l.xTicks.map((t) => (
        <g key={`x${t.x}`}>
          <line x1={t.x} x2={t.x} y1={plot.bottom} y2={plot.bottom + 4} style={{ stroke: tok.borderBold }} />
          <text x={t.x} y={plot.bottom + 17} fontSize={11} textAnchor="middle" style={{ fill: tok.textSubtlest }}>{t.label}</text>
        </g>
      ))}
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
    </svg>
  );
}
