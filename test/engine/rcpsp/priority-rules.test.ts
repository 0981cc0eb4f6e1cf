import seedrandom from 'seedrandom';
import type { RcpspProblem } from '../../../src/engine/rcpsp/rcpsp-problem';
import { randomPrecedence } from './random-problem';
import { grpwPriority, lftPriority, listFromPriority, mtsPriority, type Priority } from '../../../src/engine/rcpsp/priority-rules';

// listFromPriority keeps weights by task instead of looking each regret up per pick
// (a speed change only): the lists must be exactly those of the earlier form, kept
// here as the reference (the implementation at commit 2befc79).
function referenceList(p: RcpspProblem, priority: Priority, rng?: () => number, bias = 1): Int32Array {
  const { n, predStart, succStart, succs } = p;
  const missing = new Int32Array(n);
  for (let i = 0; i < n; i++) missing[i] = predStart[i + 1] - predStart[i];
  const eligible: number[] = [];
  for (let i = 0; i < n; i++) if (missing[i] === 0) eligible.push(i);
  const list = new Int32Array(n);
  const weight: number[] = [];
  for (let x = 0; x < n; x++) {
    let pick = 0;
    if (!rng) {
      for (let e = 1; e < eligible.length; e++) {
        const a = eligible[e], b = eligible[pick];
        if (priority[a] > priority[b] || (priority[a] === priority[b] && a < b)) pick = e;
      }
    } else {
      let worst = Infinity;
      for (const e of eligible) worst = Math.min(worst, priority[e]);
      let total = 0;
      weight.length = eligible.length;
      for (let e = 0; e < eligible.length; e++) { weight[e] = Math.pow(priority[eligible[e]] - worst + 1, bias); total += weight[e]; }
      let u = rng() * total;
      pick = eligible.length - 1;
      for (let e = 0; e < eligible.length; e++) { u -= weight[e]; if (u < 0) { pick = e; break; } }
    }
    const j = eligible[pick];
    eligible[pick] = eligible[eligible.length - 1];
    eligible.pop();
    list[x] = j;
    for (let k = succStart[j]; k < succStart[j + 1]; k++) if (--missing[succs[k]] === 0) eligible.push(succs[k]);
  }
  return list;
}

/** A random DAG (each activity after a few of the previous 30) with fractional durations. */
function randomProblem(rng: () => number, n: number): RcpspProblem {
  const precedence = randomPrecedence(rng, n, 30, 0.06);
  const duration = new Float64Array(n);
  // Integral and fractional durations, so priorities tie and regrets repeat.
  for (let i = 0; i < n; i++) duration[i] = rng() < 0.5 ? 1 + Math.floor(6 * rng()) : 0.5 + 8 * rng();
  return {
    n, R: 1, ...precedence, duration,
    release: new Float64Array(n), demand: new Float64Array(n), capacity: [{ base: 1, times: [], values: [] }],
  };
}

describe('mtsPriority', () => {
  it('counts every transitive successor (against a depth-first search), over many 32-bit words', () => {
    const rng = seedrandom('mts');
    for (let trial = 0; trial < 6; trial++) {
      const p = randomProblem(rng, 1 + Math.floor(300 * rng()));
      const got = mtsPriority(p);
      for (let i = 0; i < p.n; i++) {
        const seen = new Uint8Array(p.n), stack = [i];
        let count = 0;
        while (stack.length) {
          const j = stack.pop()!;
          for (let k = p.succStart[j]; k < p.succStart[j + 1]; k++) if (!seen[p.succs[k]]) { seen[p.succs[k]] = 1; count++; stack.push(p.succs[k]); }
        }
        expect(got[i]).toBe(count);
      }
    }
  });
});

