/**
 * The parallel SGS's waiting-stream decoding (parallel-sgs.ts `forwardStreams`,
 * constant capacities) as one WebAssembly function over one linear memory: the same
 * decision points, the same streams, heaps and merges, the same double operations in
 * the same order, so the same starts, finishes and makespan bit for bit.
 * parallel-sgs.ts keeps the JavaScript twin (forwardStreams, and forwardScan as its
 * reference) and falls back to it where WebAssembly is missing or refused.
 *
 * Why: a genetic search on a large plan makes only a few hundred parallel decodings,
 * so the JavaScript decoder ran its first ~20 unoptimized while V8 spent ~130-290 ms
 * of CPU optimizing it (twice per run: forward and the justifier's backward
 * instance); this function is compiled once per process (baseline code at the first
 * call, optimized after ~20 calls: ~8 ms of background compiling) and addresses one
 * memory instead of re-checking each typed array.
 * Layout: a header of i32 slots at address 0 (SLOTS below) holds n, R, the number of
 * streams and sources, and the byte address of every array; the function reads them
 * into locals on entry, so the module is compiled once per process and instantiated
 * per ParallelSgs (the reversed problem of ParallelJustifier gets its own instance).
 * The one difference in method: a long run of newcomers is put in list order by a
 * heapsort of their ranks instead of the engine's native sort (ranks are distinct,
 * so every sort gives the same order).
 * Structured code: branches name their target block (wasm-opcodes.ts `br('label')`,
 * `emit`), so loops nest without counting depths by hand.
 * Measured: see parallel-sgs.ts's banner (s14, P2).
 * Cost: building the ~3.9 kB module once per process (~10-15 ms of cold JavaScript, the
 * bulk of it this file's builders) and compiling it lazily; memory ~100 bytes per
 * activity plus the successor and demand lists; per forward call, the list and the
 * durations copied in and the starts and finishes out (memcpy), then the decoding.
 * Reference: WebAssembly Core Specification 2.0; the algorithm: parallel-sgs.ts.
 */
import {
  compiledOnce, F64, f64, F64_ADD, F64_SUB, get, I32, i32, I32_ADD, I32_EQZ, I32_GE_S, I32_LT_S, I32_SUB,
  I32_OR, I32_SHL, loadI32, moduleBytes, SELECT, set, storeF64, storeI32, tee, type Code, type WasmFunction,
} from '../kernel-wasm-emitter';
import {
  addr, block, br, brIf, call, emit, loop, when, type Node, F64_EQ, F64_GE, F64_GT, F64_LE, F64_LT, frame, I32_AND, I32_EQ, I32_GT_S, I32_LE_S,
  I32_SHR_S, ldI, localOps, MEMORY_COPY, RETURN,
} from './wasm-opcodes';

/** Header slots (i32 at byte 4 * index): counts, then array addresses. */
const SLOTS = [
  'n', 'R', 'S', 'ns',
  'succStart', 'succs', 'release', 'us', 'pool', 'qty', 'need', 'base', 'free', 'rank', 'missing', 'predCount', 'fresh', 'kept',
  'tmp', 'heap', 'hkey', 'streamOf', 'sPool', 'sNeed', 'sOff', 'sEnd', 'sRd', 'sWr', 'sbuf', 'act', 'late', 'pending', 'sources',
  'order', 'dur', 'start', 'finish',
] as const;
type Slot = (typeof SLOTS)[number];
const HDR_BYTES = 4 * SLOTS.length;
const slot = (name: Slot): number => SLOTS.indexOf(name);
const hdr = (name: Slot): Code => [...i32(0), ...loadI32(4 * slot(name))];

/** Addresses read from the header into locals on entry (each an i32 local of the same name). */
const ARRAYS = SLOTS.slice(4) as Array<Exclude<Slot, 'n' | 'R' | 'S' | 'ns'>>;

