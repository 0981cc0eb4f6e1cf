/**
 * The frame the numeric charts share (finish distribution, pool usage, forecast trend):
 * an <svg> of the layout's size filled with the surface colour, horizontal grid lines
 * with their value labels left of the plot, and the bottom axis line with its labels.
 * Each chart places YGrid and XAxis among its own marks, so it keeps its own paint
 * order (later elements paint over earlier ones). Rendering only, no state.
 */
import React from 'react';
import { tok } from './tokens';

export interface PlotBox { left: number; top: number; right: number; bottom: number }

/** The chart's <svg>: sized to the layout, scaled down on narrow screens, `part` names it for export. */
export function ChartSvg(props: { width: number; height: number; part: string; label: string; className?: string; children: React.ReactNode }): React.JSX.Element {
  const { width, height } = props;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} data-export-part={props.part} role="img" aria-label={props.label}
      className={props.className} style={{ display: 'block', fontFamily: tok.font, maxWidth: '100%' }}>
      <rect x={0} y={0} width={width} height={height} style={{ fill: tok.surface }} />
      {props.children}
    </svg>
  );
}

/** Horizontal grid lines across the plot, each labelled at its left end. */
export function YGrid({ plot, ticks }: { plot: PlotBox; ticks: ReadonlyArray<{ y: number; label: string }> }): React.JSX.Element {
  return (
    <>
      {ticks.map((t) => (
        <g key={`y${t.y}`}>
          <line x1={plot.left} x2={plot.right} y1={t.y} y2={t.y} style={{ stroke: tok.border }} />
          <text x={plot.left - 6} y={t.y + 4} fontSize={11} textAnchor="end" style={{ fill: tok.textSubtlest }}>{t.label}</text>
        </g>
      ))}
    </>
  );
}

/** The bottom axis line and its labels, `labelGap` px below it; `tickMarks` adds a 4 px mark at each label. */
export function XAxis({ plot, ticks, tickMarks = true, labelGap = 17 }: { plot: PlotBox; ticks: ReadonlyArray<{ x: number; label: string }>; tickMarks?: boolean; labelGap?: number }): React.JSX.Element {
  return (
    <>
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} style={{ stroke: tok.borderBold }} />
      {ticks.map((t) => (
        <g key={`x${t.x}`}>
          {tickMarks && <line x1={t.x} x2={t.x} y1={plot.bottom} y2={plot.bottom + 4} style={{ stroke: tok.borderBold }} />}
          <text x={t.x} y={plot.bottom + labelGap} fontSize={11} textAnchor="middle" style={{ fill: tok.textSubtlest }}>{t.label}</text>
        </g>
      ))}
    </>
  );
}
