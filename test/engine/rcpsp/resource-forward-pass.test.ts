import seedrandom from 'seedrandom';
import { compilePlan } from '../../../src/engine/compile-plan';
import type { Plan, Task } from '../../../src/engine/plan';
import { schedulePlan } from '../../../src/engine/schedule-plan';
import { problemFromPlan } from '../../../src/engine/rcpsp/problem-from-plan';
import { activityListFromSchedule, createResourceForwardPass, mergePoolStats, summarizePoolStats } from '../../../src/engine/rcpsp/resource-forward-pass';
import { SerialSgs } from '../../../src/engine/rcpsp/serial-sgs';
import type { ForwardPass } from '../../../src/engine/monte-carlo';
import { checkSchedule } from './check-schedule';

const fixed = (d: number) => ({ optimistic: d, mostLikely: d, pessimistic: d, distribution: 'fixed' as const });
const t = (id: string, d: number, after: string[], demand: Record<string, number>): Task => ({ id, duration: fixed(d), after, demand, status: 'todo' });
const plan: Plan = {
  start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
  resources: [{ id: 'gpu', capacity: 2, availability: [{ from: '2027-01-11', to: '2027-01-12', capacity: 1 }] }, { id: 'eng', capacity: 1 }],
  tasks: [t('A', 3, [], { gpu: 2 }), t('B', 2, [], { gpu: 1, eng: 1 }), t('C', 4, ['A'], { gpu: 1 }), t('D', 2, ['B'], { eng: 1 }), t('E', 1, ['C', 'D'], { gpu: 2 })],
};

/**
 * The resource-aware pass of a plan's schedule (`schedules` decodings), the full serial SGS on
 * the same problem as reference, the schedule's activity list, and work arrays (pass: dur, es,
 * ef; reference: rs, rf).
 */
function passWithReference(p: Plan, schedules: number) {
  const cp = compilePlan(p);
  const report = schedulePlan(cp, { schedules });
  const { pass } = createResourceForwardPass(cp, report);
  const n = cp.n;
  const work = () => new Float64Array(n);
  return {
    cp, pass, n, ref: new SerialSgs(problemFromPlan(cp)), order: activityListFromSchedule(cp, report),
    dur: work(), es: work(), ef: work(), rs: work(), rf: work(),
  };
}