function forwardFn(): WasmFunction {
  const ints = [
    'n', 'R', 'S', 'ns', ...ARRAYS,
    'x', 'j', 'i', 'c', 'up', 'last', 'nf', 'nh', 'np', 'placed', 'nk', 'na', 'b', 'nl', 'from', 'rj', 'a', 's', 'rd', 'wr', 'end',
    'h', 'u', 'ue', 'k', 'ke', 'sj', 'm', 'fits', 'src', 'dst', 'lo', 'hc', 'h1',
  ] as const;
  const floats = ['t', 'makespan', 'rl', 'd', 'f', 'fu', 'fl', 'fc', 'f1', 'next'] as const;
  type Name = (typeof ints)[number] | (typeof floats)[number];
  const F = frame<never, Name>([], [...ints.map((x) => [x, I32] as [Name, typeof I32]), ...floats.map((x) => [x, F64] as [Name, typeof F64])]);
  const { v } = F;
  const { g, put, inc, dec, I, D, setI, setD, forUp } = localOps<Name>(v);
  /** memory.copy of `count` elements of `shift` bytes from array `src` to array `dst` (locals). */
  const copy = (dst: Name, src: Name, count: Code, shift: number): Code => [...g(dst), ...g(src), ...count, ...i32(shift), I32_SHL, ...MEMORY_COPY];
  const INF = f64(Infinity);
  /** missing[sj] -= 1 for each successor sj of j; those reaching 0 go on the fresh stack. */
  const freeSuccessors: Node[] = [
    ...put('ke', I('succStart', [...g('j'), ...i32(1), I32_ADD])),
    ...forUp('k', I('succStart', g('j')), g('ke'), 'succ', [
      ...put('sj', I('succs', g('k'))),
      ...setI('missing', g('sj'), [...I('missing', g('sj')), ...i32(1), I32_SUB, ...tee(v.m)]),
      ...g('m'), I32_EQZ, ...when([...setI('fresh', g('nf'), g('sj')), ...inc('nf')]),
    ]),
  ];
  /** The uses u of j: us[j] .. us[j + 1]. */
  const forUses = (label: string, body: Node[]): Node[] => [
    ...put('ue', I('us', [...g('j'), ...i32(1), I32_ADD])),
    ...forUp('u', I('us', g('j')), g('ue'), label, body),
  ];
  const poolOf = (u: Code): Code => I('pool', u);

  const body: Node[] = [
    ...put('n', hdr('n')), ...put('R', hdr('R')), ...put('S', hdr('S')), ...put('ns', hdr('ns')),
    ...ARRAYS.flatMap((a) => put(a, hdr(a))),
    // Setup: ranks, free capacity, empty streams, predecessor counts, no starts yet.
    ...forUp('x', i32(0), g('n'), 'rank', setI('rank', I('order', g('x')), g('x'))),
    ...copy('free', 'base', g('R'), 3),
    ...copy('sEnd', 'sOff', g('S'), 2),
    ...copy('missing', 'predCount', g('n'), 2),
    ...forUp('x', i32(0), g('n'), 'inf', [...setD('start', g('x'), INF), ...setD('finish', g('x'), INF)]),
    ...copy('fresh', 'sources', g('ns'), 2),
    ...put('nf', g('ns')),
    ...block('main', loop('main.loop',
      // Released now: from the pending heap to the newcomers.
      block('rel', loop('rel.loop',
        g('np'), I32_EQZ, brIf('rel'),
        D('release', I('pending', i32(0))), g('t'), F64_GT, brIf('rel'),
        setI('fresh', g('nf'), I('pending', i32(0))), inc('nf'),
        dec('np'), put('last', I('pending', g('np'))), put('rl', D('release', g('last'))), put('i', i32(0)),
        block('down', loop('down.loop',
          put('c', [...g('i'), ...i32(1), I32_SHL, ...i32(1), I32_ADD]),
          g('c'), g('np'), I32_GE_S, brIf('down'),
          [...g('c'), ...i32(1), I32_ADD, ...g('np'), I32_LT_S], when([
            ...D('release', I('pending', [...g('c'), ...i32(1), I32_ADD])), ...D('release', I('pending', g('c'))), F64_LT,
            ...when(inc('c')),
          ]),
          D('release', I('pending', g('c'))), g('rl'), F64_GE, brIf('down'),
          setI('pending', g('i'), I('pending', g('c'))), put('i', g('c')),
          br('down.loop'),
        )),
        g('np'), i32(0), I32_GT_S, when(setI('pending', g('i'), g('last'))),
        br('rel.loop'),
      )),
      // Newcomers: zero durations start and finish at t; not released yet: pending; the rest kept.
      put('nk', i32(0)),
      block('new', loop('new.loop',
        g('nf'), I32_EQZ, brIf('new'),
        dec('nf'), put('j', I('fresh', g('nf'))), put('rl', D('release', g('j'))),
        [...g('rl'), ...g('t'), F64_GT], when([
          ...put('i', g('np')), ...inc('np'),
          ...block('up', loop('up.loop',
            g('i'), I32_EQZ, brIf('up'),
            put('up', [...g('i'), ...i32(1), I32_SUB, ...i32(1), I32_SHR_S]),
            D('release', I('pending', g('up'))), g('rl'), F64_LE, brIf('up'),
            setI('pending', g('i'), I('pending', g('up'))), put('i', g('up')),
            br('up.loop'),
          )),
          ...setI('pending', g('i'), g('j')),
        ], [
          ...D('dur', g('j')), ...f64(0), F64_EQ,
          ...when([
            ...setD('start', g('j'), g('t')), ...setD('finish', g('j'), g('t')), ...inc('placed'),
            ...g('t'), ...g('makespan'), F64_GT, ...when(put('makespan', g('t'))),
            ...freeSuccessors,
          ], [...setI('kept', g('nk'), g('j')), ...inc('nk')]),
        ]),
        br('new.loop'),
      )),
      g('nk'), i32(1), I32_GT_S, when([...g('nk'), ...call(F_SORT_KEPT)]),
      // The streams whose pool has their need free take part.
      put('na', i32(0)),
      forUp('s', i32(0), g('S'), 'act', [
        ...I('sEnd', g('s')), ...I('sOff', g('s')), I32_GT_S,
        ...when([
          ...D('free', I('sPool', g('s'))), ...D('sNeed', g('s')), F64_GE,
          ...when([
            ...setI('act', g('na'), g('s')), ...inc('na'),
            ...setI('sRd', g('s'), I('sOff', g('s'))), ...setI('sWr', g('s'), I('sOff', g('s'))),
          ]),
        ]),
      ]),
      put('b', i32(0)), put('nl', i32(0)),
      block('scan', loop('scan.loop',
        // The next activity in list order: the newcomers' head or a stream's head.
        put('from', i32(-1)),
        [...g('b'), ...g('nk'), I32_LT_S], when(
          [...put('j', I('kept', g('b'))), ...put('rj', I('rank', g('j')))],
          [...put('j', i32(-1)), ...put('rj', g('n'))],
        ),
        put('a', i32(0)),
        block('heads', loop('heads.loop',
          g('a'), g('na'), I32_GE_S, brIf('heads'),
          put('s', I('act', g('a'))),
          [...I('sRd', g('s')), ...I('sEnd', g('s')), I32_EQ, ...D('free', I('sPool', g('s'))), ...D('sNeed', g('s')), F64_LT, I32_OR],
          when([
            // Leaves: its unread tail moves down over the started ones.
            ...put('rd', I('sRd', g('s'))), ...put('wr', I('sWr', g('s'))), ...put('end', I('sEnd', g('s'))),
            ...g('wr'), ...g('rd'), I32_LT_S, ...when([
              ...block('tail', loop('tail.loop',
                g('rd'), g('end'), I32_GE_S, brIf('tail'),
                setI('sbuf', g('wr'), I('sbuf', g('rd'))), inc('wr'), inc('rd'),
                br('tail.loop'),
              )),
              ...setI('sEnd', g('s'), g('wr')),
            ]),
            ...dec('na'), ...setI('act', g('a'), I('act', g('na'))),
          ], [
            ...put('h', I('sbuf', I('sRd', g('s')))),
            ...I('rank', g('h')), ...g('rj'), I32_LT_S,
            ...when([...put('j', g('h')), ...put('rj', I('rank', g('h'))), ...put('from', g('s'))]),
            ...inc('a'),
          ]),
          br('heads.loop'),
        )),
        g('j'), i32(0), I32_LT_S, brIf('scan'),
        g('from'), i32(0), I32_LT_S, when(inc('b'), setI('sRd', g('from'), [...I('sRd', g('from')), ...i32(1), I32_ADD])),
        put('fits', i32(1)),
        forUses('fit', [
          ...D('free', poolOf(g('u'))), ...D('need', g('u')), F64_LT,
          ...when(put('fits', i32(0))), ...g('fits'), I32_EQZ, ...brIf('fit'),
        ]),
        g('fits'), I32_EQZ, when([
          ...g('from'), ...i32(0), I32_LT_S,
          ...when([...setI('late', g('nl'), g('j')), ...inc('nl')], [
            ...setI('sbuf', I('sWr', g('from')), g('j')),
            ...setI('sWr', g('from'), [...I('sWr', g('from')), ...i32(1), I32_ADD]),
          ]),
          ...br('scan.loop'),
        ]),
        put('d', D('dur', g('j'))), put('f', [...g('t'), ...g('d'), F64_ADD]),
        setD('start', g('j'), g('t')), setD('finish', g('j'), g('f')), inc('placed'),
        g('f'), g('makespan'), F64_GT, when(put('makespan', g('f'))),
        forUses('take', [...addr(g('free'), poolOf(g('u')), 3), ...D('free', poolOf(g('u'))), ...D('qty', g('u')), F64_SUB, ...storeF64()]),
        // Into the running heap by (finish, index), the finish beside it in hkey.
        put('i', g('nh')), inc('nh'),
        block('hup', loop('hup.loop',
          g('i'), I32_EQZ, brIf('hup'),
          put('up', [...g('i'), ...i32(1), I32_SUB, ...i32(1), I32_SHR_S]), put('fu', D('hkey', g('up'))),
          g('fu'), g('f'), F64_LT, brIf('hup'),
          [...g('fu'), ...g('f'), F64_EQ, ...I('heap', g('up')), ...g('j'), I32_LT_S, I32_AND], brIf('hup'),
          setI('heap', g('i'), I('heap', g('up'))), setD('hkey', g('i'), g('fu')), put('i', g('up')),
          br('hup.loop'),
        )),
        setI('heap', g('i'), g('j')), setD('hkey', g('i'), g('f')),
        br('scan.loop'),
      )),
      // Newcomers that did not fit join their streams in list order, merged from the back.
      g('nl'), i32(0), I32_GT_S, when([
        ...forUp('x', i32(0), g('nl'), 'm1', [
          ...put('s', I('streamOf', I('late', g('x')))),
          ...setI('sRd', g('s'), I('sEnd', g('s'))), ...setI('sWr', g('s'), i32(-1)),
        ]),
        ...forUp('x', i32(0), g('nl'), 'm2', [
          ...put('s', I('streamOf', I('late', g('x')))),
          ...setI('sEnd', g('s'), [...I('sEnd', g('s')), ...i32(1), I32_ADD]),
        ]),
        ...put('x', g('nl')),
        ...block('m3', loop('m3.loop',
          g('x'), I32_EQZ, brIf('m3'),
          dec('x'),
          put('j', I('late', g('x'))), put('s', I('streamOf', g('j'))), put('rj', I('rank', g('j'))), put('lo', I('sOff', g('s'))),
          put('src', I('sRd', g('s'))),
          put('dst', [...I('sEnd', g('s')), ...i32(1), I32_SUB, ...I('sWr', g('s')), ...I('sWr', g('s')), ...i32(0), I32_LT_S, SELECT]),
          block('shift', loop('shift.loop',
            g('src'), g('lo'), I32_LE_S, brIf('shift'),
            I('rank', I('sbuf', [...g('src'), ...i32(1), I32_SUB])), g('rj'), I32_LE_S, brIf('shift'),
            dec('src'), setI('sbuf', g('dst'), I('sbuf', g('src'))), dec('dst'),
            br('shift.loop'),
          )),
          setI('sbuf', g('dst'), g('j')), dec('dst'),
          setI('sRd', g('s'), g('src')), setI('sWr', g('s'), g('dst')),
          br('m3.loop'),
        )),
      ]),
      g('placed'), g('n'), I32_EQ, brIf('main'),
      put('next', INF),
      g('nh'), i32(0), I32_GT_S, when(put('next', D('hkey', i32(0)))),
      g('np'), i32(0), I32_GT_S, when([
        ...D('release', I('pending', i32(0))), ...g('next'), F64_LT, ...when(put('next', D('release', I('pending', i32(0))))),
      ]),
      // Nothing running and no release ahead: the rest never fits.
      g('next'), INF, F64_EQ, when([...INF, RETURN]),
      put('t', g('next')),
      block('pop', loop('pop.loop',
        g('nh'), I32_EQZ, brIf('pop'),
        D('hkey', i32(0)), g('t'), F64_GT, brIf('pop'),
        put('j', I('heap', i32(0))),
        dec('nh'), put('last', I('heap', g('nh'))), put('fl', D('hkey', g('nh'))), put('i', i32(0)),
        block('sift', loop('sift.loop',
          put('c', [...g('i'), ...i32(1), I32_SHL, ...i32(1), I32_ADD]),
          g('c'), g('nh'), I32_GE_S, brIf('sift'),
          put('fc', D('hkey', g('c'))), put('hc', I('heap', g('c'))),
          [...g('c'), ...i32(1), I32_ADD, ...g('nh'), I32_LT_S], when([
            ...put('f1', D('hkey', [...g('c'), ...i32(1), I32_ADD])), ...put('h1', I('heap', [...g('c'), ...i32(1), I32_ADD])),
            ...g('f1'), ...g('fc'), F64_LT, ...g('f1'), ...g('fc'), F64_EQ, ...g('h1'), ...g('hc'), I32_LT_S, I32_AND, I32_OR,
            ...when([...inc('c'), ...put('fc', g('f1')), ...put('hc', g('h1'))]),
          ]),
          g('fc'), g('fl'), F64_GT, brIf('sift'),
          [...g('fc'), ...g('fl'), F64_EQ, ...g('hc'), ...g('last'), I32_GT_S, I32_AND], brIf('sift'),
          setI('heap', g('i'), g('hc')), setD('hkey', g('i'), g('fc')), put('i', g('c')),
          br('sift.loop'),
        )),
        g('nh'), i32(0), I32_GT_S, when([...setI('heap', g('i'), g('last')), ...setD('hkey', g('i'), g('fl'))]),
        forUses('give', [...addr(g('free'), poolOf(g('u')), 3), ...D('free', poolOf(g('u'))), ...D('qty', g('u')), F64_ADD, ...storeF64()]),
        freeSuccessors,
        br('pop.loop'),
      )),
      br('main.loop'),
    )),
    ...g('makespan'),
  ];
  return { name: 'forward', params: F.paramTypes, results: [F64], locals: F.localRuns, body: emit(body) };
}

