/**
 * `Storage` over SQLite (better-sqlite3) for the local workspace and the CLI: one table of
 * key -> JSON text in a real file, WAL journal (readers never block the writer and never see a
 * half-written value), each write its own transaction. Prefix listing is a range scan on the
 * primary key: prefix <= key < prefix + U+FFFF (keys are ASCII, see storage.ts).
 * better-sqlite3 is synchronous; the async interface is kept so callers work with every store.
 */
import Database from 'better-sqlite3';
import { checkKey, type Storage } from './storage';

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly stmts: {
    get: Database.Statement<[string], { value: string }>;
    set: Database.Statement<[string, string, string]>;
    del: Database.Statement<[string]>;
    list: Database.Statement<[string, string], { key: string; value: string }>;
  };

  /** Opens (creating if needed) the database file; ':memory:' works for throwaway stores. */
  constructor(readonly file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS kv (
         key TEXT PRIMARY KEY NOT NULL,
         value TEXT NOT NULL,
         updated_at TEXT NOT NULL
       ) WITHOUT ROWID`,
    );
    this.stmts = {
      get: this.db.prepare('SELECT value FROM kv WHERE key = ?'),
      set: this.db.prepare(
        'INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      ),
      del: this.db.prepare('DELETE FROM kv WHERE key = ?'),
      list: this.db.prepare('SELECT key, value FROM kv WHERE key >= ? AND key < ? ORDER BY key'),
    };
  }

  async get<T>(key: string): Promise<T | undefined> {
    const row = this.stmts.get.get(checkKey(key));
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`storage value for ${key} is not JSON-serializable`);
    this.stmts.set.run(checkKey(key), text, new Date().toISOString());
  }

  async delete(key: string): Promise<void> {
    this.stmts.del.run(checkKey(key));
  }

  async list<T>(prefix: string): Promise<Array<{ key: string; value: T }>> {
    return this.stmts.list.all(prefix, `${prefix}\uffff`).map((r) => ({ key: r.key, value: JSON.parse(r.value) as T }));
  }

  /** Writes several entries atomically (one SQLite transaction). */
  async setMany(entries: Array<{ key: string; value: unknown }>): Promise<void> {
    const rows = entries.map((e) => [checkKey(e.key), JSON.stringify(e.value)] as const);
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const [k, v] of rows) this.stmts.set.run(k, v, now);
    })();
  }

  close(): void {
    this.db.close();
  }
}
