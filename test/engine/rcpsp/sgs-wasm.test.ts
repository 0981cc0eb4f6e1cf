import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { SerialSgs } from '../../../src/engine/rcpsp/serial-sgs';
import type { RcpspProblem } from '../../../src/engine/rcpsp/rcpsp-problem';
import { randomPrecedence } from './random-problem';
import type { AllowedFinishTable } from '../../../src/engine/gates/allowed-finish';
import { parsePsplib, problemFromPsplib } from '../../../src/engine/rcpsp/parse-psplib';
import { sgsModuleBytes } from '../../../src/engine/rcpsp/sgs-wasm-module';
import { compilePlan } from '../../../src/engine/compile-plan';
import type { Plan, Task } from '../../../src/engine/plan';
import { schedulePlan } from '../../../src/engine/schedule-plan';
import { createResourceForwardPass } from '../../../src/engine/rcpsp/resource-forward-pass';
import { checkSchedule } from './check-schedule';

// The WebAssembly forward SGS (sgs-wasm-module.ts) must give byte-identical results to
// the JavaScript one (serial-sgs.ts with { wasm: false }): starts, finishes, makespan,
// blocking pool and blocker of every activity, on every list and set of durations.

/** Allowed-finish table over H days from a 0/1 mask, as allowed-finish.ts builds it. */
function table(allowed: Uint8Array, beyond: boolean): AllowedFinishTable {
  const H = allowed.length, next = new Int32Array(H), prev = new Int32Array(H);
  let k = beyond ? H : -1;
  for (let d = H - 1; d >= 0; d--) { if (allowed[d]) k = d; next[d] = k; }
  k = -1;
  for (let d = 0; d < H; d++) { if (allowed[d]) k = d; prev[d] = k; }
  return { name: 'test', source: 'window', next, prev, beyond };
}

/**
 * A random RCPSP: layered precedence, several demand levels per pool (so the short
 * stretches of several levels are exercised), optional capacity windows, fractional durations,
 * and optional finish constraints (deploys that shift, gates that wait).
 */
function randomProblem(rng: () => number, n: number, o: { windows: boolean; fractional: boolean; finish: boolean }): RcpspProblem {
  const R = 3;
  const precedence = randomPrecedence(rng, n, 12, 0.12);
  const duration = new Float64Array(n), release = new Float64Array(n), demand = new Float64Array(n * R);
  const levels = [[1, 2, 4, 8], [1, 3], [1]];
  const base = [16, 6, 3];
  for (let i = 0; i < n; i++) {
    duration[i] = rng() < 0.05 ? 0 : o.fractional ? 0.25 + 12 * rng() * rng() : 1 + Math.floor(8 * rng());
    if (rng() < 0.1) release[i] = Math.floor(20 * rng());
    for (let r = 0; r < R; r++) if (rng() < 0.45) demand[i * R + r] = levels[r][Math.floor(levels[r].length * rng())];
  }
  const capacity = Array.from({ length: R }, (_, r) => {
    if (!o.windows) return { base: base[r], times: [], values: [] };
    const a = Math.floor(30 * rng());
    // A dip to the largest demand (never below, so every activity fits eventually), then a rise.
    return { base: base[r], times: [a, a + 5 + Math.floor(20 * rng()), a + 40], values: [Math.max(...levels[r]), base[r] + 2, base[r]] };
  });
  const p: RcpspProblem = { n, R, ...precedence, duration, release, demand, capacity };
  if (o.finish) {
    const H = 400;
    const tables = [0.3, 0.1].map((share, k) => {
      const allowed = new Uint8Array(H);
      for (let d = 0; d < H; d++) allowed[d] = rng() < share ? 1 : 0;
      return table(allowed, k === 0);
    });
    p.finishRule = new Int32Array(n).fill(-1);
    p.finishShift = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (rng() < 0.15) { p.finishRule[i] = rng() < 0.5 ? 0 : 1; p.finishShift[i] = rng() < 0.5 ? 1 : 0; }
    p.finishTables = tables;
  }
  return p;
}

