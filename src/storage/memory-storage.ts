/**
 * An in-memory `Storage` for tests and one-off runs. Values are stored as JSON text, so a
 * caller can never mutate a stored value by reference, and a value that does not survive
 * JSON (a Date, a typed array) behaves exactly as it would in the real stores.
 */
import { checkKey, type Storage } from './storage';

export class MemoryStorage implements Storage {
  private readonly data = new Map<string, string>();

  async get<T>(key: string): Promise<T | undefined> {
    const text = this.data.get(checkKey(key));
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.data.set(checkKey(key), JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    this.data.delete(checkKey(key));
  }

  async list<T>(prefix: string): Promise<Array<{ key: string; value: T }>> {
    return [...this.data.keys()]
      .filter((k) => k.startsWith(prefix))
      .sort()
      .map((key) => ({ key, value: JSON.parse(this.data.get(key)!) as T }));
  }

  /** Number of stored keys (tests). */
  get size(): number {
    return this.data.size;
  }
}
