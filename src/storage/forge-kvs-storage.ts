/**
 * `Storage` over Forge KVS (@forge/kvs), which refuses values over 240 KiB.
 *
 * Method: a value whose JSON fits is stored as is. A larger one is cut into text chunks,
 * each under the limit, written under `chunk:<key>:<version>:<i>`; only then is `<key>` set
 * to a small manifest naming the version and the chunk count. A reader therefore sees the old
 * manifest (and old chunks) or the new one (and complete new chunks), never half a value.
 * The previous version's chunks are deleted after the swap; a reader that raced the delete
 * re-reads the manifest once. Listing hides chunk keys and reassembles chunked values.
 * Cost: one KVS write per 200 KiB plus one; reads the same.
 * Assumptions: keys come from converge-store.ts and never start with `chunk:`.
 * Reference: Forge KVS limits (developer.atlassian.com/platform/forge/limits-kvs-ce).
 */
import { randomUUID } from 'node:crypto';
import { checkKey, type Storage } from './storage';

/** The subset of `@forge/kvs`'s `kvs` used here; injected so tests can run a fake with the same limits. */
export interface KvsLike {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  query(): KvsQueryLike;
}
export interface KvsQueryLike {
  where(property: 'key', condition: unknown): KvsQueryLike;
  cursor(cursor: string): KvsQueryLike;
  limit(limit: number): KvsQueryLike;
  getMany<T>(): Promise<{ results: Array<{ key: string; value: T }>; nextCursor?: string }>;
}

/** Forge's documented value limit. */
export const KVS_MAX_VALUE_BYTES = 240 * 1024;
export const CHUNK_PREFIX = 'chunk:';
const MANIFEST_TAG = '$convergeChunked';

interface ChunkManifest {
  [MANIFEST_TAG]: { version: string; count: number; chars: number };
}

function isManifest(v: unknown): v is ChunkManifest {
  return typeof v === 'object' && v !== null && MANIFEST_TAG in v;
}

/** Cuts text into pieces whose JSON encoding (how KVS stores a string) fits in maxBytes. */
export function splitForLimit(text: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let at = 0;
  // Start from a size that fits for ASCII and halve when escapes or multi-byte characters overflow.
  const first = Math.max(1, maxBytes - 16);
  while (at < text.length) {
    let len = Math.min(first, text.length - at);
    for (;;) {
      let end = at + len;
      // Never split a surrogate pair.
      if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1])) end--;
      const piece = text.slice(at, end);
      if (Buffer.byteLength(JSON.stringify(piece)) <= maxBytes || end - at <= 1) {
        pieces.push(piece);
        at = end;
        break;
      }
      len = Math.max(1, Math.floor(len / 2));
    }
  }
  return pieces;
}

export interface ForgeKvsStorageOptions {
  /** The largest value KVS accepts (default 240 KiB); chunks are cut a little below it. */
  maxValueBytes?: number;
  /** Page size for prefix queries (KVS allows up to 100). */
  pageSize?: number;
}

export class ForgeKvsStorage implements Storage {
  private readonly maxBytes: number;
  private readonly pageSize: number;

  constructor(
    private readonly kvs: KvsLike,
    private readonly beginsWith: (prefix: string) => unknown,
    options: ForgeKvsStorageOptions = {},
  ) {
    this.maxBytes = (options.maxValueBytes ?? KVS_MAX_VALUE_BYTES) - 1024;
    this.pageSize = options.pageSize ?? 100;
  }

  async get<T>(key: string): Promise<T | undefined> {
    checkKey(key);
    for (let attempt = 0; ; attempt++) {
      const stored = await this.kvs.get<unknown>(key);
      if (!isManifest(stored)) return stored as T | undefined;
      const text = await this.readChunks(key, stored);
      if (text !== undefined) return JSON.parse(text) as T;
      // The chunks vanished under us: a writer replaced the value; its manifest is now in place.
      if (attempt >= 1) throw new Error(`chunked value ${key} changed while being read twice`);
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    checkKey(key);
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`storage value for ${key} is not JSON-serializable`);
    const previous = await this.kvs.get<unknown>(key);
    if (Buffer.byteLength(text) <= this.maxBytes) {
      await this.kvs.set(key, value);
    } else {
      const version = randomUUID();
      const pieces = splitForLimit(text, this.maxBytes);
      // Chunks first, manifest last: the manifest is the commit point.
      await Promise.all(pieces.map((p, i) => this.kvs.set(this.chunkKey(key, version, i), p)));
      const manifest: ChunkManifest = { [MANIFEST_TAG]: { version, count: pieces.length, chars: text.length } };
      await this.kvs.set(key, manifest);
    }
    if (isManifest(previous)) await this.deleteChunks(key, previous);
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    const previous = await this.kvs.get<unknown>(key);
    await this.kvs.delete(key);
    if (isManifest(previous)) await this.deleteChunks(key, previous);
  }

  async list<T>(prefix: string): Promise<Array<{ key: string; value: T }>> {
    const out: Array<{ key: string; value: T }> = [];
    let cursor: string | undefined;
    do {
      let q = this.kvs.query().where('key', this.beginsWith(prefix)).limit(this.pageSize);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany<unknown>();
      for (const { key, value } of page.results) {
        if (key.startsWith(CHUNK_PREFIX)) continue;
        if (isManifest(value)) {
          const v = await this.get<T>(key);
          if (v !== undefined) out.push({ key, value: v });
        } else out.push({ key, value: value as T });
      }
      cursor = page.nextCursor;
    } while (cursor);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private chunkKey(key: string, version: string, i: number): string {
    return `${CHUNK_PREFIX}${key}:${version}:${i}`;
  }

  private async readChunks(key: string, m: ChunkManifest): Promise<string | undefined> {
    const { version, count, chars } = m[MANIFEST_TAG];
    const pieces = await Promise.all(Array.from({ length: count }, (_, i) => this.kvs.get<string>(this.chunkKey(key, version, i))));
    if (pieces.some((p) => typeof p !== 'string')) return undefined;
    const text = pieces.join('');
    return text.length === chars ? text : undefined;
  }

  private async deleteChunks(key: string, m: ChunkManifest): Promise<void> {
    const { version, count } = m[MANIFEST_TAG];
    await Promise.all(Array.from({ length: count }, (_, i) => this.kvs.delete(this.chunkKey(key, version, i))));
  }
}
