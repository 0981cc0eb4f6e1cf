/**
 * Geometry of the forecast trend: P50/P80/P95 finish dates (y) of each snapshot by the day it
 * was taken (x), against the due date (a horizontal line). Both axes are calendar days (UTC day
 * numbers), so a line that climbs 1:1 is a forecast slipping a day per day. Pure; no React.
 */
import { linear } from '../../shared/charts/scale';
import { dayNumber, formatDate, isoFromDayNumber } from '../../shared/charts/calendar-axis';
import type { PlotBox } from '../../shared/charts/chart-frame';

export interface TrendPoint {
  /** YYYY-MM-DD the forecast was made. */
  at: string;
  p50: string;
  p80: string;
  p95: string;
  /** Snapshot id; absent for "now". */
  id?: string;
}

export interface TrendInput {
  points: TrendPoint[];
  due?: string;
  width: number;
  height: number;
}

export interface TrendLayout {
  width: number;
  height: number;
  plot: PlotBox;
  lines: Array<{ key: 'p50' | 'p80' | 'p95'; d: string; dots: Array<{ x: number; y: number; date: string; at: string; id?: string }> }>;
  xTicks: Array<{ x: number; label: string }>;
  yTicks: Array<{ y: number; label: string }>;
  due?: { y: number; label: string };
}

/** The UTC day number of a date or timestamp (its first 10 characters). */
export const dayOf = (iso: string) => dayNumber(iso.slice(0, 10));
const label = (day: number) => formatDate(isoFromDayNumber(day), false);

/** About `count` ticks on whole days, at a step of 1, 7, 14, 28 or a multiple of 28 days. */
function dayTicks(lo: number, hi: number, count: number): number[] {
  const span = Math.max(1, hi - lo);
  const raw = span / Math.max(1, count);
  const step = raw <= 1 ? 1 : raw <= 7 ? 7 : raw <= 14 ? 14 : Math.ceil(raw / 28) * 28;
  const out: number[] = [];
  for (let d = Math.ceil(lo / step) * step; d <= hi; d += step) out.push(d);
  return out.length ? out : [lo];
}

export function layoutTrend(input: TrendInput): TrendLayout {
  const { width, height } = input;
  const plot: PlotBox = { left: 64, right: width - 24, top: 24, bottom: height - 32 };
  const pts = input.points;
  const xs = pts.map((p) => dayOf(p.at));
  const ys = pts.flatMap((p) => [dayOf(p.p50), dayOf(p.p80), dayOf(p.p95)]);
  if (input.due) ys.push(dayOf(input.due));
  const x0 = Math.min(...xs), x1 = Math.max(...xs);
  const y0 = Math.min(...ys), y1 = Math.max(...ys);
  // One point still gets a visible span: a week either side.
  const xPad = x1 === x0 ? 7 : Math.max(1, Math.round((x1 - x0) * 0.04));
  const yPad = Math.max(2, Math.round((y1 - y0) * 0.08));
  const xs0 = x0 - xPad, xs1 = x1 + xPad, ys0 = y0 - yPad, ys1 = y1 + yPad;
  const sx = linear(xs0, xs1, plot.left, plot.right);
  const sy = linear(ys0, ys1, plot.bottom, plot.top);
  const lines = (['p50', 'p80', 'p95'] as const).map((key) => {
    const dots = pts.map((p) => ({ x: sx(dayOf(p.at)), y: sy(dayOf(p[key])), date: p[key], at: p.at, ...(p.id ? { id: p.id } : {}) }));
    const d = dots.map((q, i) => `${i ? 'L' : 'M'}${q.x.toFixed(1)},${q.y.toFixed(1)}`).join('');
    return { key, d, dots };
  });
  return {
    width, height, plot, lines,
    xTicks: dayTicks(xs0, xs1, Math.max(2, Math.floor((plot.right - plot.left) / 90))).map((d) => ({ x: sx(d), label: label(d) })),
    yTicks: dayTicks(ys0, ys1, 5).map((d) => ({ y: sy(d), label: label(d) })),
    ...(input.due ? { due: { y: sy(dayOf(input.due)), label: `Due ${label(dayOf(input.due))}` } } : {}),
  };
}
