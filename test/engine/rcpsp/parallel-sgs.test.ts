import seedrandom from 'seedrandom';
import { ParallelJustifier, ParallelSgs } from '../../../src/engine/rcpsp/parallel-sgs';
import { SerialSgs } from '../../../src/engine/rcpsp/serial-sgs';
import { invertAdjacency, type RcpspProblem } from '../../../src/engine/rcpsp/rcpsp-problem';
import { listFromPriority, lftPriority } from '../../../src/engine/rcpsp/priority-rules';
import { checkSchedule } from './check-schedule';
import { randomPrecedence, randomProblem } from './random-problem';

/** A hand-made instance: activities given by duration, demand on one pool, predecessors and release. */
function handProblem(cap: number, acts: { d: number; q: number; preds?: number[]; release?: number }[]): RcpspProblem {
  const n = acts.length;
  const predStart = [0], preds: number[] = [];
  for (const a of acts) { preds.push(...(a.preds ?? [])); predStart.push(preds.length); }
  const ps = Int32Array.from(predStart), pl = Int32Array.from(preds);
  const succ = invertAdjacency(n, ps, pl);
  return {
    n, R: 1, predStart: ps, preds: pl, succStart: succ.start, succs: succ.list,
    duration: Float64Array.from(acts.map((a) => a.d)), release: Float64Array.from(acts.map((a) => a.release ?? 0)),
    demand: Float64Array.from(acts.map((a) => a.q)), capacity: [{ base: cap, times: [], values: [] }],
  };
}

/**
 * Brute-force non-delay check (the definition of the parallel SGS): an activity that
 * starts after it is ready did not fit, at any decision point from its ready time on,
 * beside the activities that had started by then (at the same instant: those earlier
 * in the list).
 */
function delayedThoughFitting(p: RcpspProblem, order: Int32Array, start: Float64Array, finish: Float64Array): string[] {
  const rank = new Int32Array(p.n);
  order.forEach((j, x) => { rank[j] = x; });
  const out: string[] = [];
  const capAt = (r: number, x: number): number => {
    const c = p.capacity[r];
    let cap = c.base;
    for (let k = 0; k < c.times.length && c.times[k] <= x; k++) cap = c.values[k];
    return cap;
  };
  for (let j = 0; j < p.n; j++) {
    const d = p.duration[j];
    let ready = p.release[j];
    for (let k = p.predStart[j]; k < p.predStart[j + 1]; k++) ready = Math.max(ready, finish[p.preds[k]]);
    if (!(start[j] > ready) || d === 0) continue;
    const points = [ready, ...Array.from(finish), ...Array.from(p.release), ...p.capacity.flatMap((c) => c.times)].filter((t) => t >= ready && t < start[j]);
    for (const t of points) {
      const before = (i: number): boolean => i !== j && (start[i] < t || (start[i] === t && rank[i] < rank[j]));
      let fits = true;
      const checks = [t, ...p.capacity.flatMap((c) => c.times)].filter((x) => x >= t && x < t + d);
      for (const x of checks) {
        for (let r = 0; r < p.R && fits; r++) {
          const q = p.demand[j * p.R + r];
          if (q === 0) continue;
          let use = q;
          for (let i = 0; i < p.n; i++) if (before(i) && start[i] <= x && x < finish[i]) use += p.demand[i * p.R + r];
          if (use > capAt(r, x) + 1e-9) fits = false;
        }
      }
      if (fits) { out.push(`${j} fits at ${t} but starts at ${start[j]}`); break; }
    }
  }
  return out;
}

