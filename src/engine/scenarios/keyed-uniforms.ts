/**
 * Uniforms keyed by (seed, task id, iteration, draw): the common random numbers of
 * what-if comparisons. A task's k-th draw in iteration t is the same number in every
 * scenario where the task exists, whatever tasks were added, removed or reordered, so
 * the difference between two scenarios is the effect of the change, not noise.
 *
 * Method: a counter-based generator. The task key is a 32-bit hash of
 * `${seed}\0${id}` (FNV-1a, then the murmur3 finalizer); a draw is the murmur3
 * finalizer applied twice to (key, iteration, draw) mixed with odd constants
 * (stateless: any iteration is computed directly, so iteration ranges can be split
 * across batches or workers and concatenated). 32-bit resolution, like Alea.
 * Cost: O(1) per draw, a few integer multiplications; no state, no allocation.
 * Reference: Salmon et al., "Parallel random numbers: as easy as 1, 2, 3" (SC 2011)
 * for counter-based generation; Appleby's MurmurHash3 finalizer.
 */

const TWO_M32 = 2.3283064365386963e-10;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The 32-bit key of a task's stream in a run seeded with `seed`. */
export function taskKey(seed: string, id: string): number {
  const s = `${seed}\u0000${id}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Draw `draw` (0, 1, ...) of iteration `iteration` of the task with key `key`: a uniform in [0, 1). */
export function keyedUniform(key: number, iteration: number, draw: number): number {
  const a = fmix32((key + Math.imul(iteration, 0x9e3779b9)) | 0);
  return fmix32((a ^ Math.imul(draw + 1, 0x632be5ab)) + key) * TWO_M32;
}
