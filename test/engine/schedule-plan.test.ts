import seedrandom from 'seedrandom';
import { compilePlan } from '../../src/engine/compile-plan';
import type { Plan, Task } from '../../src/engine/plan';
import { schedulePlan } from '../../src/engine/schedule-plan';
import { scheduleReport } from '../../src/engine/schedule-report';
import { problemFromPlan } from '../../src/engine/rcpsp/problem-from-plan';
import { checkSchedule } from './rcpsp/check-schedule';

const fixed = (d: number) => ({ optimistic: d, mostLikely: d, pessimistic: d, distribution: 'fixed' as const });
function task(id: string, d: number, after: string[] = [], demand: Record<string, number> = {}, extra: Partial<Task> = {}): Task {
  return { id, duration: fixed(d), after, demand, status: 'todo', ...extra };
}
function plan(tasks: Task[], resources: Plan['resources'] = []): Plan {
  // Monday 2027-01-04, Mon-Fri.
  return { start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] }, resources, tasks };
}

describe('schedulePlan', () => {
  it('rejects an invalid budget', () => {
    const cp = compilePlan(plan([task('A', 1, [], { gpu: 1 })], [{ id: 'gpu', capacity: 1 }]));
    expect(() => schedulePlan(cp, { schedules: 0 })).toThrow(RangeError);
  });

  it('is the CPM report when no task demands a resource', () => {
    const cp = compilePlan(plan([task('A', 3), task('B', 2, ['A'])], [{ id: 'gpu', capacity: 1 }]));
    expect(schedulePlan(cp)).toEqual(scheduleReport(cp));
  });

  // Solved by hand: one GPU; A (3 d) then C (1 d, no GPU) and B (2 d). Running A first gives
  // A [0,3), B [3,5), C [3,4): makespan 5 (B first would give 6). B waits for the GPU held by A,
  // so the critical chain is A -> B and C has 1 day of float.
  it('levels a single pool as solved by hand', () => {
    const cp = compilePlan(plan([task('A', 3, [], { gpu: 1 }), task('B', 2, [], { gpu: 1 }), task('C', 1, ['A'])], [{ id: 'gpu', capacity: 1, name: 'GPU' }]));
    const r = schedulePlan(cp);
    expect(r.makespan).toBe(5);
    const by = Object.fromEntries(r.tasks.map((t) => [t.id, t]));
    expect([by.A.start, by.B.start, by.C.start]).toEqual([0, 3, 3]);
    expect(by.B.delayedBy).toBe('gpu');
    expect(by.A.delayedBy).toBeUndefined();
    expect([by.A.critical, by.B.critical, by.C.critical]).toEqual([true, true, false]);
    expect(by.C.totalFloat).toBe(1);
    expect(r.criticalPath).toEqual(['A', 'B']);
    expect(r.finishDate).toBe('2027-01-08');
    expect(r.resourceUsage).toEqual([{ id: 'gpu', name: 'GPU', capacity: [1, 1, 1, 1, 1], usage: [1, 1, 1, 1, 1] }]);
    // Early/late dates stay those of the resource-free network.
    expect([by.B.earlyStart, by.B.lateStart]).toEqual([0, 2]);
  });

  // Solved by hand: capacity 0 on Tue 5 and Wed 6 January (working days 1-2), so a 2-day task
  // needing the pool starts on Thursday (day 3) and ends at 5; a half-day task fits on day 0.
  it('respects availability windows through the calendar', () => {
    const cp = compilePlan(plan([task('X', 2, [], { gpu: 1 }), task('Y', 0.5, [], { gpu: 1 })],
      [{ id: 'gpu', capacity: 1, availability: [{ from: '2027-01-05', to: '2027-01-06', capacity: 0 }] }]));
    const r = schedulePlan(cp);
    const by = Object.fromEntries(r.tasks.map((t) => [t.id, t]));
    expect([by.Y.start, by.Y.finish]).toEqual([0, 0.5]);
    expect([by.X.start, by.X.finish, by.X.startDate]).toEqual([3, 5, '2027-01-07']);
    expect(r.resourceUsage![0].capacity).toEqual([1, 0, 0, 1, 1]);
    expect(r.resourceUsage![0].usage).toEqual([0.5, 0, 0, 1, 1]);
  });

  it('never breaks a precedence, release or capacity on random plans (seeded property test)', () => {
    const rng = seedrandom('property');
    for (let trial = 0; trial < 60; trial++) {
      const n = 3 + Math.floor(rng() * 12);
      const tasks: Task[] = [];
      for (let i = 0; i < n; i++) {
        const after = tasks.filter(() => rng() < 0.2).map((t) => t.id);
        const demand: Record<string, number> = {};
        if (rng() < 0.8) demand.p = 1 + Math.floor(rng() * 3);
        if (rng() < 0.5) demand.q = Math.round(rng() * 20) / 10;
        const extra: Partial<Task> = rng() < 0.2 ? { notBefore: '2027-01-1' + Math.floor(rng() * 9) } : {};
        tasks.push(task(`T${i}`, Math.round(rng() * 40) / 8, after, demand, extra));
      }
      const resources = [
        { id: 'p', capacity: 3, availability: rng() < 0.5 ? [{ from: '2027-01-06', to: '2027-01-12', capacity: 1 + Math.floor(rng() * 3) }] : undefined },
        { id: 'q', capacity: 2 },
      ].map((r) => (r.availability ? r : { id: r.id, capacity: r.capacity }));
      const cp = compilePlan(plan(tasks, resources));
      const r = schedulePlan(cp, { schedules: 60, seed: String(trial) });
      const start = new Float64Array(cp.n), finish = new Float64Array(cp.n);
      for (const t of r.tasks) { start[cp.indexOf.get(t.id)!] = t.start; finish[cp.indexOf.get(t.id)!] = t.finish; }
      const p = problemFromPlan(cp);
      expect({ trial, errors: checkSchedule(p, start, finish) }).toEqual({ trial, errors: [] });
      expect(r.tasks.every((t) => t.totalFloat >= 0 && t.freeFloat <= t.totalFloat + 1e-9)).toBe(true);
      expect(r.criticalPath.length).toBeGreaterThan(0);
    }
  });

  it('is reproducible for a seed', () => {
    const rng = seedrandom('repro');
    const tasks = Array.from({ length: 25 }, (_, i) => task(`T${i}`, 1 + Math.floor(rng() * 5), i > 2 && rng() < 0.5 ? [`T${Math.floor(rng() * i)}`] : [], { p: 1 + Math.floor(rng() * 2) }));
    const cp = compilePlan(plan(tasks, [{ id: 'p', capacity: 3 }]));
    expect(schedulePlan(cp, { seed: 'x', schedules: 200 })).toEqual(schedulePlan(cp, { seed: 'x', schedules: 200 }));
  });
});
