/**
 * Linear scales and "nice" ticks (1, 2, 5 x 10^k steps, as d3-scale does) for the
 * numeric axes of the charts. Cost: O(number of ticks).
 */
export type Scale = (v: number) => number;

export function linear(d0: number, d1: number, r0: number, r1: number): Scale {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Tick values covering [lo, hi] with about `count` steps of 1, 2 or 5 x 10^k. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const err = raw / pow;
  const step = (err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1) * pow;
  const out: number[] = [];
  // Integer multiples of the step, cleaned of binary noise (0.30000000000000004 -> 0.3).
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/** The smallest tick value at or above `max` on the nice grid of [0, max] (so no bar pokes above the axis). */
export function niceMax(max: number, count = 4): number {
  const ticks = niceTicks(0, max, count);
  if (ticks.length < 2) return max;
  const step = ticks[1] - ticks[0];
  const last = ticks[ticks.length - 1];
  return last >= max - step * 1e-9 ? last : Number((last + step).toPrecision(12));
}