describe('createResourceForwardPass', () => {
  it('refuses to merge statistics of different runs', () => {
    const cp = compilePlan(plan);
    const a = createResourceForwardPass(cp, schedulePlan(cp), { days: 10 });
    const b = createResourceForwardPass(cp, schedulePlan(cp), { days: 11 });
    expect(() => mergePoolStats(a.stats(), b.stats())).toThrow(RangeError);
  });

  it('replays the planned schedule with planned durations', () => {
    const cp = compilePlan(plan);
    const report = schedulePlan(cp);
    const { pass } = createResourceForwardPass(cp, report);
    const es = new Float64Array(cp.n), ef = new Float64Array(cp.n);
    expect(pass.run(Float64Array.from(cp.det), es, ef)).toBe(report.makespan);
    for (const task of report.tasks) expect(es[cp.indexOf.get(task.id)!]).toBe(task.start);
  });

  it('respects precedence and capacity in every sampled iteration, and its stats merge', () => {
    const cp = compilePlan(plan);
    const rp = createResourceForwardPass(cp, schedulePlan(cp), { days: 20, bins: 4 });
    const typed: ForwardPass = rp.pass; // structurally the engine's interface
    const p = problemFromPlan(cp);
    const rng = seedrandom('mc');
    const dur = new Float64Array(cp.n), es = new Float64Array(cp.n), ef = new Float64Array(cp.n), crit = new Uint8Array(cp.n);
    for (let it = 0; it < 300; it++) {
      for (let i = 0; i < cp.n; i++) dur[i] = cp.det[i] * (0.5 + 1.5 * rng());
      const f = typed.run(dur, es, ef);
      expect(checkSchedule(p, es, ef, dur)).toEqual([]);
      crit.fill(0);
      typed.markCritical(dur, es, ef, f, crit);
      expect(crit.some((c, i) => c === 1 && Math.abs(ef[i] - f) < 1e-9)).toBe(true);
    }
    const s = rp.stats();
    expect(s.iterations).toBe(300);
    for (const pool of s.pools) for (let d = 0; d < s.days; d++) expect(pool.hist.slice(d * 4, d * 4 + 4).reduce((x, y) => x + y, 0)).toBe(300);
    const merged = mergePoolStats(s, s);
    expect(merged.iterations).toBe(600);
    expect(merged.pools[0].delayedFinish).toBe(2 * s.pools[0].delayedFinish);
    const summary = summarizePoolStats(merged);
    expect(summary.map((x) => x.id)).toEqual(['gpu', 'eng']);
    expect(summary[0].criticality).toBeGreaterThan(0);
    expect(summary[0].criticality).toBeLessThanOrEqual(1);
    expect(summary[0].usage.p95[0]).toBeLessThanOrEqual(2 + 1e-9);
  });

  it('gives the statistics of the iterations since a mark, as stats() after minus before', () => {
    const cp = compilePlan(plan);
    const rp = createResourceForwardPass(cp, schedulePlan(cp), { days: 12, bins: 4 });
    const rng = seedrandom('mark');
    const dur = new Float64Array(cp.n), es = new Float64Array(cp.n), ef = new Float64Array(cp.n), crit = new Uint8Array(cp.n);
    const iterate = (count: number) => {
      for (let it = 0; it < count; it++) {
        for (let i = 0; i < cp.n; i++) dur[i] = cp.det[i] * (0.5 + 3 * rng());
        const f = rp.pass.run(dur, es, ef);
        crit.fill(0);
        rp.pass.markCritical(dur, es, ef, f, crit);
      }
    };
    iterate(40);
    const before = rp.stats(), mark = rp.mark();
    iterate(70);
    const after = rp.stats(), since = rp.statsSince(mark);
    // Expected: the difference count by count (monte-carlo.ts poolStatsDelta's definition).
    expect(since).toEqual({
      ...after, iterations: 70, unschedulable: after.unschedulable - before.unschedulable,
      pools: after.pools.map((p, r) => ({
        ...p, delayedFinish: p.delayedFinish - before.pools[r].delayedFinish, beyond: p.beyond - before.pools[r].beyond,
        hist: p.hist.map((c, k) => c - before.pools[r].hist[k]),
      })),
    });
    // Usage ran past the tracked days in some iterations (durations up to 3.5x), so idle and beyond counts are exercised.
    expect(since.pools.some((p) => p.beyond > 0)).toBe(true);
    expect(mergePoolStats(before, since)).toEqual(after);
    expect(rp.statsSince(rp.mark()).iterations).toBe(0);
  });

  it('gives the same criticality and statistics in WebAssembly as the JavaScript reference, past the tracked days and for a task that never fits', () => {
    // 'burst' has 3 units only during a 5-day window: X (3 units) never fits when its sampled
    // duration outlasts the window (the fallback places it ignoring capacity).
    const burstPlan: Plan = {
      ...plan,
      resources: [...plan.resources!, { id: 'burst', capacity: 1, availability: [{ from: '2027-01-05', to: '2027-01-12', capacity: 3 }] }],
      tasks: [...plan.tasks, t('X', 4, ['A'], { burst: 3 }), t('Y', 2, [], { burst: 1, eng: 1 })],
    };
    const cp = compilePlan(burstPlan);
    const report = schedulePlan(cp);
    const a = createResourceForwardPass(cp, report, { wasm: false, days: 6, bins: 5 });
    const b = createResourceForwardPass(cp, report, { days: 6, bins: 5 });
    expect(b.usesWasm).toBe(true);
    const rng = seedrandom('burst');
    const dur = new Float64Array(cp.n), w = () => new Float64Array(cp.n);
    const es1 = w(), ef1 = w(), es2 = w(), ef2 = w(), c1 = new Uint8Array(cp.n), c2 = new Uint8Array(cp.n);
    for (let it = 0; it < 300; it++) {
      for (let i = 0; i < cp.n; i++) dur[i] = cp.det[i] * (0.3 + 2 * rng());
      const f1 = a.pass.run(dur, es1, ef1), f2 = b.pass.run(dur, es2, ef2);
      expect(f2).toBe(f1);
      expect(Buffer.from(es2.buffer)).toEqual(Buffer.from(es1.buffer));
      c1.fill(0); c2.fill(0);
      a.pass.markCritical(dur, es1, ef1, f1, c1);
      b.pass.markCritical(dur, es2, ef2, f2, c2);
      expect(Buffer.from(c2)).toEqual(Buffer.from(c1));
    }
    const s = a.stats();
    expect(b.stats()).toEqual(s);
    expect(s.unschedulable).toBeGreaterThan(0);
    expect(s.unschedulable).toBeLessThan(300);
    expect(s.pools.every((p) => p.beyond > 0)).toBe(true);
  });

  // Lazy pools: a pool left out of the decoding and checked afterwards must give
  // exactly the schedule of the full serial SGS (same starts, same blocking pool
  // and blocker), whether the pool never binds ('big'), always binds ('tight') or
  // binds in some iterations only ('some': about 2% of them, checked by hand), with a time-varying pool beside them.
  it('gives exactly the full serial SGS schedule with lazy pools', () => {
    const rng = seedrandom('lazy');
    const tasks: Task[] = [];
    for (let i = 0; i < 80; i++) {
      const after = [];
      for (let j = Math.max(0, i - 10); j < i; j++) if (rng() < 0.1) after.push(`T${j}`);
      const demand: Record<string, number> = { big: 1 + Math.floor(3 * rng()) };
      if (rng() < 0.4) demand.tight = 1 + Math.floor(2 * rng());
      if (rng() < 0.5) demand.some = 1;
      if (rng() < 0.2) demand.win = 1;
      tasks.push(t(`T${i}`, 1 + Math.floor(6 * rng()), after, demand));
    }
    const lazyPlan: Plan = {
      start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
      resources: [
        { id: 'big', capacity: 400 }, { id: 'tight', capacity: 2 }, { id: 'some', capacity: 16 },
        { id: 'win', capacity: 2, availability: [{ from: '2027-01-18', to: '2027-02-05', capacity: 1 }] },
      ],
      tasks,
    };
    const { cp, pass, ref, order, n, dur, es, ef, rs, rf } = passWithReference(lazyPlan, 50);
    const crit = new Uint8Array(n), refCrit = new Uint8Array(n);
    const durRng = seedrandom('durations');
    for (let it = 0; it < 400; it++) {
      for (let i = 0; i < n; i++) dur[i] = cp.det[i] * (0.3 + 1.7 * durRng());
      const f = pass.run(dur, es, ef);
      const g = ref.forward(order, dur, rs, rf);
      expect(f).toBe(g);
      expect(Array.from(es)).toEqual(Array.from(rs));
      crit.fill(0);
      pass.markCritical(dur, es, ef, f, crit);
      // The reference criticality, by the same rule from the full decoding's blocking data.
      refCrit.fill(0);
      for (let i = 0; i < n; i++) if (f - rf[i] <= 1e-9 * Math.max(1, f)) refCrit[i] = 1;
      for (let x = n - 1; x >= 0; x--) {
        const j = order[x];
        if (!refCrit[j]) continue;
        for (let k = cp.predStart[j]; k < cp.predStart[j + 1]; k++) if (rs[j] - rf[cp.preds[k]] <= 1e-9 * Math.max(1, f)) refCrit[cp.preds[k]] = 1;
        const b = ref.blocker[j];
        if (ref.delayedBy[j] >= 0 && b >= 0 && rs[j] - rf[b] <= 1e-9 * Math.max(1, f)) refCrit[b] = 1;
      }
      expect(Array.from(crit)).toEqual(Array.from(refCrit));
    }
  });
  // A pool that never binds but whose bucket bound overflows (back-to-back tasks of a
  // chain share the bucket where one ends and the next starts): the exact sweep must
  // accept it, and the schedule must still be exactly the full serial SGS's.
  it('gives exactly the full serial SGS schedule when only the exact use check passes a lazy pool', () => {
    const tasks: Task[] = [];
    for (let c = 0; c < 2; c++) for (let i = 0; i < 30; i++) tasks.push(t(`C${c}-${i}`, 1 + ((i * 7 + c) % 5), i ? [`C${c}-${i - 1}`] : [], { pair: 1, gpu: 1 + ((i + c) % 2) }));
    const chainPlan: Plan = {
      start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
      resources: [{ id: 'pair', capacity: 2 }, { id: 'gpu', capacity: 2 }],
      tasks,
    };
    const { cp, pass, ref, order, n, dur, es, ef, rs, rf } = passWithReference(chainPlan, 30);
    const durRng = seedrandom('chains');
    for (let it = 0; it < 200; it++) {
      // Fractional durations, so ends and starts fall inside buckets.
      for (let i = 0; i < n; i++) dur[i] = cp.det[i] * (0.3 + 1.7 * durRng());
      expect(pass.run(dur, es, ef)).toBe(ref.forward(order, dur, rs, rf));
      expect(Array.from(es)).toEqual(Array.from(rs));
    }
  });
});
