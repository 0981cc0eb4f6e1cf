import seedrandom from 'seedrandom';
import { SerialSgs } from '../../../src/engine/rcpsp/serial-sgs';
import type { RcpspProblem } from '../../../src/engine/rcpsp/rcpsp-problem';
import { listFromPriority, lftPriority } from '../../../src/engine/rcpsp/priority-rules';
import { checkSchedule } from './check-schedule';
import { randomProblem } from './random-problem';

/** Brute force: the earliest t >= t0 at which activity j fits beside the activities already placed. */
function earliestByHand(p: RcpspProblem, j: number, t0: number, placed: number[], start: Float64Array, finish: Float64Array): number {
  const d = p.duration[j];
  if (d === 0) return t0;
  const candidates = [t0, ...placed.map((i) => finish[i]), ...p.capacity.flatMap((c) => c.times)].filter((t) => t >= t0).sort((a, b) => a - b);
  const fits = (t: number): boolean => {
    const points = [t, ...placed.map((i) => start[i]), ...p.capacity.flatMap((c) => c.times)].filter((x) => x >= t && x < t + d);
    for (const x of points) {
      for (let r = 0; r < p.R; r++) {
        const q = p.demand[j * p.R + r];
        if (q === 0) continue;
        const c = p.capacity[r];
        let cap = c.base;
        for (let k = 0; k < c.times.length && c.times[k] <= x; k++) cap = c.values[k];
        let use = q;
        for (const i of placed) if (start[i] <= x && x < finish[i]) use += p.demand[i * p.R + r];
        if (use > cap + 1e-9) return false;
      }
    }
    return true;
  };
  for (const t of candidates) if (fits(t)) return t;
  return Infinity;
}

describe('SerialSgs', () => {
  it('returns Infinity when a demand exceeds the capacity from some time on', () => {
    const p = randomProblem(seedrandom('0'), 5, false, false);
    p.demand[2 * p.R] = 9;
    const sgs = new SerialSgs(p);
    const s = new Float64Array(p.n), f = new Float64Array(p.n);
    expect(sgs.forward(Int32Array.from([0, 1, 2, 3, 4]), p.duration, s, f)).toBe(Infinity);
  });

  // Expected values: a brute-force earliest-fit over every candidate instant (finishes and
  // capacity breakpoints), so the search shortcuts (least free capacity, demand-level fronts)
  // must give exactly the serial SGS schedule.
  it.each([
    ['constant capacity, integer durations', false, false],
    ['capacity windows, integer durations', true, false],
    ['capacity windows, fractional durations', true, true],
  ])('places every activity at its earliest feasible start (%s)', (_name, windows, fractional) => {
    const rng = seedrandom(`sgs-${windows}-${fractional}`);
    for (let trial = 0; trial < 15; trial++) {
      const p = randomProblem(rng, 40, windows, fractional);
      const sgs = new SerialSgs(p);
      const order = listFromPriority(p, lftPriority(p), rng, 1);
      const s = new Float64Array(p.n), f = new Float64Array(p.n);
      // Decode twice: the second decoding must not see state left by the first.
      sgs.forward(order, p.duration, s, f);
      const makespan = sgs.forward(order, p.duration, s, f);
      expect(checkSchedule(p, s, f)).toEqual([]);
      const placed: number[] = [];
      for (const j of order) {
        let t0 = p.release[j];
        for (let k = p.predStart[j]; k < p.predStart[j + 1]; k++) t0 = Math.max(t0, f[p.preds[k]]);
        expect(s[j]).toBeCloseTo(earliestByHand(p, j, t0, placed, s, f), 9);
        placed.push(j);
      }
      const bs = new Float64Array(p.n), bf = new Float64Array(p.n);
      const rev = Int32Array.from(Array.from(order).sort((a, b) => f[b] - f[a] || b - a));
      sgs.backward(rev, p.duration, makespan, bs, bf);
      if (!windows) expect(checkSchedule(p, bs, bf).filter((e) => !e.includes('release'))).toEqual([]);
    }
  });
});
