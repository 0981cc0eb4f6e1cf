/** Storage: one interface, its implementations, and the key layout. Re-exports only. */
export { type Storage, checkKey, StorageKeyError } from './storage';
export { MemoryStorage } from './memory-storage';
export { ForgeKvsStorage, KVS_MAX_VALUE_BYTES, splitForLimit, type KvsLike, type KvsQueryLike } from './forge-kvs-storage';
export { ConvergeStore, StoreKeys, type CachePointer, type ProjectRecord } from './converge-store';
export { inputHash, canonicalJson } from './input-hash';
