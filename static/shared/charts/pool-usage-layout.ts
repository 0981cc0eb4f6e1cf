/**
 * Pool usage over time: for each resource pool, the units in use on each working
 * day as a filled step area, the capacity as a step line, and the days where usage
 * exceeds capacity marked. Long horizons are bucketed (the maximum of each bucket,
 * so an overload is never averaged away) to at most `maxPoints` steps, which keeps
 * the SVG small for multi-year plans. Cost: O(days) per pool.
 */
import { linear, niceMax, niceTicks, round1 } from './scale';

export interface PoolSeries {
  id: string;
  name?: string;
  capacity: number[];
  usage: number[];
}

export interface PoolLayout {
  id: string;
  name: string;
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  usagePath: string;
  capacityPath: string;
  overloads: Array<{ x: number; w: number }>;
  peak: number;
  peakShare: number;
  overloadDays: number;
  xTicks: Array<{ x: number; label: string }>;
  yTicks: Array<{ y: number; label: string }>;
}

export function bucketMax(values: readonly number[], buckets: number): number[] {
  if (values.length <= buckets) return [...values];
  const out: number[] = [];
  const size = values.length / buckets;
  for (let b = 0; b < buckets; b++) {
    let m = -Infinity;
    for (let i = Math.floor(b * size); i < Math.floor((b + 1) * size); i++) m = Math.max(m, values[i]);
    out.push(m);
  }
  return out;
}

export function layoutPoolUsage(pool: PoolSeries, opts: { dateOf: (day: number) => string; width?: number; height?: number; maxPoints?: number }): PoolLayout {
  const width = opts.width ?? 720;
  const height = opts.height ?? 140;
  const plot = { left: 48, top: 12, right: width - 16, bottom: height - 26 };
  const n = Math.max(pool.usage.length, pool.capacity.length);
  const cap = Array.from({ length: n }, (_, i) => pool.capacity[Math.min(i, pool.capacity.length - 1)] ?? 0);
  const use = Array.from({ length: n }, (_, i) => pool.usage[i] ?? 0);
  const maxPoints = opts.maxPoints ?? 240;
  const u = bucketMax(use, maxPoints);
  // Capacity is bucketed by its minimum: the tightest capacity is what the usage must fit under.
  const c = cap.length <= maxPoints ? cap : bucketMax(cap.map((v) => -v), maxPoints).map((v) => -v);
  const m = u.length;
  const dayPer = n / Math.max(1, m);
  const yMax = niceMax(Math.max(1, ...u, ...c), 4);
  const sx = linear(0, Math.max(1, m), plot.left, plot.right);
  const sy = linear(0, yMax, plot.bottom, plot.top);
  const step = (vals: number[]) => {
    if (!vals.length) return '';
    const parts = [`M${round1(sx(0))},${round1(sy(vals[0]))}`];
    for (let i = 0; i < vals.length; i++) {
      if (i > 0) parts.push(`V${round1(sy(vals[i]))}`);
      parts.push(`H${round1(sx(i + 1))}`);
    }
    return parts.join(' ');
  };
  const usageLine = step(u);
  const usagePath = u.length ? `${usageLine} V${round1(sy(0))} H${round1(sx(0))} Z` : '';
  const overloads: PoolLayout['overloads'] = [];
  for (let i = 0; i < m; i++) {
    if (u[i] > c[i] + 1e-9) {
      const last = overloads.at(-1);
      const x0 = round1(sx(i));
      if (last && Math.abs(last.x + last.w - x0) < 0.2) last.w = round1(sx(i + 1) - last.x);
      else overloads.push({ x: x0, w: round1(sx(i + 1) - sx(i)) });
    }
  }
  let overloadDays = 0;
  for (let i = 0; i < n; i++) if (use[i] > cap[i] + 1e-9) overloadDays++;
  const peak = Math.max(0, ...use);
  const peakShare = Math.max(0, ...use.map((v, i) => (cap[i] > 0 ? v / cap[i] : v > 0 ? Infinity : 0)));
  const xTicks = niceTicks(0, n, Math.max(2, Math.floor((plot.right - plot.left) / 120)))
    .filter((d) => d < n)
    .map((d) => ({ x: round1(sx(d / dayPer)), label: opts.dateOf(d) }));
  const yTicks = niceTicks(0, yMax, 3).map((v) => ({ y: round1(sy(v)), label: String(v) }));
  return { id: pool.id, name: pool.name ?? pool.id, width, height, plot, usagePath, capacityPath: step(c), overloads, peak, peakShare, overloadDays, xTicks, yTicks };
}
