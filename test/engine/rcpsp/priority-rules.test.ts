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
