import { compilePlan } from '../../../src/engine/compile-plan';
import type { GateRule, Plan, Task } from '../../../src/engine/plan';
import { schedulePlan } from '../../../src/engine/schedule-plan';
import { forecast } from '../../../src/engine/forecast';
import { problemFromPlan } from '../../../src/engine/rcpsp/problem-from-plan';
import { createResourceForwardPass } from '../../../src/engine/rcpsp/resource-forward-pass';
import { nextAllowedFinish } from '../../../src/engine/gates/allowed-finish';
import { checkSchedule } from './check-schedule';

// Finish constraints in resource scheduling (serial-sgs.ts banner): a deploy starts later so
// that it finishes inside a deployment window; a gate does its work, then waits for the board's
// sitting; either way the pools are held for the work only.
//
// Calendar: Mon-Fri from Mon 2027-01-04, so working day 0 = Jan 4, 4 = Fri Jan 8, 5 = Mon Jan 11,
// 7 = Wed Jan 13, 8 = Thu Jan 14. A finish x falls on day ceil(x) - 1.
const fixed = (d: number) => ({ optimistic: d, mostLikely: d, pessimistic: d, distribution: 'fixed' as const });
const t = (id: string, d: number, after: string[], demand: Record<string, number>, extra: Partial<Task> = {}): Task =>
  ({ id, duration: fixed(d), after, demand, status: 'todo', ...extra });
const board: GateRule = {
  id: 'R1', gate: 'security-review', guards: { ids: ['none'] }, when: 'start', duration: 1, treatUnlinkedAsDependency: false,
  cadence: { dates: ['2027-01-06', '2027-01-13'] }, // Wednesdays: working days 2 and 7
};
const plan: Plan = {
  start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
  resources: [{ id: 'gpu', capacity: 1 }, { id: 'rev', capacity: 1 }],
  gateRules: [board],
  // Deploys may finish on Fri Jan 8 (day 4) or Thu Jan 14 (day 8) only.
  windows: [
    { id: 'W1', kind: 'deployment', from: '2027-01-08', to: '2027-01-08', appliesTo: { kinds: ['deploy'] } },
    { id: 'W2', kind: 'deployment', from: '2027-01-14', to: '2027-01-14', appliesTo: { kinds: ['deploy'] } },
  ],
  tasks: [
    t('A', 4, [], { gpu: 1 }),
    t('B', 2, ['A'], { gpu: 1 }, { kind: 'deploy' }),
    t('D', 3, ['A'], { gpu: 1 }),
    t('G1', 1, [], { rev: 1 }, { gate: { kind: 'security-review' } }),
    t('G2', 1, [], { rev: 1 }, { gate: { kind: 'security-review' } }),
    t('H', 1, ['G2'], { rev: 1 }),
  ],
};