const F_SORT_KEPT = 1, F_SIFT = 2;

/**
 * sortKept(count): kept[0 .. count) in list order (increasing rank), as parallel-sgs.ts's
 * sortByRank: by insertion when short, else a heapsort of their ranks mapped back through
 * the list (the JavaScript twin sorts the ranks natively: distinct keys, the same result).
 */
function sortKeptFn(): WasmFunction {
  const F = frame([['count', I32]], [['kept', I32], ['rank', I32], ['tmp', I32], ['order', I32], ['x', I32], ['y', I32], ['w', I32], ['rw', I32], ['e', I32]]);
  const { v } = F;
  const { g, put, dec, I, setI, forUp } = localOps<keyof typeof v>(v);
  return {
    name: 'sortKept', params: F.paramTypes, results: [], locals: F.localRuns,
    body: emit([
      ...put('kept', hdr('kept')), ...put('rank', hdr('rank')), ...put('tmp', hdr('tmp')), ...put('order', hdr('order')),
      ...g('count'), ...i32(24), I32_LE_S,
      ...when([
        ...forUp('x', i32(1), g('count'), 'ins', [
          ...put('w', I('kept', g('x'))), ...put('rw', I('rank', g('w'))), ...put('y', [...g('x'), ...i32(1), I32_SUB]),
          ...block('sh', loop('sh.loop',
            g('y'), i32(0), I32_LT_S, brIf('sh'),
            I('rank', I('kept', g('y'))), g('rw'), I32_LE_S, brIf('sh'),
            setI('kept', [...g('y'), ...i32(1), I32_ADD], I('kept', g('y'))),
            dec('y'),
            br('sh.loop'),
          )),
          ...setI('kept', [...g('y'), ...i32(1), I32_ADD], g('w')),
        ]),
      ], [
        // Ranks into tmp, heapsorted (max-heap, then the largest moved to the back), mapped back.
        ...forUp('x', i32(0), g('count'), 'r', setI('tmp', g('x'), I('rank', I('kept', g('x'))))),
        ...put('x', [...g('count'), ...i32(1), I32_SHR_S]),
        ...block('build', loop('build.loop',
          g('x'), I32_EQZ, brIf('build'),
          dec('x'),
          g('x'), g('count'), call(F_SIFT),
          br('build.loop'),
        )),
        ...put('e', g('count')),
        ...block('pop', loop('pop.loop',
          g('e'), i32(1), I32_LE_S, brIf('pop'),
          dec('e'),
          put('w', I('tmp', i32(0))),
          setI('tmp', i32(0), I('tmp', g('e'))),
          setI('tmp', g('e'), g('w')),
          i32(0), g('e'), call(F_SIFT),
          br('pop.loop'),
        )),
        ...forUp('x', i32(0), g('count'), 'back', setI('kept', g('x'), I('order', I('tmp', g('x'))))),
      ]),
    ]),
  };
}

