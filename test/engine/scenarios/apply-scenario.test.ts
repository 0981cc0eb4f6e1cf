/**
 * applyScenario: every op, errors that name the change and the culprit, and the
 * plan given never changes (checked against a deep-frozen copy).
 */
import { validatePlan } from '../../../src/engine/validate-plan';
import type { Plan } from '../../../src/engine/plan';
import { applyScenario, parseScenarios, ScenarioError, type ScenarioChange } from '../../../src/engine/scenarios';
import { mergePortfolio } from '../../../src/engine/portfolio';

function plan(raw: Record<string, unknown>): Plan {
  const r = validatePlan(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

const BASE = {
  start: '2027-01-04',
  resources: [{ id: 'gpu', capacity: 2, name: 'A100 pool' }],
  tasks: [
    { id: 'A', duration: 3 },
    { id: 'B', duration: { optimistic: 2, mostLikely: 4, pessimistic: 9 }, after: ['A'], demand: { gpu: 2 } },
    { id: 'C', duration: 5, after: ['B'] },
    { id: 'D', duration: 1, after: ['C'] },
  ],
};

const apply = (p: Plan, ...changes: ScenarioChange[]) => applyScenario(p, { id: 's', changes });
const err = (f: () => unknown): ScenarioError => {
  try { f(); } catch (e) { if (e instanceof ScenarioError) return e; throw e; }
  throw new Error('no error');
};

describe('applyScenario', () => {
  it('refuses invalid input with a stable code naming the change and the culprit', () => {
    const p = plan(BASE);
    expect(err(() => applyScenario(p, {} as never)).code).toBe('invalid-scenario');
    expect(err(() => apply(p, { op: 'explode' } as never))).toMatchObject({ code: 'unknown-op', op: 0 });
    expect(err(() => apply(p, { op: 'move-due', date: '2027-03-01' }, { op: 'remove-tasks', ids: ['Z'] }))).toMatchObject({ code: 'unknown-task', op: 1, task: 'Z' });
    expect(err(() => apply(p, { op: 'set-capacity', pool: 'tpu', capacity: 3 }))).toMatchObject({ code: 'unknown-pool', pool: 'tpu' });
    expect(err(() => apply(p, { op: 'set-capacity', pool: 'gpu', capacity: 1 }))).toMatchObject({ code: 'invalid-capacity', task: 'B' });
    expect(err(() => apply(p, { op: 'set-capacity', pool: 'gpu', capacity: -1 })).code).toBe('invalid-capacity');
    expect(err(() => apply(p, { op: 'move-due', date: '2027-02-30' })).code).toBe('invalid-date');
    expect(err(() => apply(p, { op: 'set-estimate', id: 'B', estimate: { optimistic: 5, mostLikely: 4, pessimistic: 9 } }))).toMatchObject({ code: 'invalid-estimate', task: 'B' });
    expect(err(() => apply(p, { op: 'add-task', task: { id: 'A', duration: 1 } }))).toMatchObject({ code: 'duplicate-task', task: 'A' });
    expect(err(() => apply(p, { op: 'add-task', task: { id: 'E', duration: 1, demand: { tpu: 1 } } }))).toMatchObject({ code: 'unknown-pool' });
    expect(err(() => apply(p, { op: 'add-task', task: { id: 'E', duration: 1, after: ['Q'] } }))).toMatchObject({ code: 'unknown-task', task: 'Q' });
    expect(err(() => apply(p, { op: 'remove-dependency', from: 'A', to: 'C' }))).toMatchObject({ code: 'missing-dependency' });
    expect(err(() => apply(p, { op: 'add-dependency', from: 'B', to: 'B' })).code).toBe('self-dependency');
    expect(err(() => apply(p, { op: 'set-priority', order: ['X'] })).code).toBe('not-a-portfolio');
    expect(() => parseScenarios({ scenarios: [{ id: 'x', changes: [] }, { id: 'x', changes: [] }] })).toThrow(expect.objectContaining({ code: 'invalid-scenario' }));
    expect(() => parseScenarios([{ id: 'x', changes: [{ op: 'nope' }] }])).toThrow(expect.objectContaining({ code: 'unknown-op', op: 0 }));
  });

  it('refuses a dependency that closes a cycle and shows the cycle', () => {
    const e = err(() => apply(plan(BASE), { op: 'add-dependency', from: 'D', to: 'B' }));
    expect(e.code).toBe('cycle');
    expect(e.op).toBe(0);
    expect(e.cycle).toEqual(['D', 'B', 'C', 'D']);
    expect(e.message).toContain('D -> B -> C -> D');
  });

  it('never changes the plan it is given (deep-frozen copy), even when a later change fails', () => {
    const p = deepFreeze(plan(BASE));
    const before = JSON.stringify(p);
    const all: ScenarioChange[] = [
      { op: 'set-capacity', pool: 'gpu', capacity: 4, availability: [{ from: '2027-01-11', to: '2027-01-15', capacity: 2 }] },
      { op: 'move-due', date: '2027-03-01' },
      { op: 'move-due', date: '2027-02-01', task: 'C' },
      { op: 'add-task', task: { id: 'E', duration: 2, after: ['A'], demand: { gpu: 1 } } },
      { op: 'set-estimate', id: 'C', estimate: { pessimistic: 9 } },
      { op: 'add-dependency', from: 'E', to: 'D' },
      { op: 'remove-dependency', from: 'C', to: 'D' },
      { op: 'remove-tasks', ids: ['B'] },
    ];
    const out = apply(p, ...all);
    expect(JSON.stringify(p)).toBe(before);
    expect(out.notes.map((n) => n.op)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(out.plan.resources[0]).toMatchObject({ capacity: 4, availability: [{ from: '2027-01-11', to: '2027-01-15', capacity: 2 }] });
    expect(out.plan.due).toBe('2027-03-01');
    const byId = new Map(out.plan.tasks.map((t) => [t.id, t]));
    expect(byId.get('C')!.due).toBe('2027-02-01');
    expect(byId.get('C')!.duration).toEqual({ optimistic: 5, mostLikely: 5, pessimistic: 9, distribution: 'pert' });
    expect(byId.get('D')!.after).toEqual(['E']);
    // B removed: C inherits B's predecessor A.
    expect(byId.has('B')).toBe(false);
    expect(byId.get('C')!.after).toEqual(['A']);
    expect(() => apply(p, { op: 'move-due', date: '2027-03-01' }, { op: 'remove-tasks', ids: ['nope'] })).toThrow(ScenarioError);
    expect(JSON.stringify(p)).toBe(before);
  });

  it('bridges chains of removed tasks to their surviving predecessors', () => {
    const out = apply(plan(BASE), { op: 'remove-tasks', ids: ['B', 'C'] });
    expect(out.plan.tasks.map((t) => [t.id, t.after])).toEqual([['A', []], ['D', ['A']]]);
    expect(out.notes[0].message).toContain('removed 2 task(s) (9 working days');
  });

  it('reorders the initiatives of a portfolio', () => {
    const a = plan({ start: '2027-01-04', tasks: [{ id: 'A1', duration: 1 }] });
    const b = plan({ start: '2027-01-04', tasks: [{ id: 'B1', duration: 1 }] });
    const m = mergePortfolio([{ key: 'A', plan: a }, { key: 'B', plan: b }]);
    const out = apply(m.plan, { op: 'set-priority', order: ['B'] });
    expect(out.plan.tasks.map((t) => [t.id, t.meta?.initiativeRank])).toEqual([['A1', 1], ['B1', 0]]);
    expect(err(() => apply(m.plan, { op: 'set-priority', order: ['C'] })).code).toBe('unknown-initiative');
  });
});
