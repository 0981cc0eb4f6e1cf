/**
 * PERT tables built by several threads together (src/engine/random/pert-table-cache.ts
 * buildSharedPertTables): a thread claims keys from a shared counter, takes the tables
 * other threads finished from the shared arrays, and builds one another thread claimed
 * but never finished when it needs it, without waiting. A fresh module registry stands
 * for the second thread (its own table cache); the real threads: test/cli/forecast.test.ts
 * (--workers 2 gives the report of one thread, byte for byte).
 */
import { compilePlan, DistCode } from '../../../src/engine/compile-plan';
import { validatePlan } from '../../../src/engine/validate-plan';
import { CONST_STRIDE, fillPertQuantileTable, pertShapeKey, TABLE_STRIDE } from '../../../src/engine/random/pert-quantile-table';
import { buildSharedPertTables, sharePertTables } from '../../../src/engine/random/pert-table-cache';
import { DurationSampler, pertShapeKeys, pertShapeKeysOfRawPlan } from '../../../src/engine/random/sample-duration';
import { parsePlan } from '../../../src/engine/parse-plan';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports */
const freshThread = () => ({
  cache: require('../../../src/engine/random/pert-table-cache') as typeof import('../../../src/engine/random/pert-table-cache'),
  sampler: require('../../../src/engine/random/sample-duration') as typeof import('../../../src/engine/random/sample-duration'),
});
/* eslint-enable @typescript-eslint/no-require-imports */

function rawPlan() {
  const pert = (id: string, a: number, m: number, b: number, extra: Record<string, unknown> = {}) =>
    ({ id, duration: { optimistic: a, mostLikely: m, pessimistic: b, distribution: 'pert' }, ...extra });
  const tasks = [
    ...Array.from({ length: 12 }, (_, k) => pert(`P${k}`, 1, 1.5 + k / 4, 9)),
    // The same shape again, a done task and a = b: no tables of their own.
    pert('Same', 2, 3, 18), pert('Done', 1, 7, 9, { status: 'done' }), pert('Flat', 4, 4, 4),
    { id: 'L', duration: { optimistic: 2, mostLikely: 3, pessimistic: 9, distribution: 'lognormal' } },
  ];
  return { start: '2027-01-04', tasks };
}

function plan() {
  const r = validatePlan(rawPlan());
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return compilePlan(r.plan);
}

