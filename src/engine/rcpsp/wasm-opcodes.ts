/**
 * WebAssembly opcodes and small structured helpers that the serial SGS module
 * (sgs-wasm-module.ts) needs beyond the kernel's emitter (../kernel-wasm-emitter.ts,
 * which stays as it is): if/else, unconditional branches, return, calls, float
 * comparisons, and a few i32 operations; plus helpers that name locals and
 * compute element addresses, so the module reads as code.
 *
 * Method: each constant or helper is the bytes of one instruction or construct.
 * Assumptions: bodies are well formed; an invalid one makes the engine refuse the
 * module and the JavaScript SGS runs instead.
 * Reference: WebAssembly Core Specification 2.0, ch. 5 (binary format).
 */
import { F64, get, I32, i32, I32_ADD, I32_SHL, loadF64, loadI32, uleb, type Code, type ValType } from '../kernel-wasm-emitter';

// Control (Core 5.4.1).
export const UNREACHABLE = 0x00;
export const IF: Code = [0x04, 0x40];
export const ELSE = 0x05;
export const BR = 0x0c;
export const RETURN = 0x0f;
export const call = (index: number): Code => [0x10, ...uleb(index)];
// Numeric (Core 5.4.7).
export const I32_EQ = 0x46;
export const I32_NE = 0x47;
export const I32_GT_S = 0x4a;
export const I32_LE_S = 0x4c;
export const I32_AND = 0x71;
export const I32_SHR_S = 0x75;
export const F64_EQ = 0x61;
export const F64_NE = 0x62;
export const F64_LT = 0x63;
export const F64_GT = 0x64;
export const F64_LE = 0x65;
export const F64_GE = 0x66;
export const F64_CEIL = 0x9b;

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
// Conversions (Core 5.4.7): f32.demote_f64, i32.reinterpret_f32.
export const F32_DEMOTE_F64 = 0xb6;
export const I32_REINTERPRET_F32 = 0xbc;
