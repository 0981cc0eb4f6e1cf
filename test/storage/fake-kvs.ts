/**
 * A stand-in for `@forge/kvs`'s `kvs` with the platform's documented limits: values over
 * 240 KiB and keys over 500 characters are refused, values are JSON round-tripped, queries
 * page by `limit` with an opaque cursor. Records every call so tests can check write order.
 */
import type { KvsLike, KvsQueryLike } from '../../src/storage/forge-kvs-storage';

export const KIB = 1024;

export class FakeKvs implements KvsLike {
  readonly data = new Map<string, string>();
  readonly log: Array<{ op: 'get' | 'set' | 'delete'; key: string }> = [];
  /** Called before each set; a test can throw from it to simulate a crash mid-write. */
  beforeSet?: (key: string) => void;

  async get<T>(key: string): Promise<T | undefined> {
    this.log.push({ op: 'get', key });
    const t = this.data.get(key);
    return t === undefined ? undefined : (JSON.parse(t) as T);
  }
  async set<T>(key: string, value: T): Promise<void> {
    if (key.length > 500) throw new Error(`key too long: ${key.length}`);
    const text = JSON.stringify(value);
    if (Buffer.byteLength(text) > 240 * KIB) throw new Error(`value too large for ${key}: ${Buffer.byteLength(text)} bytes`);
    this.beforeSet?.(key);
    this.log.push({ op: 'set', key });
    this.data.set(key, text);
  }
  async delete(key: string): Promise<void> {
    this.log.push({ op: 'delete', key });
    this.data.delete(key);
  }
  query(): KvsQueryLike {
    const state: { prefix: string; limit: number; cursor?: string } = { prefix: '', limit: 10 };
    const q: KvsQueryLike = {
      where: (_p, cond) => ((state.prefix = (cond as { prefix: string }).prefix), q),
      cursor: (c) => ((state.cursor = c), q),
      limit: (n) => ((state.limit = n), q),
      getMany: async <T>() => {
        const keys = [...this.data.keys()].filter((k) => k.startsWith(state.prefix)).sort();
        const from = state.cursor ? keys.findIndex((k) => k > state.cursor!) : 0;
        const page = from < 0 ? [] : keys.slice(from, from + state.limit);
        const more = from >= 0 && from + state.limit < keys.length;
        return {
          results: page.map((key) => ({ key, value: JSON.parse(this.data.get(key)!) as T })),
          nextCursor: more ? page[page.length - 1] : undefined,
        };
      },
    };
    return q;
  }
}

export const beginsWith = (prefix: string) => ({ prefix });