/** A random precedence-feasible list: repeatedly one of the eligible activities. */
function randomList(rng: () => number, p: RcpspProblem): Int32Array {
  const left = new Int32Array(p.n);
  for (let i = 0; i < p.n; i++) left[i] = p.predStart[i + 1] - p.predStart[i];
  const eligible: number[] = [];
  for (let i = 0; i < p.n; i++) if (left[i] === 0) eligible.push(i);
  const out = new Int32Array(p.n);
  for (let x = 0; x < p.n; x++) {
    const k = Math.floor(rng() * eligible.length);
    const j = eligible[k];
    eligible[k] = eligible[eligible.length - 1];
    eligible.pop();
    out[x] = j;
    for (let s = p.succStart[j]; s < p.succStart[j + 1]; s++) if (--left[p.succs[s]] === 0) eligible.push(p.succs[s]);
  }
  return out;
}

/** Decodes with both SGS and expects the same bytes; returns the JavaScript schedule. */
function expectSame(p: RcpspProblem, js: SerialSgs, wasm: SerialSgs, list: ArrayLike<number>, dur: Float64Array) {
  const s1 = new Float64Array(p.n), f1 = new Float64Array(p.n), s2 = new Float64Array(p.n), f2 = new Float64Array(p.n);
  const m1 = js.forward(list, dur, s1, f1);
  const m2 = wasm.forward(list, dur, s2, f2);
  expect(Object.is(m1, m2)).toBe(true);
  expect(Buffer.from(s2.buffer)).toEqual(Buffer.from(s1.buffer));
  expect(Buffer.from(f2.buffer)).toEqual(Buffer.from(f1.buffer));
  expect(Array.from(wasm.delayedBy)).toEqual(Array.from(js.delayedBy));
  expect(Array.from(wasm.blocker)).toEqual(Array.from(js.blocker));
  return { start: s1, finish: f1, makespan: m1 };
}