describe('ParallelSgs', () => {
  it('refuses finish constraints and returns Infinity when a demand never fits', () => {
    const p = randomProblem(seedrandom('0'), 6, false, false);
    const gated: RcpspProblem = { ...p, finishRule: new Int32Array(p.n).fill(-1), finishShift: new Uint8Array(p.n), finishTables: [] };
    gated.finishRule![2] = 0;
    const g = new ParallelSgs(gated);
    expect(g.supports).toBe(false);
    expect(() => g.forward(Int32Array.from({ length: p.n }, (_, i) => i), p.duration, new Float64Array(p.n), new Float64Array(p.n))).toThrow(RangeError);
    p.demand[2 * p.R] = 9;
    p.duration[2] = 1;
    const start = new Float64Array(p.n), finish = new Float64Array(p.n);
    expect(new ParallelSgs(p).forward(Int32Array.from({ length: p.n }, (_, i) => i), p.duration, start, finish)).toBe(Infinity);
    expect(start[2]).toBe(Infinity);
  });

  it('starts an eligible activity that fits instead of keeping room for a listed one (hand-solved)', () => {
    // Capacity 1; A (released at 1, 1 day) is listed before B (3 days). The serial SGS
    // places A on [1,2) and B after it on [2,5); the parallel SGS starts B at 0 (A is not
    // released yet) and A at 3: makespan 4 instead of 5.
    const p = handProblem(1, [{ d: 1, q: 1, release: 1 }, { d: 3, q: 1 }]);
    const order = Int32Array.from([0, 1]);
    const s = new Float64Array(2), f = new Float64Array(2);
    expect(new SerialSgs(p, { wasm: false }).forward(order, p.duration, s, f)).toBe(5);
    expect(new ParallelSgs(p).forward(order, p.duration, s, f)).toBe(4);
    expect(Array.from(s)).toEqual([3, 0]);
  });

  it('follows the list among eligible activities, zero durations freeing successors at once (hand-solved)', () => {
    // Capacity 2. 0: milestone; 1 (2 days, 2 units) and 2 (1 day, 1 unit) after it; 3 (1 day, 1 unit).
    // List 3, 2, 0, 1: at 0 the milestone frees 1 and 2; 3 and 2 take both units, 1 waits to 1.
    const p = handProblem(2, [{ d: 0, q: 0 }, { d: 2, q: 2, preds: [0] }, { d: 1, q: 1, preds: [0] }, { d: 1, q: 1 }]);
    const s = new Float64Array(4), f = new Float64Array(4);
    expect(new ParallelSgs(p).forward(Int32Array.from([3, 2, 0, 1]), p.duration, s, f)).toBe(3);
    expect(Array.from(s)).toEqual([0, 1, 0, 0]);
    // List 1 first: 1 takes both units at 0, then 2 and 3 share [2, 3).
    expect(new ParallelSgs(p).forward(Int32Array.from([0, 1, 2, 3]), p.duration, s, f)).toBe(3);
    expect(Array.from(s)).toEqual([0, 0, 2, 2]);
  });

  it.each([
    ['constant capacity', false, false],
    ['capacity windows', true, false],
    ['fractional durations with windows', true, true],
  ])('keeps precedence, releases and capacities and never delays a fitting activity (%s)', (_name, windows, fractional) => {
    for (let k = 0; k < 40; k++) {
      const rng = seedrandom(`par-${windows}-${fractional}-${k}`);
      const p = randomProblem(rng, 8 + Math.floor(30 * rng()), windows, fractional);
      const order = listFromPriority(p, lftPriority(p), rng, 2);
      // The list is read as priorities: a shuffled (precedence-infeasible) list is fine too.
      const shuffled = Int32Array.from(order).sort((a, b) => ((a * 7919 + k) % 31) - ((b * 7919 + k) % 31) || a - b);
      for (const list of [order, shuffled]) {
        const start = new Float64Array(p.n), finish = new Float64Array(p.n);
        const sgs = new ParallelSgs(p);
        const m = sgs.forward(list, p.duration, start, finish);
        expect(checkSchedule(p, start, finish)).toEqual([]);
        expect(delayedThoughFitting(p, list, start, finish)).toEqual([]);
        expect(m).toBe(Math.max(0, ...finish));
        // Deterministic, and the decoder's scratch does not leak into the next call.
        const s2 = new Float64Array(p.n), f2 = new Float64Array(p.n);
        expect(sgs.forward(list, p.duration, s2, f2)).toBe(m);
        expect(Array.from(s2)).toEqual(Array.from(start));
      }
    }
  });
});