/** sift(i, m): the max-heap tmp[0 .. m) restored below i. */
function siftFn(): WasmFunction {
  const F = frame([['i', I32], ['m', I32]], [['tmp', I32], ['w', I32], ['c', I32], ['vc', I32]]);
  const { v } = F;
  const g = (x: keyof typeof v): Code => get(v[x]);
  const put = (x: keyof typeof v, val: Code): Code => [...val, ...set(v[x])];
  return {
    name: 'sift', params: F.paramTypes, results: [], locals: F.localRuns,
    body: emit([
      ...put('tmp', hdr('tmp')),
      ...put('w', ldI(g('tmp'), g('i'))),
      ...block('d', loop('d.loop',
        put('c', [...g('i'), ...i32(1), I32_SHL, ...i32(1), I32_ADD]),
        g('c'), g('m'), I32_GE_S, brIf('d'),
        put('vc', ldI(g('tmp'), g('c'))),
        [...g('c'), ...i32(1), I32_ADD, ...g('m'), I32_LT_S], when([
          ...ldI(g('tmp'), g('c'), 4), ...g('vc'), I32_GT_S,
          ...when([...put('c', [...g('c'), ...i32(1), I32_ADD]), ...put('vc', ldI(g('tmp'), g('c')))]),
        ]),
        g('vc'), g('w'), I32_LE_S, brIf('d'),
        addr(g('tmp'), g('i'), 2), g('vc'), storeI32(),
        put('i', g('c')),
        br('d.loop'),
      )),
      ...addr(g('tmp'), g('i'), 2), ...g('w'), ...storeI32(),
    ]),
  };
}

