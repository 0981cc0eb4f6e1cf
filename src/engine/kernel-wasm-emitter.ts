/**
 * A tiny emitter of WebAssembly binaries: the encodings, opcodes and sections that
 * the precedence kernel's module (kernel-wasm-module.ts) is written with, so that
 * module reads as code rather than as bytes.
 *
 * Method: each helper returns the bytes of one instruction or construct; a function
 * is declared with its name, parameter and result types, locals and body, and
 * moduleBytes() lays out the type, import (one memory, `env.memory`), function,
 * export and code sections. Only what the kernel uses is here: i32 and f64 values,
 * locals, loads and stores, block/loop/if/br_if, calls, and a few dozen arithmetic opcodes.
 * Assumptions: bodies are well formed (the engine compiles the module once; an
 * invalid one throws there and the JavaScript loops run instead).
 * Cost: builds a few hundred bytes once per process.
 * Reference: WebAssembly Core Specification 2.0, ch. 5 (binary format).
 */

/** Bytes of an instruction sequence. */
export type Code = number[];
/** Value types (Core 5.3.1). */
export const I32 = 0x7f;
export const I64 = 0x7e;
/** 128-bit vectors (SIMD: Core 5.3.1, 5.4.8). */
export const V128 = 0x7b;
export const F64 = 0x7c;
export type ValType = typeof I32 | typeof I64 | typeof F64 | typeof V128;

/** Unsigned LEB128. */
export function uleb(v: number): Code {
  const out: Code = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(v: number): Code {
  const out: Code = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: Code[]): Code => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: Code): Code => [id, ...uleb(body.length), ...body];
const name = (t: string): Code => [...uleb(t.length), ...Array.from(t, (c) => c.charCodeAt(0))];

// Variables and constants (Core 5.4.4, 5.4.7).
export const get = (l: number): Code => [0x20, ...uleb(l)];
export const set = (l: number): Code => [0x21, ...uleb(l)];
export const tee = (l: number): Code => [0x22, ...uleb(l)];
export const i32 = (v: number): Code => [0x41, ...sleb(v)];
export const f64 = (x: number): Code => [0x44, ...new Uint8Array(new Float64Array([x]).buffer)];
// Memory (Core 5.4.6): memarg = alignment exponent, offset.
export const loadF64 = (offset = 0): Code => [0x2b, 3, ...uleb(offset)];
export const loadF32 = (offset = 0): Code => [0x2a, 2, ...uleb(offset)];
export const loadI32 = (offset = 0): Code => [0x28, 2, ...uleb(offset)];
export const loadI64 = (offset = 0): Code => [0x29, 3, ...uleb(offset)];
export const loadU8 = (offset = 0): Code => [0x2d, 0, ...uleb(offset)];
export const loadU16 = (offset = 0): Code => [0x2f, 1, ...uleb(offset)];
export const storeF64 = (offset = 0): Code => [0x39, 3, ...uleb(offset)];
export const storeI32 = (offset = 0): Code => [0x36, 2, ...uleb(offset)];
export const store8 = (offset = 0): Code => [0x3a, 0, ...uleb(offset)];
export const store16 = (offset = 0): Code => [0x3b, 1, ...uleb(offset)];
// Control (Core 5.4.1): blocks without results.
export const BLOCK: Code = [0x02, 0x40];
export const LOOP: Code = [0x03, 0x40];
export const END = 0x0b;
/** if/else without results (Core 5.4.1): the condition is an i32 on the stack. */
export const IF: Code = [0x04, 0x40];
export const ELSE = 0x05;
export const UNREACHABLE = 0x00;
export const BR = 0x0c;
export const BR_IF = 0x0d;
export const RETURN = 0x0f;
/** call of function `index` (the position of the function in moduleBytes' list). */
export const call = (index: number): Code => [0x10, ...uleb(index)];
export const SELECT = 0x1b;
// Numeric (Core 5.4.7).
export const I32_EQZ = 0x45;
export const I32_EQ = 0x46;
export const I32_NE = 0x47;
export const I32_GT_S = 0x4a;
export const I32_LE_S = 0x4c;
export const I32_LT_S = 0x48;
export const I32_LT_U = 0x49;
export const I32_GE_S = 0x4e;
export const I32_GE_U = 0x4f;
export const I32_ADD = 0x6a;
export const I32_SUB = 0x6b;
export const I32_MUL = 0x6c;
export const I32_AND = 0x71;
export const I32_OR = 0x72;
export const I32_SHL = 0x74;
export const I32_SHR_S = 0x75;
export const I64_GT_S = 0x55;
export const F64_EQ = 0x61;
export const F64_NE = 0x62;
export const F64_LT = 0x63;
export const F64_GT = 0x64;
export const F64_LE = 0x65;
export const F64_GE = 0x66;
export const F64_ABS = 0x99;
export const F64_CEIL = 0x9b;
export const F64_FLOOR = 0x9c;
export const F64_SQRT = 0x9f;
export const F64_ADD = 0xa0;
export const F64_SUB = 0xa1;
export const F64_MUL = 0xa2;
export const F64_DIV = 0xa3;
export const F64_MIN = 0xa4;
export const F64_MAX = 0xa5;
export const F32_DEMOTE_F64 = 0xb6;
export const F64_CONVERT_I32_S = 0xb7;
export const F64_PROMOTE_F32 = 0xbb;
export const I32_REINTERPRET_F32 = 0xbc;
export const I64_REINTERPRET_F64 = 0xbd;
export const F64_REINTERPRET_I64 = 0xbf;
/** i32.trunc_sat_f64_s: saturating (NaN -> 0), as `x | 0` is within the i32 range. */
export const I32_TRUNC_SAT_F64_S: Code = [0xfc, 0x02];