describe('finish windows in resource scheduling', () => {
  it('a plan without finish constraints has none in its problem (PSPLIB-like path unchanged)', () => {
    const cp = compilePlan({ ...plan, gateRules: [], windows: [] });
    expect(problemFromPlan(cp).finishRule).toBeUndefined();
  });

  it('schedule: the deploy starts later to finish in a window, the gates wait for the sitting without holding the pool', () => {
    const cp = compilePlan(plan);
    const r = schedulePlan(cp, { seed: '1', schedules: 200 });
    const by = Object.fromEntries(r.tasks.map((x) => [x.id, x]));
    // By hand: A [0,4) on gpu. B could start at 4 and finish at 6 (day 5, no window), so it
    // starts at 7 and finishes at 9 (day 8 = Jan 14, window W2). The gpu is free on [4,7): D [4,7).
    expect([by.A.start, by.A.finish]).toEqual([0, 4]);
    expect([by.D.start, by.D.finish]).toEqual([4, 7]);
    expect([by.B.start, by.B.finish]).toEqual([7, 9]);
    expect(by.B.finishDate).toBe('2027-01-14');
    // Reviews: one reviewer. The two gates' work takes [0,1) and [1,2) (either order), both wait
    // for Wednesday's sitting (end of day 2 = 3); H follows G2 at 3. Were the reviewer held
    // during the wait, the second gate would miss Wednesday and finish at 8.
    expect(by.G1.finish).toBe(3);
    expect(by.G2.finish).toBe(3);
    expect(new Set([by.G1.start, by.G2.start])).toEqual(new Set([0, 1]));
    expect([by.H.start, by.H.finish]).toEqual([3, 4]);
    expect(r.makespan).toBe(9);
    // Floats (backward pass with the constraints): A -> D -> B is the chain; H may end by 9.
    expect([by.A.critical, by.D.critical, by.B.critical]).toEqual([true, true, true]);
    expect(r.criticalPath).toEqual(['A', 'D', 'B']);
    expect(by.H.totalFloat).toBe(5);
    // Usage counts the work only: the reviewer is busy on days 0, 1 and 3, not during the wait.
    const rev = r.resourceUsage!.find((u) => u.id === 'rev')!;
    expect(rev.usage.slice(0, 4)).toEqual([1, 1, 0, 1]);
    const gpu = r.resourceUsage!.find((u) => u.id === 'gpu')!;
    expect(gpu.usage).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('forecast: every iteration finishes the deploy in a window and the gates at a sitting, within capacity', () => {
    const cp = compilePlan(plan);
    const schedule = schedulePlan(cp, { seed: '1', schedules: 200 });
    const rp = createResourceForwardPass(cp, schedule);
    const es = new Float64Array(cp.n), ef = new Float64Array(cp.n);
    // With the planned durations the pass replays the schedule.
    expect(rp.pass.run(Float64Array.from(cp.det), es, ef)).toBe(9);
    for (const task of schedule.tasks) {
      const i = cp.indexOf.get(task.id)!;
      expect([es[i], ef[i]]).toEqual([task.start, task.finish]);
    }
    // Sampled durations: any finish of a constrained task is allowed, pools within capacity.
    const p = problemFromPlan(cp);
    const dur = new Float64Array(cp.n);
    const fc = { finishRule: p.finishRule!, finishTables: p.finishTables! };
    for (let it = 0; it < 50; it++) {
      for (let i = 0; i < cp.n; i++) dur[i] = cp.det[i] * (0.5 + ((it * 7 + i * 3) % 10) / 6);
      rp.pass.run(dur, es, ef);
      expect(checkSchedule(p, es, ef, dur)).toEqual([]);
      // (Past the last window or sitting no allowed finish is left: the finish stays, as in critical-path.ts.)
      for (let i = 0; i < cp.n; i++) if (p.finishRule![i] >= 0) expect([ef[i], Infinity]).toContain(nextAllowedFinish(fc, i, ef[i]));
    }
    // Fixed durations: every iteration of the forecast finishes on day 9 (Jan 14).
    const f = forecast(cp, { iterations: 200, seed: '1', schedule, resources: createResourceForwardPass(cp, schedule) });
    expect(f.finishDays.p50).toBe(9);
    expect(f.finishDays.p95).toBe(9);
    expect(f.finishDate.p50).toBe('2027-01-14');
  });

  it('a deploy that shifts into a window also waits for its pool there', () => {
    // X (notBefore Fri Jan 8 = day 4) competes for the gpu. A third window on Fri Jan 22 (day 14).
    const cp = compilePlan({
      ...plan,
      windows: [...plan.windows!, { id: 'W3', kind: 'deployment', from: '2027-01-22', to: '2027-01-22', appliesTo: { kinds: ['deploy'] } }],
      tasks: [t('A', 4, [], { gpu: 1 }), t('B', 2, ['A'], { gpu: 1 }, { kind: 'deploy' }), t('X', 5, ['A'], { gpu: 1 }, { notBefore: '2027-01-08' })],
      gateRules: [],
    });
    const r = schedulePlan(cp, { seed: '1', schedules: 100 });
    const by = Object.fromEntries(r.tasks.map((x) => [x.id, x]));
    // By hand, the two activity lists after A: X first: X [4,9), B cannot fit [7,9), so it starts
    // at 9 (finish 11, day 10: no window), then shifts to finish in W3: [13,15), makespan 15.
    // B first: B [7,9) (W2), X [9,14) (it does not fit [4,7)), makespan 14: the search keeps it.
    expect(r.makespan).toBe(14);
    expect([by.B.start, by.B.finish]).toEqual([7, 9]);
    expect([by.X.start, by.X.finish]).toEqual([9, 14]);
    expect(r.resourceUsage![0].usage).toEqual(Array(14).fill(1).map((v, d) => (d < 4 || d >= 7 ? v : 0)));
  });

  it('a deploy with no window left keeps its unconstrained finish, with a warning naming it', () => {
    const cp = compilePlan({ ...plan, windows: [plan.windows![0]], gateRules: [], tasks: [t('A', 4, [], { gpu: 1 }), t('B', 2, ['A'], { gpu: 1 }, { kind: 'deploy' })] });
    const r = schedulePlan(cp, { seed: '1', schedules: 50 });
    // B would finish at 6 (day 5); the only window is day 4: as critical-path.ts, the finish stays.
    expect(r.tasks.find((x) => x.id === 'B')).toMatchObject({ start: 4, finish: 6 });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/task B cannot finish/);
  });
});