/** The module's bytes. */
function parallelSgsModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes([forwardFn(), sortKeptFn(), siftFn()]);
}

const parallelSgsModule = compiledOnce('rcpsp-parallel-sgs', parallelSgsModuleBytes);

/** What the decoding reads: the problem's arrays and ParallelSgs's streams (see parallel-sgs.ts). */
interface ParallelSgsTables {
  n: number;
  R: number;
  succStart: Int32Array;
  succs: Int32Array;
  release: Float64Array;
  us: Int32Array;
  pool: Int32Array;
  qty: Float64Array;
  /** qty - CAPACITY_EPS per use (the fit test's threshold, the same double). */
  need: Float64Array;
  base: Float64Array;
  predCount: Int32Array;
  sources: Int32Array;
  streamOf: Int32Array;
  sPool: Int32Array;
  sNeed: Float64Array;
  sOff: Int32Array;
}

/** One ParallelSgs's decoding in WebAssembly memory (constant capacities). */
export class ParallelSgsWasm {
  private readonly order: Int32Array;
  private readonly dur: Float64Array;
  private readonly start: Float64Array;
  private readonly finish: Float64Array;
  private readonly run: () => number;

  private constructor(memory: WebAssembly.Memory, run: () => number, a: Record<string, number>, n: number) {
    const buf = memory.buffer;
    this.run = run;
    this.order = new Int32Array(buf, a.order, n);
    this.dur = new Float64Array(buf, a.dur, n);
    this.start = new Float64Array(buf, a.start, n);
    this.finish = new Float64Array(buf, a.finish, n);
  }