describe('shared PERT tables', () => {
  const cp = plan();
  const keys = pertShapeKeys(cp);
  const alone = new DurationSampler(cp);

  it('lists each PERT shape of the plan once (not done tasks, not a = b)', () => {
    expect(keys).toHaveLength(12);
    expect(new Set(keys).size).toBe(12);
    expect(alone.tables.length).toBe(12 * TABLE_STRIDE);
  });

  it('takes the tables another thread finished, claims the rest, and builds one left unfinished when needed', () => {
    const shared = sharePertTables(keys);
    // The other thread claimed keys 0-2, finished 0 and 1 (key 0 marked, to see it taken as it is) and died on 2.
    Atomics.add(shared.state, 0, 3);
    fillPertQuantileTable(keys[0], shared.tables, 0, shared.consts, 0);
    shared.tables[5] = 12345;
    fillPertQuantileTable(keys[1], shared.tables, TABLE_STRIDE, shared.consts, CONST_STRIDE);
    Atomics.store(shared.state, 1, 1);
    Atomics.store(shared.state, 2, 1);
    jest.isolateModules(() => {
      const { cache, sampler } = freshThread();
      cache.buildSharedPertTables(shared);
      // It claimed and finished every other key.
      expect(Atomics.load(shared.state, 0)).toBeGreaterThanOrEqual(keys.length);
      expect(Array.from(shared.state.subarray(1))).toEqual(keys.map((_, k) => (k === 2 ? 0 : 1)));
      for (let k = 3; k < keys.length; k++) {
        const mine = new Uint16Array(TABLE_STRIDE), c = new Float64Array(CONST_STRIDE);
        fillPertQuantileTable(keys[k], mine, 0, c, 0);
        expect(shared.tables.subarray(k * TABLE_STRIDE, (k + 1) * TABLE_STRIDE)).toEqual(mine);
        expect(shared.consts.subarray(k * CONST_STRIDE, (k + 1) * CONST_STRIDE)).toEqual(c);
      }
      const s = new sampler.DurationSampler(cp);
      // Key 0's table is the other thread's (marked); key 2's was built here; every table equals one thread's but the mark.
      let checked = 0;
      for (let i = 0; i < cp.n; i++) {
        if (s.kind[i] !== alone.kind[i]) throw new Error('kinds differ');
        if (cp.dist[i] !== DistCode.Pert || cp.done[i] || !(cp.b[i] > cp.a[i])) continue;
        const mine = s.tables.slice(s.shapeIndex[i] * TABLE_STRIDE, (s.shapeIndex[i] + 1) * TABLE_STRIDE);
        const one = alone.tables.slice(alone.shapeIndex[i] * TABLE_STRIDE, (alone.shapeIndex[i] + 1) * TABLE_STRIDE);
        if (pertShapeKey(cp.a[i], cp.m[i], cp.b[i]) === keys[0]) {
          expect(mine[5]).toBe(12345);
          mine[5] = one[5];
        }
        expect(mine).toEqual(one);
        checked++;
      }
      expect(checked).toBe(13);
    });
  });

  it('a thread adopts the tables another finished (a worker that built them ahead), and only those', () => {
    const shared = sharePertTables(keys);
    fillPertQuantileTable(keys[4], shared.tables, 4 * TABLE_STRIDE, shared.consts, 4 * CONST_STRIDE);
    Atomics.store(shared.state, 1 + 4, 1);
    jest.isolateModules(() => {
      const { cache } = freshThread();
      expect(cache.adoptPertTables(shared)).toBe(1);
      expect(keys.map((key) => cache.hasPertTables(key))).toEqual(keys.map((_, k) => k === 4));
    });
  });

  it('builds nothing and claims nothing for a plan without PERT tasks', () => {
    const shared = sharePertTables([]);
    buildSharedPertTables(shared);
    expect(shared.tables.length).toBe(0);
  });
});

describe('PERT shape keys from a plan file\'s raw JSON (tables built while the plan is still being compiled)', () => {
  const keysOf = (raw: unknown) => pertShapeKeysOfRawPlan(raw).sort((x, y) => x - y);
  const compiledKeys = (text: string) => {
    const r = parsePlan(text);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return pertShapeKeys(compilePlan(r.plan)).sort((x, y) => x - y);
  };

  it('finds exactly the keys the compiled plan needs: the sample program, and estimates in force (remaining, done, a = b, other distributions)', () => {
    const sample = readFileSync(join(__dirname, '../../../examples/ai-program.json'), 'utf8');
    expect(keysOf(JSON.parse(sample))).toEqual(compiledKeys(sample));
    const raw = rawPlan();
    raw.tasks.push(
      // In progress with a remaining estimate: that one's shape, not the original's.
      { id: 'R', duration: { optimistic: 1, mostLikely: 2, pessimistic: 30, distribution: 'pert' }, status: 'in-progress', remaining: { optimistic: 1, mostLikely: 6, pessimistic: 7 } } as never,
      // No distribution named: PERT.
      { id: 'D', duration: { optimistic: 2, mostLikely: 2.5, pessimistic: 40 } } as never,
      { id: 'N', duration: 3 } as never,
    );
    const text = JSON.stringify(raw);
    expect(keysOf(raw)).toEqual(compiledKeys(text));
    expect(keysOf(raw)).toHaveLength(14);
  });

  it('finds none in what is not a plan', () => {
    for (const raw of [null, 3, 'x', {}, { tasks: {} }, { tasks: [null, 1, { duration: null }, { duration: { optimistic: 'a' } }] }]) expect(keysOf(raw)).toEqual([]);
  });
});
