/**
 * explainShift: plans whose answer is known by construction. Fixed (or shifted) estimates
 * make the expected deltas exact working-day counts; the Monte Carlo noise only enters
 * where a step re-pairs draws, and the tests avoid asserting there.
 */
import { explainShift, ShiftError, SHIFT_ORDER, type ShiftExplanation } from '../../../src/engine/history/explain-shift';
import type { Estimate, Plan, Task } from '../../../src/engine/plan';

const CAL = { workdays: [1, 2, 3, 4, 5], holidays: [] };
const pert = (o: number, m: number, p: number): Estimate => ({ optimistic: o, mostLikely: m, pessimistic: p, distribution: 'pert' });
const fixed = (d: number): Estimate => ({ optimistic: d, mostLikely: d, pessimistic: d, distribution: 'fixed' });
const task = (id: string, duration: Estimate, after: string[] = [], extra: Partial<Task> = {}): Task => ({ id, duration, after, demand: {}, status: 'todo', ...extra });
const plan = (tasks: Task[], extra: Partial<Plan> = {}): Plan => ({ start: '2027-01-04', calendar: CAL, resources: [], tasks, ...extra });
const step = (x: ShiftExplanation, c: string) => x.steps.find((s) => s.category === c)!;
function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
const sumOf = (x: ShiftExplanation, k: 'p50' | 'p80') => x.steps.reduce((a, s) => a + s[k], 0);

const chain = () => plan([task('A', pert(2, 4, 9)), task('B', pert(3, 5, 12), ['A']), task('C', pert(1, 2, 4), ['B'])]);