  /** The module instantiated for these tables, or null where WebAssembly is missing or refuses it. */
  static create(tb: ParallelSgsTables): ParallelSgsWasm | null {
    const module = parallelSgsModule();
    if (!module) return null;
    const { n, R } = tb;
    const S = tb.sPool.length, U = tb.pool.length;
    let top = HDR_BYTES;
    const a: Record<string, number> = {};
    const blk = (key: Slot, bytes: number) => { top = Math.ceil(top / 8) * 8; a[key] = top; top += bytes; };
    blk('succStart', 4 * (n + 1)); blk('succs', 4 * tb.succs.length); blk('release', 8 * n);
    blk('us', 4 * (n + 1)); blk('pool', 4 * U); blk('qty', 8 * U); blk('need', 8 * U); blk('base', 8 * R); blk('free', 8 * R);
    for (const k of ['rank', 'missing', 'predCount', 'fresh', 'kept', 'tmp', 'heap', 'streamOf', 'late', 'pending', 'order'] as const) blk(k, 4 * n);
    blk('hkey', 8 * n); blk('sPool', 4 * S); blk('sNeed', 8 * S); blk('sOff', 4 * (S + 1));
    for (const k of ['sEnd', 'sRd', 'sWr', 'act'] as const) blk(k, 4 * S);
    blk('sbuf', 4 * tb.sOff[S]); blk('sources', 4 * tb.sources.length);
    blk('dur', 8 * n); blk('start', 8 * n); blk('finish', 8 * n);
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(top / 65536)) });
    const buf = memory.buffer;
    const i32v = (k: Slot, len: number) => new Int32Array(buf, a[k], len);
    const f64v = (k: Slot, len: number) => new Float64Array(buf, a[k], len);
    i32v('succStart', n + 1).set(tb.succStart.subarray(0, n + 1)); i32v('succs', tb.succs.length).set(tb.succs);
    f64v('release', n).set(tb.release.subarray(0, n));
    i32v('us', n + 1).set(tb.us); i32v('pool', U).set(tb.pool); f64v('qty', U).set(tb.qty); f64v('need', U).set(tb.need);
    f64v('base', R).set(tb.base); i32v('predCount', n).set(tb.predCount); i32v('streamOf', n).set(tb.streamOf);
    i32v('sPool', S).set(tb.sPool); f64v('sNeed', S).set(tb.sNeed); i32v('sOff', S + 1).set(tb.sOff);
    i32v('sources', tb.sources.length).set(tb.sources);
    const h = new Int32Array(buf, 0, SLOTS.length);
    for (const k of SLOTS) if (k in a) h[slot(k)] = a[k];
    h[slot('n')] = n; h[slot('R')] = R; h[slot('S')] = S; h[slot('ns')] = tb.sources.length;
    let inst: WebAssembly.Instance;
    try {
      inst = new WebAssembly.Instance(module, { env: { memory } });
    } catch {
      return null;
    }
    return new ParallelSgsWasm(memory, inst.exports.forward as unknown as () => number, a, n);
  }

  /** ParallelSgs.forward (constant capacities): the same inputs and outputs. */
  forward(order: ArrayLike<number>, dur: Float64Array, start: Float64Array, finish: Float64Array): number {
    const n = this.dur.length;
    this.order.set(order);
    this.dur.set(dur.length === n ? dur : dur.subarray(0, n));
    const makespan = this.run();
    start.set(this.start);
    finish.set(this.finish);
    return makespan;
  }
}
