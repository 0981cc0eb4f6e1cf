/**
 * Named random streams derived from the run's seed: every batch of a Monte Carlo
 * run, its pilot and each rank reference sample draw from their own stream,
 * seeded from (seed, label) alone, so any process (a worker thread, a Forge
 * queue consumer) that knows the seed and the label replays exactly the same
 * uniforms, and a run's result does not depend on how its batches were spread.
 *
 * Method: seedrandom's Alea (J. Baagøe). A stream is four Alea generators
 * interleaved: draw 4k + l comes from lane l, seeded with `${seed}\u0000${label}\u0000${l}`.
 * Alea was chosen over seedrandom's default ARC4 for speed (about 6 ns against
 * 35 ns per draw through seedrandom's function, Node 20); it has 32-bit resolution
 * and passes TestU01 BigCrush per its author. seedrandom seeds each lane (Mash of
 * the string) and hands over its state; the recurrence is then stepped here, with
 * the state in local variables, four lanes at a time, because one Alea step waits
 * on the previous one (a float-to-int conversion) and independent lanes overlap
 * (~1.5 ns per draw instead of ~6). Each lane is bit for bit the stream
 * seedrandom.alea(lane seed) returns (test/engine/distributions.test.ts checks it).
 * A pure function of the seed string: no clock and no global state. The factory
 * is an option wherever it is used, so an edge may supply another source.
 * Reference: https://github.com/davidbau/seedrandom (Alea: Baagøe 2010).
 */
import type seedrandom from 'seedrandom';
import type { Rng } from './sample-duration';

// Alea alone: seedrandom's index also loads five generators never used here (~11 ms at the
// start of every thread, a forecast worker's included).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const alea = require('seedrandom/lib/alea') as seedrandom['alea'];

/**
 * Steps the four lanes `groups` times from `state` ([s0, s1, s2, c] x 4 lanes, updated),
 * writing 4·groups draws to out[at..]: stepLanes, or a twin that gives the same bits
 * (the precedence kernel's WebAssembly `alea`).
 */
export type LaneStepper = (state: Float64Array, out: Float64Array, at: number, groups: number) => void;

/** A stream that can also write its next `count` uniforms into `out` in one call (the bulk of them by `step`, when given). */
export type BulkRng = Rng & { fill(out: Float64Array, count: number, step?: LaneStepper): void };

/** Makes the stream named `label` of the run seeded with `seed`. */
export type StreamFactory = (seed: string, label: string) => Rng;

const TWO_M32 = 2.3283064365386963e-10;

/** Steps four Alea lanes `groups` times, writing 4·groups draws to out[at..]; state = [s0, s1, s2, c] x 4 lanes. */
function stepLanes(state: Float64Array, out: Float64Array, at: number, groups: number): void {
  // Locals, not the array, inside the loop: each lane's chain then stays in registers.
  let a0 = state[0], b0 = state[1], d0 = state[2], c0 = state[3];
  let a1 = state[4], b1 = state[5], d1 = state[6], c1 = state[7];
  let a2 = state[8], b2 = state[9], d2 = state[10], c2 = state[11];
  let a3 = state[12], b3 = state[13], d3 = state[14], c3 = state[15];
  for (let g = 0, k = at; g < groups; g++, k += 4) {
    const t0 = 2091639 * a0 + c0 * TWO_M32, t1 = 2091639 * a1 + c1 * TWO_M32;
    const t2 = 2091639 * a2 + c2 * TWO_M32, t3 = 2091639 * a3 + c3 * TWO_M32;
    a0 = b0; b0 = d0; c0 = t0 | 0; d0 = t0 - c0;
    a1 = b1; b1 = d1; c1 = t1 | 0; d1 = t1 - c1;
    a2 = b2; b2 = d2; c2 = t2 | 0; d2 = t2 - c2;
    a3 = b3; b3 = d3; c3 = t3 | 0; d3 = t3 - c3;
    out[k] = d0;
    out[k + 1] = d1;
    out[k + 2] = d2;
    out[k + 3] = d3;
  }
  state[0] = a0; state[1] = b0; state[2] = d0; state[3] = c0;
  state[4] = a1; state[5] = b1; state[6] = d1; state[7] = c1;
  state[8] = a2; state[9] = b2; state[10] = d2; state[11] = c2;
  state[12] = a3; state[13] = b3; state[14] = d3; state[15] = c3;
}

/** Lane l of the stream named by `seedString` is seedrandom.alea(`${seedString}\u0000${l}`). */
export function aleaStream(seedString: string): BulkRng {
  const state = new Float64Array(16);
  for (let l = 0; l < 4; l++) {
    const st = alea(`${seedString}\u0000${l}`, { state: true }).state() as { c: number; s0: number; s1: number; s2: number };
    state.set([st.s0, st.s1, st.s2, st.c], 4 * l);
  }
  // The current group of four draws and how many of it were handed out (4 = none left).
  const group = new Float64Array(4);
  let used = 4;
  const next = (() => {
    if (used === 4) {
      stepLanes(state, group, 0, 1);
      used = 0;
    }
    return group[used++];
  }) as BulkRng;
  next.fill = (out: Float64Array, count: number, step: LaneStepper = stepLanes) => {
    let k = 0;
    while (used < 4 && k < count) out[k++] = group[used++];
    const groups = (count - k) >> 2;
    step(state, out, k, groups);
    k += 4 * groups;
    if (k < count) {
      stepLanes(state, group, 0, 1);
      used = 0;
      while (k < count) out[k++] = group[used++];
    }
  };
  return next;
}

export const aleaStreams: StreamFactory = (seed, label) => aleaStream(`${seed}\u0000${label}`);
