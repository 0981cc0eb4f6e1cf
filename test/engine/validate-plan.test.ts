import { validatePlan } from '../../src/engine/validate-plan';
import type { PlanIssue, PlanIssueCode } from '../../src/engine/plan';

/** A minimal valid plan with the given tasks (and extra top-level fields). */
function plan(tasks: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { start: '2027-01-04', tasks, ...extra };
}

function issuesOf(raw: unknown): PlanIssue[] {
  const r = validatePlan(raw);
  if (r.ok) throw new Error('expected the plan to be rejected');
  return r.issues;
}

/** The single issue with `code`, asserting there is exactly one. */
function only(raw: unknown, code: PlanIssueCode): PlanIssue {
  const issues = issuesOf(raw);
  expect(issues.map((i) => i.code)).toEqual([code]);
  return issues[0];
}

describe('validatePlan: invalid input', () => {
  it('rejects what is not an object', () => {
    for (const raw of [null, [], 'plan', 3]) expect(only(raw, 'not-an-object').code).toBe('not-an-object');
  });

  it('reports missing start and tasks', () => {
    const issues = issuesOf({});
    expect(issues.map((i) => [i.code, i.field])).toEqual([['missing-field', 'start'], ['missing-field', 'tasks']]);
  });

  it('reports a task without id or duration, naming the position or the task', () => {
    expect(only(plan([{ duration: 1 }]), 'missing-field')).toMatchObject({ field: 'tasks[0].id' });
    expect(only(plan([{ id: 'A' }]), 'missing-field')).toMatchObject({ task: 'A', field: 'duration' });
    expect(only(plan([{ id: 7, duration: 1 }]), 'invalid-field')).toMatchObject({ field: 'tasks[0].id' });
    expect(only(plan(['A']), 'not-an-object')).toMatchObject({ field: 'tasks[0]' });
    expect(only(plan([], { tasks: {} }), 'invalid-field')).toMatchObject({ field: 'tasks' });
  });

  it('reports duplicate ids', () => {
    expect(only(plan([{ id: 'A', duration: 1 }, { id: 'A', duration: 2 }]), 'duplicate-id')).toMatchObject({ task: 'A', field: 'id' });
  });

  it('reports unknown predecessors and self-dependencies', () => {
    expect(only(plan([{ id: 'A', duration: 1, after: ['ML-9'] }]), 'unknown-predecessor')).toMatchObject({ task: 'A', field: 'after' });
    expect(only(plan([{ id: 'A', duration: 1, after: ['A'] }]), 'self-dependency')).toMatchObject({ task: 'A', field: 'after' });
    expect(only(plan([{ id: 'A', duration: 1, after: 'B' }]), 'invalid-field')).toMatchObject({ task: 'A', field: 'after' });
    expect(only(plan([{ id: 'A', duration: 1, after: [3] }]), 'invalid-field')).toMatchObject({ task: 'A', field: 'after[0]' });
  });

  it('reports a dependency cycle in order', () => {
    const issue = only(plan([
      { id: 'ML-1', duration: 1 },
      { id: 'ML-3', duration: 1, after: ['ML-1', 'ML-7'] },
      { id: 'ML-7', duration: 1, after: ['ML-3'] },
    ]), 'cycle');
    expect(issue.message).toContain('ML-3 -> ML-7 -> ML-3');
    expect(issue).toMatchObject({ task: 'ML-3', field: 'after' });
  });

  it('reports every independent cycle, not only the first', () => {
    const issues = issuesOf(plan([
      { id: 'A', duration: 1, after: ['B'] }, { id: 'B', duration: 1, after: ['A'] },
      { id: 'C', duration: 1, after: ['E'] }, { id: 'D', duration: 1, after: ['C'] }, { id: 'E', duration: 1, after: ['D'] },
    ]));
    expect(issues.map((i) => i.message)).toEqual(['dependency cycle: A -> B -> A', 'dependency cycle: C -> D -> E -> C']);
  });

  it('does not look for cycles while ids are ambiguous', () => {
    const issues = issuesOf(plan([
      { id: 'A', duration: 1, after: ['B'] }, { id: 'B', duration: 1, after: ['A'] }, { id: 'B', duration: 1 },
    ]));
    expect(issues.map((i) => i.code)).toEqual(['duplicate-id']);
  });

  it('reports estimates out of order, naming the field', () => {
    expect(only(plan([{ id: 'A', duration: { optimistic: 5, mostLikely: 4, pessimistic: 9 } }]), 'estimate-order')).toMatchObject({ task: 'A', field: 'duration.optimistic' });
    expect(only(plan([{ id: 'A', duration: { optimistic: 1, mostLikely: 10, pessimistic: 9 } }]), 'estimate-order')).toMatchObject({ task: 'A', field: 'duration.pessimistic' });
    expect(only(plan([{ id: 'A', duration: { optimistic: 9, pessimistic: 3, distribution: 'lognormal' } }]), 'estimate-order')).toMatchObject({ task: 'A', field: 'duration.optimistic' });
  });

  it('reports negative, non-numeric and non-finite durations', () => {
    expect(only(plan([{ id: 'A', duration: -1 }]), 'invalid-duration')).toMatchObject({ task: 'A', field: 'duration' });
    expect(only(plan([{ id: 'A', duration: '4' }]), 'invalid-duration')).toMatchObject({ task: 'A', field: 'duration' });
    // 1e999 in JSON text parses to Infinity.
    expect(only(plan([{ id: 'A', duration: JSON.parse('1e999') }]), 'invalid-duration')).toMatchObject({ task: 'A', field: 'duration' });
    expect(only(plan([{ id: 'A', duration: { optimistic: 1, mostLikely: '2', pessimistic: 3 } }]), 'invalid-duration')).toMatchObject({ field: 'duration.mostLikely' });
    expect(only(plan([{ id: 'A', duration: { optimistic: -1, mostLikely: 2, pessimistic: 3 } }]), 'invalid-duration')).toMatchObject({ field: 'duration.optimistic' });
    expect(only(plan([{ id: 'A', duration: { optimistic: 1, mostLikely: 2, pessimistic: Infinity } }]), 'invalid-duration')).toMatchObject({ field: 'duration.pessimistic' });
    expect(only(plan([{ id: 'A', duration: { optimistic: 1, mostLikely: 2 } }]), 'missing-field')).toMatchObject({ task: 'A', field: 'duration.pessimistic' });
  });

  it('reports unknown distributions and non-positive lognormal estimates', () => {
    expect(only(plan([{ id: 'A', duration: { optimistic: 1, mostLikely: 2, pessimistic: 3, distribution: 'gamma' } }]), 'unknown-distribution')).toMatchObject({ task: 'A', field: 'duration.distribution' });
    expect(only(plan([{ id: 'A', duration: { optimistic: 0, mostLikely: 2, pessimistic: 3, distribution: 'lognormal' } }]), 'lognormal-nonpositive')).toMatchObject({ task: 'A', field: 'duration.optimistic' });
  });

  it('reports bad attempts', () => {
    for (const p of [0, 1.5, -0.1, '0.5']) {
      expect(only(plan([{ id: 'A', duration: 1, attempts: { successProbability: p, maxAttempts: 3 } }]), 'invalid-success-probability')).toMatchObject({ task: 'A', field: 'attempts.successProbability' });
    }
    for (const k of [0, 2.5, -1, '3']) {
      expect(only(plan([{ id: 'A', duration: 1, attempts: { successProbability: 0.5, maxAttempts: k } }]), 'invalid-max-attempts')).toMatchObject({ task: 'A', field: 'attempts.maxAttempts' });
    }
  });

  it('reports malformed and impossible dates wherever they appear', () => {
    expect(only(plan([], { start: '2027-02-30' }), 'invalid-date')).toMatchObject({ field: 'start' });
    expect(only(plan([], { start: '4 Jan 2027' }), 'invalid-date')).toMatchObject({ field: 'start' });
    expect(only(plan([{ id: 'A', duration: 1, notBefore: '2027-13-01' }]), 'invalid-date')).toMatchObject({ task: 'A', field: 'notBefore' });
    expect(only(plan([{ id: 'A', duration: 1, due: '2027-2-1' }]), 'invalid-date')).toMatchObject({ task: 'A', field: 'due' });
    expect(only(plan([], { due: '2027-04-31' }), 'invalid-date')).toMatchObject({ field: 'due' });
    expect(only(plan([], { calendar: { holidays: ['2027-01-18', '2026-02-29'] } }), 'invalid-date')).toMatchObject({ field: 'calendar.holidays[1]' });
    // Far-off dates are typos, and would make the calendar enumerate centuries.
    expect(only(plan([{ id: 'A', duration: 1, notBefore: '9027-01-01' }]), 'invalid-date')).toMatchObject({ task: 'A', field: 'notBefore' });
  });

  it('reports a bad status', () => {
    expect(only(plan([{ id: 'A', duration: 1, status: 'blocked' }]), 'invalid-status')).toMatchObject({ task: 'A', field: 'status' });
  });

  it('reports a bad calendar', () => {
    for (const workdays of [[], [0, 1], [8], [1.5], 'weekdays']) {
      expect(only(plan([], { calendar: { workdays } }), 'invalid-calendar')).toMatchObject({ field: 'calendar.workdays' });
    }
    expect(only(plan([], { calendar: 'mon-fri' }), 'invalid-calendar')).toMatchObject({ field: 'calendar' });
  });

  it('reports bad resources and demands, naming task and pool', () => {
    const resources = [{ id: 'gpu', capacity: 8, availability: [{ from: '2027-02-01', to: '2027-02-28', capacity: 12 }] }];
    expect(only(plan([{ id: 'A', duration: 1, demand: { tpu: 1 } }], { resources }), 'unknown-resource')).toMatchObject({ task: 'A', field: 'demand.tpu' });
    expect(only(plan([{ id: 'A', duration: 1, demand: { gpu: -1 } }], { resources }), 'invalid-demand')).toMatchObject({ task: 'A', field: 'demand.gpu' });
    expect(only(plan([{ id: 'A', duration: 1, demand: { gpu: '2' } }], { resources }), 'invalid-demand')).toMatchObject({ task: 'A', field: 'demand.gpu' });
    expect(only(plan([{ id: 'A', duration: 1, demand: { gpu: 13 } }], { resources }), 'demand-exceeds-capacity')).toMatchObject({ task: 'A', field: 'demand.gpu' });
    // 12 is available in February only, but that is enough to be schedulable.
    expect(validatePlan(plan([{ id: 'A', duration: 1, demand: { gpu: 12 } }], { resources })).ok).toBe(true);
    expect(only(plan([], { resources: [{ id: 'gpu', capacity: -2 }] }), 'invalid-resource')).toMatchObject({ field: 'resources[0].capacity' });
    expect(only(plan([], { resources: [{ id: 'gpu', capacity: 1 }, { id: 'gpu', capacity: 2 }] }), 'invalid-resource')).toMatchObject({ field: 'resources[1].id' });
    expect(only(plan([], { resources: [{ id: 'gpu', capacity: 1, availability: [{ from: '2027-03-01', to: '2027-02-01', capacity: 2 }] }] }), 'invalid-resource')).toMatchObject({ field: 'resources[0].availability[0]' });
    expect(only(plan([], { resources: [{ id: 'gpu', capacity: 1, availability: [{ from: '2027-02-30', to: '2027-03-01', capacity: 2 }] }] }), 'invalid-date')).toMatchObject({ field: 'resources[0].availability[0].from' });
  });

  it('reports ALL problems together, not only the first', () => {
    const issues = issuesOf({
      start: '2027-02-30',
      calendar: { workdays: [] },
      tasks: [
        { id: 'A', duration: { optimistic: 5, mostLikely: 4, pessimistic: 9 } },
        { id: 'B', duration: -3, status: 'blocked', after: ['Z'] },
        { id: 'A', duration: 1 },
      ],
    });
    expect(issues.map((i) => `${i.code}:${i.task ?? ''}:${i.field ?? ''}`)).toEqual([
      'invalid-date::start',
      'invalid-calendar::calendar.workdays',
      'estimate-order:A:duration.optimistic',
      'invalid-status:B:status',
      'invalid-duration:B:duration',
      'duplicate-id:A:id',
      'unknown-predecessor:B:after',
    ]);
  });
});

