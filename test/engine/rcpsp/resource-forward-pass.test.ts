import seedrandom from 'seedrandom';
import { compilePlan } from '../../../src/engine/compile-plan';
import type { Plan, Task } from '../../../src/engine/plan';
import { schedulePlan } from '../../../src/engine/schedule-plan';
import { problemFromPlan } from '../../../src/engine/rcpsp/problem-from-plan';
import { createResourceForwardPass, mergePoolStats, summarizePoolStats } from '../../../src/engine/rcpsp/resource-forward-pass';
import type { ForwardPass } from '../../../src/engine/monte-carlo';
import { checkSchedule } from './check-schedule';

const fixed = (d: number) => ({ optimistic: d, mostLikely: d, pessimistic: d, distribution: 'fixed' as const });
const t = (id: string, d: number, after: string[], demand: Record<string, number>): Task => ({ id, duration: fixed(d), after, demand, status: 'todo' });
const plan: Plan = {
  start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
  resources: [{ id: 'gpu', capacity: 2, availability: [{ from: '2027-01-11', to: '2027-01-12', capacity: 1 }] }, { id: 'eng', capacity: 1 }],
  tasks: [t('A', 3, [], { gpu: 2 }), t('B', 2, [], { gpu: 1, eng: 1 }), t('C', 4, ['A'], { gpu: 1 }), t('D', 2, ['B'], { eng: 1 }), t('E', 1, ['C', 'D'], { gpu: 2 })],
};

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
});