describe('explainShift', () => {
  it('rejects something that is not a plan, naming which one', () => {
    expect(() => explainShift({} as Plan, chain())).toThrow(ShiftError);
    try {
      explainShift(chain(), { start: '2027-01-04', calendar: CAL, resources: [], tasks: [] });
    } catch (e) {
      expect((e as ShiftError).code).toBe('shift-invalid-plan');
      expect((e as ShiftError).culprit).toBe('new');
    }
  });

  it('identical plans: every category 0, total 0', () => {
    const x = explainShift(chain(), chain(), { iterations: 500 });
    expect(x.steps.map((s) => s.category)).toEqual(SHIFT_ORDER);
    for (const s of x.steps) expect([s.p50, s.p80]).toEqual([0, 0]);
    expect(x.total).toEqual({ p50: 0, p80: 0 });
  });

  it('one estimate on the only path grew by 5 days: estimates +5, every other category exactly 0', () => {
    const after = chain();
    after.tasks[1] = { ...after.tasks[1], duration: pert(8, 10, 17) };
    const x = explainShift(chain(), after, { iterations: 2000, seed: '3' });
    const e = step(x, 'estimates');
    expect(e.tasks).toEqual(['B']);
    // Shifting all three points by 5 shifts every sample by 5 (same uniforms): up to float rounding and the 1/1024 grid.
    expect(e.p50).toBeCloseTo(5, 2);
    expect(e.p80).toBeCloseTo(5, 2);
    for (const c of ['scope', 'dependencies', 'progress', 'resources', 'other']) expect([step(x, c).p50, step(x, c).p80]).toEqual([0, 0]);
    expect(x.total.p80).toBe(e.p80);
  });

  it('scope: a 3-day task added at the end shows as +3 scope', () => {
    const before = plan([task('A', fixed(4)), task('B', fixed(6), ['A'])]);
    const after = plan([...before.tasks, task('N', fixed(3), ['B'])]);
    const x = explainShift(before, after, { iterations: 200 });
    expect(step(x, 'scope')).toMatchObject({ p50: 3, p80: 3, tasks: ['+N'], count: 1 });
    expect(x.total).toEqual({ p50: 3, p80: 3 });
    expect(x.from.p80).toBe(10);
    expect(x.to.p80).toBe(13);
  });

  it('scope: a removed task takes its links with it', () => {
    const before = plan([task('A', fixed(4)), task('X', fixed(7), ['A']), task('B', fixed(2), ['X'])]);
    const after = plan([task('A', fixed(4)), task('B', fixed(2), ['A'])]);
    const x = explainShift(before, after, { iterations: 200 });
    // Without X, B hangs free (finish 4 instead of 13); the new link B after A is a dependency change (+2).
    expect(step(x, 'scope')).toMatchObject({ p80: -9, tasks: ['-X'] });
    expect(step(x, 'dependencies')).toMatchObject({ p80: 2, tasks: ['B'] });
    expect(x.total.p80).toBe(-7);
  });

  it('progress: a week passes and nothing is done = +5; the week\'s task done = 0', () => {
    const before = plan([task('A', fixed(5)), task('B', fixed(10), ['A'])]);
    const idle = plan(before.tasks, { start: '2027-01-11' });
    const x = explainShift(before, idle, { iterations: 200 });
    expect(step(x, 'progress')).toMatchObject({ p50: 5, p80: 5, fields: ['start'] });
    expect(x.to.p80Date).toBe('2027-01-29');
    const worked = plan([task('A', fixed(5), [], { status: 'done' }), task('B', fixed(10), ['A'])], { start: '2027-01-11' });
    const y = explainShift(before, worked, { iterations: 200 });
    expect(step(y, 'progress')).toMatchObject({ p50: 0, p80: 0, tasks: ['A'] });
    expect(y.total.p80).toBe(0);
  });

  it('dependencies: a parallel task made sequential', () => {
    const before = plan([task('A', fixed(5)), task('B', fixed(3)), task('C', fixed(2), ['A'])]);
    const after = plan([task('A', fixed(5)), task('B', fixed(3), ['C']), task('C', fixed(2), ['A'])]);
    const x = explainShift(before, after, { iterations: 200 });
    expect(step(x, 'dependencies')).toMatchObject({ p80: 3, tasks: ['B'] });
    expect(x.total.p80).toBe(3);
  });

  it('resources and other go to their own categories (injected forecast)', () => {
    const before = plan([task('A', fixed(5), [], { demand: { gpu: 1 } }), task('B', fixed(5), [], { demand: { gpu: 1 } })], { resources: [{ id: 'gpu', capacity: 2 }] });
    const after = plan(before.tasks, { resources: [{ id: 'gpu', capacity: 1 }], calendar: { workdays: [1, 2, 3, 4, 5], holidays: ['2027-01-05'] } });
    // A toy resource-aware forecast: total demand / capacity, serial when the pool is short.
    const run = (p: Plan) => {
      const cap = p.resources[0].capacity;
      const days = cap >= 2 ? 5 : 10;
      return { finishDays: { p50: days, p80: days }, finishDate: { p50: '', p80: '' } };
    };
    const x = explainShift(before, after, { run });
    expect(step(x, 'resources')).toMatchObject({ p80: 5, fields: ['pools'] });
    expect(step(x, 'other').fields).toEqual(['calendar']);
    expect(x.total.p80).toBe(5);
  });

  it('the categories sum to the total exactly for a mixed change', () => {
    const before = plan([task('A', pert(2, 4, 9)), task('B', pert(3, 5, 12), ['A']), task('C', pert(1, 2, 4), ['A']), task('D', pert(1, 3, 6), ['B', 'C'])]);
    const after = plan([
      task('A', pert(2, 4, 9), [], { status: 'in-progress', remaining: pert(1, 2, 3) }),
      task('B', pert(4, 7, 15), ['A']),
      task('D', pert(1, 3, 6), ['B']),
      task('E', pert(2, 3, 8), ['D']),
    ], { start: '2027-01-06' });
    // Frozen: any write to the inputs would throw (they are never mutated).
    const x = explainShift(deepFreeze(before), deepFreeze(after), { iterations: 1000, seed: '9' });
    expect(sumOf(x, 'p50')).toBe(x.total.p50);
    expect(sumOf(x, 'p80')).toBe(x.total.p80);
    expect(step(x, 'scope').tasks).toEqual(['+E', '-C']);
    expect(step(x, 'progress').fields).toEqual(['start']);
  });

  it('a step that would close a cycle is counted in the next category, with a note', () => {
    // Old: B after A. New: N added between, A after N after B (the A->B link is gone).
    const before = plan([task('A', fixed(2)), task('B', fixed(3), ['A'])]);
    const after = plan([task('A', fixed(2), ['N']), task('B', fixed(3)), task('N', fixed(1), ['B'])]);
    const x = explainShift(before, after, { iterations: 100 });
    expect(step(x, 'scope').p80).toBe(0);
    expect(x.notes.join(' ')).toMatch(/scope could not be applied alone.*counted in dependencies/);
    expect(step(x, 'dependencies').p80).toBe(1);
    expect(x.total.p80).toBe(1);
  });
});