// SIMD (Core 5.4.8): 0xfd and the opcode in LEB128.
export const loadV128 = (offset = 0): Code => [0xfd, ...uleb(0x00), 4, ...uleb(offset)];
export const storeV128 = (offset = 0): Code => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)];
export const F64X2_SPLAT: Code = [0xfd, ...uleb(0x14)];
export const F64X2_TRUNC: Code = [0xfd, ...uleb(0x7a)];
export const F64X2_FLOOR: Code = [0xfd, ...uleb(0x75)];
export const F64X2_ADD: Code = [0xfd, ...uleb(0xf0)];
export const F64X2_SUB: Code = [0xfd, ...uleb(0xf1)];
export const F64X2_MUL: Code = [0xfd, ...uleb(0xf2)];

/** base + (index << shift): the byte address of element `index` of an array at `base` (locals). */
export const at = (base: number, index: number, shift: number): Code => [...get(base), ...get(index), ...i32(shift), I32_SHL, I32_ADD];

/** for (i = from; i < to; i++) body, over i32 locals i, from, to. */
export function forRange(i: number, from: number, to: number, body: Code): Code {
  return [
    ...get(from), ...set(i),
    ...BLOCK,
    ...get(i), ...get(to), I32_GE_S, BR_IF, 0,
    ...LOOP,
    ...body,
    ...get(i), ...i32(1), I32_ADD, ...tee(i), ...get(to), I32_LT_S, BR_IF, 0,
    END,
    END,
  ];
}

export interface WasmFunction {
  /** Export name. */
  name: string;
  params: ValType[];
  results: ValType[];
  /** Locals after the parameters, as runs of [count, type]. */
  locals: Array<[number, ValType]>;
  /** Instructions; the function's final `end` is added here. */
  body: Code;
}

/** A function the module imports from env (e.g. Math.pow); it is called by its index in `imports`. */
export interface WasmImport {
  name: string;
  params: ValType[];
  results: ValType[];
}

/**
 * A module importing one memory as env.memory (and `imports`, functions of env) and
 * exporting `functions` by name, in order. Function indices: the imports first, then
 * `functions` (so with imports, a defined function k is called as imports.length + k).
 */
export function moduleBytes(functions: WasmFunction[], imports: WasmImport[] = []): Uint8Array<ArrayBuffer> {
  const signature = (f: { params: ValType[]; results: ValType[] }) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))];
  const types = [...imports.map(signature), ...functions.map(signature)];
  const codes = functions.map((f) => {
    const code = [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.body, END];
    return [...uleb(code.length), ...code];
  });
  const I = imports.length;
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([...imports.map((f, k) => [...name('env'), ...name(f.name), 0x00, ...uleb(k)]), [...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec(functions.map((_, k) => uleb(I + k)))),
    ...section(7, vec(functions.map((f, k) => [...name(f.name), 0x00, ...uleb(I + k)]))),
    ...section(10, vec(codes)),
  ]);
}

/** Module builders by name (compiledOnce), and the modules compiled or adopted in this thread. */
const builders = new Map<string, () => Uint8Array<ArrayBuffer>>();
const compiled = new Map<string, WebAssembly.Module | null>();

/**
 * The module `name` of `bytes`, compiled on first use and kept for the process (or
 * adopted from another thread: adoptWasmModules); null where WebAssembly is missing or
 * refuses it (its callers then run their JavaScript loops).
 */
export function compiledOnce(name: string, bytes: () => Uint8Array<ArrayBuffer>): () => WebAssembly.Module | null {
  if (builders.has(name)) throw new Error(`two WebAssembly modules are named ${name}`);
  builders.set(name, bytes);
  return () => compiledModule(name);
}

function compiledModule(name: string): WebAssembly.Module | null {
  let module = compiled.get(name);
  if (module === undefined) {
    try {
      module = typeof WebAssembly === 'object' ? new WebAssembly.Module(builders.get(name)!()) : null;
    } catch {
      module = null;
    }
    compiled.set(name, module);
  }
  return module;
}

/**
 * The modules `names` of this thread (compiled now if not yet; unknown names and modules
 * WebAssembly refuses are left out), to hand to another thread: postMessage clones a
 * compiled module, so the other thread neither builds its bytes nor compiles it. A worker
 * does this while the main thread still reads the plan (~25-45 ms of the main thread's
 * start of a 10,000-task forecast, mostly building the bytes in JavaScript that runs once).
 */
export function wasmModules(names: readonly string[]): Record<string, WebAssembly.Module> {
  const out: Record<string, WebAssembly.Module> = {};
  for (const name of names) {
    const module = builders.has(name) ? compiledModule(name) : null;
    if (module) out[name] = module;
  }
  return out;
}

/** Takes modules another thread of this program compiled (wasmModules) for those this thread has not compiled yet. */
export function adoptWasmModules(modules: Record<string, WebAssembly.Module>): void {
  for (const [name, module] of Object.entries(modules)) {
    // By its tag, not instanceof: a module from another realm (a vm context, jest's) is one too.
    if (builders.has(name) && !compiled.has(name) && Object.prototype.toString.call(module) === '[object WebAssembly.Module]') compiled.set(name, module);
  }
}
