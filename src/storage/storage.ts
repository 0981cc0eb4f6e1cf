/**
 * The one storage interface of Converge: a JSON key-value store with prefix listing.
 * Implementations: Forge KVS in the cloud (forge-kvs-storage.ts, chunking values over
 * Forge's 240 KiB limit), SQLite in the local workspace and CLI (sqlite-storage.ts), and
 * memory for tests (memory-storage.ts). Which keys exist and what they hold is decided in
 * one place only: converge-store.ts.
 *
 * Keys use only letters, digits and `:._-#` (the characters Forge KVS accepts).
 */
export interface Storage {
  /** The stored JSON value, or undefined when the key is absent. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores a JSON-serializable value; a reader sees either the old or the new value, never a mix. */
  set(key: string, value: unknown): Promise<void>;
  /** Removes the key; absent keys are fine. */
  delete(key: string): Promise<void>;
  /** Every entry whose key starts with `prefix`, in key order. */
  list<T = unknown>(prefix: string): Promise<Array<{ key: string; value: T }>>;
}

const KEY_PATTERN = /^[A-Za-z0-9:._#-]{1,500}$/;

export class StorageKeyError extends Error {
  readonly code = 'invalid-storage-key';
  constructor(readonly key: string) {
    super(`invalid storage key ${JSON.stringify(key)}: use 1-500 letters, digits and ':._#-'`);
    this.name = 'StorageKeyError';
  }
}

/** Rejects keys Forge KVS would refuse, so the local stores fail the same way the cloud does. */
export function checkKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new StorageKeyError(key);
  return key;
}