describe('validatePlan: normalization', () => {
  it('fills defaults', () => {
    const r = validatePlan(plan([{ id: 'A', duration: { optimistic: 1, mostLikely: 2, pessimistic: 4 } }]));
    expect(r.ok && r.plan).toEqual({
      start: '2027-01-04',
      calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
      resources: [],
      tasks: [{ id: 'A', duration: { optimistic: 1, mostLikely: 2, pessimistic: 4, distribution: 'pert' }, after: [], demand: {}, status: 'todo' }],
    });
  });

  it('turns plain numbers and a = m = b into fixed estimates', () => {
    const r = validatePlan(plan([
      { id: 'A', duration: 3 },
      { id: 'B', duration: { optimistic: 2, mostLikely: 2, pessimistic: 2, distribution: 'triangular' } },
      { id: 'C', duration: { mostLikely: 5, distribution: 'fixed' } },
    ]));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.plan.tasks.map((t) => t.duration)).toEqual([
      { optimistic: 3, mostLikely: 3, pessimistic: 3, distribution: 'fixed' },
      { optimistic: 2, mostLikely: 2, pessimistic: 2, distribution: 'fixed' },
      { optimistic: 5, mostLikely: 5, pessimistic: 5, distribution: 'fixed' },
    ]);
  });

  it('gives a lognormal without mostLikely its median sqrt(a b)', () => {
    const r = validatePlan(plan([{ id: 'A', duration: { optimistic: 2, pessimistic: 8, distribution: 'lognormal' } }]));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.plan.tasks[0].duration).toEqual({ optimistic: 2, mostLikely: 4, pessimistic: 8, distribution: 'lognormal' });
  });

  it('carries the extensions through: remaining, due, meta, plan due, availability', () => {
    const r = validatePlan(plan(
      [{ id: 'A', duration: { optimistic: 3, mostLikely: 5, pessimistic: 9 }, remaining: 2, status: 'in-progress', due: '2027-02-01', meta: { epic: 'E-1' }, demand: { gpu: 2, team: 0 } }],
      { due: '2027-03-01', resources: [{ id: 'gpu', capacity: 4, availability: [{ from: '2027-01-11', to: '2027-01-15', capacity: 0 }] }, { id: 'team', capacity: 2 }] },
    ));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.plan.due).toBe('2027-03-01');
    expect(r.plan.resources[0].availability).toEqual([{ from: '2027-01-11', to: '2027-01-15', capacity: 0 }]);
    expect(r.plan.tasks[0]).toMatchObject({ remaining: { mostLikely: 2, distribution: 'fixed' }, due: '2027-02-01', meta: { epic: 'E-1' }, demand: { gpu: 2 } });
    expect(r.plan.tasks[0].demand).not.toHaveProperty('team');
  });

  it('warns about unknown fields and duplicate predecessors without failing', () => {
    const r = validatePlan(plan([{ id: 'A', duration: 1 }, { id: 'B', duration: 1, after: ['A', 'A'], notbefore: '2027-01-20' }]));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.plan.tasks[1].after).toEqual(['A']);
    expect(r.warnings).toEqual(["task B: unknown field 'notbefore' ignored", 'task B: predecessor A is listed twice']);
  });

  it('never mutates its input', () => {
    const raw = plan([{ id: 'A', duration: { optimistic: 2, pessimistic: 8, distribution: 'lognormal' } }]);
    const copy = JSON.parse(JSON.stringify(raw));
    validatePlan(raw);
    expect(raw).toEqual(copy);
  });
});
