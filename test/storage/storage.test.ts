import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForgeKvsStorage, splitForLimit, CHUNK_PREFIX } from '../../src/storage/forge-kvs-storage';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { ConvergeStore, StoreKeys } from '../../src/storage/converge-store';
import { inputHash } from '../../src/storage/input-hash';
import type { Storage } from '../../src/storage/storage';
import { FakeKvs, beginsWith, KIB } from './fake-kvs';

/** A JSON value of about `kib` KiB with non-ASCII text and characters JSON must escape. */
function bigValue(kib: number) {
  const rows = [];
  for (let i = 0; rows.length * 100 < kib * KIB; i++) rows.push({ id: `ML-${i}`, note: `tâche "${i}" \\ 训练 🚀\n`, p: i / 7 });
  return { name: 'big', rows };
}

const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tmpFile(name: string): string {
  const d = mkdtempSync(join(tmpdir(), 'converge-storage-'));
  tmpDirs.push(d);
  return join(d, name);
}

const stores: Array<[string, () => Storage]> = [
  ['memory', () => new MemoryStorage()],
  ['sqlite', () => new SqliteStorage(tmpFile('s.db'))],
  ['forge kvs', () => new ForgeKvsStorage(new FakeKvs(), beginsWith)],
];

describe.each(stores)('%s storage', (_name, make) => {
  it('rejects keys Forge KVS would refuse', async () => {
    const s = make();
    await expect(s.set('bad/key', 1)).rejects.toMatchObject({ code: 'invalid-storage-key' });
    await expect(s.get('')).rejects.toMatchObject({ code: 'invalid-storage-key' });
  });

  it('gets, sets, deletes and lists by prefix in key order', async () => {
    const s = make();
    expect(await s.get('a')).toBeUndefined();
    await s.set('snap:ML:2', { n: 2 });
    await s.set('snap:ML:1', { n: 1 });
    await s.set('snap:MX:1', { n: 3 });
    await s.set('settings', { v: 1 });
    expect(await s.get('settings')).toEqual({ v: 1 });
    expect(await s.list('snap:ML:')).toEqual([
      { key: 'snap:ML:1', value: { n: 1 } },
      { key: 'snap:ML:2', value: { n: 2 } },
    ]);
    await s.delete('snap:ML:1');
    await s.delete('never-there');
    expect((await s.list('snap:')).map((e) => e.key)).toEqual(['snap:ML:2', 'snap:MX:1']);
  });

  it('round-trips a value above 240 KiB', async () => {
    const s = make();
    const v = bigValue(700);
    expect(Buffer.byteLength(JSON.stringify(v))).toBeGreaterThan(240 * KIB);
    await s.set('fc:data:abc', v);
    expect(await s.get('fc:data:abc')).toEqual(v);
    expect(await s.list('fc:data:')).toEqual([{ key: 'fc:data:abc', value: v }]);
  });
});

