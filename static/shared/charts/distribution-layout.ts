/**
 * Finish-date distribution chart: the Monte Carlo histogram of the project finish
 * (working days after start) as bars, its cumulative share as an S-curve, vertical
 * markers at P50/P80/P95 and at the due date with its probability.
 *
 * Method: empty leading and trailing bins are trimmed; the S-curve is the running
 * sum of counts at each bin's right edge divided by the total (so it reaches 1).
 * The percentile markers use the report's exact percentiles, not the binned ones.
 * Cost: O(bins).
 */
import { formatPercent as formatPercentShared } from '../src/format';
import { linear, niceMax, niceTicks, round1 } from './scale';

export interface DistributionInput {
  histogram: { start: number; width: number; counts: number[] };
  percentiles: { p50: number; p80: number; p95: number };
  due?: { days: number; probability: number; date: string };
  /** Date label of a finish of x working days (e.g. the calendar's finishDate). */
  dateOf: (days: number) => string;
  width?: number;
  height?: number;
}

export interface DistributionLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  bars: Array<{ x: number; y: number; w: number; h: number; from: number; to: number; count: number; share: number }>;
  curve: string;
  markers: Array<{ key: 'p50' | 'p80' | 'p95'; x: number; days: number; label: string }>;
  due?: { x: number; label: string; probability: number };
  xTicks: Array<{ x: number; label: string }>;
  yTicks: Array<{ y: number; label: string }>;
  cumTicks: Array<{ y: number; label: string }>;
  total: number;
}

export function layoutDistribution(input: DistributionInput): DistributionLayout {
  const width = input.width ?? 720;
  const height = input.height ?? 300;
  const plot = { left: 48, top: 28, right: width - 48, bottom: height - 40 };
  const { start, width: bw, counts } = input.histogram;
  let first = counts.findIndex((c) => c > 0);
  let last = counts.length - 1;
  while (last >= 0 && counts[last] === 0) last--;
  if (first < 0) { first = 0; last = -1; }
  const total = counts.reduce((a, b) => a + b, 0);
  const p = input.percentiles;
  let lo = first <= last ? start + first * bw : p.p50 - 1;
  let hi = first <= last ? start + (last + 1) * bw : p.p95 + 1;
  lo = Math.min(lo, p.p50);
  hi = Math.max(hi, p.p95);
  if (input.due && input.due.days >= lo - (hi - lo) * 0.5 && input.due.days <= hi + (hi - lo) * 0.5) {
    lo = Math.min(lo, input.due.days);
    hi = Math.max(hi, input.due.days);
  }
  const pad = Math.max(bw, (hi - lo) * 0.03);
  lo -= pad; hi += pad;
  const sx = linear(lo, hi, plot.left, plot.right);
  let maxShare = 0;
  for (let i = first; i <= last; i++) maxShare = Math.max(maxShare, counts[i] / (total || 1));
  const yMax = niceMax(maxShare || 0.01, 4);
  const sy = linear(0, yMax, plot.bottom, plot.top);
  const sc = linear(0, 1, plot.bottom, plot.top);

  const bars: DistributionLayout['bars'] = [];
  const pts: string[] = [];
  let run = 0;
  if (first <= last) pts.push(`M${round1(sx(start + first * bw))},${round1(sc(0))}`);
  for (let i = first; i <= last; i++) {
    const from = start + i * bw, to = from + bw;
    const share = counts[i] / (total || 1);
    const x0 = sx(from), x1 = sx(to);
    bars.push({ x: round1(x0 + 0.5), y: round1(sy(share)), w: round1(Math.max(0.5, x1 - x0 - 1)), h: round1(plot.bottom - sy(share)), from, to, count: counts[i], share });
    run += counts[i];
    pts.push(`L${round1(x1)},${round1(sc(run / (total || 1)))}`);
  }
  const markers = (['p50', 'p80', 'p95'] as const).map((key) => ({
    key, x: round1(sx(p[key])), days: p[key], label: `${key.toUpperCase()} ${input.dateOf(p[key])}`,
  }));
  let due: DistributionLayout['due'];
  if (input.due) {
    const dx = Math.min(plot.right, Math.max(plot.left, sx(input.due.days)));
    due = { x: round1(dx), probability: input.due.probability, label: `Due ${input.due.date}: ${formatPercent(input.due.probability)}` };
  }
  const xTicks = niceTicks(lo, hi, Math.max(3, Math.floor((plot.right - plot.left) / 110)))
    .filter((v) => v >= lo && v <= hi)
    .map((v) => ({ x: round1(sx(v)), label: input.dateOf(v) }));
  const yTicks = niceTicks(0, yMax, 4).map((v) => ({ y: round1(sy(v)), label: `${round1(v * 100)}%` }));
  const cumTicks = [0, 0.25, 0.5, 0.75, 1].map((v) => ({ y: round1(sc(v)), label: `${v * 100}%` }));
  return { width, height, plot, bars, curve: pts.join(' '), markers, due, xTicks, yTicks, cumTicks, total };
}

/** 0.723 -> "72%" (the panels' one formatter, static/shared/src/format.ts; kept here for the chart modules' imports). */
export function formatPercent(p: number): string {
  return formatPercentShared(p);
}
