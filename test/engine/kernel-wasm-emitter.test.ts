/**
 * The WebAssembly emitter (src/engine/kernel-wasm-emitter.ts) and the kernel's module
 * (src/engine/kernel-wasm-module.ts): LEB128 encodings against the examples of the
 * WebAssembly Core Specification 2.0 (5.2.2) and DWARF's, a module that validates and
 * runs, and the kernel's module validating.
 */
import { compiledOnce, F64, F64_ADD, get, I32, i32, moduleBytes, sleb, uleb, wasmModules } from '../../src/engine/kernel-wasm-emitter';
import { instantiateKernelWasm, KERNEL_MODULE, kernelModuleBytes } from '../../src/engine/kernel-wasm-module';

describe('kernel-wasm-emitter', () => {
  it('rejects an ill-formed body (the module does not validate)', () => {
    // f64.add on an empty stack.
    const bytes = moduleBytes([{ name: 'bad', params: [], results: [F64], locals: [], body: [F64_ADD] }]);
    expect(WebAssembly.validate(bytes)).toBe(false);
  });

  it('encodes LEB128 as the specification does', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(2)).toEqual([0x02]);
    expect(sleb(-2)).toEqual([0x7e]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(504)).toEqual([0xf8, 0x03]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(i32(16)).toEqual([0x41, 0x10]);
  });

  it('builds a module that validates and runs', () => {
    const bytes = moduleBytes([
      { name: 'add', params: [F64, F64], results: [F64], locals: [], body: [...get(0), ...get(1), F64_ADD] },
      { name: 'seven', params: [], results: [I32], locals: [], body: i32(7) },
    ]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as { add: (a: number, b: number) => number; seven: () => number };
    expect(ex.add(0.1, 0.2)).toBe(0.1 + 0.2);
    expect(ex.seven()).toBe(7);
  });

  it("the kernel's module validates and instantiates over a memory of the asked size", () => {
    expect(WebAssembly.validate(kernelModuleBytes())).toBe(true);
    const k = instantiateKernelWasm(200000);
    expect(k).not.toBeNull();
    expect(k!.memory.buffer.byteLength).toBeGreaterThanOrEqual(200000);
    expect(Object.keys(k!.fns).sort()).toEqual(['alea', 'countBins', 'countBlocks', 'critical', 'pass', 'range', 'sample', 'scores']);
  });

  it('hands its compiled modules to another thread, which adopts them instead of compiling its own', () => {
    const mine = wasmModules([KERNEL_MODULE, 'no-such-module']);
    expect(Object.keys(mine)).toEqual([KERNEL_MODULE]);
    expect(mine[KERNEL_MODULE]).toBeInstanceOf(WebAssembly.Module);
    // A fresh module registry stands for the other thread (postMessage clones a compiled module).
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const emitter = require('../../src/engine/kernel-wasm-emitter') as typeof import('../../src/engine/kernel-wasm-emitter');
      const kernel = require('../../src/engine/kernel-wasm-module') as typeof import('../../src/engine/kernel-wasm-module');
      /* eslint-enable @typescript-eslint/no-require-imports */
      emitter.adoptWasmModules({ ...mine, 'no-such-module': mine[KERNEL_MODULE], [kernel.KERNEL_MODULE + '?']: {} as WebAssembly.Module });
      expect(emitter.wasmModules([kernel.KERNEL_MODULE])[kernel.KERNEL_MODULE]).toBe(mine[KERNEL_MODULE]);
      expect(kernel.instantiateKernelWasm(1 << 16)?.fns.pass).toBeInstanceOf(Function);
      expect(emitter.wasmModules(['no-such-module'])).toEqual({});
    });
    // One name, one module.
    expect(() => compiledOnce(KERNEL_MODULE, kernelModuleBytes)).toThrow(/two WebAssembly modules/);
  });
});
