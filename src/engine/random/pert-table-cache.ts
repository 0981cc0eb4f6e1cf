/**
 * The process's PERT quantile tables, by shape key (pert-quantile-table.ts): each shape
 * is built once, by the WebAssembly builder where it runs (pert-quantile-table-wasm.ts,
 * the same bits, ~5 times faster in a fresh process) and by fillPertQuantileTable
 * otherwise, and tables built by another thread can be handed in.
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
 * Seeds this process's table cache with tables built elsewhere (e.g. by the main
 * thread for its workers): keys[k]'s tables at tables[k·TABLE_STRIDE..] and consts[k·CONST_STRIDE..].
 */
export function primePertQuantileTables(keys: readonly number[], tables: Uint16Array, consts: Float64Array): void {
  keys.forEach((key, k) => {
    if (built.has(key) || built.size >= MAX_CACHED) return;
    built.set(key, {
      tables: tables.slice(k * TABLE_STRIDE, (k + 1) * TABLE_STRIDE),
      consts: consts.slice(k * CONST_STRIDE, (k + 1) * CONST_STRIDE),
    });
  });
}
