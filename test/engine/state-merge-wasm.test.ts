/**
 * The merge of a Simulation's internal-order accumulators into a run's state in
 * WebAssembly (src/engine/state-merge-wasm.ts) gives the values of the JavaScript loops
 * it replaces (monte-carlo.ts flushScratch): random 16-bit counts and sums, with and
 * without a second thread's, a plan size that is not a multiple of the staging chunk,
 * zero sums left out, and a state that already holds counts.
 */
import seedrandom from 'seedrandom';
import { emptyState, HIST_BINS, runState, SENS_BINS } from '../../src/engine/monte-carlo';
import { mergeableState, addInternalSums, type InternalSums } from '../../src/engine/state-merge-wasm';

const H = HIST_BINS, B = SENS_BINS;

function sums(n: number, r: () => number): InternalSums {
  const hist = new Uint16Array(n * H), sens = new Float64Array(n * B);
  for (let k = 0; k < hist.length; k++) if (r() < 0.3) hist[k] = Math.floor(r() * 65536);
  for (let k = 0; k < sens.length; k++) if (r() < 0.5) sens[k] = Math.floor(r() * 2 ** 40) * (r() < 0.1 ? 0.5 : 1);
  return { hist, sens };
}

/** The JavaScript reference (flushScratch's loops). */
function reference(to: { hist: Uint32Array; sens: Float64Array }, own: InternalSums, order: Int32Array, extra?: InternalSums): void {
  const n = order.length;
  for (let p = 0; p < n; p++) {
    const from = p * H, at = order[p] * H;
    for (let b = 0; b < H; b++) to.hist[at + b] += own.hist[from + b] + (extra ? extra.hist[from + b] : 0);
  }
  for (let b = 0; b < B; b++) {
    for (let p = 0; p < n; p++) {
      const v = extra ? own.sens[b * n + p] + extra.sens[b * n + p] : own.sens[b * n + p];
      if (v !== 0) to.sens[b * n + order[p]] += v;
    }
  }
}

describe('state-merge-wasm', () => {
  for (const n of [1, 7, 2500]) {
    it(`adds as the JavaScript loops do (${n} tasks, with and without another thread's sums)`, () => {
      const r = seedrandom(`merge-${n}`);
      const order = Int32Array.from(Array.from({ length: n }, (_, i) => i).sort(() => r() - 0.5));
      const wasm = mergeableState(n, H, B)!;
      expect(wasm).not.toBeNull();
      expect(wasm.hist.every((x) => x === 0) && wasm.sens.every((x) => x === 0)).toBe(true);
      const js = { hist: new Uint32Array(n * H), sens: new Float64Array(n * B) };
      for (const withExtra of [false, true, true]) {
        const own = sums(n, r), extra = withExtra ? sums(n, r) : undefined;
        expect(addInternalSums(wasm, own, order, extra)).toBe(true);
        reference(js, own, order, extra);
        expect(Buffer.from(wasm.hist.buffer, wasm.hist.byteOffset, wasm.hist.byteLength).equals(Buffer.from(js.hist.buffer))).toBe(true);
        expect(Buffer.from(wasm.sens.buffer, wasm.sens.byteOffset, wasm.sens.byteLength).equals(Buffer.from(js.sens.buffer))).toBe(true);
      }
    });
  }

  it('refuses arrays it did not make, or of another shape (the caller then runs the JavaScript)', () => {
    const n = 5, r = seedrandom('x');
    const order = Int32Array.from([4, 3, 2, 1, 0]);
    expect(addInternalSums(emptyState(n, 's', 1, 1), sums(n, r), order)).toBe(false);
    const wasm = runState(n, 's', 1, 1);
    expect(addInternalSums(wasm, sums(n, r), order)).toBe(true);
    expect(addInternalSums(wasm, sums(n + 1, r), Int32Array.from([0, 1, 2, 3, 4, 5]))).toBe(false);
    expect(addInternalSums(wasm, sums(n, r), order, sums(n - 1, r))).toBe(false);
  });
});