describe('listFromPriority', () => {
  it('refuses a NaN priority', () => {
    const p = randomProblem(seedrandom('nan'), 20);
    const pr = lftPriority(p);
    pr[7] = NaN;
    expect(() => listFromPriority(p, pr, seedrandom('x'))).toThrow(RangeError);
  });

  it('gives exactly the reference lists when draws fall on or next to the running sums', () => {
    // Draws of 0, 1 - 2^-53 and a few exact fractions put u on the boundaries where the
    // bisection must defer to replaying the subtraction.
    const draws = [0, 1 - 2 ** -53, 0.5, 0.25, 0.75, 1 / 3];
    const cyc = () => { let k = 0; return () => draws[k++ % draws.length]; };
    const rng = seedrandom('edges');
    for (let trial = 0; trial < 6; trial++) {
      const p = randomProblem(rng, 30 + Math.floor(200 * rng()));
      // Equal priorities: equal weights, so the sums hit the draws exactly.
      const flat = new Float64Array(p.n);
      for (const pr of [lftPriority(p), flat]) {
        expect(Array.from(listFromPriority(p, pr, cyc(), 1))).toEqual(Array.from(referenceList(p, pr, cyc(), 1)));
        expect(Array.from(listFromPriority(p, pr, cyc(), 2.5))).toEqual(Array.from(referenceList(p, pr, cyc(), 2.5)));
      }
    }
  });

  it('gives an empty list for an empty problem', () => {
    const p = randomProblem(seedrandom('empty'), 0);
    expect(listFromPriority(p, lftPriority(p)).length).toBe(0);
    expect(listFromPriority(p, lftPriority(p), seedrandom('x'), 2).length).toBe(0);
  });

  it('samples in WebAssembly exactly as in JavaScript (the same lists and the same draws taken)', () => {
    // The WebAssembly twin takes one draw per pick up front: the rng must end where the
    // JavaScript loop leaves it. Priorities: integral (the pow table) and fractional,
    // huge regrets (beyond the table) and edge draws (replay of the subtraction).
    const rng = seedrandom('wasm-lists');
    const draws = [0, 1 - 2 ** -53, 0.5, 0.25, 0.75, 1 / 3];
    for (let trial = 0; trial < 10; trial++) {
      const p = randomProblem(rng, 1 + Math.floor(500 * rng()));
      const huge = lftPriority(p).map((v, i) => (i % 3 === 0 ? v * 1e4 : v));
      for (const pr of [lftPriority(p), mtsPriority(p), grpwPriority(p), huge, new Float64Array(p.n)]) {
        // The deterministic rule (heap by priority, then index) too.
        expect(Array.from(listFromPriority(p, pr))).toEqual(Array.from(listFromPriority(p, pr, undefined, 1, { wasm: false })));
        for (const bias of [1, 1 + 2 * rng(), 3]) {
          const r1 = seedrandom(`w${trial}-${bias}`), r2 = seedrandom(`w${trial}-${bias}`);
          expect(Array.from(listFromPriority(p, pr, r1, bias))).toEqual(Array.from(listFromPriority(p, pr, r2, bias, { wasm: false })));
          expect(r1()).toBe(r2());
          const c1 = (() => { let k = 0; return () => draws[k++ % draws.length]; })();
          const c2 = (() => { let k = 0; return () => draws[k++ % draws.length]; })();
          expect(Array.from(listFromPriority(p, pr, c1, bias))).toEqual(Array.from(listFromPriority(p, pr, c2, bias, { wasm: false })));
        }
      }
    }
  });

  it('gives exactly the reference lists, deterministic and regret-biased, on random problems', () => {
    const rng = seedrandom('lists');
    for (let trial = 0; trial < 12; trial++) {
      const p = randomProblem(rng, 50 + Math.floor(400 * rng()));
      for (const pr of [lftPriority(p), mtsPriority(p), grpwPriority(p)]) {
        expect(Array.from(listFromPriority(p, pr))).toEqual(Array.from(referenceList(p, pr)));
        for (const bias of [1, 1 + 2 * rng(), 3]) {
          const seed = `s${trial}-${bias}`;
          const list = listFromPriority(p, pr, seedrandom(seed), bias);
          expect(Array.from(list)).toEqual(Array.from(referenceList(p, pr, seedrandom(seed), bias)));
          // Precedence-feasible: every activity after its predecessors.
          const pos = new Int32Array(p.n);
          list.forEach((j, x) => { pos[j] = x; });
          for (let i = 0; i < p.n; i++) for (let k = p.predStart[i]; k < p.predStart[i + 1]; k++) expect(pos[p.preds[k]]).toBeLessThan(pos[i]);
        }
      }
    }
  });
});
