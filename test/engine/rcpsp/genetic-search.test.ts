import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { parsePsplib, problemFromPsplib } from '../../../src/engine/rcpsp/parse-psplib';
import { solveRcpsp, makespanLowerBound } from '../../../src/engine/rcpsp/genetic-search';
import type { RcpspProblem } from '../../../src/engine/rcpsp/rcpsp-problem';
import { checkSchedule } from './check-schedule';

const dir = join(__dirname, '../../fixtures/psplib');
const optima = new Map<string, number>();
for (const line of readFileSync(join(dir, 'j30opt.sm'), 'utf8').split('\n')) {
  const m = /^\s*(\d+)\s+(\d+)\s+(\d+)/.exec(line);
  if (m) optima.set(`j30${m[1]}_${m[2]}.sm`, Number(m[3]));
}
const load = (f: string): RcpspProblem => problemFromPsplib(parsePsplib(readFileSync(join(dir, 'j30', f), 'utf8'))).problem;

describe('solveRcpsp', () => {
  it('treats a budget below one as one schedule', () => {
    const p = load('j301_1.sm');
    const s = solveRcpsp(p, { schedules: 0, rng: seedrandom('1') });
    expect(s.schedules).toBe(1);
    expect(checkSchedule(p, s.start, s.finish)).toEqual([]);
  });

  // Expected values: the proven optima of j30opt.sm (Demeulemeester & Herroelen 1995), exact.
  // The sample instance the search does not always solve exactly with 5000 schedules
  // (over seeds 1..3 it finds 59, 58, 58 for 58 with the decoder genes, 58, 60, 58 before;
  // j3029_5 has been solved for all three since path relinking): held to within 3% of the
  // optimum so that a regression still shows.
  const hard = new Set(['j3013_1.sm']);
  const files = readdirSync(join(dir, 'j30')).filter((f) => f.endsWith('.sm')).sort();
  it.each(files)('schedules %s feasibly, at its optimum (or within 3% for the hard one) with 5000 schedules', (f) => {
    const p = load(f);
    const s = solveRcpsp(p, { schedules: 5000, rng: seedrandom('1') });
    const opt = optima.get(f)!;
    expect(checkSchedule(p, s.start, s.finish)).toEqual([]);
    expect(s.makespan).toBeGreaterThanOrEqual(Math.max(opt, makespanLowerBound(p)));
    if (hard.has(f)) expect(s.makespan).toBeLessThanOrEqual(Math.floor(opt * 1.03));
    else expect(s.makespan).toBe(opt);
  });

  it('keeps schedules feasible and reproducible when path relinking runs often', () => {
    // relinkAfter 5 relinks many times within the walk phase of a hard instance.
    const p = load('j3013_1.sm');
    const run = () => solveRcpsp(p, { schedules: 1500, rng: seedrandom('3'), relinkAfter: 5, relinkPoints: 3 });
    const a = run(), b = run();
    expect(checkSchedule(p, a.start, a.finish)).toEqual([]);
    expect(Array.from(b.start)).toEqual(Array.from(a.start));
    expect(a.schedules).toBeLessThanOrEqual(1500);
    const off = solveRcpsp(p, { schedules: 1500, rng: seedrandom('3'), relinkAfter: 0 });
    expect(checkSchedule(p, off.start, off.finish)).toEqual([]);
  });

  it('keeps both decoders feasible and reproducible with capacity windows and with serial only', () => {
    // Capacity windows: the parallel SGS decodes (genes with its bit), justification stays
    // serial (the parallel backward pass needs constant capacity).
    const base = load('j3013_1.sm');
    const p: RcpspProblem = { ...base, capacity: base.capacity.map((c, r) => (r === 0 ? { base: c.base, times: [5, 20], values: [c.base - 2, c.base] } : c)) };
    const run = (o: object) => solveRcpsp(p, { schedules: 600, rng: seedrandom('5'), ...o });
    for (const o of [{}, { decoderFlip: 0.5 }, { parallelShare: 0, parallelJustify: 0 }, { parallelShare: 1, parallelJustify: 1, decoderFlip: 0 }]) {
      const a = run(o), b = run(o);
      expect(checkSchedule(p, a.start, a.finish)).toEqual([]);
      expect(Array.from(b.start)).toEqual(Array.from(a.start));
      expect(a.schedules).toBeLessThanOrEqual(600);
    }
    // Constant capacity, every list decoded by the parallel SGS and justified through it.
    const q = load('j3013_1.sm');
    const c = solveRcpsp(q, { schedules: 600, rng: seedrandom('5'), parallelShare: 1, parallelJustify: 1, decoderFlip: 0 });
    expect(checkSchedule(q, c.start, c.finish)).toEqual([]);
  });

  it('is reproducible for a seed', () => {
    const p = load('j3013_1.sm');
    const a = solveRcpsp(p, { schedules: 300, rng: seedrandom('7') });
    const b = solveRcpsp(p, { schedules: 300, rng: seedrandom('7') });
    expect(Array.from(b.start)).toEqual(Array.from(a.start));
    expect(b.schedules).toBe(a.schedules);
  });
});

describe('solveRcpsp when an activity can never fit', () => {
  it('returns an infinite makespan instead of searching (every list gives one)', () => {
    // Pool 0 has 2 units, 8 only during [5, 10): a 6-period activity needing 8 never fits.
    const base = load('j301_1.sm');
    const demand = new Float64Array(base.demand);
    demand[1 * base.R] = 8;
    const duration = new Float64Array(base.duration);
    duration[1] = 6;
    const capacity = base.capacity.map((c, r) => (r === 0 ? { base: 2, times: [5, 10], values: [8, 2] } : c));
    const s = solveRcpsp({ ...base, demand, duration, capacity }, { schedules: 500, rng: seedrandom('1') });
    expect(s.makespan).toBe(Infinity);
    expect(s.schedules).toBeLessThan(500);
  });
});

describe('solveRcpsp decoder genes on hard j60 instances', () => {
  // Four j60 instances where serial-only decoding stalls at 5,000 schedules (seed 1: 98, 160, 143, 117;
  // best known 95, 154, 139, 113 from j60hrs.sm). The self-adapting decoders (the default) reached
  // 95, 156, 139, 114 when this test was written; held to a shorter total and never longer per instance.
  const j60 = (f: string): RcpspProblem => problemFromPsplib(parsePsplib(readFileSync(join(dir, 'j60', f), 'utf8'))).problem;
  const files = ['j6021_4.sm', 'j6029_6.sm', 'j6037_3.sm', 'j6041_2.sm'];
  it('finds shorter schedules than serial-only decoding at the same budget and seed', () => {
    let mixed = 0, serial = 0;
    for (const f of files) {
      const p = j60(f);
      const a = solveRcpsp(p, { schedules: 5000, rng: seedrandom('1') });
      const b = solveRcpsp(p, { schedules: 5000, rng: seedrandom('1'), parallelShare: 0, parallelJustify: 0 });
      expect(checkSchedule(p, a.start, a.finish)).toEqual([]);
      expect(a.makespan).toBeLessThanOrEqual(b.makespan);
      mixed += a.makespan;
      serial += b.makespan;
    }
    expect(mixed).toBeLessThan(serial);
  });
});
