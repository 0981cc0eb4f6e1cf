/**
 * Small structured helpers for the SGS modules (sgs-wasm-module.ts, pool-usage-wasm.ts,
 * parallel-sgs-wasm.ts, and the sorts and lists of justify.ts and priority-rules.ts) on
 * top of the emitter (../kernel-wasm-emitter.ts): named locals, element addresses and
 * branches by label name, so the modules read as code; the opcodes they use are
 * re-exported from the emitter.
 *
 * Method: each constant or helper is the bytes of one instruction or construct.
 * Assumptions: bodies are well formed; an invalid one makes the engine refuse the
 * module and the JavaScript SGS runs instead.
 * Reference: WebAssembly Core Specification 2.0, ch. 5 (binary format).
 */
import { BLOCK, BR, BR_IF, ELSE, END, F64, get, I32, i32, I32_ADD, I32_GE_S, I32_SHL, I32_SUB, IF, LOOP, loadF64, loadI32, set, storeF64, storeI32, uleb, type Code, type ValType } from '../kernel-wasm-emitter';

// The opcodes themselves are in the emitter (one table for every module).
export {
  UNREACHABLE, IF, ELSE, BR, RETURN, call, I32_EQ, I32_NE, I32_GT_S, I32_LE_S, I32_AND, I32_SHR_S,
  F64_EQ, F64_NE, F64_LT, F64_GT, F64_LE, F64_GE, F64_CEIL, F32_DEMOTE_F64, I32_REINTERPRET_F32,
} from '../kernel-wasm-emitter';

/** i64.store (8 bytes, bit for bit: moves two i32 at once). */
export const storeI64 = (offset = 0): Code => [0x37, 3, ...uleb(offset)];
export { loadI64, loadV128, storeV128 } from '../kernel-wasm-emitter';

/** memory.copy (bulk memory, memmove semantics) of memory 0: pops destination, source and byte count (i32). */
export const MEMORY_COPY: Code = [0xfc, 0x0a, 0x00, 0x00];

/** Byte address of element `index` (code) of an array at `base` (code) with elements of 1 << shift bytes. */
export const addr = (base: Code, index: Code, shift: number): Code => [...base, ...index, ...(shift ? [...i32(shift), I32_SHL] : []), I32_ADD];
/** base[index] for f64 / i32 arrays, `offset` bytes further (e.g. 8 for base[index + 1] of f64). */
export const ldF = (base: Code, index: Code, offset = 0): Code => [...addr(base, index, 3), ...loadF64(offset)];
export const ldI = (base: Code, index: Code, offset = 0): Code => [...addr(base, index, 2), ...loadI32(offset)];

/**
 * Named locals of one function: `params` then `locals` in order, each [name, type];
 * returns the index of each name and the locals' run-length declaration.
 */
export function frame<P extends string, L extends string>(params: Array<[P, ValType]>, locals: Array<[L, ValType]>):
  { v: Record<P | L, number>; get: (name: P | L) => Code; paramTypes: ValType[]; localRuns: Array<[number, ValType]> } {
  const v = {} as Record<P | L, number>;
  params.forEach(([name], k) => { v[name] = k; });
  locals.forEach(([name], k) => { v[name] = params.length + k; });
  const localRuns: Array<[number, ValType]> = [];
  for (const [, type] of locals) {
    const last = localRuns[localRuns.length - 1];
    if (last && last[1] === type) last[0]++; else localRuns.push([1, type]);
  }
  return { v, get: (name) => get(v[name]), paramTypes: params.map(([, t]) => t), localRuns };
}

export { F64, I32 };

/** Code with named branch targets, resolved to depths by emit() (parallel-sgs-wasm.ts, priority-rules.ts, justify.ts). */
export type Node = number | { br: string; cond: boolean } | { kind: 'block' | 'loop' | 'if'; label: string; body: Node[]; alt?: Node[] };
export const block = (label: string, ...body: Array<Node | Node[]>): Node[] => [{ kind: 'block', label, body: body.flat() }];
export const loop = (label: string, ...body: Array<Node | Node[]>): Node[] => [{ kind: 'loop', label, body: body.flat() }];
/** if (condition on the stack) then `body` else `alt`; `label` names it for br (rarely needed). */
export const when = (body: Node[], alt?: Node[], label = ''): Node[] => [{ kind: 'if', label, body, alt }];
export const br = (label: string): Node[] => [{ br: label, cond: false }];
export const brIf = (label: string): Node[] => [{ br: label, cond: true }];

export function emit(nodes: Node[], labels: string[] = []): Code {
  const out: Code = [];
  for (const x of nodes) {
    if (typeof x === 'number') { out.push(x); continue; }
    if ('br' in x) {
      const at = labels.lastIndexOf(x.br);
      if (at < 0) throw new Error(`no label ${x.br}`);
      out.push(x.cond ? BR_IF : BR, labels.length - 1 - at);
      continue;
    }
    const inner = [...labels, x.label];
    out.push(...(x.kind === 'block' ? BLOCK : x.kind === 'loop' ? LOOP : IF), ...emit(x.body, inner));
    if (x.alt) out.push(ELSE, ...emit(x.alt, inner));
    out.push(END);
  }
  return out;
}

/**
 * Accessors of a function's named locals (frame's `v`): read, write, ++ and --, elements
 * of the i32 and f64 arrays whose byte address a local holds, and a counted loop
 * (for x = from; x < to; x++ with exit block `label`), as every module here writes them.
 */
export function localOps<N extends string>(v: Record<N, number>) {
  const g = (x: N): Code => get(v[x]);
  const put = (x: N, val: Code): Code => [...val, ...set(v[x])];
  const inc = (x: N): Code => [...g(x), ...i32(1), I32_ADD, ...set(v[x])];
  const dec = (x: N): Code => [...g(x), ...i32(1), I32_SUB, ...set(v[x])];
  const I = (arr: N, idx: Code): Code => ldI(g(arr), idx);
  const D = (arr: N, idx: Code): Code => ldF(g(arr), idx);
  const setI = (arr: N, idx: Code, val: Code): Code => [...addr(g(arr), idx, 2), ...val, ...storeI32()];
  const setD = (arr: N, idx: Code, val: Code): Code => [...addr(g(arr), idx, 3), ...val, ...storeF64()];
  const forUp = (x: N, from: Code, to: Code, label: string, body: Node[]): Node[] => [
    ...put(x, from),
    ...block(label, loop(label + '.loop', [...g(x), ...to, I32_GE_S], brIf(label), body, inc(x), br(label + '.loop'))),
  ];
  return { g, put, inc, dec, I, D, setI, setD, forUp };
}
