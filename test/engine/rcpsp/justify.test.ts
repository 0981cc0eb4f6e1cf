import seedrandom from 'seedrandom';
import { sortByKey } from '../../../src/engine/rcpsp/justify';

// sortByKey sorts long arrays by a radix sort on the keys' bits: it must give exactly
// the order of a comparison sort by (key, index) (descending: key and index down).
function reference(idx: Int32Array, key: Float64Array, descending: boolean): number[] {
  const a = Array.from(idx);
  return descending
    ? a.sort((x, y) => (key[x] === key[y] ? y - x : key[x] < key[y] ? 1 : -1))
    : a.sort((x, y) => (key[x] === key[y] ? x - y : key[x] < key[y] ? -1 : 1));
}

describe('sortByKey', () => {
  it('leaves an empty array empty', () => {
    const idx = new Int32Array(0);
    sortByKey(idx, new Float64Array(0), false);
    expect(idx.length).toBe(0);
  });

  it('orders by key then index, both directions, short and long arrays, with ties, ±0 and ±Infinity', () => {
    const rng = seedrandom('sort');
    for (let trial = 0; trial < 40; trial++) {
      const n = trial < 10 ? 1 + Math.floor(96 * rng()) : 97 + Math.floor(3000 * rng());
      const key = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const u = rng();
        // Many ties (whole and half days), negative and fractional keys, signed zeros, infinities.
        key[i] = u < 0.3 ? Math.floor(40 * rng()) / 2 : u < 0.6 ? 1000 * (rng() - 0.3) : u < 0.7 ? (rng() < 0.5 ? 0 : -0)
          : u < 0.75 ? (rng() < 0.5 ? Infinity : -Infinity) : rng() * 1e-300;
      }
      for (const descending of [false, true]) {
        const idx = new Int32Array(n);
        for (let i = 0; i < n; i++) idx[i] = i;
        // Not always in index order on entry.
        if (trial % 2 === 1) for (let i = n - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); const t = idx[i]; idx[i] = idx[j]; idx[j] = t; }
        const want = reference(idx, key, descending);
        sortByKey(idx, key, descending);
        expect(Array.from(idx)).toEqual(want);
      }
    }
  });

  it('orders keys that share their high 32 bits by their low bits, in short runs and in runs long enough for the full radix sort', () => {
    const rng = seedrandom('low-bits');
    for (const runs of [40, 3]) {
      // 600 keys in `runs` groups; within a group only the last mantissa bits differ (and some repeat).
      const n = 600, key = new Float64Array(n);
      for (let i = 0; i < n; i++) key[i] = 256 * (1 + Math.floor(runs * rng())) + Math.floor(200 * rng()) * 2 ** -40;
      for (const descending of [false, true]) {
        const idx = Int32Array.from({ length: n }, (_, i) => i);
        const want = reference(idx, key, descending);
        sortByKey(idx, key, descending);
        expect(Array.from(idx)).toEqual(want);
      }
    }
  });

  it('sorts only the first `count` entries when given a count', () => {
    const rng = seedrandom('count');
    const key = new Float64Array(800);
    for (let i = 0; i < 800; i++) key[i] = Math.floor(30 * rng()) + 0.25;
    for (const count of [50, 500]) {
      for (const descending of [false, true]) {
        const idx = new Int32Array(800);
        for (let i = 0; i < 800; i++) idx[i] = 799 - i;
        const want = reference(idx.slice(0, count), key, descending);
        sortByKey(idx, key, descending, count);
        expect(Array.from(idx.subarray(0, count))).toEqual(want);
        for (let i = count; i < 800; i++) expect(idx[i]).toBe(799 - i);
      }
    }
  });

  it('sorts a subset of indexes (a subarray)', () => {
    const rng = seedrandom('subset');
    const key = new Float64Array(500);
    for (let i = 0; i < 500; i++) key[i] = Math.floor(50 * rng());
    const all = new Int32Array(400);
    for (let x = 0; x < 400; x++) all[x] = 499 - x;
    const sub = all.subarray(100, 300);
    const want = reference(sub, key, false);
    sortByKey(sub, key, false);
    expect(Array.from(sub)).toEqual(want);
    expect(all[99]).toBe(400);
    expect(all[300]).toBe(199);
  });

  it('sorts in WebAssembly exactly as in JavaScript (bucket sort, its fallbacks, keys longer than the indices, subsets)', () => {
    const rng = seedrandom('wasm-sort');
    const makes: Array<(i: number, n: number) => number> = [
      () => Math.floor(300 * rng()),
      () => Math.floor(600 * rng()) / 2 - 50,
      () => (rng() < 0.5 ? 0 : -0) + Math.floor(3 * rng()),
      (i, n) => 5 + (n - i) / (n + 1),
      () => Math.floor(1e7 * rng()),
      (i) => (i === 7 ? -Infinity : Math.floor(100 * rng())),
      () => 2 ** 31 + Math.floor(10 * rng()),
      () => -(2 ** 31) + Math.floor(10 * rng()) - 0.5,
    ];
    for (let trial = 0; trial < 40; trial++) {
      const make = makes[trial % makes.length];
      const n = 97 + Math.floor(3000 * rng());
      const key = new Float64Array(n + (trial % 3) * 50);
      for (let i = 0; i < key.length; i++) key[i] = make(i, key.length);
      const count = trial % 4 === 3 ? 97 + Math.floor((n - 97) * rng()) : n;
      for (const descending of [false, true]) {
        const base = Int32Array.from({ length: n }, (_, i) => i).filter(() => trial % 5 !== 4 || rng() < 0.7);
        const a = base.slice(), b = base.slice();
        sortByKey(a, key, descending, Math.min(count, a.length));
        sortByKey(b, key, descending, Math.min(count, b.length), false);
        expect(Array.from(a)).toEqual(Array.from(b));
        if (count >= a.length) expect(Array.from(a)).toEqual(reference(base, key, descending));
      }
    }
  });

  it('orders whole and half-day keys (the bucket sort by floor) and falls back where buckets would need many moves', () => {
    const rng = seedrandom('buckets');
    const cases: Array<(i: number, n: number) => number> = [
      // Whole days with many ties, half days, negative days, signed zeros: the bucket sort.
      () => Math.floor(300 * rng()),
      () => Math.floor(600 * rng()) / 2,
      () => Math.floor(200 * rng()) - 100 + (rng() < 0.2 ? 0.25 : 0),
      () => (rng() < 0.5 ? 0 : -0) + Math.floor(3 * rng()),
      // One floor, distinct fractions in reverse index order: too many moves, the radix sort runs.
      (i, n) => 5 + (n - i) / (n + 1),
      // A range of floors too wide for buckets; an infinite key.
      () => Math.floor(1e7 * rng()),
      (i) => (i === 7 ? Infinity : Math.floor(100 * rng())),
    ];
    for (const make of cases) {
      const n = 150 + Math.floor(2000 * rng());
      const key = new Float64Array(n);
      for (let i = 0; i < n; i++) key[i] = make(i, n);
      for (const descending of [false, true]) {
        const idx = Int32Array.from({ length: n }, (_, i) => i);
        const want = reference(idx, key, descending);
        sortByKey(idx, key, descending);
        expect(Array.from(idx)).toEqual(want);
      }
    }
  });
});