describe('the WebAssembly serial SGS', () => {
  it('returns Infinity, as the JavaScript SGS does, when a demand exceeds a pool from some time on', () => {
    const p = randomProblem(seedrandom('inf'), 30, { windows: false, fractional: false, finish: false });
    p.demand[5 * p.R] = 99;
    const js = new SerialSgs(p, { wasm: false }), wasm = new SerialSgs(p);
    expect(wasm.usesWasm).toBe(true);
    expect(js.usesWasm).toBe(false);
    const list = randomList(seedrandom('l'), p);
    expect(expectSame(p, js, wasm, list, p.duration).makespan).toBe(Infinity);
  });

  it('compiles to a valid module', () => {
    expect(WebAssembly.validate(sgsModuleBytes())).toBe(true);
  });

  it('gives byte-identical schedules on random problems, with capacity windows, finish constraints and ignored pools', () => {
    const rng = seedrandom('sgs-wasm');
    let decoded = 0;
    for (let trial = 0; trial < 24; trial++) {
      const o = { windows: trial % 2 === 1, fractional: trial % 3 !== 0, finish: trial % 4 >= 2 };
      const p = randomProblem(rng, 40 + Math.floor(260 * rng()), o);
      const js = new SerialSgs(p, { wasm: false }), wasm = new SerialSgs(p);
      const dur = new Float64Array(p.n);
      for (let k = 0; k < 8; k++) {
        const list = randomList(rng, p);
        // Sampled durations around the planned ones; every third round the planned ones.
        for (let i = 0; i < p.n; i++) dur[i] = k % 3 === 0 ? p.duration[i] : p.duration[i] * (0.5 + rng());
        // Now and then a pool left out of the decoding (the Monte Carlo pass's lazy pools).
        const mask = k % 4 === 3 ? 1 << Math.floor(rng() * p.R) : 0;
        for (let r = 0; r < p.R; r++) { js.ignore[r] = (mask >> r) & 1; wasm.ignore[r] = (mask >> r) & 1; }
        const s = expectSame(p, js, wasm, list, dur);
        if (mask === 0 && !o.finish) expect(checkSchedule(p, s.start, s.finish, dur)).toEqual([]);
        decoded++;
      }
      js.ignore.fill(0); wasm.ignore.fill(0);
    }
    expect(decoded).toBe(24 * 8);
  });

  it('gives byte-identical backward (justification) schedules: WebAssembly with constant capacities, JavaScript otherwise', () => {
    const rng = seedrandom('sgs-backward');
    for (let trial = 0; trial < 16; trial++) {
      const o = { windows: trial % 4 === 3, fractional: trial % 3 !== 0, finish: trial % 4 === 2 };
      const p = randomProblem(rng, 40 + Math.floor(260 * rng()), o);
      const js = new SerialSgs(p, { wasm: false }), wasm = new SerialSgs(p);
      const dur = new Float64Array(p.n);
      for (let k = 0; k < 6; k++) {
        for (let i = 0; i < p.n; i++) dur[i] = k % 3 === 0 ? p.duration[i] : p.duration[i] * (0.5 + rng());
        const mask = k % 3 === 2 ? 1 << Math.floor(rng() * p.R) : 0;
        for (let r = 0; r < p.R; r++) { js.ignore[r] = (mask >> r) & 1; wasm.ignore[r] = (mask >> r) & 1; }
        // A forward schedule, then its activities by decreasing finish (ties: larger index), as justify.ts does.
        const s = expectSame(p, js, wasm, randomList(rng, p), dur);
        const order = Int32Array.from({ length: p.n }, (_, i) => i).sort((a, b) => s.finish[b] - s.finish[a] || b - a);
        const horizon = Number.isFinite(s.makespan) ? s.makespan : 1000;
        const s1 = new Float64Array(p.n), f1 = new Float64Array(p.n), s2 = new Float64Array(p.n), f2 = new Float64Array(p.n);
        const l1 = js.backward(order, dur, horizon, s1, f1);
        const l2 = wasm.backward(order, dur, horizon, s2, f2);
        expect(Object.is(l2, l1)).toBe(true);
        expect(Buffer.from(s2.buffer)).toEqual(Buffer.from(s1.buffer));
        expect(Buffer.from(f2.buffer)).toEqual(Buffer.from(f1.buffer));
      }
    }
  });

  it('gives byte-identical schedules with more than 32 demand levels on a pool (the later ones walk the profile) and long saturated stretches', () => {
    const rng = seedrandom('levels');
    for (let trial = 0; trial < 6; trial++) {
      const p = randomProblem(rng, 300, { windows: trial % 2 === 0, fractional: true, finish: trial === 5 });
      // Pool 0: 48 distinct fractional demands (32 get short-stretch lists, the rest walk);
      // pool 2: every activity, capacity 3, so its stretches are many and merge often.
      for (let i = 0; i < p.n; i++) {
        if (p.demand[i * p.R] > 0) p.demand[i * p.R] = 0.5 + Math.floor(48 * rng()) / 8;
        p.demand[i * p.R + 2] = 1 + Math.floor(3 * rng());
      }
      const js = new SerialSgs(p, { wasm: false }), wasm = new SerialSgs(p);
      const dur = new Float64Array(p.n);
      for (let k = 0; k < 4; k++) {
        for (let i = 0; i < p.n; i++) dur[i] = p.duration[i] * (0.25 + 2 * rng());
        expectSame(p, js, wasm, randomList(rng, p), dur);
      }
    }
  });

  /**
   * Decodes p with the WebAssembly SGS (a random list, pool trial % R ignored) and checks its
   * `peak` of every pool at every bucket width against `reference`; the JavaScript SGS, and
   * widths beyond the buckets, have none (the caller then loops in JavaScript).
   */
  function expectPeaks(
    rng: () => number, p: RcpspProblem, trial: number, dur: Float64Array, widths: number[], peak: 'bucketPeak' | 'exactPeak',
    reference: (start: Float64Array, r: number, invWidth: number, nb: number) => number,
  ): void {
    const js = new SerialSgs(p, { wasm: false }), wasm = new SerialSgs(p);
    expect(js[peak](0, 1, 10)).toBeUndefined();
    const start = new Float64Array(p.n), finish = new Float64Array(p.n);
    wasm.ignore[trial % p.R] = 1;
    const makespan = wasm.forward(randomList(rng, p), dur, start, finish);
    for (const invWidth of widths) {
      const nb = Math.floor(makespan * invWidth) + 2;
      for (let r = 0; r < p.R; r++) expect(Object.is(wasm[peak](r, invWidth, nb), reference(start, r, invWidth, nb))).toBe(true);
    }
    expect(wasm[peak](0, 1, 1e9)).toBeUndefined();
  }

  it('computes the bucket bound of a pool on its last decoding as the JavaScript loop of resource-forward-pass.ts does', () => {
    const rng = seedrandom('bound');
    for (let trial = 0; trial < 6; trial++) {
      const p = randomProblem(rng, 200, { windows: trial % 2 === 1, fractional: true, finish: trial === 4 });
      const dur = new Float64Array(p.n);
      for (let i = 0; i < p.n; i++) dur[i] = p.duration[i] * (0.5 + rng());
      expectPeaks(rng, p, trial, dur, [0.5, 1, 4], 'bucketPeak', (start, r, invWidth, nb) => {
        // Reference: the loop of resource-forward-pass.ts (overflow) over the users in index order.
        const diff = new Float64Array(nb);
        for (let i = 0; i < p.n; i++) {
          const q = p.demand[i * p.R + r], s0 = start[i], f0 = s0 + dur[i];
          if (!(q > 0) || !(f0 > s0)) continue;
          diff[Math.floor(s0 * invWidth)] += q;
          diff[Math.floor(f0 * invWidth) + 1] -= q;
        }
        let use = 0, peak = 0;
        for (let k = 0; k < nb; k++) { use += diff[k]; if (use > peak) peak = use; }
        return peak;
      });
    }
  });

  it('computes the exact peak use of a pool on its last decoding as the sweep of resource-forward-pass.ts does, ties and fractional demands included', () => {
    const rng = seedrandom('exact');
    for (let trial = 0; trial < 8; trial++) {
      // Integer durations (trials 0-3) give many equal starts and ends; fractional demands
      // (odd trials) make the sums depend on their order.
      const p = randomProblem(rng, 200, { windows: trial % 4 === 1, fractional: trial >= 4, finish: trial === 6 });
      if (trial % 2 === 1) for (let k = 0; k < p.demand.length; k++) p.demand[k] *= 0.37;
      const dur = new Float64Array(p.n);
      for (let i = 0; i < p.n; i++) dur[i] = trial < 4 ? p.duration[i] : p.duration[i] * (0.5 + rng());
      expectPeaks(rng, p, trial, dur, [0.25, 1, 4], 'exactPeak', (start, r) => {
        // Reference: exactOverflow of resource-forward-pass.ts (starts and ends each by time, ties by
        // index; ends first at equal times).
        const ev: number[] = [];
        for (let i = 0; i < p.n; i++) if (p.demand[i * p.R + r] > 0 && start[i] + dur[i] > start[i]) ev.push(i);
        const end = (i: number) => start[i] + dur[i];
        const si = [...ev].sort((x, y) => start[x] - start[y] || x - y), ei = [...ev].sort((x, y) => end(x) - end(y) || x - y);
        let use = 0, peak = 0, b = 0;
        for (const i of si) {
          while (b < ei.length && end(ei[b]) <= start[i]) { use -= p.demand[ei[b] * p.R + r]; b++; }
          use += p.demand[i * p.R + r];
          if (use > peak) peak = use;
        }
        return peak;
      });
    }
  });

  it('marks criticality on its last decoding as the JavaScript loop of resource-forward-pass.ts does', () => {
    const rng = seedrandom('mark');
    for (let trial = 0; trial < 6; trial++) {
      const p = randomProblem(rng, 150, { windows: trial % 2 === 1, fractional: trial >= 2, finish: trial === 4 });
      const wasm = new SerialSgs(p), js = new SerialSgs(p, { wasm: false });
      const dur = new Float64Array(p.n), start = new Float64Array(p.n), finish = new Float64Array(p.n);
      for (let i = 0; i < p.n; i++) dur[i] = p.duration[i] * (0.5 + rng());
      const list = randomList(rng, p);
      const makespan = wasm.forward(list, dur, start, finish);
      expect(js.criticalOfLast(makespan, 1e-9)).toBeUndefined();
      for (const tol of [1e-9 * makespan, 0.5]) {
        // Reference: markCritical's loop.
        const crit = new Uint8Array(p.n), flag = new Uint8Array(p.R);
        for (let i = 0; i < p.n; i++) if (makespan - finish[i] <= tol) crit[i] = 1;
        for (let x = p.n - 1; x >= 0; x--) {
          const j = list[x];
          if (!crit[j]) continue;
          for (let k = p.predStart[j]; k < p.predStart[j + 1]; k++) if (start[j] - finish[p.preds[k]] <= tol) crit[p.preds[k]] = 1;
          const r = wasm.delayedBy[j], b = wasm.blocker[j];
          if (r >= 0) { flag[r] = 1; if (b >= 0 && start[j] - (start[b] + dur[b]) <= tol) crit[b] = 1; }
        }
        const got = wasm.criticalOfLast(makespan, tol)!;
        expect(Buffer.from(got.crit)).toEqual(Buffer.from(crit));
        expect(Array.from(got.poolFlag)).toEqual(Array.from(flag));
        expect(crit.some((c) => c === 1)).toBe(true);
      }
      // Not after a partial list.
      wasm.forward(list.subarray(0, 10), dur, start, finish);
      expect(wasm.criticalOfLast(makespan, 1e-9)).toBeUndefined();
    }
  });

  it('decodes a kept list as forward() does, also after decoding another list in between', () => {
    const rng = seedrandom('kept');
    const p = randomProblem(rng, 120, { windows: true, fractional: true, finish: false });
    const kept = randomList(rng, p), other = randomList(rng, p);
    for (const sgs of [new SerialSgs(p, { wasm: false }), new SerialSgs(p)]) {
      const ref = new SerialSgs(p, { wasm: false });
      expect(() => sgs.forwardKept(p.duration, new Float64Array(p.n), new Float64Array(p.n))).toThrow(RangeError);
      expect(() => sgs.keepOrder(kept.subarray(0, 5))).toThrow(RangeError);
      sgs.keepOrder(kept);
      const dur = new Float64Array(p.n);
      for (let k = 0; k < 4; k++) {
        for (let i = 0; i < p.n; i++) dur[i] = p.duration[i] * (0.5 + rng());
        if (k === 2) sgs.forward(other, dur, new Float64Array(p.n), new Float64Array(p.n));
        const s1 = new Float64Array(p.n), f1 = new Float64Array(p.n), s2 = new Float64Array(p.n).fill(-1), f2 = new Float64Array(p.n).fill(-1);
        expect(sgs.forwardKept(dur, s2, f2)).toBe(ref.forward(kept, dur, s1, f1));
        expect(Buffer.from(s2.buffer)).toEqual(Buffer.from(s1.buffer));
        expect(Buffer.from(f2.buffer)).toEqual(Buffer.from(f1.buffer));
        expect(Array.from(sgs.blocker)).toEqual(Array.from(ref.blocker));
      }
    }
  });

  it('leaves the entries of activities outside a partial list as the caller had them', () => {
    const p = randomProblem(seedrandom('part'), 20, { windows: false, fractional: true, finish: false });
    const list = randomList(seedrandom('pl'), p).slice(0, 7);
    const js = new SerialSgs(p, { wasm: false }), wasm = new SerialSgs(p);
    const s1 = new Float64Array(p.n).fill(-1), f1 = new Float64Array(p.n).fill(-2);
    const s2 = s1.slice(), f2 = f1.slice();
    expect(wasm.forward(list, p.duration, s2, f2)).toBe(js.forward(list, p.duration, s1, f1));
    expect(Array.from(s2)).toEqual(Array.from(s1));
    expect(Array.from(f2)).toEqual(Array.from(f1));
  });

  it('gives byte-identical schedules on PSPLIB j30 instances (the genetic search decodes with it)', () => {
    const dir = join(__dirname, '../../fixtures/psplib/j30');
    const files = readdirSync(dir).filter((f) => f.endsWith('.sm')).sort().slice(0, 12);
    const rng = seedrandom('j30');
    for (const f of files) {
      const p = problemFromPsplib(parsePsplib(readFileSync(join(dir, f), 'utf8'))).problem;
      const js = new SerialSgs(p, { wasm: false }), wasm = new SerialSgs(p);
      for (let k = 0; k < 20; k++) expectSame(p, js, wasm, randomList(rng, p), p.duration);
    }
  });

  it('gives the same Monte Carlo iterations and pool statistics as the JavaScript SGS on a plan with windows, gates and lazy pools', () => {
    const fixed = (d: number) => ({ optimistic: d, mostLikely: d, pessimistic: d, distribution: 'fixed' as const });
    const rng = seedrandom('mc-plan');
    const tasks: Task[] = [];
    for (let i = 0; i < 150; i++) {
      const after: string[] = [];
      for (let j = Math.max(0, i - 12); j < i; j++) if (rng() < 0.12) after.push(`T${j}`);
      const demand: Record<string, number> = { big: 1 + Math.floor(3 * rng()) };
      if (rng() < 0.5) demand.gpu = [1, 2, 4][Math.floor(3 * rng())];
      if (rng() < 0.3) demand.rev = 1;
      const extra: Partial<Task> = rng() < 0.08 ? { kind: 'deploy' } : rng() < 0.06 ? { gate: { kind: 'security-review' } } : {};
      tasks.push({ id: `T${i}`, duration: fixed(1 + Math.floor(6 * rng())), after, demand, status: 'todo', ...extra });
    }
    const plan: Plan = {
      start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
      resources: [
        { id: 'big', capacity: 40 },
        { id: 'gpu', capacity: 6, availability: [{ from: '2027-02-01', to: '2027-02-12', capacity: 4 }] },
        { id: 'rev', capacity: 2 },
      ],
      gateRules: [{
        id: 'R1', gate: 'security-review', guards: { ids: ['none'] }, when: 'start', duration: 1, treatUnlinkedAsDependency: false,
        cadence: { weekday: 3, everyWeeks: 1, from: '2027-01-06' },
      }],
      windows: [{ id: 'W1', kind: 'deployment', from: '2027-01-04', to: '2028-12-31', appliesTo: { kinds: ['deploy'] } },
        { id: 'F1', kind: 'freeze', from: '2027-03-01', to: '2027-03-19', appliesTo: { kinds: ['deploy'] } }],
      tasks,
    };
    const cp = compilePlan(plan);
    const report = schedulePlan(cp, { seed: '1', schedules: 100 });
    const a = createResourceForwardPass(cp, report, { wasm: false });
    const b = createResourceForwardPass(cp, report);
    const dur = new Float64Array(cp.n);
    const es1 = new Float64Array(cp.n), ef1 = new Float64Array(cp.n), es2 = new Float64Array(cp.n), ef2 = new Float64Array(cp.n);
    const c1 = new Uint8Array(cp.n), c2 = new Uint8Array(cp.n);
    const sample = seedrandom('mc');
    for (let it = 0; it < 200; it++) {
      for (let i = 0; i < cp.n; i++) dur[i] = cp.det[i] * (0.5 + 1.5 * sample());
      const f1 = a.pass.run(dur, es1, ef1), f2 = b.pass.run(dur, es2, ef2);
      expect(f2).toBe(f1);
      expect(Buffer.from(es2.buffer)).toEqual(Buffer.from(es1.buffer));
      expect(Buffer.from(ef2.buffer)).toEqual(Buffer.from(ef1.buffer));
      c1.fill(0); c2.fill(0);
      a.pass.markCritical(dur, es1, ef1, f1, c1);
      b.pass.markCritical(dur, es2, ef2, f2, c2);
      expect(Buffer.from(c2)).toEqual(Buffer.from(c1));
    }
    expect(b.stats()).toEqual(a.stats());
    expect(a.stats().pools.find((p) => p.id === 'gpu')!.delayedFinish).toBeGreaterThan(0);
  });
});
