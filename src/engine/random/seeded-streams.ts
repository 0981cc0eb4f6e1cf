/**
 * Named random streams derived from the run's seed: every batch of a Monte Carlo
 * run, its pilot and each rank reference sample draw from their own stream,
 * seeded from (seed, label) alone, so any process (a worker thread, a Forge
 * queue consumer) that knows the seed and the label replays exactly the same
 * uniforms, and a run's result does not depend on how its batches were spread.
 *
 * Method: seedrandom's Alea (J. Baagøe), seeded with `${seed}\u0000${label}`.
 * Alea was chosen over seedrandom's default ARC4 for speed (about 6 ns against
 * 35 ns per draw, measured on Node 20); it has 32-bit resolution and passes
 * TestU01 BigCrush per its author. It is a pure function of the seed string: no
 * clock and no global state, which keeps the engine deterministic. The factory is
 * an option everywhere it is used, so an edge may supply another source.
 * Reference: https://github.com/davidbau/seedrandom (Alea: Baagøe 2010).
 */
import seedrandom from 'seedrandom';
import type { Rng } from './sample-duration';

/** Makes the stream named `label` of the run seeded with `seed`. */
export type StreamFactory = (seed: string, label: string) => Rng;

export const aleaStreams: StreamFactory = (seed, label) => seedrandom.alea(`${seed}\u0000${label}`);