describe('ParallelSgs waiting streams', () => {
  /** A random problem with 1-4 pools, demands on a few levels (several pools per activity), zero durations and releases. */
  function streamProblem(rng: () => number, n: number, fractional: boolean): RcpspProblem {
    const R = 1 + Math.floor(4 * rng());
    const precedence = randomPrecedence(rng, n, 10, 0.12);
    const duration = new Float64Array(n), release = new Float64Array(n), demand = new Float64Array(n * R);
    const cap = Array.from({ length: R }, () => 3 + Math.floor(8 * rng()));
    for (let i = 0; i < n; i++) {
      duration[i] = rng() < 0.08 ? 0 : fractional ? (rng() < 0.5 ? 0.5 : 0.1) * (1 + Math.floor(12 * rng())) : 1 + Math.floor(6 * rng());
      if (rng() < 0.15) release[i] = fractional ? 0.3 * Math.floor(30 * rng()) : Math.floor(12 * rng());
      for (let r = 0; r < R; r++) if (rng() < 0.6) demand[i * R + r] = fractional && rng() < 0.3 ? 0.1 + 0.7 * rng() : [1, 1, 2, 3, 5][Math.floor(5 * rng())];
    }
    // Now and then a demand that never fits: that activity and its successors stay unscheduled.
    if (rng() < 0.1) demand[Math.floor(n * rng()) * R] = cap[0] + 1;
    return { n, R, ...precedence, duration, release, demand, capacity: cap.map((base) => ({ base, times: [], values: [] })) };
  }

  it('gives exactly the reference scan\'s schedules (constant capacities, 1-4 pools, zero durations, releases)', () => {
    // The streams only skip activities whose watched pool lacks their need, which the
    // reference scan would find short too: the same starts, bit for bit.
    for (let k = 0; k < 150; k++) {
      const rng = seedrandom(`streams-${k}`);
      const p = streamProblem(rng, 5 + Math.floor(120 * rng()), k % 3 === 2);
      const fast = new ParallelSgs(p), ref = new ParallelSgs(p, { reference: true });
      for (let l = 0; l < 4; l++) {
        const order = l === 3
          ? Int32Array.from({ length: p.n }, (_, i) => p.n - 1 - i) // not precedence-feasible: read as priorities
          : listFromPriority(p, lftPriority(p), rng, 1 + 2 * rng());
        const s1 = new Float64Array(p.n), f1 = new Float64Array(p.n), s2 = new Float64Array(p.n), f2 = new Float64Array(p.n);
        // Other durations than the problem's too (as the Monte Carlo pass could give).
        const dur = l === 2 ? p.duration.map((d) => (d > 0 ? d * (0.5 + rng()) : 0)) : p.duration;
        const m1 = fast.forward(order, dur, s1, f1), m2 = ref.forward(order, dur, s2, f2);
        expect(m1).toBe(m2);
        expect(Array.from(s1)).toEqual(Array.from(s2));
        expect(Array.from(f1)).toEqual(Array.from(f2));
        if (m1 < Infinity && dur === p.duration) expect(checkSchedule(p, s1, f1)).toEqual([]);
      }
    }
  });

  it('decodes in WebAssembly exactly as the JavaScript streams and the scan (random lists, long runs of newcomers, never-fitting demands)', () => {
    // parallel-sgs-wasm.ts is a twin of forwardStreams: the same double operations in the
    // same order, so equal bits. Large n with sparse precedence gives > 24 newcomers at
    // once (its heapsort path); random permutations ignore precedence.
    let wasmRuns = 0;
    for (let k = 0; k < 120; k++) {
      const rng = seedrandom(`wasm-${k}`);
      const p = streamProblem(rng, k % 6 === 5 ? 200 + Math.floor(250 * rng()) : 3 + Math.floor(120 * rng()), k % 3 === 2);
      const wasm = new ParallelSgs(p), js = new ParallelSgs(p, { wasm: false }), ref = new ParallelSgs(p, { reference: true });
      expect(js.usesWasm).toBe(false);
      expect(ref.usesWasm).toBe(false);
      if (wasm.usesWasm) wasmRuns++;
      for (let l = 0; l < 4; l++) {
        const order = l === 3
          ? Int32Array.from({ length: p.n }, (_, i) => i).sort((a, b) => ((a * 7919 + k) % 101) - ((b * 7919 + k) % 101) || b - a)
          : listFromPriority(p, lftPriority(p), rng, 1 + 2 * rng());
        const dur = l === 2 ? p.duration.map((d) => (d > 0 && rng() < 0.8 ? d * (0.5 + rng()) : 0)) : p.duration;
        const out = [wasm, js, ref].map((sgs) => {
          const s = new Float64Array(p.n).fill(-1), f = new Float64Array(p.n).fill(-1);
          return { m: sgs.forward(order, dur, s, f), s: Array.from(s), f: Array.from(f) };
        });
        expect(out[0]).toEqual(out[1]);
        expect(out[0]).toEqual(out[2]);
        // Object.is: -0 and +0 apart too.
        expect(out[0].s.every((x, i) => Object.is(x, out[1].s[i]))).toBe(true);
      }
    }
    // Every instance ran in WebAssembly here (Node has it); the JavaScript twin remains the fallback.
    expect(wasmRuns).toBe(120);
  });

  it('falls back to the reference scan when a capacity varies (same schedules)', () => {
    for (let k = 0; k < 20; k++) {
      const rng = seedrandom(`streams-var-${k}`);
      const p = randomProblem(rng, 10 + Math.floor(40 * rng()), true, k % 2 === 1);
      const order = listFromPriority(p, lftPriority(p), rng, 2);
      const s1 = new Float64Array(p.n), f1 = new Float64Array(p.n), s2 = new Float64Array(p.n), f2 = new Float64Array(p.n);
      expect(new ParallelSgs(p).forward(order, p.duration, s1, f1)).toBe(new ParallelSgs(p, { reference: true }).forward(order, p.duration, s2, f2));
      expect(Array.from(s1)).toEqual(Array.from(s2));
    }
  });
});

describe('ParallelJustifier', () => {
  it('is off for time-varying capacity', () => {
    const p = randomProblem(seedrandom('w'), 10, true, false);
    expect(new ParallelJustifier(new SerialSgs(p)).supports).toBe(false);
  });

  it('never lengthens a schedule and keeps it feasible', () => {
    for (let k = 0; k < 30; k++) {
      const rng = seedrandom(`pj-${k}`);
      const p = randomProblem(rng, 10 + Math.floor(30 * rng()), false, k % 2 === 1);
      const sgs = new SerialSgs(p);
      const just = new ParallelJustifier(sgs);
      expect(just.supports).toBe(true);
      const start = new Float64Array(p.n), finish = new Float64Array(p.n);
      const m0 = new ParallelSgs(p).forward(listFromPriority(p, lftPriority(p), rng, 2), p.duration, start, finish);
      const m = just.improve(p.duration, start, finish, m0);
      expect(m).toBeLessThanOrEqual(m0);
      expect(Math.max(0, ...finish)).toBe(m);
      expect(checkSchedule(p, start, finish)).toEqual([]);
    }
  });
});
