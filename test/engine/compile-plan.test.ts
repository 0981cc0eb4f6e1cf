import { compilePlan, CycleError, DistCode } from '../../src/engine/compile-plan';
import { validatePlan } from '../../src/engine/validate-plan';
import type { Plan } from '../../src/engine/plan';

function planOf(raw: Record<string, unknown>): Plan {
  const r = validatePlan({ start: '2027-01-04', ...raw });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}

describe('compilePlan', () => {
  it('throws CycleError with the cycle for a plan that bypassed validation', () => {
    const plan: Plan = {
      start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] }, resources: [],
      tasks: ['A', 'B'].map((id) => ({ id, duration: { optimistic: 1, mostLikely: 1, pessimistic: 1, distribution: 'fixed' as const }, after: [id === 'A' ? 'B' : 'A'], demand: {}, status: 'todo' as const })),
    };
    expect(() => compilePlan(plan)).toThrow(CycleError);
    try { compilePlan(plan); } catch (e) { expect((e as CycleError).cycle).toEqual(['A', 'B', 'A']); }
  });

  it('names a cycle behind tasks that do order (the sort fails part-way)', () => {
    const fixed = { optimistic: 1, mostLikely: 1, pessimistic: 1, distribution: 'fixed' as const };
    const task = (id: string, after: string[]) => ({ id, duration: fixed, after, demand: {}, status: 'todo' as const });
    const plan: Plan = {
      start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] }, resources: [],
      tasks: [task('X', []), task('Y', ['X']), task('A', ['Y', 'C']), task('B', ['A']), task('C', ['B']), task('Z', ['X'])],
    };
    expect(() => compilePlan(plan)).toThrow('dependency cycle: A -> B -> C -> A');
  });

  it('takes each predecessor once and ignores unknown ones and the task itself (a plan that bypassed validation), as the graph does', () => {
    const fixed = { optimistic: 1, mostLikely: 1, pessimistic: 1, distribution: 'fixed' as const };
    const task = (id: string, after: string[]) => ({ id, duration: fixed, after, demand: {}, status: 'todo' as const });
    const plan: Plan = {
      start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] }, resources: [],
      tasks: [task('C', ['B', 'A', 'B', 'NOPE', 'C', 'A']), task('A', []), task('B', ['A', 'A'])],
    };
    const cp = compilePlan(plan);
    expect(cp.ids).toEqual(['A', 'B', 'C']);
    expect(Array.from(cp.preds.subarray(cp.predStart[2], cp.predStart[3]))).toEqual([0, 1]);
    expect(Array.from(cp.preds.subarray(cp.predStart[1], cp.predStart[2]))).toEqual([0]);
    expect(cp.graph.inDegree('C')).toBe(2);
    expect(Array.from(cp.succs.subarray(cp.succStart[0], cp.succStart[1]))).toEqual([1, 2]);
  });

  it('renumbers tasks topologically, every predecessor first, ties in file order', () => {
    const cp = compilePlan(planOf({ tasks: [
      { id: 'C', duration: 1, after: ['B'] },
      { id: 'A', duration: 1 },
      { id: 'B', duration: 1, after: ['A'] },
      { id: 'D', duration: 1 },
    ] }));
    expect(cp.ids).toEqual(['A', 'D', 'B', 'C']);
    expect(Array.from(cp.planIndex)).toEqual([1, 3, 2, 0]);
    for (let i = 0; i < cp.n; i++) {
      for (let k = cp.predStart[i]; k < cp.predStart[i + 1]; k++) expect(cp.preds[k]).toBeLessThan(i);
    }
    expect(Array.from(cp.succs.subarray(cp.succStart[0], cp.succStart[1]))).toEqual([2]);
  });

  it('compiles estimates, done tasks, remaining, notBefore, attempts and demand', () => {
    const cp = compilePlan(planOf({
      calendar: { holidays: ['2027-01-18'] },
      resources: [{ id: 'gpu', capacity: 8 }, { id: 'team', capacity: 3 }],
      tasks: [
        { id: 'P', duration: { optimistic: 2, mostLikely: 4, pessimistic: 14 }, demand: { gpu: 4 }, attempts: { successProbability: 0.6, maxAttempts: 4 } },
        { id: 'D', duration: 5, status: 'done', notBefore: '2027-01-19' },
        { id: 'R', duration: { optimistic: 3, mostLikely: 5, pessimistic: 9 }, remaining: { optimistic: 1, mostLikely: 2, pessimistic: 3, distribution: 'triangular' }, status: 'in-progress', demand: { team: 2 } },
        { id: 'L', duration: { optimistic: 2, pessimistic: 8, distribution: 'lognormal' }, notBefore: '2026-12-01' },
      ],
    }));
    const at = (id: string) => cp.indexOf.get(id)!;
    expect([cp.dist[at('P')], cp.a[at('P')], cp.m[at('P')], cp.b[at('P')], cp.det[at('P')]]).toEqual([DistCode.Pert, 2, 4, 14, 4]);
    expect([cp.attemptP[at('P')], cp.attemptMax[at('P')]]).toEqual([0.6, 4]);
    // Done: no duration, but its notBefore (the holiday-skipping 10th working day) stays.
    expect([cp.done[at('D')], cp.det[at('D')], cp.notBefore[at('D')]]).toEqual([1, 0, 10]);
    // In progress with `remaining`: the remaining estimate drives everything.
    expect([cp.dist[at('R')], cp.a[at('R')], cp.m[at('R')], cp.b[at('R')], cp.det[at('R')]]).toEqual([DistCode.Triangular, 1, 2, 3, 2]);
    // Lognormal without mostLikely: median sqrt(2 * 8) = 4; a notBefore before start is 0.
    expect([cp.dist[at('L')], cp.det[at('L')], cp.notBefore[at('L')]]).toEqual([DistCode.Lognormal, 4, 0]);
    expect(cp.resourceIds).toEqual(['gpu', 'team']);
    expect(cp.demand[at('P') * 2 + 0]).toBe(4);
    expect(cp.demand[at('R') * 2 + 1]).toBe(2);
    expect([cp.attemptP[at('R')], cp.attemptMax[at('R')]]).toEqual([1, 1]);
  });

  it('samples an in-progress task without `remaining` like a todo task', () => {
    const cp = compilePlan(planOf({ tasks: [{ id: 'A', duration: { optimistic: 1, mostLikely: 2, pessimistic: 5 }, status: 'in-progress' }] }));
    expect([cp.a[0], cp.m[0], cp.b[0], cp.det[0]]).toEqual([1, 2, 5, 2]);
  });
});