describe('ForgeKvsStorage chunking', () => {
  it('cuts text so every piece fits, without splitting surrogate pairs', () => {
    const text = JSON.stringify(bigValue(300));
    const pieces = splitForLimit(text, 50 * KIB);
    expect(pieces.join('')).toBe(text);
    for (const p of pieces) {
      expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThanOrEqual(50 * KIB);
      expect(/[\ud800-\udbff]$/.test(p)).toBe(false);
    }
  });

  it('writes every chunk before the manifest key, and removes the old chunks after replacing', async () => {
    const kvs = new FakeKvs();
    const s = new ForgeKvsStorage(kvs, beginsWith);
    await s.set('fc:data:x', bigValue(600));
    const sets = kvs.log.filter((l) => l.op === 'set').map((l) => l.key);
    expect(sets.length).toBeGreaterThanOrEqual(4); // 600 KiB in < 240 KiB chunks, plus the manifest
    expect(sets[sets.length - 1]).toBe('fc:data:x');
    expect(sets.slice(0, -1).every((k) => k.startsWith(CHUNK_PREFIX))).toBe(true);

    const firstChunks = sets.slice(0, -1);
    await s.set('fc:data:x', { small: true });
    expect(await s.get('fc:data:x')).toEqual({ small: true });
    for (const k of firstChunks) expect(kvs.data.has(k)).toBe(false);
    expect([...kvs.data.keys()]).toEqual(['fc:data:x']);
  });

  it('a writer that fails part-way leaves the previous value readable', async () => {
    const kvs = new FakeKvs();
    const s = new ForgeKvsStorage(kvs, beginsWith);
    const old = bigValue(300);
    await s.set('fc:data:y', old);
    let n = 0;
    kvs.beforeSet = () => {
      if (++n === 2) throw new Error('KVS unavailable');
    };
    await expect(s.set('fc:data:y', bigValue(900))).rejects.toThrow('KVS unavailable');
    kvs.beforeSet = undefined;
    expect(await s.get('fc:data:y')).toEqual(old);
  });

  it('lists across several query pages and hides chunk keys', async () => {
    const kvs = new FakeKvs();
    const s = new ForgeKvsStorage(kvs, beginsWith, { pageSize: 2 });
    for (let i = 0; i < 5; i++) await s.set(`jobdone:J:${i}`, 1);
    await s.set('jobbatch:J:0', bigValue(260));
    expect((await s.list('jobdone:J:')).length).toBe(5);
    expect((await s.list('')).map((e) => e.key)).toEqual(['jobbatch:J:0', ...[0, 1, 2, 3, 4].map((i) => `jobdone:J:${i}`)]);
  });
});

describe('SqliteStorage', () => {
  it('survives closing and reopening the file, in WAL mode', async () => {
    const file = tmpFile('reopen.db');
    const a = new SqliteStorage(file);
    await a.set('settings', { iterations: 5000 });
    expect(existsSync(`${file}-wal`)).toBe(true); // write-ahead log in use
    await a.setMany([
      { key: 'snap:ML:1', value: 1 },
      { key: 'snap:ML:2', value: 2 },
    ]);
    a.close();
    const b = new SqliteStorage(file);
    expect(await b.get('settings')).toEqual({ iterations: 5000 });
    expect((await b.list('snap:ML:')).map((e) => e.value)).toEqual([1, 2]);
    b.close();
  });

  it('writes nothing of a batch whose entry is invalid', async () => {
    const s = new SqliteStorage(tmpFile('atomic.db'));
    await expect(s.setMany([{ key: 'ok', value: 1 }, { key: 'not ok/', value: 2 }])).rejects.toMatchObject({ code: 'invalid-storage-key' });
    expect(await s.get('ok')).toBeUndefined();
    s.close();
  });
});

describe('ConvergeStore', () => {
  it('counts finished batches and returns their results in batch order', async () => {
    const store = new ConvergeStore<unknown, unknown, unknown, unknown, unknown, { b: number }>(new MemoryStorage());
    await store.saveJobBatches('J1', [10, 11], { b: 10 });
    await store.saveJobBatches('J1', [2], { b: 2 });
    await store.saveJobBatches('J1', [1], { b: 1 });
    expect(await store.jobBatchesDone('J1')).toBe(4);
    expect((await store.jobBatches('J1')).map((r) => r.b)).toEqual([1, 2, 10]);
    await store.dropJobBatches('J1');
    expect(await store.jobBatches('J1')).toEqual([]);
    expect(await store.jobBatchesDone('J1')).toBe(4);
  });

  it('keeps snapshots in time order and keys within the allowed characters', async () => {
    const store = new ConvergeStore<unknown, unknown, { at: string }>(new MemoryStorage());
    await store.saveSnapshot('ML', '2027-01-11T09:00:00.000Z', 'b', { at: '11' });
    await store.saveSnapshot('ML', '2027-01-04T09:00:00.000Z', 'a', { at: '04' });
    expect((await store.snapshots('ML')).map((s) => s.at)).toEqual(['04', '11']);
    expect(StoreKeys.snapshot('ML', '2027-01-04T09:00:00.000Z', 'a')).toMatch(/^[A-Za-z0-9:._#-]+$/);
  });
});

describe('inputHash', () => {
  it('ignores key order and changes with any value', () => {
    expect(inputHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(inputHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(inputHash({ a: 1 })).not.toBe(inputHash({ a: 2 }));
    expect(inputHash({ a: 1 })).toMatch(/^[0-9a-f]{32}$/);
  });
});
