/**
 * Geometry of the calibration chart (a reliability diagram): expected share of actual finishes at
 * or before each percentile (its level, x) against the observed share (y), both 0..100 %, with the
 * diagonal a calibrated forecaster would lie on. Points above the diagonal: forecasts were too late
 * (pessimistic); below: too early (optimistic). Pure; cost O(points).
 */
import { linear } from '../../shared/charts/scale';
import type { PlotBox } from '../../shared/charts/chart-frame';

export interface CalibrationSeries {
  key: string;
  label: string;
  rows: ReadonlyArray<{ level: number; observed: number; count: number }>;
}

export interface CalibrationLayout {
  width: number;
  height: number;
  plot: PlotBox;
  xTicks: Array<{ x: number; label: string }>;
  yTicks: Array<{ y: number; label: string }>;
  diagonal: { x1: number; y1: number; x2: number; y2: number };
  series: Array<{ key: string; label: string; d: string; dots: Array<{ x: number; y: number; level: number; observed: number; count: number }> }>;
}

const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];
const pct = (v: number) => `${Math.round(v * 100)}%`;

export function layoutCalibration(series: readonly CalibrationSeries[], width = 360, height = 300): CalibrationLayout {
  const plot: PlotBox = { left: 52, top: 16, right: width - 16, bottom: height - 40 };
  const x = linear(0, 1, plot.left, plot.right);
  const y = linear(0, 1, plot.bottom, plot.top);
  const r1 = (v: number) => Math.round(v * 10) / 10;
  return {
    width, height, plot,
    xTicks: TICKS.map((t) => ({ x: r1(x(t)), label: pct(t) })),
    yTicks: TICKS.map((t) => ({ y: r1(y(t)), label: pct(t) })),
    diagonal: { x1: r1(x(0)), y1: r1(y(0)), x2: r1(x(1)), y2: r1(y(1)) },
    series: series.filter((s) => s.rows.length > 0).map((s) => {
      const dots = [...s.rows].sort((a, b) => a.level - b.level).map((row) => ({ x: r1(x(row.level)), y: r1(y(row.observed)), level: row.level, observed: row.observed, count: row.count }));
      return { key: s.key, label: s.label, d: dots.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(''), dots };
    }),
  };
}
