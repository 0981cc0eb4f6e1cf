/**
 * The process's PERT quantile tables, by shape key (pert-quantile-table.ts): each shape
 * is built once, by the WebAssembly builder where it runs (pert-quantile-table-wasm.ts,
 * the same bits, ~5 times faster in a fresh process) and by fillPertQuantileTable
 * otherwise; several threads can build a plan's tables together (buildSharedPertTables).
 * Cost: TABLE_STRIDE 16-bit values and 4 doubles per shape kept (1.8 KB); at most
 * SHAPE_STEPS + 1 shapes.
 */
import { CONST_STRIDE, fillPertQuantileTable, SHAPE_STEPS, TABLE_STRIDE } from './pert-quantile-table';
import { pertTableBuilder } from './pert-quantile-table-wasm';

/** Tables already built in this process, by shape key: a pure function of the key, so safe to share. */
const built = new Map<number, { tables: Uint16Array; consts: Float64Array }>();
const MAX_CACHED = SHAPE_STEPS + 1;

/** Copies the tables of shape `key` (built once per process) to tables[tOff..] and consts[cOff..]. */
export function copyPertQuantileTable(key: number, tables: Uint16Array, tOff: number, consts: Float64Array, cOff: number): void {
  let hit = built.get(key);
  if (!hit) {
    hit = { tables: new Uint16Array(TABLE_STRIDE), consts: new Float64Array(CONST_STRIDE) };
    (pertTableBuilder() ?? fillPertQuantileTable)(key, hit.tables, 0, hit.consts, 0);
    if (built.size < MAX_CACHED) built.set(key, hit);
  }
  tables.set(hit.tables, tOff);
  consts.set(hit.consts, cOff);
}

/**
 * A plan's PERT tables for several threads to build together (buildSharedPertTables), on
 * SharedArrayBuffers: keys[k]'s tables at tables[k·TABLE_STRIDE..] and consts[k·CONST_STRIDE..].
 */
export interface SharedPertTables {
  keys: Int32Array;
  tables: Uint16Array;
  consts: Float64Array;
  /** [0]: the next key to claim; [1 + k]: 1 once keys[k]'s tables are written. */
  state: Int32Array;
}

/** Empty shared tables for the shape keys `keys` (sample-duration.ts pertShapeKeys). */
export function sharePertTables(keys: readonly number[]): SharedPertTables {
  const K = keys.length;
  const shared = <T>(Type: new (b: SharedArrayBuffer) => T, bytes: number) => new Type(new SharedArrayBuffer(bytes));
  const out = {
    keys: shared(Int32Array, 4 * K),
    tables: shared(Uint16Array, 2 * K * TABLE_STRIDE),
    consts: shared(Float64Array, 8 * K * CONST_STRIDE),
    state: shared(Int32Array, 4 * (K + 1)),
  };
  out.keys.set(keys);
  return out;
}

/**
 * Builds the tables of `shared` together with whichever threads call this too, and puts
 * them all in this thread's cache. Each thread claims the next key from a shared counter
 * and writes its tables; then it takes those the others finished from the shared arrays.
 * One still unfinished is built here when first needed (copyPertQuantileTable: the same
 * bits), so no thread ever waits for another (nor hangs when one dies). On 10,000 tasks (272 shapes, ~45 ms on one thread)
 * a worker thread builds them while the main thread renumbers the plan.
 */
export function buildSharedPertTables(shared: SharedPertTables): void {
  const { keys, tables, consts, state } = shared;
  const K = keys.length;
  for (let k = Atomics.add(state, 0, 1); k < K; k = Atomics.add(state, 0, 1)) {
    copyPertQuantileTable(keys[k], tables, k * TABLE_STRIDE, consts, k * CONST_STRIDE);
    Atomics.store(state, 1 + k, 1);
  }
  adoptPertTables(shared);
}

/** Puts the tables of `shared` that are finished (built by any thread) in this thread's cache; returns how many it took. */
export function adoptPertTables(shared: SharedPertTables): number {
  const { keys, tables, consts, state } = shared;
  let taken = 0;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    if (built.has(key) || built.size >= MAX_CACHED) continue;
    // Seen finished (an atomic load), the other thread's writes before it are visible.
    if (Atomics.load(state, 1 + k) === 1) {
      built.set(key, {
        tables: tables.slice(k * TABLE_STRIDE, (k + 1) * TABLE_STRIDE),
        consts: consts.slice(k * CONST_STRIDE, (k + 1) * CONST_STRIDE),
      });
      taken++;
    }
  }
  return taken;
}

/** Whether this thread has built or adopted the tables of shape `key` (tests). */
export function hasPertTables(key: number): boolean {
  return built.has(key);
}
